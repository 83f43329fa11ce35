/** Python manifests: requirements*.txt, pyproject.toml (PEP 621, dependency groups, Poetry), Pipfile. */
import { empty, type ManifestRead, type PackageRef } from './manifest-types';
import { parseTomlLite, type TomlValue } from './toml-lite';

/** The distribution name at the start of a PEP 508 requirement (`openai[extra]>=1; python_version>"3.8"`). */
const REQUIREMENT = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(?:[<>=!~;@(,]|$)/;

export function readRequirements(text: string): ManifestRead {
  const out = empty();
  out.warnings = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').replace(/\\\s*$/, '').trimEnd();
    const body = line.trim();
    // Options (-r other.txt, -e ., --index-url ...), URLs and local paths declare no named distribution here.
    if (body !== '' && !body.startsWith('-') && !/^[a-z+]+:\/\//i.test(body) && !body.startsWith('.') && !body.startsWith('/')) {
      const m = REQUIREMENT.exec(line);
      if (m) out.packages.push({ eco: 'pypi', name: m[1]!, offset: offset + line.indexOf(m[1]!), length: m[1]!.length });
      else out.warnings.push({ offset: offset + line.length - line.trimStart().length, message: 'not a requirement (name, extras, version); line skipped' });
    }
    offset += raw.length + 1;
  }
  return out;
}

function requirementStrings(v: TomlValue): PackageRef[] {
  if (v.type !== 'array') return [];
  const out: PackageRef[] = [];
  for (const item of v.items) {
    if (item.type !== 'string') continue;
    const m = REQUIREMENT.exec(item.value);
    if (m) out.push({ eco: 'pypi', name: m[1]!, offset: item.offset + 1 + item.value.indexOf(m[1]!), length: m[1]!.length });
  }
  return out;
}

function isPoetryDeps(path: string[]): boolean {
  const p = path.join('.');
  return p === 'tool.poetry.dependencies' || p === 'tool.poetry.dev-dependencies' || /^tool\.poetry\.group\.[^.]+\.dependencies$/.test(p);
}

export function readPyproject(text: string): ManifestRead {
  const parsed = parseTomlLite(text);
  if ('error' in parsed) return { ...empty(), error: parsed.error };
  const out = empty();
  for (const line of parsed.lines) {
    const path = [...line.table, ...line.key];
    const parent = path.slice(0, -1).join('.');
    if (path.join('.') === 'project.dependencies' || parent === 'project.optional-dependencies' || parent === 'dependency-groups') {
      out.packages.push(...requirementStrings(line.value));
    } else if (isPoetryDeps(path.slice(0, -1)) && path[path.length - 1] !== 'python') {
      out.packages.push({ eco: 'pypi', name: path[path.length - 1]!, offset: line.keyOffset, length: path[path.length - 1]!.length });
    }
  }
  return out;
}

export function readPipfile(text: string): ManifestRead {
  const parsed = parseTomlLite(text);
  if ('error' in parsed) return { ...empty(), error: parsed.error };
  const out = empty();
  for (const line of parsed.lines) {
    const path = [...line.table, ...line.key];
    if (path.length === 2 && (path[0] === 'packages' || path[0] === 'dev-packages')) {
      out.packages.push({ eco: 'pypi', name: path[1]!, offset: line.keyOffset, length: path[1]!.length });
    }
  }
  return out;
}
