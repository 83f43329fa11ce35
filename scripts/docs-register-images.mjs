// Pictures of the XLSX risk register for the docs (docs/images/register*.png), not part of any test: exports a
// template's register with the built CLI, reads the workbook back with exceljs (a real XLSX reader) and draws
// each sheet as a spreadsheet shows it (column letters, row numbers, widths, hidden columns left out, fills,
// the severity colours of the conditional formats, date cells, drop-down arrows of list validations, bold
// header), then screenshots it in headless Chromium.
// Usage: npm run build && node scripts/docs-register-images.mjs [model] (default: the coding-agent template)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const ExcelJS = require('exceljs');
const { chromium } = require('playwright-core');
const { requireBrowser, CHROMIUM_ARGS } = require('./lib/find-browser.cjs');

const root = new URL('..', import.meta.url).pathname;
const model = process.argv[2] ?? join(root, 'templates', 'coding-agent.threatmodel.yaml');
const dir = mkdtempSync(join(tmpdir(), 'tm-register-'));
const xlsx = join(dir, 'register.xlsx');
execFileSync(process.execPath, [join(root, 'dist', 'cli.js'), 'export', model, '--format', 'xlsx', '-o', xlsx], { stdio: 'inherit' });

const wb = new ExcelJS.Workbook();
await wb.xlsx.readFile(xlsx);

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const colour = (argb) => (argb && argb.length === 8 ? `#${argb.slice(2)}` : undefined);
const letters = (n) => { let s = ''; for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s; return s; };

/** What a cell shows: dates in their number format, numbers and text as they are. */
function shown(cell) {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return /yyyy-mm-dd/.test(cell.numFmt ?? '') ? v.toISOString().slice(0, 10) : v.toISOString();
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  return String(v);
}

/** The fill of the first conditional format rule `cellIs equal "text"` that matches the cell, if any. */
function conditionalFill(ws, cell) {
  for (const cf of ws.conditionalFormattings ?? []) {
    const [a, b] = cf.ref.split(':');
    const col = (ref) => ref.replace(/\d+/g, '');
    const row = (ref) => Number(ref.replace(/\D+/g, ''));
    if (col(cell.address) !== col(a) || cell.row < row(a) || cell.row > row(b ?? a)) continue;
    for (const r of [...cf.rules].sort((x, y) => x.priority - y.priority)) {
      if (r.type === 'cellIs' && r.operator === 'equal' && r.formulae?.[0] === `"${shown(cell)}"`) return colour(r.style?.fill?.bgColor?.argb);
    }
  }
  return undefined;
}

function sheetHtml(ws, maxRows) {
  const cols = [];
  for (let c = 1; c <= ws.columnCount; c++) {
    const col = ws.getColumn(c);
    if (!col.hidden) cols.push({ c, px: Math.round((col.width ?? 9) * 7 + 5) });
  }
  const validations = ws.dataValidations?.model ?? {};
  const head = `<tr><th class="corner"></th>${cols.map(({ c, px }) => `<th style="width:${px}px">${letters(c)}</th>`).join('')}</tr>`;
  const rows = [];
  for (let r = 1; r <= Math.min(ws.rowCount, maxRows); r++) {
    const row = ws.getRow(r);
    const cells = cols.map(({ c }) => {
      const cell = row.getCell(c);
      const fill = colour(cell.fill?.fgColor?.argb) ?? conditionalFill(ws, cell);
      const style = [fill && `background:${fill}`, cell.font?.bold && 'font-weight:bold', typeof cell.value === 'number' && 'text-align:right'].filter(Boolean).join(';');
      const list = validations[cell.address]?.type === 'list';
      return `<td${style ? ` style="${style}"` : ''}${list ? ' class="list"' : ''}>${esc(shown(cell))}${list ? '<span class="arrow">▾</span>' : ''}</td>`;
    });
    rows.push(`<tr${r === 1 && ws.views?.[0]?.state === 'frozen' ? ' class="frozen"' : ''}><th>${r}</th>${cells.join('')}</tr>`);
  }
  const tabs = wb.worksheets.map((w) => `<span class="tab${w === ws ? ' active' : ''}">${esc(w.name)}</span>`).join('');
  const width = 34 + cols.reduce((n, c) => n + c.px, 0);
  return `<!doctype html><meta charset="utf-8"><style>
    body { margin: 0; zoom: 0.8; font: 13px Calibri, Carlito, 'Liberation Sans', Arial, sans-serif; background: #fff; }
    .bar { padding: 6px 10px; background: #217346; color: #fff; font-size: 14px; }
    table { border-collapse: collapse; table-layout: fixed; }
    th { background: #f3f3f3; color: #444; font-weight: normal; border: 1px solid #d4d4d4; padding: 2px 4px; font-size: 12px; }
    th.corner { width: 34px; }
    td { border: 1px solid #e1e1e1; padding: 2px 4px; vertical-align: top; white-space: pre-wrap; overflow-wrap: anywhere; position: relative; }
    td.list { padding-right: 16px; }
    .arrow { position: absolute; right: 2px; top: 2px; font-size: 10px; color: #555; border: 1px solid #bbb; background: #f7f7f7; line-height: 11px; padding: 0 1px; }
    tr.frozen td, tr.frozen th { position: sticky; top: 0; z-index: 1; border-bottom: 2px solid #9a9a9a; }
    .tabs { position: fixed; bottom: 0; left: 0; right: 0; background: #f3f3f3; border-top: 1px solid #ccc; padding: 0 8px; }
    .tab { display: inline-block; padding: 4px 14px; color: #444; }
    .tab.active { background: #fff; color: #217346; font-weight: bold; border-bottom: 2px solid #217346; }
  </style><div class="bar">${esc(wb.title || 'Risk register')} — ${esc(ws.name)} (rendered from the XLSX file by exceljs)</div>
  <table style="width:${width}px">${head}${rows.join('')}</table><div class="tabs">${tabs}</div>`;
}

const browser = await chromium.launch({ executablePath: requireBrowser(), headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 820 } });
  // The register twice: its first columns (risk, ratings, response, owner, status), then scrolled to the
  // framework columns, due date and justification; then the summary sheet.
  const shots = [[wb.worksheets[0], 'register', 12, undefined], [wb.worksheets[0], 'register-frameworks', 12, 'Q'], [wb.worksheets[1], 'register-summary', 60, undefined]];
  for (const [ws, name, maxRows, scrollTo] of shots) {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, sheetHtml(ws, maxRows));
    await page.goto(`file://${file}`);
    if (scrollTo) {
      await page.evaluate((col) => {
        const th = [...document.querySelectorAll('tr:first-child th')].find((t) => t.textContent === col);
        window.scrollTo((th.getBoundingClientRect().left - 34) * 0.8, 0);
      }, scrollTo);
    }
    const out = join(root, 'docs', 'images', `${name}.png`);
    await page.screenshot({ path: out });
    console.log(`wrote ${out}`);
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
