/**
 * Runs the built CLI (or the extension's analysis worker) in a child process with a heap cap, and reports its
 * peak memory: how the audit's reproducers are held to "bounded time and memory" (issue 15). The bundles are
 * built afresh by the repository's own build into a temporary folder, so the test never reads a stale dist/.
 * Times are never asserted; the child's timeout is only a hang guard.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The V8 heap cap the children run under: a reproducer that needs more dies instead of passing. */
export const HEAP_CAP_MB = 400;
/** The whole process (heap, code, buffers) must stay under this. */
export const PEAK_RSS_LIMIT_MB = 500;

export interface ChildResult {
  /** Exit code, or null when the child was killed (heap exhausted, hang guard). */
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  peakRssMb: number;
  ms: number;
}

let built: string | undefined;

/** uid and gid of `nobody`: as root, file permissions do not apply, so a child that must meet them runs as nobody. */
const NOBODY = 65534;

export interface ChildOptions {
  /** Give the child a stdin pipe that is never closed. */
  stdin?: 'pipe-open';
  /** When the tests run as root, run the child as `nobody`, so that permissions apply as they do for a user. */
  asNobody?: boolean;
  timeoutMs?: number;
}

/** Builds dist/ into a temporary folder once per test file; returns that folder. */
export function buildOnce(): string {
  if (built) return built;
  const out = mkdtempSync(join(tmpdir(), 'tm-bounded-dist-'));
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--outdir', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  // Preloaded into the child: prints its peak resident set on the way out, whatever the exit path.
  chmodSync(out, 0o755); // readable by a child running as nobody
  writeFileSync(join(out, 'peak-rss.cjs'), "process.on('exit', () => { require('node:fs').writeSync(2, `\\npeak-rss-kb ${process.resourceUsage().maxRSS}\\n`); });\n");
  built = out;
  return out;
}

/** Removes the build (call from afterAll). */
export function removeBuild(): void {
  if (built) rmSync(built, { recursive: true, force: true });
  built = undefined;
}

function run(args: string[], cwd: string, opts: ChildOptions = {}): Promise<ChildResult> {
  const out = buildOnce();
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_CAP_MB}`, '-r', join(out, 'peak-rss.cjs'), ...args], {
      cwd, stdio: [opts.stdin === 'pipe-open' ? 'pipe' : 'ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' },
      ...(opts.asNobody && process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    let stdout = '';
    let stderr = '';
    let stdoutBytes = 0;
    child.stdout!.on('data', (d: Buffer) => {
      stdoutBytes += d.length;
      if (stdout.length < 1_000_000) stdout += d.toString('utf8');
    });
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
    const guard = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 150_000);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      const m = /\npeak-rss-kb (\d+)\n/.exec(stderr);
      resolve({
        code, signal, stdout: stdoutBytes > stdout.length ? `${stdout}\n[${stdoutBytes} bytes in all]` : stdout,
        stderr: stderr.replace(/\npeak-rss-kb \d+\n/, ''), peakRssMb: m ? Math.round(Number(m[1]) / 1024) : Number.NaN,
        ms: performance.now() - started,
      });
    });
  });
}

/** `threatmodel <args>` from the fresh build, in `cwd`. */
export function cliChild(args: string[], cwd: string, opts: ChildOptions = {}): Promise<ChildResult> {
  return run([join(buildOnce(), 'cli.js'), ...args], cwd, opts);
}

/** The extension's analysis (`runJob` of dist/analysis-worker.js) on a request, printing its problem codes. */
export function workerChild(request: object, cwd: string): Promise<ChildResult> {
  const worker = join(buildOnce(), 'analysis-worker.js');
  const script = `const r = require(${JSON.stringify(worker)}).runJob(${JSON.stringify(request)}); console.log(JSON.stringify(r.problems.map((p) => p.code)));`;
  return run(['-e', script], cwd);
}
