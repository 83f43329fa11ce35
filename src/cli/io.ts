/**
 * File access and output formatting shared by the CLI commands.
 */
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { CatalogHost } from '../core/catalog/catalog';
import { nodeCatalogHost as boundedCatalogHost } from '../node/catalog-host';
import type { Problem } from '../core/problem';
import type { CliIO } from './command';

/** Thrown when a file cannot be read; commands turn it into exit code 2. */
export class InputError extends Error {}

const MODEL_FILE = /\.threatmodel\.ya?ml$/;
const SKIP_DIRS = new Set(['node_modules', '.git', 'out', 'dist']);

/** Expands arguments: files stay as given, folders become every `*.threatmodel.yaml` below them (sorted). */
export function expandModelPaths(args: string[], io: CliIO): string[] {
  const out: string[] = [];
  for (const arg of args) {
    const abs = isAbsolute(arg) ? arg : resolve(io.cwd, arg);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new InputError(`${arg}: no such file or directory`);
    }
    if (st.isDirectory()) {
      const found = walk(abs, (m) => io.stderr(`threatmodel: warning: ${m}\n`)).map((f) => (isAbsolute(arg) ? f : relative(io.cwd, f) || f)).sort();
      if (found.length === 0) throw new InputError(`${arg}: no *.threatmodel.yaml files in this folder`);
      for (const f of found) out.push(f);
    } else {
      out.push(arg);
    }
  }
  return out;
}

/**
 * Every model file below `dir`. A folder that cannot be read (permissions, a race with a delete) is named on
 * stderr and skipped: one bad folder does not stop CI from checking the rest.
 */
export function walk(dir: string, warn: (message: string) => void = () => undefined, readDir: typeof readdirSync = readdirSync): string[] {
  const found: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readDir(d, { withFileTypes: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      warn(`${d}: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code ?? 'cannot be read'}; this folder was skipped`);
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory() && !SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) stack.push(join(d, e.name));
      else if (e.isFile() && MODEL_FILE.test(e.name)) found.push(join(d, e.name));
    }
  }
  return found;
}

/** Reads a file as bytes (the engine checks the encoding); I/O failures become InputError. */
export function readBytes(path: string, io: CliIO): Uint8Array {
  const abs = isAbsolute(path) ? path : resolve(io.cwd, path);
  try {
    const st = statSync(abs);
    if (st.isDirectory()) throw new InputError(`${path}: is a directory`);
    return readFileSync(abs);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message}`);
  }
}

/** `file:line:col: severity code message`, 1-based like compilers print, so terminals make it clickable. */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.severity} ${p.code} ${oneLine(p.message)}`;
}

/** Keeps one problem on one line whatever the model text inside it contains. */
export function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '?');
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Node file access for user catalogs; relative paths resolve against the working directory, which is also
 * the workspace a model's own `analysis.catalogs` must stay inside (with the model's folder; docs/limits.md).
 */
export function nodeCatalogHost(io: CliIO): CatalogHost {
  return boundedCatalogHost({ cwd: io.cwd, roots: [io.cwd] });
}
