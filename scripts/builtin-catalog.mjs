// The built-in catalog as a virtual module (`virtual:builtin-catalog`): catalog/index.yaml plus the rule
// files it lists, read at build time. One reader, two plugins: esbuild (dist bundles) and vite (vitest),
// so the tests load exactly what ships. Deterministic: index order, file contents verbatim.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export const VIRTUAL_ID = 'virtual:builtin-catalog';

/** Reads the index and the rule files it lists (a missing file has no `text`; core reports it). */
export function readBuiltinCatalog(root = process.cwd()) {
  const indexPath = 'catalog/index.yaml';
  const indexText = existsSync(join(root, indexPath)) ? readFileSync(join(root, indexPath), 'utf8') : 'rules: []\n';
  let ids = [];
  try {
    const v = parse(indexText);
    if (Array.isArray(v?.rules)) ids = v.rules.filter((x) => typeof x === 'string' && /^[A-Z][A-Z0-9-]*$/.test(x));
  } catch {
    // A broken index is reported by core (registry.ts) from the bundled text.
  }
  const rules = ids.map((id) => {
    const path = `catalog/rules/${id}.yaml`;
    const abs = join(root, path);
    return existsSync(abs) ? { id, path, text: readFileSync(abs, 'utf8') } : { id, path };
  });
  return { index: { path: indexPath, text: indexText }, rules };
}

function moduleSource(root) {
  return `export default ${JSON.stringify(readBuiltinCatalog(root))};\n`;
}

/** esbuild plugin: resolves the virtual module and re-reads it in watch mode when catalog files change. */
export function builtinCatalogEsbuild(root = process.cwd()) {
  return {
    name: 'builtin-catalog',
    setup(build) {
      build.onResolve({ filter: /^virtual:builtin-catalog$/ }, () => ({ path: VIRTUAL_ID, namespace: 'builtin-catalog' }));
      build.onLoad({ filter: /.*/, namespace: 'builtin-catalog' }, () => {
        const data = readBuiltinCatalog(root);
        return {
          contents: moduleSource(root),
          loader: 'js',
          watchFiles: [resolve(root, data.index.path), ...data.rules.map((r) => resolve(root, r.path))],
          watchDirs: [resolve(root, 'catalog/rules')].filter((d) => existsSync(d)),
        };
      });
    },
  };
}

/** vite plugin (vitest): the same module. */
export function builtinCatalogVite(root = process.cwd()) {
  const resolved = '\0' + VIRTUAL_ID;
  return {
    name: 'builtin-catalog',
    resolveId(id) {
      return id === VIRTUAL_ID ? resolved : undefined;
    },
    load(id) {
      return id === resolved ? moduleSource(root) : undefined;
    },
  };
}
