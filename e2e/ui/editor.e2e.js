// UI tests of the editor features, driven through the real workbench.
'use strict';
const { test } = require('../lib/ui');

test('opening a model shows the threat model language', async ({ page, wb }) => {
  await wb.openFile(page, 'support-assistant.threatmodel.yaml');
  await page.locator('.statusbar-item', { hasText: 'AI Threat Model' }).first().waitFor();
  await wb.screenshot(page, 'editor-open');
});
