// Runs the extension-host mocha suite (test/host, bundled by build-host.mjs) inside code-server's real extension
// host: the workbench URL carries `extensionTestsPath`, the suite's run() settles, and the workbench calls
// window.codeAutomationExit(code). Mocha's lines arrive through window.codeAutomationLog.
// Ends with `host: N passed, M failed` (run.sh sums it).
'use strict';
const util = require('util');
const path = require('path');
const fs = require('fs');
const { launch, env, workbenchUrl } = require('./lib/browser');
const { freshWorkspace } = require('./lib/workspace');

const SUITE_TIMEOUT_MS = Number(process.env.E2E_HOST_TIMEOUT_MS || 240000);

(async () => {
  const browser = await launch();
  const log = fs.createWriteStream(path.join(env.out, 'host-tests.log'));
  let summary;
  let code = 'no result';
  try {
    const page = await browser.newPage();
    let exit;
    const done = new Promise((resolve) => { exit = resolve; });
    await page.exposeFunction('codeAutomationExit', (c) => exit(c));
    await page.exposeFunction('codeAutomationLog', (_level, args) => {
      const line = util.format(...(args || []));
      log.write(line + '\n');
      // The suite's reporter prefixes its own lines, so only they reach the console.
      for (const l of line.split('\n')) {
        const m = /^\[host\] (.*)$/.exec(l);
        if (!m) continue;
        const s = /^host: (\d+) passed, (\d+) failed/.exec(m[1]);
        if (s) summary = { passed: Number(s[1]), failed: Number(s[2]) };
        else console.log(m[1]);
      }
    });
    page.on('pageerror', (e) => log.write(`[pageerror] ${e.message}\n`));
    await page.setViewportSize({ width: 1400, height: 900 });
    const folder = freshWorkspace('host');
    await page.goto(workbenchUrl(folder, path.join(env.out, 'host', 'index')), { timeout: 60000 });
    code = await Promise.race([done, new Promise((r) => setTimeout(() => r('timeout'), SUITE_TIMEOUT_MS))]);
    if (code !== 0) await page.screenshot({ path: path.join(env.out, 'host-tests-failure.png') }).catch(() => {});
  } finally {
    log.end();
    await browser.close().catch(() => {});
  }
  if (code === 'timeout') console.log(`✗ the extension-host suite did not finish within ${SUITE_TIMEOUT_MS} ms`);
  if (!summary) summary = { passed: 0, failed: 1 };
  else if (code !== 0 && summary.failed === 0) summary.failed = 1;
  console.log(`host: ${summary.passed} passed, ${summary.failed} failed`);
  process.exit(code === 0 && summary.failed === 0 ? 0 : 1);
})().catch((e) => { console.log(`✗ host tests: ${e && e.stack || e}`); console.log('host: 0 passed, 1 failed'); process.exit(1); });
