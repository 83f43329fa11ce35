/**
 * Reads an XLSX risk register with exceljs (loaded on demand: only import needs it). Whatever a
 * spreadsheet program did to a cell (a date, a number, rich text, a hyperlink, a formula) becomes the text
 * the register means: dates as `YYYY-MM-DD`, formulas by their cached result.
 */
import { makeRange } from '../../problem';
import { entriesFromTable, type ReadResult } from './read-register';
import { xlsxTooLarge } from './zip-bounds';

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result);
    if ('text' in v) return cellText(v.text);
  }
  return '';
}

export async function readRegisterXlsx(bytes: Uint8Array, file: string): Promise<ReadResult> {
  const fail = (message: string): ReadResult => ({
    entries: [],
    problems: [{ code: 'TM-REGISTER-FORMAT', severity: 'error', message, file, range: makeRange(0, 0, 0, 0) }],
  });
  const tooLarge = xlsxTooLarge(bytes);
  if (tooLarge) return fail(`the workbook was not read: ${tooLarge}`);
  let rows: string[][];
  try {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    if (!ws) return fail('the workbook has no sheet');
    rows = [];
    const lineOfRow: number[] = [];
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => { cells[col - 1] = cellText(cell.value); });
      rows.push(Array.from(cells, (c) => c ?? ''));
      lineOfRow.push(n - 1);
    });
    return entriesFromTable(rows, file, (i) => lineOfRow[i] ?? 0);
  } catch (err) {
    return fail(`not a readable XLSX workbook: ${err instanceof Error ? err.message : String(err)}`);
  }
}
