/**
 * The risk register as a risk owner opens it: CSV through a real CSV parser, XLSX through exceljs, JSON
 * through its schema. Formula-looking model text must stay text in every one of them.
 */
import Ajv2020 from 'ajv/dist/2020';
import ExcelJS from 'exceljs';
import { parseString } from 'fast-csv';
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { registerCsv } from '../../src/core/export/csv';
import { buildRegister, REGISTER_COLUMNS } from '../../src/core/export/register';
import { registerDocument, registerJson } from '../../src/core/export/register-json';
import { registerXlsx } from '../../src/core/export/xlsx';
import { fixtureFindings, fixtureModel, HOSTILE } from '../golden/exports/fixtures';

const input = () => ({ model: fixtureModel(), findings: fixtureFindings() });
const FORMULA_START = /^[=+\-@\t\r\n]/;

function parseCsvReal(text: string): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const rows: string[][] = [];
    parseString(text.replace(/^\uFEFF/, ''), { headers: false })
      .on('data', (r: string[]) => rows.push(r))
      .on('error', reject)
      .on('end', () => resolve(rows));
  });
}

async function openXlsx(bytes: Uint8Array): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}

describe('risk register rows', () => {
  it('has the NIST IR 8286 columns and the tracking columns, in order', () => {
    expect(REGISTER_COLUMNS.map((c) => c.header)).toEqual([
      'ID', 'Priority', 'Risk Description', 'Risk Category', 'Current Likelihood', 'Current Impact', 'Exposure Rating',
      'Risk Response Type', 'Risk Response Cost', 'Risk Response Description', 'Risk Owner', 'Status',
      'Finding ID', 'Element', 'Element Name', 'Element Kind', 'OWASP LLM', 'OWASP Agentic', 'MITRE ATLAS', 'CoSAI', 'CWE',
      'Mitigations', 'Due Date', 'Ticket', 'Justification', 'Last Reviewed', 'Import Baseline',
    ]);
  });

  it('orders open findings by severity before closed ones and numbers them', () => {
    const rows = buildRegister(input());
    expect(rows.map((r) => [r.id, r.priority, r.findingId])).toEqual([
      [1, 1, 'AI-PI-DIRECT@agent'],
      [2, 3, 'AI-TLS@web->agent@web->agent'],
      [3, 5, 'AI-TOOL-APPROVAL@refund'],
      [4, 5, 'AI-VENDOR-RETENTION@llm'],
    ]);
    const mitigated = rows[2]!;
    expect(mitigated.responseType).toBe('mitigate');
    expect(mitigated.responseDescription).toContain('ctl-approval');
    expect(rows[3]!.responseType).toBe('accept');
    expect(rows[3]!.lastReviewed).toBe('2025-05-02 by alice');
  });

  it('is the same on every run', () => {
    expect(registerCsv(input())).toBe(registerCsv(input()));
    expect(Buffer.from(registerXlsx(input(), deflateRawSync)).equals(Buffer.from(registerXlsx(input(), deflateRawSync)))).toBe(true);
  });
});

describe('CSV', () => {
  it('is RFC 4180: CRLF records, quoted fields with line breaks and quotes, a UTF-8 BOM', async () => {
    const text = registerCsv(input());
    expect(text.startsWith('\uFEFFID,Priority,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = await parseCsvReal(text);
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.length === REGISTER_COLUMNS.length)).toBe(true);
    const row = rows[1]!;
    expect(row[12]).toBe('AI-PI-DIRECT@agent');
    expect(row[2]).toContain('line2'); // the newline stayed inside the cell
  });

  it('never starts a cell with a formula character', async () => {
    const rows = await parseCsvReal(registerCsv(input()));
    const cells = rows.flat();
    expect(cells.filter((c) => FORMULA_START.test(c))).toEqual([]);
    expect(cells).toContain(`'${HOSTILE.replace(/\r\n/g, '\n').replace('\u0007', '')}`);
    expect(cells).toContain("'@attacker");
    expect(cells).toContain("'+SEC-1");
  });
});

describe('XLSX', () => {
  it('has a bold header row with filters, a frozen header and set widths', async () => {
    const ws = await openXlsx(registerXlsx(input(), deflateRawSync));
    expect(ws.name).toBe('Risk register');
    expect(ws.getRow(1).values).toEqual([undefined, ...REGISTER_COLUMNS.map((c) => c.header)]);
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe('A1:AA5');
    REGISTER_COLUMNS.forEach((c, i) => expect(ws.getColumn(i + 1).width).toBe(c.width));
    expect(ws.rowCount).toBe(5);
  });

  it('stores hostile text as plain strings, never formulas, marked as text when it looks like one', async () => {
    const bytes = registerXlsx(input());
    const ws = await openXlsx(bytes);
    let formulas = 0;
    ws.eachRow((row) => row.eachCell((cell) => { if (cell.type === ExcelJS.ValueType.Formula || cell.formula) formulas++; }));
    expect(formulas).toBe(0);
    const owner = ws.getRow(2).getCell(11);
    expect(owner.type).toBe(ExcelJS.ValueType.String);
    expect(owner.value).toBe('@attacker');
    const justification = ws.getRow(2).getCell(25);
    expect(justification.value).toBe(HOSTILE.replace(/\r\n/g, '\n').replace('\u0007', ''));
    // The stored (uncompressed) sheet gives such cells the quote-prefix style: Excel keeps them text on edit.
    const xml = Buffer.from(bytes).toString('utf8');
    expect(xml).toMatch(/<c r="K2" s="3" t="inlineStr"><is><t>@attacker<\/t><\/is><\/c>/);
    expect(xml).toContain('quotePrefix="1"');
    expect(xml).not.toContain('<f>');
    expect(xml).toContain('&lt;script&gt;');
  });

  it('compressed and stored files hold the same cells', async () => {
    const a = await openXlsx(registerXlsx(input()));
    const b = await openXlsx(registerXlsx(input(), deflateRawSync));
    const cells = (ws: ExcelJS.Worksheet) => ws.getSheetValues();
    expect(cells(b)).toEqual(cells(a));
  });
});

describe('JSON', () => {
  const schema = JSON.parse(readFileSync('schemas/risk-register.schema.json', 'utf8'));
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

  it('validates against schemas/risk-register.schema.json', () => {
    const doc = JSON.parse(registerJson(input()));
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.risks).toHaveLength(4);
    expect(doc.risks[0].frameworks.owaspLlm).toEqual(['LLM01:2025']);
  });

  it('the schema rejects a register with a wrong status or a malformed due date', () => {
    const doc = registerDocument(input()) as unknown as { risks: Array<Record<string, unknown>> };
    doc.risks[0]!.status = 'done';
    expect(validate(doc)).toBe(false);
    doc.risks[0]!.status = 'open';
    doc.risks[0]!.dueDate = '01/07/2025';
    expect(validate(doc)).toBe(false);
  });

  it('keeps hostile text exact (JSON escaping is the escaping)', () => {
    const doc = JSON.parse(registerJson(input()));
    expect(doc.risks[0].justification).toBe(HOSTILE);
  });
});
