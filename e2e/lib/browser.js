// Shared by every editor test: launch Chromium (found by scripts/lib/find-browser.cjs) through playwright-core and build the workbench URL.
// The extension under test is loaded from the source folder through the URL payload, which a built workbench
// honours only because run.sh starts code-server with `--vscode-option enable-smoke-test-driver`.
'use strict';
const { chromium } = require('playwright-core');
const { CHROMIUM_ARGS, requireBrowser } = require('../../scripts/lib/find-browser.cjs');

const env = {
  url: process.env.E2E_URL,          // http://127.0.0.1:PORT
  ext: process.env.E2E_EXT,          // the repository root (extensionDevelopmentPath)
  out: process.env.E2E_OUT,          // e2e/.run: logs, screenshots, per-file workspaces
  workspace: process.env.E2E_WORKSPACE_SRC, // e2e/workspace: the fixture folder each test file gets a copy of
};
for (const [k, v] of Object.entries(env)) if (!v) throw new Error(`e2e: ${k} is not set; run the tests through e2e/run.sh`);

function launch() {
  return chromium.launch({
    executablePath: requireBrowser(), // CHROME_PATH (or E2E_CHROMIUM), PATH, then the usual locations
    headless: true,
    timeout: 30000,
    args: CHROMIUM_ARGS,
  });
}

/** The workbench URL for a folder, with the extension (and optionally an extension-host test entry) loaded. */
function workbenchUrl(folder, testsPath) {
  const authority = new URL(env.url).host;
  const payload = [['extensionDevelopmentPath', `vscode-remote://${authority}${env.ext}`]];
  if (testsPath) payload.push(['extensionTestsPath', `vscode-remote://${authority}${testsPath}`]);
  return `${env.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

module.exports = { env, launch, workbenchUrl };
