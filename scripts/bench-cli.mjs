// Whole-process benchmark of the CLI (the `threatmodel` rows of `npm run bench`): `validate` and
// `analyze --format json` run as new node processes on generated models of 10 to 5,000 components, as a
// CI gate or a pre-commit hook runs them. Wall-clock medians (what a user waits) and CPU medians (user +
// system of the child: steadier on a busy machine), next to `node -e 0`, node's own start-up. The CLI keeps a
// V8 code cache of its command bundles (src/cli/code-cache.ts): the warm-up run writes it, and one row shows
// runs without it, as the first run after a build or an install pays.
//   node scripts/bench-cli.mjs [--cli dist/cli.js] [--runs 7] [--sizes 10,100,1000,5000]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const cli = resolve(arg('--cli', 'dist/cli.js'));
const runs = Number(arg('--runs', '7'));
const sizes = arg('--sizes', '10,100,1000,5000').split(',').map(Number);

// The bench generator (scripts/lib/generate-model.ts), bundled in memory: the same models as dist/bench.js.
const gen = await build({ entryPoints: ['scripts/lib/generate-model.ts'], bundle: true, write: false, platform: 'node', format: 'esm', logLevel: 'warning' });
const { generateModel } = await import(`data:text/javascript;base64,${Buffer.from(gen.outputFiles[0].text).toString('base64')}`);

/** CPU seconds used by finished children of this process (Linux /proc; undefined elsewhere). */
function childrenCpu() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime + cstime, in clock ticks of 1/100 s
  } catch {
    return undefined;
  }
}

function timeRun(args) {
  const cpu0 = childrenCpu();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu1 = childrenCpu();
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { wall, cpu: cpu0 === undefined || cpu1 === undefined ? undefined : (cpu1 - cpu0) * 1000 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The CLI's V8 code cache (src/cli/code-cache.ts), beside the command bundles. */
const codeCache = join(dirname(cli), 'cli-commands', '.v8-cache');

/** `cold`: every run without the code cache, as the first run after a build or an install. */
function measure(args, cold = false) {
  timeRun(args); // warm the file cache (and write the code cache); not counted
  const samples = Array.from({ length: runs }, () => {
    if (cold) rmSync(codeCache, { recursive: true, force: true });
    return timeRun(args);
  });
  const cpus = samples.map((s) => s.cpu).filter((c) => c !== undefined);
  return { wall: median(samples.map((s) => s.wall)), cpu: cpus.length ? median(cpus) : undefined };
}

const dir = mkdtempSync(join(tmpdir(), 'tm-bench-cli-'));
const rows = [];
try {
  const node = measure(['-e', '0']);
  rows.push(['node -e 0', '-', node]);
  for (const n of sizes) {
    const file = join(dir, `m${n}.threatmodel.yaml`);
    writeFileSync(file, generateModel(n));
    if (n === sizes[0]) rows.push(['threatmodel validate, first run (no code cache)', n, measure([cli, 'validate', file], true)]);
    rows.push(['threatmodel validate', n, measure([cli, 'validate', file])]);
    rows.push(['threatmodel analyze --format json', n, measure([cli, 'analyze', '--format', 'json', file])]);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const ms = (x) => (x === undefined ? '-' : `${Math.round(x)}`);
console.log(`\nCLI as whole processes (${cli}), medians of ${runs} runs after one warm-up:\n`);
console.log('| command | components | wall ms | CPU ms |');
console.log('|---|---:|---:|---:|');
for (const [cmd, n, m] of rows) console.log(`| ${cmd} | ${typeof n === 'number' ? n.toLocaleString('en-US') : n} | ${ms(m.wall)} | ${ms(m.cpu)} |`);
