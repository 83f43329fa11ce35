// The built-in catalog, compiled at build time into the virtual module `virtual:builtin-catalog`: the rule
// files catalog/index.yaml lists are parsed and schema-checked here, by the engine's own loader
// (src/core/catalog/registry.ts, bundled and run once), and the loaded rules are embedded as JSON. So no
// run reads, parses or validates a built-in rule, and a broken built-in rule fails the build (and every
// test run) with its file:line:col, instead of shipping. One compiler, two plugins: esbuild (dist bundles)
// and vite (vitest), so the tests load exactly what ships. Deterministic: JSON of the loaded rules.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { build } from 'esbuild';
import { parse } from 'yaml';
import { schemaFiles, schemaValidatorsEsbuild, schemaValidatorsVite } from './schema-validators.mjs';

export const VIRTUAL_ID = 'virtual:builtin-catalog';
const SOURCES_ID = 'virtual:builtin-catalog-sources';

/** Reads the index and the rule files it lists (a missing file has no `text`; the compiler reports it). */
export function readBuiltinCatalog(root = process.cwd()) {
  const indexPath = 'catalog/index.yaml';
  const indexText = existsSync(join(root, indexPath)) ? readFileSync(join(root, indexPath), 'utf8') : 'rules: []\n';
  let ids = [];
  try {
    const v = parse(indexText);
    if (Array.isArray(v?.rules)) ids = v.rules.filter((x) => typeof x === 'string' && /^[A-Z][A-Z0-9-]*$/.test(x));
  } catch {
    // A broken index is reported by the compiler (registry.ts) from its text.
  }
  const rules = ids.map((id) => {
    const path = `catalog/rules/${id}.yaml`;
    const abs = join(root, path);
    return existsSync(abs) ? { id, path, text: readFileSync(abs, 'utf8') } : { id, path };
  });
  return { index: { path: indexPath, text: indexText }, rules };
}

/** The engine's loader, bundled for node from source with the generated schema validators. */
const COMPILER_ENTRY = `
import { catalogFromBundle } from './src/core/catalog/registry';
import sources from '${SOURCES_ID}';
export const result = catalogFromBundle(sources);
`;

function engineSourceFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) out.push(p);
    }
  };
  walk(join(root, 'src/core'));
  return out;
}

const compiled = new Map();

/**
 * Loads the built-in catalog with the engine and returns `{ rules, watchFiles }`. Throws, listing every
 * problem with its file:line:col, when a built-in rule or the index is broken. Memoised on the contents of
 * everything it depends on, so parallel bundles and watch rebuilds compile once per change.
 */
export async function compileBuiltinCatalog(root = process.cwd()) {
  const sources = readBuiltinCatalog(root);
  const hash = createHash('sha256').update(JSON.stringify(sources));
  for (const f of [...engineSourceFiles(root), ...schemaFiles(root)]) hash.update(f).update(readFileSync(f));
  const key = `${root}\0${hash.digest('hex')}`;
  if (!compiled.has(key)) {
    compiled.clear();
    compiled.set(key, compile(root, sources));
  }
  return compiled.get(key);
}

async function compile(root, sources) {
  const out = await build({
    stdin: { contents: COMPILER_ENTRY, resolveDir: root, loader: 'ts', sourcefile: 'builtin-catalog-compiler.ts' },
    bundle: true, write: false, platform: 'node', format: 'esm', target: 'es2022', logLevel: 'silent', metafile: true,
    // Bundled dependencies written as CommonJS (yaml) may require node built-ins: give the module a require.
    banner: { js: `import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(${JSON.stringify(resolve(root, 'package.json'))});` },
    plugins: [
      schemaValidatorsEsbuild(root),
      {
        name: 'builtin-catalog-sources',
        setup(b) {
          b.onResolve({ filter: /^virtual:builtin-catalog-sources$/ }, () => ({ path: SOURCES_ID, namespace: 'builtin-catalog-sources' }));
          b.onLoad({ filter: /.*/, namespace: 'builtin-catalog-sources' }, () => ({ contents: `export default ${JSON.stringify(sources)};`, loader: 'js' }));
        },
      },
    ],
  });
  const code = out.outputFiles[0].text;
  const { result } = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  if (result.problems.length > 0) {
    const lines = result.problems.map((p) => `  ${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.code} ${p.message}`);
    throw new Error(`the built-in catalog is broken (${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
  }
  const rules = result.catalog.rules;
  // The loaded rules are plain data; prove it, so the embedded JSON is exactly what the loader produced.
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(rules)), rules)) throw new Error('the loaded built-in catalog does not survive JSON; it cannot be embedded');
  const inputs = Object.keys(out.metafile.inputs).filter((p) => !p.includes(':')).map((p) => resolve(root, p));
  const watchFiles = [resolve(root, sources.index.path), ...sources.rules.map((r) => resolve(root, r.path)), ...schemaFiles(root), ...inputs];
  return { rules, watchFiles };
}

async function moduleSource(root) {
  const { rules, watchFiles } = await compileBuiltinCatalog(root);
  // A JSON string parsed once is faster to load than the same data as an object literal (V8 parses JSON
  // faster than JavaScript); JSON.parse is a data parser, not code evaluation.
  return { contents: `export default JSON.parse(${JSON.stringify(JSON.stringify({ rules }))});\n`, watchFiles };
}

/**
 * esbuild plugin: resolves the virtual module; recompiles in watch mode when a catalog or engine file
 * changes. It also provides `virtual:schema-validators`, which every bundle of the engine needs with it.
 */
export function builtinCatalogEsbuild(root = process.cwd()) {
  const validators = schemaValidatorsEsbuild(root);
  return {
    name: 'builtin-catalog',
    setup(build) {
      validators.setup(build);
      build.onResolve({ filter: /^virtual:builtin-catalog$/ }, () => ({ path: VIRTUAL_ID, namespace: 'builtin-catalog' }));
      build.onLoad({ filter: /.*/, namespace: 'builtin-catalog' }, async () => {
        const { contents, watchFiles } = await moduleSource(root);
        return { contents, loader: 'js', watchFiles, watchDirs: [resolve(root, 'catalog/rules')].filter((d) => existsSync(d)) };
      });
    },
  };
}

/** vite plugin (vitest): the same module, and `virtual:schema-validators` with it. */
export function builtinCatalogVite(root = process.cwd()) {
  const resolved = '\0' + VIRTUAL_ID;
  const validators = schemaValidatorsVite(root);
  return {
    name: 'builtin-catalog',
    resolveId(id) {
      return id === VIRTUAL_ID ? resolved : validators.resolveId(id);
    },
    async load(id) {
      if (id !== resolved) return validators.load.call(this, id);
      const { contents, watchFiles } = await moduleSource(root);
      for (const f of watchFiles) this.addWatchFile?.(f);
      return contents;
    },
  };
}
