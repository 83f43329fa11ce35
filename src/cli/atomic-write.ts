import { chmodSync, closeSync, fchownSync, fstatSync, fsyncSync, lstatSync, openSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Thrown when the target must not be written (the input itself, read-only, a dangling link, a folder). */
export class WriteRefused extends Error {}

export interface WriteOptions {
  /** Files the write must never replace, such as the model being exported (compared by device and inode). */
  notOver?: readonly string[];
}

/**
 * Writes a whole file or nothing: the content goes to a temporary file in the same folder (so the rename
 * stays on one file system), is flushed, then renamed over the target. A crash or a full disk leaves the
 * old file untouched and no half-written one. Conventions for what is already at the path (docs/limits.md):
 * - a symlink is followed: the file it points to is replaced, the link stays (a dangling link is refused);
 * - an existing file keeps its permission bits (and owner, where we may set it); a new one gets 0666 minus the umask;
 * - a read-only file, a folder, or one of `notOver` is refused with WriteRefused;
 * - a device, FIFO or socket (e.g. `/dev/stdout`) is written to directly, never renamed over;
 * - temporary files that a killed earlier run left beside the target are removed.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array, options: WriteOptions = {}): void {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const atPath = statOrUndefined(path); // follows links; `/dev/stdout` may be a link to a pipe with no real path
  if (atPath && !atPath.isFile() && !atPath.isDirectory()) return writeDirect(path, bytes);
  const target = followLink(path);
  const existing = statOrUndefined(target);
  for (const other of options.notOver ?? []) {
    const o = statOrUndefined(other);
    if (existing && o && o.dev === existing.dev && o.ino === existing.ino) throw new WriteRefused('it is the input model; refusing to overwrite it (choose another output path)');
  }
  if (existing?.isDirectory()) throw new WriteRefused('it is a directory');
  if (existing && (existing.mode & 0o222) === 0) throw new WriteRefused('it is read-only; refusing to replace it (make it writable first)');
  removeStaleTemps(target);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o666);
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    if (existing) keepOwnerAndMode(fd, tmp, existing);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** The path a write should replace: the file a symlink points to (however many links deep), else the path. */
function followLink(path: string): string {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch {
    return path; // nothing there yet
  }
  if (!st.isSymbolicLink()) return path;
  try {
    return realpathSync(path);
  } catch {
    throw new WriteRefused('it is a symlink to a missing file (or a loop); refusing to replace the link');
  }
}

function keepOwnerAndMode(fd: number, tmp: string, existing: Stats): void {
  const now = fstatSync(fd);
  if (now.uid !== existing.uid || now.gid !== existing.gid) {
    try {
      fchownSync(fd, existing.uid, existing.gid);
    } catch {
      // Only root may give a file away; the new owner is then the user who wrote it, as with any editor.
    }
  }
  chmodSync(tmp, existing.mode & 0o7777);
}

/** Devices, FIFOs and sockets are written in place: renaming a file over `/dev/stdout` would replace the device. */
function writeDirect(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
  } finally {
    closeSync(fd);
  }
}

/** Removes `.<name>.<pid>.<time>.tmp` files beside the target whose writer no longer runs (killed mid-write). */
function removeStaleTemps(target: string): void {
  const dir = dirname(target);
  const prefix = `.${basename(target)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const m = /^(\d+)\.\d+\.tmp$/.exec(name.slice(prefix.length));
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    rmSync(join(dir, name), { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
