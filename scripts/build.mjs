// One build for every runtime: the extension host (node, cjs, `vscode` external),
// the diagram webview (browser, iife), the CLI (node, with a shebang) and the benchmark.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { builtinCatalogEsbuild } from './builtin-catalog.mjs';
import { templatesEsbuild } from './templates-module.mjs';
import { webviewBuildOptions } from './webview-bundle.mjs';

const watch = process.argv.includes('--watch');
const sourcemap = process.argv.includes('--sourcemap');
const common = { bundle: true, sourcemap, logLevel: 'warning', legalComments: 'none', target: 'es2022', plugins: [builtinCatalogEsbuild(), templatesEsbuild()] };

const entries = [
  { entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', external: ['vscode'] },
  { entryPoints: ['src/extension/analysis/worker.ts'], outfile: 'dist/analysis-worker.js', platform: 'node', format: 'cjs' },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['scripts/bench.ts'], outfile: 'dist/bench.js', platform: 'node', format: 'cjs' },
  { ...webviewBuildOptions(), plugins: [...common.plugins, ...webviewBuildOptions().plugins] }, // minified, flowchart-only mermaid
].filter((e) => existsSync(e.entryPoints[0]));

if (watch) {
  const { context } = await import('esbuild');
  for (const e of entries) await (await context({ ...common, ...e })).watch();
} else {
  await Promise.all(entries.map((e) => build({ ...common, ...e })));
}
