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
export function registerCsv(input: Pick<ExportInput, 'model' | 'findings' | 'tests'>): string {
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
  const n = text.length;
  let record: string[] = [];
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = () => {
    if (!(record.length === 1 && record[0] === '')) { records.push(record); lines.push(recordLine); }
    record = [];
  };
  // Field by field; unquoted fields and quoted runs are sliced, not built a character at a time.
  while (i < n) {
    let value: string;
    if (text[i] === '"') {
      const quoteLine = line;
      const parts: string[] = [];
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) return { records, lines, error: { line: quoteLine, message: 'a quoted field is never closed' } };
        const chunk = text.slice(j, q);
        for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) line++;
        parts.push(chunk);
        if (text[q + 1] === '"') { parts.push('"'); j = q + 2; continue; }
        j = q + 1;
        break;
      }
      // Lenient: text after the closing quote, up to the delimiter, belongs to the field.
      let k = j;
      while (k < n && text[k] !== delimiter && text[k] !== '\r' && text[k] !== '\n') k++;
      value = parts.join('') + text.slice(j, k);
      i = k;
    } else {
      let k = i;
      while (k < n && text[k] !== delimiter && text[k] !== '\r' && text[k] !== '\n') k++;
      value = text.slice(i, k);
      i = k;
    }
    record.push(value);
    if (i >= n) break;
    const c = text[i];
    if (c === delimiter) {
      i++;
      if (i >= n) record.push('');
      continue;
    }
    // A line break ends the record.
    i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    line++;
    endRecord();
    recordLine = line;
  }
  if (record.length > 0) endRecord();
  return { records, lines };
}
