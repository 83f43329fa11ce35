// The README's `npm test`: unit and browser tests (vitest), then the editor end-to-end suites
// (code-server + Chromium). Ends with one line `N passed, N failed` over everything.
// On a fresh machine it first prepares what the tests need (see scripts/lib/prepare-tests.mjs): a browser now,
// the editor toolchain when the editor tests start (e2e/run.sh runs e2e/setup.sh when it is missing).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { ensureBrowser } from './lib/prepare-tests.mjs';

ensureBrowser();

let passed = 0;
let failed = 0;

const resultsFile = '.vitest-results.json';
rmSync(resultsFile, { force: true });
const vitest = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`], { stdio: 'inherit' });
if (existsSync(resultsFile)) {
  const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests + (r.numTotalTestSuites > 0 && r.testResults.some((f) => f.status === 'failed' && f.assertionResults.length === 0) ? 1 : 0);
} else {
  failed += 1;
}
if (vitest.status !== 0 && failed === 0) failed += 1; // a crash or a suite that failed to load

// The security-test end-to-end check: promptfoo's CLI against a vulnerable and a fixed target on 127.0.0.1
// (test/promptfoo/run.mjs; installs promptfoo into the editor-test tool cache on first use, fails if it cannot).
if (existsSync('test/promptfoo/run.mjs') && !process.argv.includes('--unit')) {
  const pf = spawnSync(process.execPath, ['test/promptfoo/run.mjs'], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', timeout: 30 * 60_000 });
  process.stdout.write(pf.stdout ?? '');
  const m = /promptfoo-e2e: (\d+) passed, (\d+) failed/.exec(pf.stdout ?? '');
  if (m) { passed += Number(m[1]); failed += Number(m[2]); }
  if (!m || (pf.status !== 0 && Number(m?.[2] ?? 0) === 0)) failed += 1;
}

if (existsSync('e2e/run.sh') && !process.argv.includes('--unit')) {
  const e2e = spawnSync('bash', ['e2e/run.sh'], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  process.stdout.write(e2e.stdout ?? '');
  const m = /e2e: (\d+) passed, (\d+) failed/.exec(e2e.stdout ?? '');
  if (m) { passed += Number(m[1]); failed += Number(m[2]); }
  if (!m || (e2e.status !== 0 && Number(m?.[2] ?? 0) === 0)) failed += 1;
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
