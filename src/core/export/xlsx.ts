/**
 * The risk register as an XLSX workbook, written with exceljs (loaded on demand: only this export needs it).
 * Sheet 1 "Risk register" (import reads the first sheet): bold header with filters, header frozen, set widths,
 * drop-downs on Status and Risk Response Type, severity colours, due dates as real date cells, the internal
 * Import Baseline column hidden. Sheet 2 "Summary": counts by status and severity, open risks by likelihood ×
 * impact, and the findings grouped by rule.
 *
 * Formulas: every text cell is a typed string (exceljs writes shared strings, never `<f>`), and text columns
 * use Excel's Text number format (`@`), so a risk owner who edits a cell that starts with `=` keeps text.
 * Deterministic: fixed workbook dates, and the ZIP entries' timestamps (which exceljs takes from the clock)
 * are set to 1980-01-01 afterwards; the same register gives the same bytes.
 */
import type { DataValidation, Workbook, Worksheet } from 'exceljs';
import { LEVELS, type Level } from '../catalog/types';
import { cellText, neutralizeCell } from './escape';
import type { ExportInput } from './input';
import { buildRegister, REGISTER_COLUMNS, type RegisterRow } from './register';
import { registerSummary } from './register-summary';
import { fixZipTimes } from './zip-times';

export const SHEET_NAME = 'Risk register';
export const SUMMARY_SHEET = 'Summary';
/** Excel's limit on the characters in one cell. */
const MAX_CELL = 32767;
/** Any fixed instant: the workbook's created/modified properties must not change run to run. */
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));
/** Columns a risk owner has no use for (import needs them): hidden, not removed. */
const HIDDEN = new Set(['Import Baseline']);
const DATE_COLUMNS = new Set(['Due Date']);
const LEVEL_COLUMNS = ['Current Likelihood', 'Current Impact', 'Exposure Rating'];
export const STATUS_CHOICES = ['open', 'in-progress', 'mitigated', 'accepted', 'transferred', 'false-positive'] as const;
export const RESPONSE_CHOICES = ['mitigate', 'accept', 'transfer', 'avoid', 'share', 'none'] as const;
/** Fill colours by severity (ARGB), light enough to read black text on. */
export const LEVEL_FILL: Record<Level, string> = { critical: 'FFF4B6B6', high: 'FFF9D3A8', medium: 'FFFBEFA6', low: 'FFD9EAD3' };
const HEADER_FILL = 'FFD9E1F2';

export function columnName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Text as a cell holds it: control characters removed, cut at Excel's limit. */
function text(value: string): string {
  const t = cellText(value);
  return t.length > MAX_CELL ? `${t.slice(0, MAX_CELL - 1)}…` : t;
}

/** A `YYYY-MM-DD` date as the UTC midnight Excel shows as that day; anything else stays text. */
function dateCell(value: string): Date | string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return value;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCDate() === Number(m[3]) ? d : value;
}

function headerStyle(ws: Worksheet, row: number): void {
  ws.getRow(row).eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    cell.alignment = { vertical: 'top', wrapText: true };
  });
}

