// Benchmark of `threatmodel discover` (the discover rows of `npm run bench`): a generated repository of
// 10,000 files (nested source folders, a manifest of every kind every few folders, MCP configurations, a
// package-lock.json of 2,000 packages) plus a node_modules tree of 3,000 files that discovery skips. Runs the
// CLI as new node processes, as a CI gate runs it: `discover --format json`, and `--model --fail-on-drift`.
// Wall-clock and CPU medians, next to `node -e 0`. The budget (docs/discover.md) is 2 s for 10,000 files.
//   node scripts/bench-discover.mjs [--cli dist/cli.js] [--runs 7] [--files 10000]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const cli = resolve(arg('--cli', 'dist/cli.js'));
const runs = Number(arg('--runs', '7'));
const total = Number(arg('--files', '10000'));

const MANIFESTS = [
  ['package.json', (i) => JSON.stringify({ name: `pkg-${i}`, dependencies: { openai: '^4', zod: '^3', [`lib-${i}`]: '1' }, devDependencies: { typescript: '^5' } }, null, 2)],
  ['requirements.txt', (i) => `anthropic>=0.30\nqdrant-client==1.10\nfastapi\nlib-${i}==1.0\n`],
  ['pyproject.toml', (i) => `[project]\nname = "svc-${i}"\ndependencies = [\n  "langchain-core",\n  "pydantic>=2",\n]\n`],
  ['go.mod', (i) => `module example.com/m${i}\n\ngo 1.22\n\nrequire (\n\tgithub.com/pgvector/pgvector-go v0.2.0\n\tgithub.com/x/y${i} v1.0.0 // indirect\n)\n`],
  ['Cargo.toml', (i) => `[package]\nname = "c${i}"\n[dependencies]\nasync-openai = "0.23"\nserde = "1"\n`],
  ['pom.xml', (i) => `<project><dependencies><dependency><groupId>com.anthropic</groupId><artifactId>anthropic-java</artifactId></dependency><dependency><groupId>g${i}</groupId><artifactId>a</artifactId></dependency></dependencies></project>\n`],
];

/** Writes the repository; returns how many files it holds outside node_modules. */
function generate(root) {
  let files = 0;
  const write = (path, text) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    files++;
  };
  const lock = { name: 'root', lockfileVersion: 3, packages: { '': { dependencies: { openai: '^4', '@pinecone-database/pinecone': '^3' } } } };
  for (let i = 0; i < 2000; i++) lock.packages[`node_modules/dep-${i}`] = { version: '1.0.0', resolved: `https://registry.npmjs.org/dep-${i}/-/dep-${i}-1.0.0.tgz`, integrity: `sha512-${'x'.repeat(86)}==` };
  write(join(root, 'package-lock.json'), JSON.stringify(lock, null, 2));
  write(join(root, '.mcp.json'), JSON.stringify({ mcpServers: { github: { command: 'npx', env: { GITHUB_TOKEN: 'x' } } } }));
  write(join(root, '.vscode', 'mcp.json'), '{ // servers\n "servers": { "db": { "type": "stdio", "command": "docker" } } }\n');
  for (let i = 0; files < total; i++) {
    const dir = join(root, `area-${i % 20}`, `module-${i}`, 'src', i % 3 === 0 ? 'nested/deeper' : 'lib');
    if (i % 5 === 0) {
      const [name, text] = MANIFESTS[(i / 5) % MANIFESTS.length];
      write(join(root, `area-${i % 20}`, `module-${i}`, name), text(i));
    }
    for (let f = 0; f < 9 && files < total; f++) write(join(dir, `file-${f}.${f % 2 ? 'ts' : 'py'}`), `// module ${i} file ${f}\nexport const x${f} = ${f};\n`);
  }
  for (let i = 0; i < 3000; i++) {
    const dir = join(root, 'node_modules', `dep-${i % 300}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, i < 300 ? 'package.json' : `f${i}.js`), i < 300 ? '{"dependencies":{"cohere-ai":"1"}}' : '0');
  }
  return files;
}

function childrenCpu() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
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
  return { wall, cpu: cpu0 === undefined || cpu1 === undefined ? undefined : (cpu1 - cpu0) * 1000, stdout: r.stdout };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function measure(args) {
  timeRun(args); // warm the file cache; not counted
  const samples = Array.from({ length: runs }, () => timeRun(args));
  const cpus = samples.map((s) => s.cpu).filter((c) => c !== undefined);
  return { wall: median(samples.map((s) => s.wall)), cpu: cpus.length ? median(cpus) : undefined, stdout: samples[0].stdout };
}

const root = mkdtempSync(join(tmpdir(), 'tm-bench-discover-'));
const rows = [];
let files;
try {
  files = generate(root);
  const model = join(root, 'system.threatmodel.yaml');
  writeFileSync(model, 'threatmodel: 1\nsystem:\n  name: Bench\ncomponents:\n  - id: chat\n    kind: model-endpoint\n    model: gpt-4.1\n');
  rows.push(['node -e 0', measure(['-e', '0'])]);
  const json = measure([cli, 'discover', root, '--format', 'json']);
  const stats = JSON.parse(json.stdout).stats;
  if (stats.files !== files + 1) throw new Error(`discovery saw ${stats.files} files, expected ${files + 1} (node_modules must be skipped)`);
  rows.push([`threatmodel discover --format json (${stats.manifests} manifests)`, json]);
  rows.push(['threatmodel discover --model --fail-on-drift', measure([cli, 'discover', root, '--model', model, '--fail-on-drift'])]);
} finally {
  rmSync(root, { recursive: true, force: true });
}

const ms = (x) => (x === undefined ? '-' : `${Math.round(x)}`);
console.log(`\nthreatmodel discover on a generated repository of ${files.toLocaleString('en-US')} files (+3,000 in node_modules, skipped), medians of ${runs} runs after one warm-up (budget 2,000 ms):\n`);
console.log('| command | wall ms | CPU ms |');
console.log('|---|---:|---:|');
for (const [cmd, m] of rows) console.log(`| ${cmd} | ${ms(m.wall)} | ${ms(m.cpu)} |`);
