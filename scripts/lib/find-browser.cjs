// Finds a Chromium-family browser for the browser and editor tests, the usual way: an environment variable
// first (CHROME_PATH, the name Lighthouse, Karma and Puppeteer users know; E2E_CHROMIUM, this repository's
// older name), then the places Debian, Ubuntu, Fedora, snap, Homebrew and the Chrome installers put one.
// CommonJS so that the e2e runner (plain node), the vitest harness and scripts/test.mjs share it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** Flags every launch uses: no sandbox (containers run as root), no GPU, nothing that phones home. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

const ENV_VARS = ['CHROME_PATH', 'E2E_CHROMIUM'];
const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
const FIXED = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/opt/google/chrome/chrome'],
  darwin: ['/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'],
  win32: [`${process.env.PROGRAMFILES || 'C:\\Program Files'}\\Google\\Chrome\\Application\\chrome.exe`,
    `${process.env['PROGRAMFILES(X86)'] || 'C:\\Program Files (x86)'}\\Google\\Chrome\\Application\\chrome.exe`],
};

function isExecutable(file) {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The browser to launch, or undefined. An environment variable that names a missing file is not silently
 * skipped: `where` says so, and the caller reports it (a typo in CHROME_PATH should not run another browser).
 * @param {{ env?: NodeJS.ProcessEnv, platform?: string, exists?: (f: string) => boolean }} [opts]
 * @returns {{ path?: string, from: string, problem?: string }}
 */
function findBrowser(opts = {}) {
  const env = opts.env || process.env;
  const platform = opts.platform || process.platform;
  const ok = opts.exists || isExecutable;
  for (const v of ENV_VARS) {
    const p = env[v];
    if (!p) continue;
    return ok(p) ? { path: p, from: v } : { from: v, problem: `${v}=${p} is not an executable file` };
  }
  const dirs = (env.PATH || '').split(path.delimiter).filter(Boolean);
  for (const name of NAMES) {
    for (const d of dirs) {
      const p = path.join(d, platform === 'win32' ? `${name}.exe` : name);
      if (ok(p)) return { path: p, from: 'PATH' };
    }
  }
  for (const p of FIXED[platform] || []) if (ok(p)) return { path: p, from: 'default location' };
  return { from: 'none' };
}

/** What to do when no browser is found: one message that names every way out. */
function missingBrowserMessage(found) {
  const why = found && found.problem ? `${found.problem}.` : 'No Chromium or Chrome found (CHROME_PATH unset, none on PATH or in the usual places).';
  return [
    `${why} The browser tests and the editor tests need one.`,
    '  Debian/Ubuntu: sudo apt-get install chromium   (npm test installs it itself when run as root)',
    '  Fedora: sudo dnf install chromium   macOS: brew install --cask chromium',
    '  or point CHROME_PATH at an installed Chromium or Chrome: CHROME_PATH=/path/to/chrome npm test',
  ].join('\n');
}

/** The path, or an Error carrying missingBrowserMessage: for the test harnesses. */
function requireBrowser(opts) {
  const found = findBrowser(opts);
  if (!found.path) throw new Error(missingBrowserMessage(found));
  return found.path;
}

module.exports = { findBrowser, requireBrowser, missingBrowserMessage, CHROMIUM_ARGS };
