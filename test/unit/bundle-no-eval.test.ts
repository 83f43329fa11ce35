/**
 * No code is compiled from strings at run time: the bundles the CLI and the extension run (dist/cli.js,
 * dist/extension.js, dist/analysis-worker.js and every chunk they load lazily) contain no `new Function`,
 * no `Function(...)` and no `eval`. The JSON Schema validators are generated at build time (ajv standalone)
 * precisely so that ajv's runtime `new Function` is gone. The test builds the bundles afresh (the same
 * scripts/build.mjs as `npm run build`, into a temporary folder) and scans their text: a token that is not
 * in the text cannot run.
 *
 * The one place that compiles JavaScript itself is the CLI's command loader (src/cli/code-cache.ts): it compiles
 * the CLI's own command bundles from dist/cli-commands with a V8 code cache, as `require` would without one.
 * A test below keeps `vm` compilation confined to that loader in dist/cli.js.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Code from strings, whatever the spelling: `new Function(`, `Function("...")`, `eval(`, `(0, eval)`. */
const FORBIDDEN = [/\bnew\s+Function\s*\(/, /(?<![\w$.])Function\s*\(/, /(?<![\w$.])eval\s*[()]/];

/**
 * Known exception, and the only one: the exceljs chunk still contains the text of bluebird's code generators
 * (promisify, join) and of a setImmediate shim. The build makes bluebird take its closure paths instead
 * (scripts/build.mjs, bluebirdWithoutCodegen) and node has setImmediate, so none of them runs:
 * test/unit/cli-bundles-run.test.ts writes and reads an XLSX register with code generation disallowed. The chunk
 * is imported only when an .xlsx register is written or read (`threatmodel export`/`register import`, the
 * editor's Export…), by a dynamic import (asserted below), never at start-up and never by the analysis worker.
 */
const EXCEPTIONS = new Set(['chunks/exceljs.js']);

/** The bundles whose start-up is measured: nothing here may import exceljs statically. */
const ENTRY_BUNDLES = ['cli.js', 'extension.js', 'analysis-worker.js'];
/** The CLI's commands, each loaded by dist/cli.js when it runs. */
const COMMAND_BUNDLES = ['init', 'validate', 'analyze', 'export', 'diagram', 'register', 'diff', 'tests', 'discover'].map((c) => `cli-commands/${c}.js`);

let out: string;
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []));

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'tm-bundles-'));
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--outdir', out], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
}, 300_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('the built bundles compile no code from strings at run time', () => {
  it('builds the CLI, the extension, the analysis worker and the lazily loaded chunks', () => {
    const built = files(out).map((f) => relative(out, f).replace(/\\/g, '/'));
    for (const b of [...ENTRY_BUNDLES, ...COMMAND_BUNDLES]) expect(built).toContain(b);
    expect(built).toContain('chunks/exceljs.js');
  });

  it('no bundle of the CLI or the extension contains new Function, Function(...) or eval', () => {
    const hits: string[] = [];
    for (const f of files(out)) {
      const name = relative(out, f).replace(/\\/g, '/');
      // The webview bundle runs in the diagram webview under its CSP (no 'unsafe-eval'), not in node.
      if (name === 'webview.js' || name === 'bench.js' || EXCEPTIONS.has(name)) continue;
      const text = readFileSync(f, 'utf8');
      text.split('\n').forEach((line, i) => {
        for (const re of FORBIDDEN) if (re.test(line)) hits.push(`${name}:${i + 1}: ${line.trim().slice(0, 120)}`);
      });
    }
    expect(hits, hits.join('\n')).toEqual([]);
  });

  it('the schema validators are generated code in the bundles, with no ajv compiler left in them', () => {
    for (const b of [...ENTRY_BUNDLES, ...COMMAND_BUNDLES]) {
      const text = readFileSync(join(out, b), 'utf8');
      expect(text, b).not.toMatch(/compileSchema|new Ajv|Ajv2020/);
    }
    // The analysis still validates: the generated functions are there (one per schema), and `validate`,
    // which checks models only, carries only the model's.
    const analyze = readFileSync(join(out, 'cli-commands/analyze.js'), 'utf8');
    expect(analyze).toMatch(/validateModel = /);
    expect(analyze).toMatch(/validateRule = /);
    const validate = readFileSync(join(out, 'cli-commands/validate.js'), 'utf8');
    expect(validate).toMatch(/validateModel = /);
    expect(validate).not.toMatch(/validateRule = /);
  });

  it('compiles with vm only in the command loader of the CLI, and only files of its own dist folder', () => {
    const VM = /\b(runInThisContext|runInNewContext|runInContext|compileFunction|new\s+(vm\.)?Script)\b/;
    for (const f of files(out)) {
      const name = relative(out, f).replace(/\\/g, '/');
      if (name === 'webview.js' || name === 'bench.js' || EXCEPTIONS.has(name)) continue;
      const lines = readFileSync(f, 'utf8').split('\n').filter((l) => VM.test(l) && !/^\s*(\/\/|\*)/.test(l));
      if (name !== 'cli.js') expect(lines, name).toEqual([]);
      else expect(lines.length, lines.join('\n')).toBeGreaterThan(0);
    }
    // Every path the loader is given is a command bundle beside dist/cli.js, spelled out at build time.
    const cli = readFileSync(join(out, 'cli.js'), 'utf8');
    const loads = [...cli.matchAll(/requireWithCodeCache\d*\(([^;]*)\);/g)].map((m) => m[1]!).filter((a) => !a.startsWith('file'));
    expect(loads).toHaveLength(COMMAND_BUNDLES.length);
    for (const a of loads) expect(a).toMatch(/^require\("node:path"\)\.join\(__dirname, "cli-commands", "[a-z]+\.js"\)\)?$/);
  });

  it('each exception still needs to be one, and is only ever imported on demand by the CLI and the extension', () => {
    for (const name of EXCEPTIONS) {
      const text = readFileSync(join(out, name), 'utf8');
      expect(FORBIDDEN.some((re) => re.test(text)), `${name} no longer needs its exception: remove it from EXCEPTIONS`).toBe(true);
      for (const b of [...ENTRY_BUNDLES, ...COMMAND_BUNDLES]) {
        const entry = readFileSync(join(out, b), 'utf8');
        const refs = entry.split('\n').filter((l) => l.includes(`/${name}`));
        // Only on demand (writing or reading an .xlsx register: a require inside a promise callback, which
        // esbuild writes for a dynamic import), never a require at load time.
        for (const l of refs) expect(l, `${b} loads ${name} eagerly`).toMatch(new RegExp(`await Promise\\.resolve\\(\\)\\.then\\(\\(\\) => __toESM\\(require\\("\\.\\.?/${name.replace(/[./]/g, (c) => `\\${c}`)}"\\)\\)\\)`));
        if (b === 'analysis-worker.js') expect(refs, `${b} must not load ${name}`).toEqual([]);
      }
    }
  });
});
