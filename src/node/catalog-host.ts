/**
 * Catalog files on disk, for the CLI and the extension's analysis worker (Node only; core reads through the
 * `CatalogHost` interface). A model is untrusted, and its `analysis.catalogs` may name any path, so:
 * - only regular files are read, checked on the open descriptor (`fstat`), opened non-blocking so a FIFO
 *   or `/dev/stdin` never hangs, and read with a byte cap that does not trust `stat` (devices report 0);
 * - paths a model declares must resolve (symlinks followed) inside the allowed folders: the workspace (the
 *   CLI's working directory, the editor's workspace folders) and the model's own folder;
 * - `realPath` lets the folder walk skip a folder or file it has already seen (symlink loops).
 * docs/limits.md lists the caps.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { CatalogHost } from '../core/catalog/catalog';

/** A catalog file is a page of YAML; rule and settings files above this are refused before parsing. */
export const MAX_CATALOG_FILE_BYTES = 256 * 1024;

export interface NodeCatalogHostOptions {
  /** Relative paths resolve against this folder. */
  cwd: string;
  /** Folders a model-declared catalog may be inside (besides the model's own folder). */
  roots: readonly string[];
}

export function nodeCatalogHost(options: NodeCatalogHostOptions): CatalogHost {
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(options.cwd, p));
  const realRoots = options.roots.map((r) => realOrSelf(abs(r)));
  return {
    readFile: (path) => readCapped(abs(path)),
    listDir(path) {
      try {
        return statSync(abs(path)).isDirectory() ? readdirSync(abs(path)) : undefined;
      } catch {
        return undefined;
      }
    },
    realPath(path) {
      try {
        return realpathSync(abs(path));
      } catch {
        return undefined;
      }
    },
    confine(path, declaredIn) {
      let real: string;
      try {
        real = realpathSync(abs(path));
      } catch {
        return undefined; // missing: reported as not found
      }
      const allowed = [...realRoots, realOrSelf(dirname(abs(declaredIn)))];
      if (allowed.some((root) => inside(real, root))) return undefined;
      return 'it is outside the workspace and the model\'s folder (symlinks are followed); a model may only name catalogs inside them';
    },
  };
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

function inside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(`..${sep}`));
}

/** Reads a regular file of at most MAX_CATALOG_FILE_BYTES; anything else is refused with the reason. */
function readCapped(path: string): string | { refused: string } | undefined {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return undefined;
    if (!st.isFile()) return { refused: 'it is not a regular file (a device, FIFO or socket)' };
    if (st.size > MAX_CATALOG_FILE_BYTES) return { refused: tooLarge() };
    const buf = Buffer.alloc(MAX_CATALOG_FILE_BYTES + 1);
    let got = 0;
    // Read until end of file or one byte past the cap: a file that grows while we read is still bounded.
    for (;;) {
      const n = readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
      if (got > MAX_CATALOG_FILE_BYTES) return { refused: tooLarge() };
    }
    return buf.subarray(0, got).toString('utf8');
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function tooLarge(): string {
  return `it is larger than ${MAX_CATALOG_FILE_BYTES / 1024} KiB (a catalog file is a page of YAML)`;
}
