// Playwright helpers for the VS Code workbench served by code-server. Every wait is on something visible in
// the DOM, with a timeout, never a fixed sleep; the palette is retried because it sometimes closes right after
// opening in a fresh workbench.
'use strict';
const fs = require('fs');
const path = require('path');
const { env, workbenchUrl } = require('./browser');

const QUICK_INPUT = '.quick-input-widget';

/** Opens the workbench on a folder and waits until it is usable. */
async function openWorkbench(page, folder) {
  await page.setViewportSize({ width: 1400, height: 900 });
  page.setDefaultTimeout(20000);
  await page.goto(workbenchUrl(folder), { timeout: 60000 });
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60000 });
  // The explorer has loaded the folder once its tree has rows: the workbench is ready for input.
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
}

async function retry(times, what, fn) {
  let last;
  for (let i = 0; i < times; i++) {
    try { return await fn(i); } catch (e) { last = e; }
  }
  throw new Error(`${what} failed after ${times} attempts: ${last && last.message}`);
}

/** Runs a command from the command palette by its exact title (`File: Save`, not `File: Save All`; a trailing `…` may be left out). */
async function palette(page, title) {
  await retry(3, `palette '${title}'`, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator(`${QUICK_INPUT} input`);
    await input.waitFor({ state: 'visible', timeout: 5000 });
    await input.fill(`>${title}`);
    const row = page.locator(`${QUICK_INPUT} .monaco-list-row`)
      .filter({ has: page.locator('.label-name', { hasText: exactly(title, '…?') }) }).first();
    await row.waitFor({ state: 'visible', timeout: 5000 });
    await row.click();
  });
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
}

/** A regular expression matching exactly `text` (plus an optional regex `suffix`, e.g. a trailing ellipsis). */
function exactly(text, suffix = '') {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${suffix}$`);
}

/** Opens a workspace file (by its exact name) with Quick Open and waits for its editor tab. */
async function openFile(page, name) {
  await retry(3, `open '${name}'`, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    const input = page.locator(`${QUICK_INPUT} input`);
    await input.waitFor({ state: 'visible', timeout: 5000 });
    await input.fill(name);
    const row = page.locator(`${QUICK_INPUT} .monaco-list-row`).filter({ has: page.locator('.label-name', { hasText: exactly(name) }) }).first();
    await row.waitFor({ timeout: 5000 });
    await row.click();
    await page.locator(`.tab.active[data-resource-name="${name}"]`).waitFor({ timeout: 10000 });
  });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
}

/**
 * Answers an open quick input with text, then Enter. `prompt`: text the input shows (its title or prompt),
 * to make sure the answer goes to the right one of several inputs shown one after another.
 */
async function answerQuickInput(page, text, prompt) {
  const widget = prompt ? page.locator(QUICK_INPUT, { hasText: prompt }) : page.locator(QUICK_INPUT);
  await widget.waitFor({ state: 'visible' });
  const input = page.locator(`${QUICK_INPUT} input`);
  await input.fill(text);
  await input.press('Enter');
  if (prompt) await page.locator(QUICK_INPUT, { hasText: prompt }).waitFor({ state: 'hidden' });
}

/** Picks the quick-pick row whose label contains text. */
async function pickQuickInput(page, text) {
  const row = page.locator(`${QUICK_INPUT} .monaco-list-row`, { hasText: text }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
}

/** The rows of the Problems panel (opens it), as their text. */
async function problemRows(page) {
  await palette(page, 'Problems: Focus on Problems View');
  const rows = page.locator('.markers-panel .monaco-list-row');
  await rows.first().waitFor({ timeout: 20000 });
  return rows.allTextContents();
}

/** Waits until some Problems panel row contains text. */
async function waitForProblem(page, text, timeout = 20000) {
  await page.locator('.markers-panel .monaco-list-row', { hasText: text }).first().waitFor({ timeout });
}

/** Puts the cursor on a 1-based line and column with "Go to Line/Column". */
async function goTo(page, line, column = 1) {
  await retry(3, `go to ${line}:${column}`, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+G');
    const input = page.locator(`${QUICK_INPUT} input`);
    await input.waitFor({ state: 'visible', timeout: 5000 });
    await input.fill(`:${line}:${column}`);
    await input.press('Enter');
    await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 5000 });
  });
}

/** Text of the visible editor lines (monaco renders only what is on screen). */
async function visibleEditorText(page) {
  const lines = await page.locator('.editor-instance .monaco-editor .view-lines .view-line').allTextContents();
  return lines.map((l) => l.replace(/\u00a0/g, ' ')).join('\n');
}

/** Texts of the notification center (info messages do not always show as toasts in headless runs). */
async function notifications(page) {
  await palette(page, 'Notifications: Show Notifications');
  const items = page.locator('.notifications-center .notification-list-item');
  await items.first().waitFor({ timeout: 10000 }).catch(() => {});
  return items.allTextContents();
}

/** Saves a screenshot to e2e/.run/screenshots (and to docs/images when E2E_UPDATE_DOCS_IMAGES=1). */
async function screenshot(page, name, locator) {
  const dir = path.join(env.out, 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await (locator || page).screenshot({ path: file });
  if (process.env.E2E_UPDATE_DOCS_IMAGES === '1') {
    const docs = path.join(env.ext, 'docs', 'images');
    fs.mkdirSync(docs, { recursive: true });
    fs.copyFileSync(file, path.join(docs, `${name}.png`));
  }
  return file;
}

/**
 * Accepts code-server's save dialog (a quick input holding the proposed path) once the path ends with `name`:
 * the dialog may show the folder first and fill in the file name a moment later.
 */
async function acceptSaveDialog(page, name) {
  const input = page.locator(`${QUICK_INPUT} input`);
  await input.waitFor({ state: 'visible' });
  let proposed = await input.inputValue();
  for (const until = Date.now() + 10000; !proposed.endsWith(name) && Date.now() < until;) {
    await page.waitForTimeout(100);
    proposed = await input.inputValue();
  }
  if (!proposed.endsWith(name)) throw new Error(`unexpected proposed path: ${proposed}`);
  await input.press('Enter');
}

/** The editor line (a `.view-line`) whose text contains `text`. */
function line(page, text) {
  return page.locator('.editor-instance .view-lines .view-line', { hasText: text }).first();
}

/** Opens the light bulb's menu at the cursor (clicks the bulb; Ctrl+. if it is not drawn yet). */
async function openQuickFixes(page) {
  const bulb = page.locator('.lightBulbWidget .codicon').first();
  try {
    await bulb.waitFor({ state: 'visible', timeout: 5000 });
    await bulb.click();
  } catch {
    await page.keyboard.press('Control+.');
  }
  const menu = page.locator('.action-widget').first();
  await menu.waitFor({ state: 'visible' });
  return menu;
}

module.exports = {
  openWorkbench, palette, openFile, answerQuickInput, pickQuickInput, problemRows, waitForProblem, goTo,
  visibleEditorText, notifications, screenshot, retry, acceptSaveDialog, line, openQuickFixes, QUICK_INPUT,
};
