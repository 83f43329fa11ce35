/**
 * `discover`: the AI parts a repository declares, each with the file:line that shows it. Reads only
 * declarations (manifests and MCP client configurations) through a host; never executes anything, never
 * follows a symlink, reads no file over the size bound, and never throws: every file it cannot read is a
 * problem with its path (and line:column where the text is malformed), and the rest is still reported.
 */
import { compareProblems, type Problem } from '../problem';
import type { ManifestRead } from './manifest-types';
import { readMcpConfig } from './read-mcp';
import { readPackageJson, readPackageLock, readPnpmLock, readYarnLock } from './read-npm';
import { readGoMod, readCargoToml, readGradle, readPom } from './read-other';
import { readPipfile, readPyproject, readRequirements } from './read-python';
import { aliasesOf, builtinSignatures, SignatureIndex, token } from './signatures';
import { decodeManifest, LineIndex } from './text';
import type { DiscoverHost, DiscoverOptions, DiscoverResult, Discovery, Evidence } from './types';
import { walkRepository, type ManifestKind } from './walk';

const READERS: Record<ManifestKind, (text: string) => ManifestRead> = {
  'package.json': readPackageJson,
  'npm-lock': readPackageLock,
  'pnpm-lock': readPnpmLock,
  'yarn-lock': readYarnLock,
  requirements: readRequirements,
  pyproject: readPyproject,
  pipfile: readPipfile,
  'go.mod': readGoMod,
  cargo: readCargoToml,
  pom: readPom,
  gradle: readGradle,
  mcp: readMcpConfig,
};

const FORMAT: Record<ManifestKind, string> = {
  'package.json': 'JSON', 'npm-lock': 'JSON', 'pnpm-lock': 'YAML', 'yarn-lock': 'yarn.lock', requirements: 'requirements',
  pyproject: 'TOML', pipfile: 'TOML', 'go.mod': 'go.mod', cargo: 'TOML', pom: 'XML', gradle: 'Gradle', mcp: 'JSON',
};

export const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;
export const DEFAULT_MAX_ENTRIES = 500_000;

const cmpEvidence = (a: Evidence, b: Evidence): number =>
  (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.detail < b.detail ? -1 : a.detail > b.detail ? 1 : 0);

/**
 * Discovers the repository the host reads. `pathPrefix` is put before every reported path (e.g. the
 * folder as the user typed it, with a trailing `/`), so output paths are clickable where the user is.
 */
export function discover(host: DiscoverHost, options: DiscoverOptions = {}, pathPrefix = ''): DiscoverResult {
  try {
    return discoverUnsafe(host, options, pathPrefix);
  } catch (err) {
    const problem: Problem = {
      code: 'TM-INTERNAL', severity: 'error', file: pathPrefix || '.',
      message: `discovery failed unexpectedly: ${err instanceof Error ? err.message : String(err)}`,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    };
    return { discoveries: [], problems: [problem], stats: { directories: 0, files: 0, manifests: 0 } };
  }
}

function discoverUnsafe(host: DiscoverHost, options: DiscoverOptions, pathPrefix: string): DiscoverResult {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const signatures = options.signatures ?? builtinSignatures();
  const index = new SignatureIndex(signatures);
  const walk = walkRepository(host, options.maxEntries ?? DEFAULT_MAX_ENTRIES, pathPrefix);
  const problems = [...walk.problems];
  const found = new Map<string, Discovery>();
  const indirect: Array<{ signatureIds: string[]; evidence: Evidence }> = [];

  for (const { path, kind } of walk.manifests) {
    const file = pathPrefix + path;
    const bytes = host.read(path, maxBytes);
    const at0 = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    if (bytes === undefined) { problems.push({ code: 'TM-DISCOVER-UNREADABLE', severity: 'warning', message: 'this manifest cannot be read; skipped', file, range: at0 }); continue; }
    if (bytes === 'too-large') {
      problems.push({ code: 'TM-DISCOVER-TOO-LARGE', severity: 'warning', message: `larger than ${Math.round(maxBytes / 1024 / 1024)} MB: not read (a manifest that size is generated or hostile)`, file, range: at0 });
      continue;
    }
    const decoded = decodeManifest(bytes);
    if ('problem' in decoded) { problems.push({ ...decoded.problem, severity: 'warning', file, range: at0 }); continue; }
    const lines = new LineIndex(decoded.text);
    const read = READERS[kind](decoded.text);
    if (read.error) {
      problems.push({
        code: 'TM-DISCOVER-MALFORMED', severity: 'warning', file, range: lines.range(read.error.offset, 1),
        message: `malformed ${FORMAT[kind]}: ${read.error.message}; ${read.packages.length + read.mcp.length > 0 ? 'only the part before it was read' : 'nothing in it was read'}`,
      });
    }
    for (const w of read.warnings ?? []) {
      problems.push({ code: 'TM-DISCOVER-MALFORMED', severity: 'info', file, range: lines.range(w.offset, 1), message: w.message });
    }
    for (const ref of read.packages) {
      const sigs = index.match(ref.eco, ref.name);
      if (sigs.length === 0) continue;
      const evidence: Evidence = { file, range: lines.range(ref.offset, ref.length), detail: `${ref.eco} package ${ref.name}` };
      if (ref.indirect) { indirect.push({ signatureIds: sigs.map((s) => s.id), evidence }); continue; }
      for (const s of sigs) {
        const d = found.get(s.id) ?? { id: s.id, title: s.title, category: s.category, ...(s.propose ? { propose: s.propose } : {}), aliases: aliasesOf(s), evidence: [] };
        d.evidence.push(evidence);
        found.set(s.id, d);
      }
    }
    for (const ref of read.mcp) {
      const id = `mcp:${ref.server.name}`;
      const s = ref.server;
      const how = s.transport === 'stdio' ? `stdio${s.command ? `: ${s.command}` : ''}` : `${s.transport}${s.url ? `: ${s.url}` : ''}`;
      const evidence: Evidence = { file, range: lines.range(ref.offset, ref.length), detail: `MCP server '${s.name}' (${how}${s.env.length ? `; env ${s.env.join(', ')}` : ''})` };
      const t = token(s.name);
      const d = found.get(id) ?? { id, title: `MCP server '${s.name}'`, category: 'mcp-server', propose: { kind: 'mcp-server', ...(t.length === 0 ? { match: 'kind' as const } : {}) }, aliases: t ? [t] : [], mcp: s, evidence: [] };
      d.evidence.push(evidence);
      found.set(id, d);
    }
  }
  // Lockfile entries that may be transitive add evidence (the resolved version's line) to direct discoveries only.
  for (const x of indirect) for (const id of x.signatureIds) found.get(id)?.evidence.push(x.evidence);

  const discoveries = [...found.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const d of discoveries) d.evidence.sort(cmpEvidence);
  return {
    discoveries,
    problems: problems.sort(compareProblems),
    stats: { directories: walk.directories, files: walk.files, manifests: walk.manifests.length },
  };
}
