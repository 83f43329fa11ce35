// One build for every runtime: the extension host (node, cjs, `vscode` external),
// the diagram webview (browser, iife), the CLI (node, with a shebang) and the benchmark.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinCatalogEsbuild } from './builtin-catalog.mjs';
import { discoverySignaturesEsbuild } from './discovery-signatures.mjs';
import { templatesEsbuild } from './templates-module.mjs';
import { webviewBuildOptions } from './webview-bundle.mjs';

const watch = process.argv.includes('--watch');
const sourcemap = process.argv.includes('--sourcemap');
// `--outdir <dir>` builds elsewhere than dist/ (the bundle test scans a fresh build of its own).
const outArg = process.argv.indexOf('--outdir');
const out = outArg > 0 ? process.argv[outArg + 1] : 'dist';
const at = (e) => (out === 'dist' ? e : { ...e, ...(e.outfile ? { outfile: e.outfile.replace(/^dist\//, `${out}/`) } : { outdir: out }) });
const common = { bundle: true, sourcemap, logLevel: 'warning', legalComments: 'none', target: 'es2022', plugins: [builtinCatalogEsbuild(), templatesEsbuild(), discoverySignaturesEsbuild()] };

// exceljs (with its zip and promise libraries, 3 MB) serves only writing and reading XLSX registers: it is
// its own bundle, dist/chunks/exceljs.js, that the CLI and the extension import on first use instead of parsing
// at every start.
// ELK (elkjs, 1.6 MB) likewise serves only the HTML report's diagram: dist/chunks/elk.js, imported on first use.
const LAZY_CHUNKS = { 'exceljs': 'exceljs.js', 'elkjs/lib/elk.bundled.js': 'elk.js' };
const lazyChunks = (up) => ({
  name: 'lazy-chunks',
  setup(b) {
    b.onResolve({ filter: /^(exceljs|elkjs\/lib\/elk\.bundled\.js)$/ }, (args) => (args.kind === 'dynamic-import' ? { path: `${up}/chunks/${LAZY_CHUNKS[args.path]}`, external: true } : undefined));
  },
});
const lazyExceljs = lazyChunks('.');

// bluebird (inside exceljs, through unzipper) compiles helper functions with `new Function` when it loads,
// unless it believes it runs where code cannot be evaluated (a browser with a strict CSP); it then uses
// closures doing the same work. The chunk is built with that belief, so writing or reading an XLSX register
// compiles no code from strings (test/unit/cli-bundles-run.test.ts runs both with code generation disallowed).
const BLUEBIRD_CAN_EVALUATE = 'var canEvaluate = typeof navigator == "undefined";';
const bluebirdWithoutCodegen = {
  name: 'bluebird-without-codegen',
  setup(b) {
    b.onLoad({ filter: /[\\/]bluebird[\\/]js[\\/]release[\\/]util\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      // A bluebird that no longer has this line must fail the build, not silently compile code again.
      if (!text.includes(BLUEBIRD_CAN_EVALUATE)) return { errors: [{ text: `bluebird's util.js no longer sets canEvaluate as expected: ${args.path}` }] };
      return { contents: text.replace(BLUEBIRD_CAN_EVALUATE, 'var canEvaluate = false;'), loader: 'js' };
    });
  },
};

// The CLI's commands, each its own bundle (dist/cli-commands/<name>.js) that dist/cli.js imports when the
// command runs: a run parses only the code its command needs (validate: no catalog, exporters or discovery).
const CLI_COMMAND_MODULES = readdirSync('src/cli/commands').filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.slice(0, -3)).sort();
// It loads them through src/cli/code-cache.ts, which keeps a V8 code cache beside each bundle.
const lazyCommands = {
  name: 'lazy-cli-commands',
  setup(b) {
    b.onResolve({ filter: /^\.\/[a-z]+$/ }, (args) => (args.kind === 'dynamic-import' && /src[\\/]cli[\\/]commands[\\/]index\.ts$/.test(args.importer)
      && CLI_COMMAND_MODULES.includes(args.path.slice(2)) ? { path: args.path.slice(2), namespace: 'cli-command' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'cli-command' }, (args) => ({
      resolveDir: process.cwd(),
      loader: 'js',
      contents: `const { requireWithCodeCache } = require('./src/cli/code-cache.ts');\n`
        + `module.exports = requireWithCodeCache(require('node:path').join(__dirname, 'cli-commands', ${JSON.stringify(`${args.path}.js`)}));\n`,
    }));
  },
};

// `import()` of a chunk from a CommonJS bundle starts node's ESM loader (~100 ms of CPU at every run):
// esbuild writes these imports as `require` instead.
const NO_ESM_LOADER = { 'dynamic-import': false };

const entries = [
  { entryPoints: { 'chunks/exceljs': 'exceljs' }, outdir: 'dist', platform: 'node', format: 'cjs', plugins: [bluebirdWithoutCodegen] },
  { entryPoints: { 'chunks/elk': 'elkjs/lib/elk.bundled.js' }, outdir: 'dist', platform: 'node', format: 'cjs', minify: true },
  { entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', external: ['vscode'], plugins: [...common.plugins, lazyExceljs], supported: NO_ESM_LOADER },
  { entryPoints: ['src/extension/analysis/worker.ts'], outfile: 'dist/analysis-worker.js', platform: 'node', format: 'cjs' },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', banner: { js: '#!/usr/bin/env node' }, plugins: [...common.plugins, lazyCommands], supported: NO_ESM_LOADER },
  // Command bundles sit one folder down, so their lazy exceljs import points one folder up.
  { entryPoints: Object.fromEntries(CLI_COMMAND_MODULES.map((c) => [`cli-commands/${c}`, `src/cli/commands/${c}.ts`])), outdir: 'dist', platform: 'node', format: 'cjs',
    supported: NO_ESM_LOADER, plugins: [...common.plugins, lazyChunks('..')] },
  { entryPoints: ['scripts/bench.ts'], outfile: 'dist/bench.js', platform: 'node', format: 'cjs' },
  { ...webviewBuildOptions(), plugins: [...common.plugins, ...webviewBuildOptions().plugins] }, // minified, flowchart-only mermaid
].filter((e) => !Array.isArray(e.entryPoints) || existsSync(e.entryPoints[0])).map(at);

if (watch) {
  const { context } = await import('esbuild');
  for (const e of entries) await (await context({ ...common, ...e })).watch();
} else {
  await Promise.all(entries.map((e) => build({ ...common, ...e })));
}
