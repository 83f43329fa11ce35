/**
 * The browser and editor tests find a browser the usual way (CHROME_PATH, PATH, then the places installers
 * use) and, when there is none, say what to install.
 */
import { describe, expect, it } from 'vitest';
import { findBrowser, missingBrowserMessage, requireBrowser } from '../../scripts/lib/find-browser.cjs';

const only = (...files: string[]) => (f: string) => files.includes(f);

describe('finding a browser for the tests', () => {
  it('CHROME_PATH wins over everything else', () => {
    const found = findBrowser({ env: { CHROME_PATH: '/opt/my/chrome', PATH: '/usr/bin' }, platform: 'linux', exists: only('/opt/my/chrome', '/usr/bin/chromium') });
    expect(found).toEqual({ path: '/opt/my/chrome', from: 'CHROME_PATH' });
  });

  it('a CHROME_PATH that names no file is reported, not silently replaced by another browser', () => {
    const found = findBrowser({ env: { CHROME_PATH: '/typo/chrome', PATH: '/usr/bin' }, platform: 'linux', exists: only('/usr/bin/chromium') });
    expect(found.path).toBeUndefined();
    expect(missingBrowserMessage(found)).toContain('CHROME_PATH=/typo/chrome is not an executable file');
  });

  it('then the browsers on PATH, in the usual names', () => {
    const found = findBrowser({ env: { PATH: '/home/me/bin:/usr/local/bin' }, platform: 'linux', exists: only('/usr/local/bin/google-chrome-stable') });
    expect(found).toEqual({ path: '/usr/local/bin/google-chrome-stable', from: 'PATH' });
  });

  it('then the default install locations (snap on Linux, the app bundle on macOS)', () => {
    expect(findBrowser({ env: { PATH: '' }, platform: 'linux', exists: only('/snap/bin/chromium') }).path).toBe('/snap/bin/chromium');
    expect(findBrowser({ env: {}, platform: 'darwin', exists: only('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome') }).path)
      .toBe('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
  });

  it('with no browser anywhere, the error says what to install and how to point at one', () => {
    expect(() => requireBrowser({ env: { PATH: '/usr/bin' }, platform: 'linux', exists: () => false }))
      .toThrow(/apt-get install chromium[\s\S]*CHROME_PATH=/);
  });
});
