// Runs one UI test file: `node e2e/lib/ui-runner.js e2e/ui/<name>.e2e.js`.
// Prints `✔ title` / `✗ title` per test and ends with `ui: N passed, M failed` (run.sh sums these lines).
// A failing test leaves a screenshot in e2e/.run/screenshots/<file>-failure-<n>.png.
'use strict';
const path = require('path');
const fs = require('fs');
const { launch, env } = require('./browser');
const { freshWorkspace } = require('./workspace');
const wb = require('./workbench');
const { tests } = require('./ui');

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

async function main() {
  const file = path.resolve(process.argv[2]);
  const name = path.basename(file).replace(/\.e2e\.js$/, '');
  require(file);
  let passed = 0;
  let failed = 0;
  const browser = await launch();
  const log = fs.createWriteStream(path.join(env.out, `ui-${name}.console.log`));
  try {
    const page = await browser.newPage();
    page.on('console', (m) => log.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => log.write(`[pageerror] ${e.message}\n`));
    const folder = freshWorkspace(`ui-${name}`);
    try {
      await withTimeout(wb.openWorkbench(page, folder), 90000, 'opening the workbench');
    } catch (e) {
      console.log(`✗ ${name}: the workbench did not open: ${e.message}`);
      await wb.screenshot(page, `${name}-failure-open`).catch(() => {});
      failed = Math.max(1, tests.length);
      return { passed, failed };
    }
    for (const [i, t] of tests.entries()) {
      const started = Date.now();
      try {
        await withTimeout(t.fn({ page, folder, wb }), t.timeout, t.title);
        passed++;
        console.log(`  ✔ ${name} › ${t.title} (${Date.now() - started} ms)`);
      } catch (e) {
        failed++;
        console.log(`  ✗ ${name} › ${t.title}\n    ${String(e && e.stack || e).split('\n').slice(0, 6).join('\n    ')}`);
        await wb.screenshot(page, `${name}-failure-${i + 1}`).catch(() => {});
      }
    }
  } finally {
    log.end();
    await browser.close().catch(() => {});
  }
  return { passed, failed };
}

main().then(
  ({ passed, failed }) => { console.log(`ui: ${passed} passed, ${failed} failed`); process.exit(failed ? 1 : 0); },
  (e) => { console.log(`✗ ${process.argv[2]}: ${e && e.stack || e}`); console.log('ui: 0 passed, 1 failed'); process.exit(1); },
);
