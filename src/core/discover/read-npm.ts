/** npm manifests: package.json, package-lock.json / npm-shrinkwrap.json, pnpm-lock.yaml, yarn.lock. */
import { parseJsonWithPositions, prop, type JsonNode } from './json-positions';
import { empty, type ManifestRead, type PackageRef } from './manifest-types';

const SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

function depsOf(node: JsonNode | undefined): PackageRef[] {
  const out: PackageRef[] = [];
  for (const section of SECTIONS) {
    const deps = prop(node, section)?.value;
    if (deps?.type !== 'object') continue;
    // Evidence is the name inside the key's quotes.
    for (const p of deps.props) out.push({ eco: 'npm', name: p.key, offset: p.keyOffset + 1, length: Math.max(0, p.keyLength - 2) });
  }
  return out;
}

export function readPackageJson(text: string): ManifestRead {
  const parsed = parseJsonWithPositions(text, false);
  if ('error' in parsed) return { ...empty(), error: parsed.error };
  return { ...empty(), packages: depsOf(parsed.node) };
}

/** Lockfile v2/v3: the root package's entry (`packages[""]`) lists the direct dependencies. v1 has no such entry. */
export function readPackageLock(text: string): ManifestRead {
  const parsed = parseJsonWithPositions(text, false);
  if ('error' in parsed) return { ...empty(), error: parsed.error };
  return { ...empty(), packages: depsOf(prop(prop(parsed.node, 'packages')?.value, '')?.value) };
}

/**
 * pnpm-lock.yaml, read by indentation instead of a YAML parser (lockfiles are large and regular): the direct
 * dependencies of each importer (v6+), or the top-level dependency sections (v5).
 */
export function readPnpmLock(text: string): ManifestRead {
  const out: PackageRef[] = [];
  const section = /^(dependencies|devDependencies|optionalDependencies):\s*$/;
  let importers = false;
  let depIndent = -1;
  let offset = 0;
  for (const line of text.split('\n')) {
    const indent = line.length - line.trimStart().length;
    const body = line.trim();
    if (body !== '' && !body.startsWith('#')) {
      if (indent === 0) importers = body === 'importers:';
      if (depIndent >= 0 && indent <= depIndent) depIndent = -1;
      if (depIndent >= 0 && indent === depIndent + 2) {
        const m = /^(['"]?)((?:@[^\s'"/:]+\/)?[^\s'":@]+)\1\s*:/.exec(body);
        if (m) out.push({ eco: 'npm', name: m[2]!, offset: offset + indent + m[1]!.length, length: m[2]!.length });
      } else if (section.test(body) && (indent === 0 || (importers && indent === 4))) {
        depIndent = indent;
      }
    }
    offset += line.length + 1;
  }
  return { ...empty(), packages: out };
}

/** yarn.lock (v1 and berry): every resolved package; none is known to be direct, so all are `indirect`. */
export function readYarnLock(text: string): ManifestRead {
  const out: PackageRef[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    if (line !== '' && !/^[\s#]/.test(line) && line.trimEnd().endsWith(':')) {
      const first = line.split(',')[0]!.trim().replace(/:$/, '');
      const quoted = first.startsWith('"');
      const spec = quoted ? first.slice(1).replace(/"$/, '') : first;
      const at = spec.indexOf('@', 1);
      const name = at > 0 ? spec.slice(0, at) : spec;
      if (name && name !== '__metadata') out.push({ eco: 'npm', name, offset: offset + (quoted ? 1 : 0), length: name.length, indirect: true });
    }
    offset += line.length + 1;
  }
  return { ...empty(), packages: out };
}
