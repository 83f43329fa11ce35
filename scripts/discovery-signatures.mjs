// The discovery signatures (catalog/discovery/*.yaml), compiled at build time into the virtual module
// `virtual:discovery-signatures`: each file is parsed and checked against
// schemas/discovery-signatures.schema.json here (ajv is a build-time tool), ids are checked unique across
// files, and the signatures are embedded as JSON sorted by id. So no run parses or validates a signature,
// and a broken signature fails the build (and every test run) with its file:line:col instead of shipping.
// A sibling of scripts/builtin-catalog.mjs, deliberately separate from it: the rule catalog and the
// signatures are different data with different schemas. One compiler, two plugins (esbuild, vite).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';

export const VIRTUAL_ID = 'virtual:discovery-signatures';
const DIR = 'catalog/discovery';
const SCHEMA = 'schemas/discovery-signatures.schema.json';

function where(lc, file, offset) {
  const p = lc.linePos(offset ?? 0);
  return `${file}:${p.line}:${p.col}`;
}

/**
 * Loads and checks every signature file; throws listing every problem with its file:line:col. `dirPath`
 * (relative to root, or absolute) lets a test compile a folder of broken signatures.
 */
export function compileDiscoverySignatures(root = process.cwd(), dirPath = DIR) {
  const require = createRequire(resolve(root, 'package.json'));
  const Ajv2020 = require('ajv/dist/2020').default;
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(resolve(root, SCHEMA), 'utf8')));
  const dir = resolve(root, dirPath);
  const label = relative(root, dir).split(sep).join('/') || '.';
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort() : [];
  const problems = [];
  const seen = new Map();
  const signatures = [];
  if (files.length === 0) problems.push(`${label}: no signature files`);
  for (const name of files) {
    const file = `${label}/${name}`;
    const lc = new LineCounter();
    const doc = parseDocument(readFileSync(join(dir, name), 'utf8'), { lineCounter: lc, uniqueKeys: true });
    for (const e of doc.errors) problems.push(`${where(lc, file, e.pos[0])}: ${e.message.split('\n')[0]}`);
    if (doc.errors.length > 0) continue;
    const data = doc.toJS();
    if (!validate(data)) {
      for (const e of validate.errors) {
        const path = e.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
        const node = doc.getIn(path, true);
        problems.push(`${where(lc, file, node?.range?.[0])}: ${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` '${e.params.additionalProperty}'` : ''}`);
      }
      continue;
    }
    data.signatures.forEach((s, i) => {
      const at = where(lc, file, doc.getIn(['signatures', i, 'id'], true)?.range?.[0]);
      if (seen.has(s.id)) problems.push(`${at}: duplicate signature id '${s.id}' (first in ${seen.get(s.id)})`);
      seen.set(s.id, at);
      signatures.push(s);
    });
  }
  if (problems.length > 0) throw new Error(`the discovery signatures are broken (${problems.length}):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  signatures.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { signatures, watchFiles: [resolve(root, SCHEMA), ...files.map((f) => join(dir, f))] };
}

function moduleSource(root) {
  const { signatures, watchFiles } = compileDiscoverySignatures(root);
  // JSON.parse of a string: faster to load than an object literal, and a data parser, not code evaluation.
  return { contents: `export default JSON.parse(${JSON.stringify(JSON.stringify({ signatures }))});\n`, watchFiles };
}

export function discoverySignaturesEsbuild(root = process.cwd()) {
  return {
    name: 'discovery-signatures',
    setup(build) {
      build.onResolve({ filter: /^virtual:discovery-signatures$/ }, () => ({ path: VIRTUAL_ID, namespace: 'discovery-signatures' }));
      build.onLoad({ filter: /.*/, namespace: 'discovery-signatures' }, () => {
        const { contents, watchFiles } = moduleSource(root);
        return { contents, loader: 'js', watchFiles, watchDirs: [join(root, DIR)].filter((d) => existsSync(d)) };
      });
    },
  };
}

export function discoverySignaturesVite(root = process.cwd()) {
  const resolved = '\0' + VIRTUAL_ID;
  return {
    name: 'discovery-signatures',
    resolveId: (id) => (id === VIRTUAL_ID ? resolved : undefined),
    load(id) {
      if (id !== resolved) return undefined;
      const { contents, watchFiles } = moduleSource(root);
      for (const f of watchFiles) this.addWatchFile?.(f);
      return contents;
    },
  };
}
