/**
 * The file system as discovery sees it, for the CLI and the extension (src/core/discover/types.ts
 * DiscoverHost): paths relative to the repository root, directory entries without following symlinks, only
 * regular files read, sizes checked on the open descriptor before reading.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { DirEntry, DiscoverHost } from '../core/discover/types';

export function nodeDiscoverHost(root: string): DiscoverHost {
  const base = resolve(root);
  let realBase: string;
  try { realBase = realpathSync(base); } catch { realBase = base; }
  const abs = (p: string): string => (p === '' ? base : join(base, ...p.split('/')));
  return {
    list(dir) {
      try {
        return readdirSync(abs(dir), { withFileTypes: true }).map((e): DirEntry => ({
          name: e.name,
          type: e.isSymbolicLink() ? 'symlink' : e.isDirectory() ? 'directory' : e.isFile() ? 'file' : 'other',
        }));
      } catch {
        return undefined;
      }
    },
    read(file, maxBytes) {
      let fd: number | undefined;
      try {
        // lstat first: a file that became a symlink since the listing is not read. Then open without following a
        // link and without blocking (a FIFO swapped in never hangs), and check the open descriptor is a file.
        if (!lstatSync(abs(file)).isFile()) return undefined;
        fd = openSync(abs(file), constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
        const st = fstatSync(fd);
        if (!st.isFile()) return undefined;
        const size = st.size;
        if (size > maxBytes) return 'too-large';
        const buf = Buffer.alloc(size);
        let got = 0;
        while (got < size) {
          const n = readSync(fd, buf, got, size - got, got);
          if (n === 0) break;
          got += n;
        }
        return buf.subarray(0, got);
      } catch {
        return undefined;
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
    },
    linkTarget(path) {
      try {
        const rel = relative(realBase, realpathSync(abs(path)));
        return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? 'outside' : 'inside';
      } catch {
        return 'broken';
      }
    },
  };
}