function registerSheet(wb: Workbook, rows: RegisterRow[]): void {
  const ws = wb.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
  ws.columns = REGISTER_COLUMNS.map((c) => ({
    header: c.header,
    width: c.width,
    hidden: HIDDEN.has(c.header),
    style: { alignment: { vertical: 'top', wrapText: true }, numFmt: DATE_COLUMNS.has(c.header) ? 'yyyy-mm-dd' : c.header === 'ID' || c.header === 'Priority' ? 'General' : '@' },
  }));
  headerStyle(ws, 1);
  for (const r of rows) {
    const values = REGISTER_COLUMNS.map((c) => {
      const v = c.cell(r);
      if (typeof v === 'number') return v;
      if (v === '') return null;
      return DATE_COLUMNS.has(c.header) ? dateCell(v) : text(v);
    });
    const row = ws.addRow(values);
    row.eachCell((cell) => {
      // A value that a spreadsheet would read as a formula when re-entered: make sure it is Text.
      if (typeof cell.value === 'string' && neutralizeCell(cell.value) !== cell.value) cell.numFmt = '@';
    });
  }
  const last = rows.length + 1;
  ws.autoFilter = `A1:${columnName(REGISTER_COLUMNS.length - 1)}${last}`;
  if (rows.length === 0) return;
  const col = (header: string) => columnName(REGISTER_COLUMNS.findIndex((c) => c.header === header));
  const list = (choices: readonly string[], title: string) => ({
    type: 'list' as const, allowBlank: false, showErrorMessage: true, errorStyle: 'stop' as const,
    errorTitle: title, error: `Choose one of: ${choices.join(', ')}`, formulae: [`"${choices.join(',')}"`],
  });
  // exceljs supports range validations at run time (Worksheet.dataValidations) but its typings lack them.
  const validations = (ws as unknown as { dataValidations: { add(range: string, v: DataValidation): void } }).dataValidations;
  validations.add(`${col('Status')}2:${col('Status')}${last}`, list(STATUS_CHOICES, 'Status'));
  validations.add(`${col('Risk Response Type')}2:${col('Risk Response Type')}${last}`, list(RESPONSE_CHOICES, 'Risk Response Type'));
  validations.add(`${col('Due Date')}2:${col('Due Date')}${last}`, {
    type: 'date', operator: 'greaterThan', allowBlank: true, showErrorMessage: true, errorStyle: 'stop',
    errorTitle: 'Due Date', error: 'Enter a date', formulae: [new Date(Date.UTC(1990, 0, 1))],
  });
  for (const header of LEVEL_COLUMNS) {
    ws.addConditionalFormatting({
      ref: `${col(header)}2:${col(header)}${last}`,
      rules: [...LEVELS].reverse().map((l, i) => ({
        type: 'cellIs' as const, operator: 'equal' as const, priority: i + 1, formulae: [`"${l}"`],
        style: { fill: { type: 'pattern' as const, pattern: 'solid' as const, bgColor: { argb: LEVEL_FILL[l] } } },
      })),
    });
  }
}

function summarySheet(wb: Workbook, input: Pick<ExportInput, 'model' | 'findings'>, rows: RegisterRow[]): void {
  const s = registerSummary(input, rows);
  const ws = wb.addWorksheet(SUMMARY_SHEET);
  ws.columns = [{ width: 34 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 60 }];
  const put = (values: Array<string | number | null>, bold = false) => {
    const row = ws.addRow(values.map((v) => (typeof v === 'string' ? text(v) : v)));
    row.eachCell((cell) => {
      cell.alignment = { vertical: 'top', wrapText: true };
      if (typeof cell.value === 'string') cell.numFmt = '@';
    });
    if (bold) headerStyle(ws, row.number);
  };
  put([`Risk register: ${s.system}`], true);
  put(['System owner', s.owner || '—']);
  put(['Findings', s.total]);
  put([]);
  put(['Status', 'Findings'], true);
  for (const [status, n] of s.byStatus) put([status, n]);
  put([]);
  put(['Open risks', ...[...LEVELS].reverse()], true);
  put(['by exposure rating', ...[...LEVELS].reverse().map((l) => s.openBySeverity[l])]);
  put([]);
  put(['Open risks: likelihood ↓ × impact →', ...[...LEVELS].reverse()], true);
  for (const lik of [...LEVELS].reverse()) put([lik, ...[...LEVELS].reverse().map((imp) => s.heat[lik][imp])]);
  put([]);
  put(['Rule', 'Findings', 'Open', 'Accepted', 'Closed', 'Worst open', 'Title'], true);
  for (const g of s.byRule) put([g.rule, g.findings, g.open, g.accepted, g.closed, g.worstOpen ?? '—', g.title]);
}

/** The risk register as XLSX bytes. */
export async function registerXlsx(input: Pick<ExportInput, 'model' | 'findings' | 'tests'>): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'threatmodel';
  wb.lastModifiedBy = 'threatmodel';
  wb.title = text(`Risk register: ${input.model.system.name}`);
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const rows = buildRegister(input);
  registerSheet(wb, rows);
  summarySheet(wb, input, rows);
  const buffer = await wb.xlsx.writeBuffer();
  return fixZipTimes(new Uint8Array(buffer as ArrayBuffer));
}
