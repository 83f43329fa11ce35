// The UI test API: a file `e2e/ui/<name>.e2e.js` registers tests with `test(title, fn)`; ui-runner.js opens one
// workbench per file on a fresh copy of e2e/workspace and runs the file's tests in order on that page.
'use strict';
const tests = [];

/**
 * Registers a UI test. fn receives { page, folder, wb } where wb is ./workbench (palette, openFile ...).
 * options.timeout: ms before the test fails (default 60000).
 */
function test(title, fn, options = {}) {
  tests.push({ title, fn, timeout: options.timeout || 60000 });
}

module.exports = { test, tests };
