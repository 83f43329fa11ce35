// What `npm test` prepares before the first test that needs it, so that a fresh machine passes on the first
// run with no other command before it: a browser for the browser tests (vitest, test/browser) and, through
// e2e/run.sh → e2e/setup.sh, the editor toolchain for the editor tests.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { findBrowser, missingBrowserMessage } = require('./find-browser.cjs');

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const hasAptGet = () => spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;

/**
 * Finds a browser; when there is none and this is a Debian-family machine where we are root (a CI runner,
 * a container), installs Debian's chromium. Exports CHROME_PATH so every test process (vitest's workers,
 * the editor tests) launches the same one. Without a browser the tests still run and the browser tests fail
 * with the message below, which says what to install.
 * @returns {string | undefined} the browser's path
 */
export function ensureBrowser(log = (m) => console.error(m)) {
  let found = findBrowser();
  if (!found.path && !found.problem && process.platform === 'linux' && isRoot() && hasAptGet()) {
    log('npm test: no browser found; installing Debian\'s chromium for the browser and editor tests (apt-get)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    const install = update.status === 0 && spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (!install || install.status !== 0) log('npm test: apt-get could not install chromium.');
    found = findBrowser();
  }
  if (found.path) {
    process.env.CHROME_PATH = found.path;
    return found.path;
  }
  log(`npm test: ${missingBrowserMessage(found)}`);
  return undefined;
}
