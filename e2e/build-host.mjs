// Bundles the extension-host suite: test/host/index.ts plus every test/host/*.test.ts, each to its own CommonJS
// file in the output folder (default e2e/.run/host). `vscode` and `mocha` stay external: the extension host
// provides the first, node_modules the second.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const outdir = path.resolve(process.argv[2] || 'e2e/.run/host');
const tests = readdirSync('test/host').filter((f) => f.endsWith('.test.ts')).map((f) => `test/host/${f}`);
await build({
  entryPoints: ['test/host/index.ts', ...tests],
  outdir,
  outbase: 'test/host',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'es2022',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
console.log(`built ${tests.length} host test file(s) into ${path.relative(process.cwd(), outdir)}`);
