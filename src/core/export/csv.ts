/**
 * CSV per RFC 4180: CRLF between records, fields quoted when they hold a comma, quote, CR or LF, quotes
 * doubled. UTF-8 with a byte-order mark so spreadsheet programs do not guess a legacy code page.
 * Every text cell is neutralised against formula injection.
 */
import { cellText, neutralizeCell } from './escape';
import { buildRegister, REGISTER_COLUMNS } from './register';
import type { ExportInput } from './input';

export const BOM = '\uFEFF';

function field(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : neutralizeCell(cellText(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRecord(values: ReadonlyArray<string | number>): string {
  return values.map(field).join(',');
}

/** The risk register as CSV text (starting with a BOM, CRLF line ends). */
export function registerCsv(input: Pick<ExportInput, 'model' | 'findings'>): string {
  const rows = buildRegister(input);
  const lines = [csvRecord(REGISTER_COLUMNS.map((c) => c.header))];
  for (const row of rows) lines.push(csvRecord(REGISTER_COLUMNS.map((c) => c.cell(row))));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

export interface CsvParseResult {
  records: string[][];
  /** The 1-based line each record starts on. */
  lines: number[];
  /** Set when the text is not well-formed CSV (e.g. an unterminated quote). */
  error?: { line: number; message: string };
}

/**
 * Parses CSV leniently enough for files saved by spreadsheet programs: CRLF or LF, a BOM, quoted fields
 * with doubled quotes and line breaks, another delimiter (`;` in many locales). Blank lines are skipped.
 * Linear in the input.
 */
export function parseCsv(text: string, delimiter = ','): CsvParseResult {
  if (text.startsWith(BOM)) text = text.slice(1);
  const records: string[][] = [];
  const lines: number[] = [];
  let record: string[] = [];
  let value = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  let fieldStarted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { value += '"'; i++; } else quoted = false;
      } else {
        if (c === '\n') line++;
        value += c;
      }
      continue;
    }
    if (c === '"' && !fieldStarted) { quoted = true; fieldStarted = true; quoteLine = line; continue; }
    if (c === delimiter) { record.push(value); value = ''; fieldStarted = false; continue; }
    if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(value);
      if (!(record.length === 1 && record[0] === '')) { records.push(record); lines.push(recordLine); }
      line++;
      recordLine = line;
      record = [];
      value = '';
      fieldStarted = false;
      continue;
    }
    value += c;
    fieldStarted = true;
  }
  if (quoted) return { records, lines, error: { line: quoteLine, message: 'a quoted field is never closed' } };
  if (fieldStarted || record.length > 0) {
    record.push(value);
    records.push(record);
    lines.push(recordLine);
  }
  return { records, lines };
}
