// UI test of "Export…" in the real workbench: the command asks for a format, proposes a file next to the model
// in the save dialog, and writes the whole export there. Screenshot: e2e/.run/screenshots/export-format.png.
'use strict';
const fs = require('fs');
const path = require('path');
const { test } = require('../lib/ui');

const FILE = 'support-assistant.threatmodel.yaml';
const QUICK_INPUT = '.quick-input-widget';

async function waitForFile(file, timeout = 15000) {
  for (const until = Date.now() + timeout; !fs.existsSync(file) && Date.now() < until;) await new Promise((r) => setTimeout(r, 200));
  if (!fs.existsSync(file)) throw new Error(`${path.basename(file)} was not written`);
  return fs.readFileSync(file);
}

test('Export… asks for the format and the destination, then writes the register next to the model', async ({ page, wb, folder }) => {
  await wb.openFile(page, FILE);
  await wb.palette(page, 'AI Threat Model: Export…');
  const formats = page.locator(`${QUICK_INPUT} .monaco-list-row`);
  await formats.first().waitFor();
  const labels = await formats.allTextContents();
  for (const want of ['Risk register (CSV)', 'Risk register (Excel workbook)', 'SARIF 2.1.0', 'Report (self-contained HTML)']) {
    if (!labels.some((l) => l.includes(want))) throw new Error(`format '${want}' not offered: ${JSON.stringify(labels)}`);
  }
  await wb.screenshot(page, 'export-format');
  await wb.pickQuickInput(page, 'Risk register (CSV)');
  await wb.acceptSaveDialog(page, 'support-assistant.register.csv');
  const csv = (await waitForFile(path.join(folder, 'support-assistant.register.csv'))).toString('utf8');
  if (!csv.startsWith('\ufeffID,Priority,Risk Description')) throw new Error(`not a register: ${JSON.stringify(csv.slice(0, 80))}`);
  if (!csv.includes('AGENT-TOOL-EXFILTRATION-CHAIN@assistant')) throw new Error('the register lacks the model\'s findings');
  const leftovers = fs.readdirSync(folder).filter((n) => n.endsWith('.tmp'));
  if (leftovers.length > 0) throw new Error(`temporary files left: ${leftovers.join(', ')}`);
});

test('Escape in the format picker cancels quietly and writes nothing', async ({ page, wb, folder }) => {
  const before = fs.readdirSync(folder).sort();
  await wb.palette(page, 'AI Threat Model: Export…');
  await page.locator(`${QUICK_INPUT} .monaco-list-row`).first().waitFor();
  await page.keyboard.press('Escape');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
  const errors = await page.locator('.notifications-toasts .notification-toast', { hasText: 'Export' }).count();
  if (errors !== 0) throw new Error('cancelling showed an error');
  const after = fs.readdirSync(folder).sort();
  if (JSON.stringify(after) !== JSON.stringify(before)) throw new Error(`files changed: ${JSON.stringify(after)}`);
});
