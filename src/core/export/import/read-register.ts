/**
 * Reads an edited risk register back (CSV, XLSX or JSON) into rows of the columns import cares about:
 * the finding id, the editable fields and the export baseline. Columns are found by their header, so a
 * risk owner may reorder, hide or add columns. Never throws: unreadable input becomes a problem.
 */
import type { Problem } from '../../problem';
import { makeRange } from '../../problem';
import { parseCsv } from '../csv';
import { unneutralizeCell } from '../escape';
import { EDITABLE_HEADERS, type EditableField } from '../register';

export interface RegisterEntry {
  /** 0-based line (CSV), row (XLSX) or entry index (JSON), for messages. */
  line: number;
  findingId: string;
  /** Only the editable columns present in the file. */
  values: Partial<Record<EditableField, string>>;
  baseline?: string;
}

export interface ReadResult {
  entries: RegisterEntry[];
  problems: Problem[];
}

const HEADER_FIELDS: Record<string, EditableField | 'findingId' | 'baseline'> = {
  'finding id': 'findingId',
  'import baseline': 'baseline',
  ...Object.fromEntries(Object.entries(EDITABLE_HEADERS).map(([field, header]) => [header.toLowerCase(), field as EditableField])),
};

function problem(file: string, line: number, code: string, message: string, severity: Problem['severity'] = 'error'): Problem {
  return { code, severity, message, file, range: makeRange(line, 0, line, 0) };
}

/** Rows of cells (first row = header) → entries. */
export function entriesFromTable(rows: ReadonlyArray<ReadonlyArray<string>>, file: string, lineOf: (i: number) => number): ReadResult {
  if (rows.length === 0) return { entries: [], problems: [problem(file, 0, 'TM-REGISTER-FORMAT', 'the register is empty')] };
  const columns = new Map<number, EditableField | 'findingId' | 'baseline'>();
  rows[0]!.forEach((h, i) => {
    const field = HEADER_FIELDS[h.trim().toLowerCase()];
    if (field && ![...columns.values()].includes(field)) columns.set(i, field);
  });
  if (![...columns.values()].includes('findingId')) {
    return { entries: [], problems: [problem(file, lineOf(0), 'TM-REGISTER-FORMAT', "the register has no 'Finding ID' column (the header row must be the first row)")] };
  }
  const entries: RegisterEntry[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    const entry: RegisterEntry = { line: lineOf(r), findingId: '', values: {} };
    for (const [i, field] of columns) {
      const v = row[i] ?? '';
      if (field === 'findingId') entry.findingId = v.trim();
      else if (field === 'baseline') entry.baseline = v.trim() || undefined;
      else entry.values[field] = v;
    }
    if (entry.findingId || Object.values(entry.values).some((v) => v)) entries.push(entry);
  }
  return { entries, problems: [] };
}

/** A CSV register (comma, semicolon or tab separated: spreadsheet programs save all three). */
export function readRegisterCsv(text: string, file: string): ReadResult {
  const firstLine = text.slice(0, Math.max(0, text.indexOf('\n')) || text.length);
  const delimiter = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const).sort((a, b) => b[1] - a[1])[0]![0];
  const parsed = parseCsv(text, delimiter);
  if (parsed.error) return { entries: [], problems: [problem(file, parsed.error.line - 1, 'TM-REGISTER-FORMAT', `not valid CSV: ${parsed.error.message}`)] };
  const rows = parsed.records.map((r) => r.map(unneutralizeCell));
  return entriesFromTable(rows, file, (i) => (parsed.lines[i] ?? 1) - 1);
}

/** A JSON register as written by `export --format json`. */
export function readRegisterJson(text: string, file: string): ReadResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (err) {
    return { entries: [], problems: [problem(file, 0, 'TM-REGISTER-FORMAT', `not valid JSON: ${(err as Error).message}`)] };
  }
  const risks = (doc as { risks?: unknown })?.risks;
  if (!Array.isArray(risks)) return { entries: [], problems: [problem(file, 0, 'TM-REGISTER-FORMAT', "not a risk register: no 'risks' list")] };
  const entries: RegisterEntry[] = [];
  const problems: Problem[] = [];
  risks.forEach((r: unknown, i) => {
    const o = (r && typeof r === 'object' ? r : {}) as Record<string, unknown>;
    if (typeof o.findingId !== 'string') {
      problems.push(problem(file, 0, 'TM-REGISTER-FORMAT', `risks[${i}] has no findingId`));
      return;
    }
    const values: Partial<Record<EditableField, string>> = {};
    for (const field of Object.keys(EDITABLE_HEADERS) as EditableField[]) {
      const v = o[field];
      if (typeof v === 'string') values[field] = v;
      else if (v === null) values[field] = '';
      else if (v !== undefined) problems.push(problem(file, 0, 'TM-REGISTER-INVALID-VALUE', `risks[${i}].${field} must be a string`));
    }
    entries.push({ line: i, findingId: o.findingId.trim(), values, baseline: typeof o.baseline === 'string' ? o.baseline : undefined });
  });
  return { entries, problems };
}
