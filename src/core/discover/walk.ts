/**
 * The repository walk: every directory entry in name order (deterministic), symlinks never followed (one
 * that leaves the repository is reported), dependency and build folders skipped, the number of entries
 * bounded. Yields the manifests discovery reads, by what they are.
 */
import type { Problem } from '../problem';
import { ZERO_RANGE } from '../problem';
import type { DiscoverHost } from './types';

export type ManifestKind =
  | 'package.json' | 'npm-lock' | 'pnpm-lock' | 'yarn-lock' | 'requirements' | 'pyproject' | 'pipfile'
  | 'go.mod' | 'cargo' | 'pom' | 'gradle' | 'mcp';

/** Installed dependencies, virtual environments, VCS metadata, caches and build output: not the repository's own declarations. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([
  'node_modules', 'bower_components', 'jspm_packages', '.pnpm-store', '.yarn',
  '.git', '.hg', '.svn', '.jj',
  '.venv', 'venv', '__pypackages__', 'site-packages', '__pycache__', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.eggs',
  'vendor', 'target', '.gradle', '.m2', '.cargo',
  'dist', 'out', 'build', '.next', '.nuxt', '.svelte-kit', '.turbo', '.cache', '.terraform', 'coverage',
]);

/** A folder holding one of these is a virtual environment or conda environment, whatever its name. */
const ENV_MARKERS = new Set(['pyvenv.cfg', 'conda-meta']);

export function manifestKind(dir: string, name: string): ManifestKind | undefined {
  switch (name) {
    case 'package.json': return 'package.json';
    case 'package-lock.json': case 'npm-shrinkwrap.json': return 'npm-lock';
    case 'pnpm-lock.yaml': return 'pnpm-lock';
    case 'yarn.lock': return 'yarn-lock';
    case 'pyproject.toml': return 'pyproject';
    case 'Pipfile': return 'pipfile';
    case 'go.mod': return 'go.mod';
    case 'Cargo.toml': return 'cargo';
    case 'pom.xml': return 'pom';
    case 'build.gradle': case 'build.gradle.kts': return 'gradle';
    case '.mcp.json': case 'claude_desktop_config.json': return 'mcp';
  }
  const parent = dir.slice(dir.lastIndexOf('/') + 1);
  if (name === 'mcp.json' && (parent === '.vscode' || parent === '.cursor')) return 'mcp';
  if (/^requirements.*\.txt$/i.test(name) || (parent === 'requirements' && name.endsWith('.txt'))) return 'requirements';
  return undefined;
}

export interface WalkResult {
  manifests: Array<{ path: string; kind: ManifestKind }>;
  problems: Problem[];
  directories: number;
  files: number;
}

const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function walkRepository(host: DiscoverHost, maxEntries: number, pathPrefix: string): WalkResult {
  const out: WalkResult = { manifests: [], problems: [], directories: 0, files: 0 };
  const problem = (path: string, code: string, message: string): void => {
    out.problems.push({ code, severity: 'warning', message, file: pathPrefix + path, range: ZERO_RANGE });
  };
  let entries = 0;
  // Depth-first in name order; the stack holds directories still to list, reversed so the first pops first.
  const stack: string[] = [''];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const list = host.list(dir);
    if (!list) { problem(dir || '.', 'TM-DISCOVER-UNREADABLE', 'this folder cannot be read; skipped'); continue; }
    out.directories++;
    if (dir !== '' && list.some((e) => ENV_MARKERS.has(e.name))) continue;
    const subdirs: string[] = [];
    for (const e of [...list].sort(byName)) {
      if (++entries > maxEntries) {
        problem(dir || '.', 'TM-DISCOVER-TOO-MANY-FILES', `the repository has more than ${maxEntries} files and folders; discovery stopped here (what was read so far is reported)`);
        return out;
      }
      const path = dir === '' ? e.name : `${dir}/${e.name}`;
      if (e.type === 'directory') {
        if (!SKIPPED_DIRS.has(e.name)) subdirs.push(path);
      } else if (e.type === 'file') {
        out.files++;
        const kind = manifestKind(dir, e.name);
        if (kind) out.manifests.push({ path, kind });
      } else if (e.type === 'symlink' && host.linkTarget(path) === 'outside') {
        problem(path, 'TM-DISCOVER-SYMLINK-OUTSIDE', 'a symbolic link that leads out of the repository; not followed');
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
  }
  return out;
}
