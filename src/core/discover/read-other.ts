/** go.mod, Cargo.toml, pom.xml and build.gradle(.kts): dependency declarations with their offsets. */
import { empty, type ManifestRead } from './manifest-types';
import { parseTomlLite } from './toml-lite';

/** go.mod: `require path v1.2.3` lines and `require ( ... )` blocks; `// indirect` ones are transitive. */
export function readGoMod(text: string): ManifestRead {
  const out = empty();
  let block = -1;
  let offset = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const indirect = /\/\/\s*indirect\b/.test(line);
    const code = line.replace(/\/\/.*$/, '').trim();
    const add = (path: string): void => {
      out.packages.push({ eco: 'go', name: path, offset: offset + line.indexOf(path), length: path.length, indirect: indirect || undefined });
    };
    if (block >= 0) {
      if (code === ')') block = -1;
      else if (code !== '') { const m = /^(\S+)\s+\S+/.exec(code); if (m) add(m[1]!); }
    } else if (/^require\s*\($/.test(code)) {
      block = offset;
    } else {
      const m = /^require\s+(\S+)\s+\S+/.exec(code);
      if (m) add(m[1]!);
    }
    offset += raw.length + 1;
  }
  if (block >= 0) out.error = { offset: block, message: "unterminated 'require (' block" };
  return out;
}

const CARGO_SECTIONS = new Set(['dependencies', 'dev-dependencies', 'build-dependencies']);

/** Cargo.toml: `[dependencies]` (also dev-, build-, workspace and target-specific) keys and `[dependencies.x]` tables. */
export function readCargoToml(text: string): ManifestRead {
  const parsed = parseTomlLite(text);
  if ('error' in parsed) return { ...empty(), error: parsed.error };
  const out = empty();
  const seen = new Set<string>();
  for (const line of parsed.lines) {
    const path = [...line.table, ...line.key];
    const at = path.findIndex((p) => CARGO_SECTIONS.has(p));
    const name = at >= 0 ? path[at + 1] : undefined;
    if (name === undefined || seen.has(name)) continue;
    seen.add(name);
    const inKey = line.key.includes(name);
    // `[dependencies.name]`: the evidence is the table header.
    out.packages.push({ eco: 'cargo', name, offset: inKey ? line.keyOffset : line.tableOffset, length: inKey ? name.length : 0 });
  }
  return out;
}

/** pom.xml: each `<dependency>` with its groupId and artifactId; evidence at the artifactId. */
export function readPom(text: string): ManifestRead {
  const out = empty();
  const open = /<dependency>/g;
  for (let m = open.exec(text); m; m = open.exec(text)) {
    const end = text.indexOf('</dependency>', m.index);
    if (end < 0) return { ...out, error: { offset: m.index, message: '<dependency> is not closed' } };
    const body = text.slice(m.index, end);
    const g = /<groupId>\s*([^<\s]+)\s*<\/groupId>/.exec(body);
    const a = /<artifactId>\s*([^<\s]+)\s*<\/artifactId>/.exec(body);
    if (g && a) {
      const offset = m.index + a.index + a[0].indexOf(a[1]!);
      out.packages.push({ eco: 'maven', name: `${g[1]}:${a[1]}`, offset, length: a[1]!.length });
    }
    open.lastIndex = end;
  }
  return out;
}

/** build.gradle(.kts): `implementation("group:artifact:version")` and the like, in either quote style. */
export function readGradle(text: string): ManifestRead {
  const out = empty();
  const dep = /\b(?:implementation|api|compileOnly|runtimeOnly|testImplementation|testRuntimeOnly|compile|runtime|kapt|annotationProcessor)\s*\(?\s*(["'])([A-Za-z0-9_.-]+):([A-Za-z0-9_.-]+)(?::[^"'\s]*)?\1/g;
  for (let m = dep.exec(text); m; m = dep.exec(text)) {
    const offset = m.index + m[0].indexOf(m[1]!) + 1;
    out.packages.push({ eco: 'maven', name: `${m[2]}:${m[3]}`, offset, length: m[2]!.length + 1 + m[3]!.length });
  }
  return out;
}
