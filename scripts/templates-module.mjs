// The starter models as a virtual module (`virtual:templates`): every templates/*.threatmodel.yaml with its
// name and the title from its first comment line, read at build time so the CLI and the extension ship them.
// One reader, two plugins (esbuild for dist, vite for vitest). Sorted by name: deterministic.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const VIRTUAL_ID = 'virtual:templates';

export function readTemplates(root = process.cwd()) {
  const dir = join(root, 'templates');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.threatmodel.yaml'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      const first = /^#\s*(.+)$/m.exec(text)?.[1] ?? f;
      return { name: f.replace(/\.threatmodel\.yaml$/, ''), title: first.trim(), text };
    });
}

const source = (root) => `export default ${JSON.stringify(readTemplates(root))};\n`;

export function templatesEsbuild(root = process.cwd()) {
  return {
    name: 'templates',
    setup(build) {
      build.onResolve({ filter: /^virtual:templates$/ }, () => ({ path: VIRTUAL_ID, namespace: 'templates' }));
      build.onLoad({ filter: /.*/, namespace: 'templates' }, () => ({
        contents: source(root), loader: 'js', watchDirs: [resolve(root, 'templates')].filter((d) => existsSync(d)),
      }));
    },
  };
}

export function templatesVite(root = process.cwd()) {
  const resolved = '\0' + VIRTUAL_ID;
  return {
    name: 'templates',
    resolveId: (id) => (id === VIRTUAL_ID ? resolved : undefined),
    load: (id) => (id === resolved ? source(root) : undefined),
  };
}
