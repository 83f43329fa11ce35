/**
 * The CLI loads its command bundles with a V8 code cache (src/cli/code-cache.ts). What users rely on: the
 * command runs the same with or without a cache, the second run uses the cache the first wrote, a rebuilt
 * bundle never meets a cache made from other source, and a corrupt or unwritable cache only costs speed.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_DIR } from '../../src/cli/code-cache';

let dir: string;
let runner: string;
let bundle: string;

/** One process loading `bundle` through the cache, as dist/cli.js does; prints the result and lastLoad. */
function run(): { answer: number; cacheFound: boolean; cacheUsed: boolean } {
  const r = spawnSync(process.execPath, [runner, bundle], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { answer: number; cacheFound: boolean; cacheUsed: boolean };
}

const cacheFiles = () => readdirSync(join(dir, CACHE_DIR)).filter((f) => f.endsWith('.bin'));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tm-code-cache-'));
  bundle = join(dir, 'command.js');
  // A bundle big enough for V8 to cache something, with a function that runs only when called.
  writeFileSync(bundle, `exports.answer = () => ${Array.from({ length: 200 }, (_, i) => `(${i} % 1)`).join(' + ')} + 42;\n`);
  runner = join(dir, 'runner.cjs');
  await build({
    stdin: { contents: `const c = require('./src/cli/code-cache.ts'); const m = c.requireWithCodeCache(process.argv[2]);\nconsole.log(JSON.stringify({ answer: m.answer(), cacheFound: c.lastLoad.cacheFound, cacheUsed: c.lastLoad.cacheUsed }));`, resolveDir: process.cwd(), loader: 'js' },
    bundle: true, platform: 'node', format: 'cjs', outfile: runner, logLevel: 'warning',
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('command bundles load through a V8 code cache', () => {
  it('writes the cache on the first run and uses it on the second, with the same result', () => {
    expect(run()).toEqual({ answer: 42, cacheFound: false, cacheUsed: false });
    expect(cacheFiles()).toHaveLength(1);
    expect(run()).toEqual({ answer: 42, cacheFound: true, cacheUsed: true });
  });

  it('a rebuilt bundle gets a cache of its own and the old one is removed', () => {
    writeFileSync(bundle, readFileSync(bundle, 'utf8').replace('+ 42', '+ 43'));
    utimesSync(bundle, new Date(), new Date(Date.now() + 5000));
    const before = cacheFiles();
    expect(run()).toEqual({ answer: 43, cacheFound: false, cacheUsed: false });
    const after = cacheFiles();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before[0]);
    expect(run().cacheUsed).toBe(true);
  });

  it('a corrupt cache is rejected, the command still runs, and the cache is written again', () => {
    const file = join(dir, CACHE_DIR, cacheFiles()[0]!);
    writeFileSync(file, Buffer.alloc(readFileSync(file).length, 7));
    expect(run()).toEqual({ answer: 43, cacheFound: true, cacheUsed: false });
    expect(run()).toEqual({ answer: 43, cacheFound: true, cacheUsed: true });
  });

  it('an unwritable cache folder only costs speed', () => {
    if (process.getuid?.() === 0) {
      // root writes through any mode; a file where the folder should be stops mkdir for everyone.
      rmSync(join(dir, CACHE_DIR), { recursive: true, force: true });
      writeFileSync(join(dir, CACHE_DIR), 'not a folder');
    } else {
      rmSync(join(dir, CACHE_DIR), { recursive: true, force: true });
      chmodSync(dir, 0o555);
    }
    try {
      expect(run()).toEqual({ answer: 43, cacheFound: false, cacheUsed: false });
      expect(run()).toEqual({ answer: 43, cacheFound: false, cacheUsed: false });
    } finally {
      chmodSync(dir, 0o755);
      rmSync(join(dir, CACHE_DIR), { force: true });
    }
  });
});
