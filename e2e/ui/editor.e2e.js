// UI tests of the editor features in the real workbench: a template opened from the palette, the Problems
// panel, CodeLens, the Threats view, hovers, completion and quick fixes from the light bulb. The screenshots
// they take are the README's pictures (E2E_UPDATE_DOCS_IMAGES=1 copies them to docs/images/).
'use strict';
const fs = require('fs');
const path = require('path');
const { test } = require('../lib/ui');

const { env } = require('../lib/browser');
const { line, openQuickFixes } = require('../lib/workbench');

const TEMPLATE_FILE = 'rag-support-assistant.threatmodel.yaml';

/** 1-based line of the first line of a file (in the repository) that contains text. */
function lineOf(file, text) {
  const i = fs.readFileSync(path.join(env.ext, file), 'utf8').split('\n').findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`'${text}' not in ${file}`);
  return i + 1;
}

/** Resolves with a file's text once `ok` holds (checked on each change, at most 15 s). */
function waitForFile(file, ok, timeout = 15000) {
  return new Promise((resolve, reject) => {
    const check = () => { const t = fs.readFileSync(file, 'utf8'); if (ok(t)) { done(); resolve(t); } };
    const watcher = fs.watch(file, check);
    const timer = setTimeout(() => { done(); reject(new Error(`${path.basename(file)} did not change as expected: ${JSON.stringify(fs.readFileSync(file, 'utf8').slice(-200))}`)); }, timeout);
    const done = () => { clearTimeout(timer); watcher.close(); };
    check();
  });
}

