/**
 * Loads one of the CLI's own command bundles (dist/cli-commands/<name>.js) the way `require` does, plus a V8
 * code cache kept beside it, so a run does not parse a megabyte of JavaScript again: V8 reuses the bytecode
 * of the previous run. Node 22 does this itself (`module.enableCompileCache`); Node 20, which we support, does
 * not. The cache is an optimisation only: a missing, stale, corrupt or unwritable cache means a normal load.
 *
 * Only files of this CLI's own dist folder are compiled here (their paths are fixed at build time); nothing
 * from a model, a catalog or the command line reaches this function.
 */
import { isAscii } from 'node:buffer';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** Folder of the cache files, beside the bundles (dist/cli-commands/.v8-cache). */
export const CACHE_DIR = '.v8-cache';

/**
 * The cache file's name says what it was made from: the bundle's name, size and modification time, and the
 * node version and architecture (V8 rejects a cache from another version, and a rebuilt bundle gets a new
 * name, so a cache never meets source it was not made from).
 */
export function cacheFileName(file: string, size: number, mtimeMs: number): string {
  return `${basename(file, '.js')}-${size}-${Math.floor(mtimeMs)}-${process.version}-${process.arch}.bin`;
}

/** How the last load went (for tests and `THREATMODEL_DEBUG_CACHE`): whether a cache was found and used. */
export const lastLoad = { file: '', cacheFound: false, cacheUsed: false };

export function requireWithCodeCache(file: string): unknown {
  const st = statSync(file);
  const cacheDir = join(dirname(file), CACHE_DIR);
  const cacheFile = join(cacheDir, cacheFileName(file, st.size, st.mtimeMs));
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // esbuild writes ASCII (it escapes the rest): decoding that as Latin-1 is a copy, not a UTF-8 decode.
  const bytes = readFileSync(file);
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  Object.assign(lastLoad, { file, cacheFound: cachedData !== undefined, cacheUsed: cachedData !== undefined && !script.cachedDataRejected });
  const module = { exports: {}, filename: file, id: file, loaded: false };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  // Written when the command has run, so the functions it compiled on the way are in the cache too.
  if (cachedData === undefined || script.cachedDataRejected) process.once('exit', () => writeCache(script, cacheDir, cacheFile, file));
  return module.exports;
}

/** Best effort, atomic (a concurrent run reads the old file or the new one), and old caches are removed. */
function writeCache(script: Script, cacheDir: string, cacheFile: string, file: string): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, cacheFile);
    const ours = new RegExp(`^${basename(file, '.js')}-\\d+-\\d+-.*\\.bin$`);
    for (const old of readdirSync(cacheDir)) if (ours.test(old) && old !== basename(cacheFile)) unlinkSync(join(cacheDir, old));
  } catch {
    // A read-only install or a full disk: the next run loads without a cache, as this one did.
  }
}
