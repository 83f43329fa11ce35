// Builds and runs scripts/bench-exports.ts (the export rows of `npm run bench`), with the same
// built-in catalog plugin as the main build, so it needs no change to scripts/build.mjs.
import { build } from 'esbuild';
import { builtinCatalogEsbuild } from './builtin-catalog.mjs';
import { templatesEsbuild } from './templates-module.mjs';

await build({
  entryPoints: ['scripts/bench-exports.ts'], outfile: 'dist/bench-exports.js', bundle: true, platform: 'node', format: 'cjs',
  target: 'es2022', logLevel: 'warning', legalComments: 'none', plugins: [builtinCatalogEsbuild(), templatesEsbuild()],
});
await import('../dist/bench-exports.js');
