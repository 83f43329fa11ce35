/**
 * The extension-host test entry (runtime: the VS Code extension host). Both launchers call `run()`:
 * e2e/host-tests.js inside code-server, and e2e/electron.mjs through @vscode/test-electron.
 * It runs every `*.test.js` bundled next to it (from test/host/*.test.ts) with mocha's TDD interface.
 * Each line goes to the console with a `[host] ` prefix (the code-server launcher picks those out) and the
 * last line reads `host: N passed, M failed`.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_RUN_END, EVENT_SUITE_BEGIN } = Mocha.Runner.constants;

function say(line: string): void {
  console.log(`[host] ${line}`);
}

/** A plain reporter: one line per test, failures with their message and the first stack lines. */
class HostReporter {
  constructor(runner: Mocha.Runner) {
    let passed = 0;
    let failed = 0;
    runner.on(EVENT_SUITE_BEGIN, (s: Mocha.Suite) => { if (s.title) say(`${s.title}`); });
    runner.on(EVENT_TEST_PASS, (t: Mocha.Test) => { passed++; say(`  ✔ ${t.title} (${t.duration ?? 0} ms)`); });
    runner.on(EVENT_TEST_FAIL, (t: Mocha.Test, err: Error) => {
      failed++;
      say(`  ✗ ${t.fullTitle()}`);
      for (const l of String(err?.stack ?? err).split('\n').slice(0, 8)) say(`      ${l}`);
    });
    runner.once(EVENT_RUN_END, () => say(`host: ${passed} passed, ${failed} failed`));
  }
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 30000, color: false, reporter: HostReporter as unknown as string });
  const dir = __dirname;
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} host test(s) failed`)) : resolve()));
    } catch (err) {
      say(`✗ the suite did not load: ${err instanceof Error ? err.stack : String(err)}`);
      say('host: 0 passed, 1 failed');
      reject(err);
    }
  });
}
