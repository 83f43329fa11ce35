// Builds and runs scripts/bench-tests.ts (the security-test generation rows of `npm run bench`), with the
// same built-in catalog plugin as the main build.
import { build } from 'esbuild';
import { builtinCatalogEsbuild } from './builtin-catalog.mjs';
import { templatesEsbuild } from './templates-module.mjs';

await build({
  entryPoints: ['scripts/bench-tests.ts'], outfile: 'dist/bench-tests.js', bundle: true, platform: 'node', format: 'cjs',
  target: 'es2022', logLevel: 'warning', legalComments: 'none', plugins: [builtinCatalogEsbuild(), templatesEsbuild()],
});
await import('../dist/bench-tests.js');
