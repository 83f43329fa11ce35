// Builds and runs scripts/bench-editor.ts (needs dist/analysis-worker.js from `npm run build`).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { builtinCatalogEsbuild } from './builtin-catalog.mjs';

await build({
  entryPoints: ['scripts/bench-editor.ts'], outfile: 'dist/bench-editor.js', bundle: true, platform: 'node', format: 'cjs',
  target: 'es2022', logLevel: 'warning', plugins: [builtinCatalogEsbuild()],
});
const r = spawnSync(process.execPath, ['dist/bench-editor.js'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
