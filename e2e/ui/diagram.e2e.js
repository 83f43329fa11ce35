// UI tests of the diagram in the real workbench: "Show Diagram" opens the webview beside the YAML, a click on a
// node selects its id in the editor, the cursor highlights its element, an edit redraws the diagram, a finding
// selected in the Threats view highlights its element, and the SVG button saves the view. Screenshots:
// e2e/.run/screenshots/diagram*.png.
'use strict';
const fs = require('fs');
const path = require('path');
const { test } = require('../lib/ui');

const FILE = 'support-assistant.threatmodel.yaml';
const SOURCE = fs.readFileSync(path.join(__dirname, '..', 'workspace', FILE), 'utf8').split('\n');

/** 1-based line of the workspace model that ends with text. */
function lineOf(text) {
  const i = SOURCE.findIndex((l) => l.trimEnd().endsWith(text));
  if (i < 0) throw new Error(`'${text}' not in ${FILE}`);
  return i + 1;
}

/** The diagram webview's document (VS Code nests the page in two iframes). */
function diagram(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** A drawn component by model id (the diagram's ids write `-` as `_2d_`). */
function node(view, id) {
  return view.locator(`#canvas g.node[data-tm-mid="c_${id.replace(/-/g, '_2d_')}"]`);
}

/** The editor's selection as the status bar shows it, e.g. `Ln 60, Col 9 (10 selected)`. */
async function selectionStatus(page) {
  return (await page.locator('#status\\.editor\\.selection').textContent() || '').trim();
}

async function waitForSelection(page, expected, timeout = 15000) {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = await selectionStatus(page);
    if (expected.test(last)) return last;
    await page.waitForTimeout(200);
  }
  throw new Error(`editor selection is '${last}', expected ${expected}`);
}

test('Show Diagram opens the diagram beside the YAML; clicking a node selects its id in the editor', async ({ page, wb }) => {
  await wb.openFile(page, FILE);
  await wb.palette(page, 'AI Threat Model: Show Diagram');
  const view = diagram(page);
  await node(view, 'send-email').waitFor({ timeout: 30000 });
  const drawn = await view.locator('#canvas g.node[data-tm-mid]').count();
  if (drawn !== 8) throw new Error(`expected the 8 components, found ${drawn} nodes`);
  const boundaries = await view.locator('#canvas g.cluster[data-tm-mid]').count();
  if (boundaries !== 3) throw new Error(`expected 3 trust boundaries, found ${boundaries}`);
  // the model's findings arrive from the analysis: the autonomous agent is styled by its worst one
  await view.locator('#canvas g.node[data-tm-mid="c_assistant"][class*="tm-sev-"]').waitFor({ timeout: 30000 });
  await wb.screenshot(page, 'diagram');
  await wb.screenshot(page, 'diagram-panel', view.locator('#viewport'));

  await node(view, 'send-email').click();
  // `send-email` selected on its line (the status bar shows where the selection ends: column 9 + 10)
  const line = lineOf('- id: send-email');
  await waitForSelection(page, new RegExp(`^Ln ${line}, Col 19 \\(10 selected\\)$`));
  await page.locator('.tab.active', { hasText: FILE }).waitFor();
  await wb.screenshot(page, 'diagram-reveal');
});

test('moving the cursor in the YAML highlights the element in the diagram', async ({ page, wb }) => {
  const view = diagram(page);
  await wb.goTo(page, lineOf('- id: ticket-db') + 1, 5);
  await view.locator('#canvas g.node.tm-hl[data-tm-mid="c_ticket_2d_db"]').waitFor();
  await wb.goTo(page, lineOf('- id: llm') + 2, 5);
  await view.locator('#canvas g.node.tm-hl[data-tm-mid="c_llm"]').waitFor();
  const highlighted = await view.locator('#canvas g.node.tm-hl').count();
  if (highlighted !== 1) throw new Error(`expected one highlighted node, found ${highlighted}`);
});

test('editing the YAML redraws the diagram', async ({ page, wb }) => {
  const view = diagram(page);
  const line = lineOf('- id: ticket-db') + 1; // `    kind: datastore`
  await wb.goTo(page, line, 11);
  await page.keyboard.press('Shift+End');
  await page.keyboard.type('vector-store');
  await view.locator('#canvas g.node[data-tm-mid="c_ticket_2d_db"]', { hasText: 'vector store' }).waitFor({ timeout: 20000 });
  await page.keyboard.press('Control+Z');
  await view.locator('#canvas g.node[data-tm-mid="c_ticket_2d_db"]', { hasText: 'datastore' }).waitFor({ timeout: 20000 });
});

test('selecting a finding in the Threats view highlights its element in the diagram', async ({ page, wb }) => {
  await page.locator('.activitybar .action-item a[aria-label^="AI Threat Model"]').first().click();
  const finding = page.locator('.pane-body .monaco-list-row', { hasText: /send-email · / }).first();
  try {
    await finding.waitFor({ timeout: 5000 });
  } catch {
    // grouped by severity with the groups collapsed: open them
    const groups = page.locator('.pane-body .monaco-list-row', { hasText: /^(Critical|High|Medium|Low) \(\d+\)/ });
    for (let i = 0; i < await groups.count(); i++) await groups.nth(i).click();
    await finding.waitFor();
  }
  await finding.click();
  const view = diagram(page);
  await view.locator('#canvas svg.tm-dim').waitFor();
  await view.locator('#canvas g.node.tm-hl[data-tm-mid="c_send_2d_email"]').waitFor();
  await wb.screenshot(page, 'diagram-finding');
  // The cursor moving to another element takes the highlight; clicking the same (still selected) row brings the
  // finding's path back, though the tree reports no new selection.
  await wb.goTo(page, lineOf('- id: ticket-db'), 11);
  await view.locator('#canvas svg.tm-dim').waitFor({ state: 'detached' });
  await view.locator('#canvas g.node.tm-hl[data-tm-mid="c_ticket_2d_db"]').waitFor();
  await finding.click();
  await view.locator('#canvas svg.tm-dim').waitFor();
  await view.locator('#canvas g.node.tm-hl[data-tm-mid="c_send_2d_email"]').waitFor();
});

test('the SVG button exports the current view next to the model', async ({ page, wb, folder }) => {
  const view = diagram(page);
  await view.locator('#export-svg').click();
  await wb.acceptSaveDialog(page, 'support-assistant.diagram.svg');
  const file = path.join(folder, 'support-assistant.diagram.svg');
  const deadline = Date.now() + 15000;
  while (!fs.existsSync(file) && Date.now() < deadline) await page.waitForTimeout(200);
  if (!fs.existsSync(file)) throw new Error('the SVG was not written');
  const svg = fs.readFileSync(file, 'utf8');
  if (!/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/.test(svg) || !svg.includes('send-email')) throw new Error(`not the diagram: ${svg.slice(0, 120)}`);
});
