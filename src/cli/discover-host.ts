/**
 * The file system as discovery sees it (src/core/discover/types.ts DiscoverHost): paths relative to the
 * repository root, directory entries without following symlinks, sizes checked before a file is read.
 */
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync } from 'node:fs';
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
        // lstat first: a file that became a symlink since the listing is not read (O_NOFOLLOW is not portable).
        if (!lstatSync(abs(file)).isFile()) return undefined;
        fd = openSync(abs(file), 'r');
        const size = fstatSync(fd).size;
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