async function chooseQuickFix(page, menu, title) {
  const row = menu.locator('.monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
  await menu.waitFor({ state: 'hidden' });
}

test('a new model from a template shows threats as CodeLens, in the status bar and in the Problems panel', async ({ page, wb, folder }) => {
  await wb.palette(page, 'AI Threat Model: New Threat Model from Template');
  await wb.pickQuickInput(page, 'Helpdesk Copilot');
  await wb.answerQuickInput(page, TEMPLATE_FILE, 'File name');
  await page.locator('.tab.active', { hasText: TEMPLATE_FILE }).waitFor();
  if (!fs.existsSync(path.join(folder, TEMPLATE_FILE))) throw new Error('the template file was not created on disk');
  // Scroll to the agent: its CodeLens counts its threats.
  await wb.goTo(page, lineOf(`templates/${TEMPLATE_FILE}`, '- id: support-agent'), 9);
  await page.locator('.codelens-decoration', { hasText: /\d+ open threats?/ }).first().waitFor({ timeout: 30000 });
  const status = page.locator('.statusbar-item', { hasText: /\d+ (critical|high|medium|low)/ }).first();
  await status.waitFor();
  await wb.screenshot(page, 'editor-codelens');

  const rows = await wb.problemRows(page);
  const findingRows = rows.filter((r) => /[A-Z]+(-[A-Z0-9]+)+/.test(r) && /(CRITICAL|HIGH|MEDIUM|LOW):/.test(r));
  if (findingRows.length === 0) throw new Error(`no threats in the Problems panel: ${rows.slice(0, 5).join(' | ')}`);
  await wb.screenshot(page, 'problems-panel');
});

test('the Threats view groups the findings and reveals an element', async ({ page, wb }) => {
  await page.locator('.activitybar .action-item a[aria-label^="AI Threat Model"]').first().click();
  const view = page.locator('.pane-body .monaco-list-row');
  await view.filter({ hasText: /^(Critical|High|Medium|Low) \(\d+\)/ }).first().waitFor();
  const finding = page.locator('.pane-body .monaco-list-row', { hasText: /support-agent · / }).first();
  await finding.waitFor();
  // Status icons: open findings by severity, handled ones by status (the template has one in progress).
  await page.locator('.pane-body .monaco-list-row .codicon-sync').first().waitFor();
  await wb.screenshot(page, 'threats-view');
  // Context actions on a finding.
  await finding.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu');
  for (const item of ['Accept Risk…', 'Mark Mitigated by Control…', 'Suppress with Justification…', 'Open Rule Documentation']) {
    await menu.locator('.action-label', { hasText: item }).first().waitFor();
  }
  await page.keyboard.press('Escape');
  await finding.click();
  // The element's id is selected in the editor.
  await page.locator('.editor-instance .selected-text').first().waitFor();
});

test('hovering a component shows its flows and threats', async ({ page, wb }) => {
  await wb.openFile(page, TEMPLATE_FILE);
  await wb.palette(page, 'View: Hide Panel');
  // The agent's `model:` names the model endpoint: hovering the reference describes that element.
  const modelLine = lineOf(`templates/${TEMPLATE_FILE}`, 'model: chat-model');
  await wb.goTo(page, modelLine, 5);
  const token = line(page, 'model: chat-model').locator('span', { hasText: 'chat-model' }).last();
  await token.hover();
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Flows' }).first();
  await hover.waitFor({ timeout: 15000 });
  await hover.locator('text=model-endpoint').first().waitFor();
  await wb.screenshot(page, 'hover');
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
});

test('completion offers the open findings as tracking keys', async ({ page, wb }) => {
  await wb.openFile(page, TEMPLATE_FILE);
  // A new key in the `tracking:` section: its keys are finding ids; the untracked ones are offered.
  await wb.goTo(page, lineOf(`templates/${TEMPLATE_FILE}`, 'tracking:'), 10);
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+Space');
  const suggest = page.locator('.suggest-widget.visible');
  await suggest.waitFor();
  await suggest.locator('.monaco-list-row', { hasText: '@support-agent' }).first().waitFor();
  await wb.screenshot(page, 'completion');
  await page.keyboard.press('Escape');
  await wb.palette(page, 'File: Revert File');
});

test('a quick fix from the light bulb corrects a misspelt reference', async ({ page, wb }) => {
  await wb.openFile(page, 'broken.threatmodel.yaml');
  await wb.problemRows(page);
  await wb.waitForProblem(page, "did you mean 'search'");
  await wb.goTo(page, 10, 14);
  const menu = await openQuickFixes(page);
  await menu.locator('.monaco-list-row', { hasText: "Change to 'search'" }).first().waitFor();
  await wb.screenshot(page, 'quick-fix');
  await chooseQuickFix(page, menu, "Change to 'search'");
  await line(page, 'tools: [search, calendar]').waitFor();
});

test('accept risk from the light bulb asks for owner, date and justification and writes the tracking entry', async ({ page, wb, folder }) => {
  await wb.openFile(page, 'support-assistant.threatmodel.yaml');
  await wb.goTo(page, 46, 10); // on `assistant`, the agent with several threats
  const menu = await openQuickFixes(page);
  await chooseQuickFix(page, menu, 'Accept risk… (AGENT-UNBOUNDED-ITERATIONS on assistant)');
  await wb.answerQuickInput(page, 'platform-team', 'Who owns this accepted risk');
  await wb.answerQuickInput(page, '2027-06-30', 'YYYY-MM-DD');
  await wb.answerQuickInput(page, 'Bounded by the gateway timeout of 30 seconds.', 'Why is this risk acceptable');
  await page.keyboard.press('Control+End');
  await line(page, 'AGENT-UNBOUNDED-ITERATIONS@assistant:').waitFor();
  await line(page, 'status: accepted').waitFor();
  await page.keyboard.press('Control+S');
  const file = path.join(folder, 'support-assistant.threatmodel.yaml');
  const saved = await waitForFile(file, (t) => t.includes('tracking:'));
  if (!saved.includes('tracking:\n  AGENT-UNBOUNDED-ITERATIONS@assistant:\n    status: accepted\n    owner: platform-team\n    due: 2027-06-30\n    justification: Bounded by the gateway timeout of 30 seconds.\n')) {
    throw new Error(`tracking entry not saved: ${JSON.stringify(saved.slice(-250))}`);
  }
  await wb.screenshot(page, 'accepted-risk');
});

test('Analyze Workspace from the editor title puts every model in the Threats view', async ({ page, wb }) => {
  await wb.openFile(page, 'support-assistant.threatmodel.yaml');
  await page.locator('.editor-actions a.action-label[aria-label*="Analyze Workspace"]').first().click();
  const rows = page.locator('.pane-body .monaco-list-row');
  for (const file of ['broken.threatmodel.yaml', 'support-assistant.threatmodel.yaml', TEMPLATE_FILE]) {
    await rows.filter({ hasText: file }).first().waitFor();
  }
  const messages = await wb.notifications(page);
  if (!messages.some((m) => /3 models analysed/.test(m))) throw new Error(`no summary notification: ${messages.join(' | ')}`);
});

test('the Getting Started walkthrough opens from the palette', async ({ page, wb }) => {
  await wb.palette(page, 'View: Hide Panel');
  await wb.palette(page, 'AI Threat Model: Getting Started');
  const walkthrough = page.locator('.gettingStartedContainer', { hasText: 'Threat-model an AI system as code' }).first();
  await walkthrough.waitFor({ timeout: 30000 });
  await walkthrough.locator('text=Start from a template').first().waitFor();
  await wb.screenshot(page, 'walkthrough');
});
