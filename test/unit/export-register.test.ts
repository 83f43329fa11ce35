/**
 * The risk register as a risk owner opens it: CSV through a real CSV parser, XLSX through exceljs, JSON
 * through its schema. Formula-looking model text must stay text in every one of them.
 */
import Ajv2020 from 'ajv/dist/2020';
import ExcelJS from 'exceljs';
import { parseString } from 'fast-csv';
import { readFileSync } from 'node:fs';
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
      'Mitigations', 'Test', 'Due Date', 'Ticket', 'Justification', 'Last Reviewed', 'Import Baseline',
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

async function openWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

const col = (header: string) => REGISTER_COLUMNS.findIndex((c) => c.header === header) + 1;

describe('XLSX', () => {
  it('has a bold header row with filters, a frozen header and set widths', async () => {
    const ws = await openXlsx(await registerXlsx(input()));
    expect(ws.name).toBe('Risk register');
    expect(ws.getRow(1).values).toEqual([undefined, ...REGISTER_COLUMNS.map((c) => c.header)]);
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe('A1:AB5');
    REGISTER_COLUMNS.forEach((c, i) => expect(ws.getColumn(i + 1).width).toBe(c.width));
    expect(ws.rowCount).toBe(5);
  });

  it('is byte-identical when exported again (fixed workbook dates, fixed ZIP timestamps)', async () => {
    const a = Buffer.from(await registerXlsx(input()));
    await new Promise((r) => setTimeout(r, 2100)); // ZIP times have 2 s resolution: cross a tick
    const b = Buffer.from(await registerXlsx(input()));
    expect(a.equals(b)).toBe(true);
    const wb = await openWorkbook(a);
    expect(wb.created?.toISOString()).toBe('2000-01-01T00:00:00.000Z');
    expect(wb.creator).toBe('threatmodel');
  }, 20000);

  it('stores hostile text as typed strings, never formulas, in Text-format cells', async () => {
    const ws = await openXlsx(await registerXlsx(input()));
    let formulas = 0;
    ws.eachRow((row) => row.eachCell((cell) => { if (cell.type === ExcelJS.ValueType.Formula || cell.formula) formulas++; }));
    expect(formulas).toBe(0);
    const owner = ws.getRow(2).getCell(col('Risk Owner'));
    expect(owner.type).toBe(ExcelJS.ValueType.String);
    expect(owner.value).toBe('@attacker');
    expect(owner.numFmt).toBe('@');
    expect(ws.getRow(2).getCell(col('Ticket')).value).toBe('+SEC-1');
    const justification = ws.getRow(2).getCell(col('Justification'));
    expect(justification.value).toBe(HOSTILE.replace(/\r\n/g, '\n').replace('\u0007', ''));
    expect(justification.numFmt).toBe('@');
  });

  it('keeps =cmd|, +, - and @ text as text in every cell', async () => {
    const findings = fixtureFindings();
    const payloads = ['=cmd|\' /C calc\'!A0', '+1+1', '-2+3', '@SUM(1,1)'];
    findings[0] = { ...findings[0]!, tracking: { ...findings[0]!.tracking!, owner: payloads[0], ticket: payloads[1], justification: payloads[2] }, description: payloads[3]! };
    const ws = await openXlsx(await registerXlsx({ model: fixtureModel(), findings }));
    const texts: string[] = [];
    ws.eachRow((row) => row.eachCell((cell) => {
      expect(cell.type === ExcelJS.ValueType.Formula || cell.formula !== undefined).toBe(false);
      if (typeof cell.value === 'string') texts.push(cell.value);
    }));
    for (const p of payloads.slice(0, 3)) expect(texts).toContain(p);
    expect(texts.some((t) => t.includes(payloads[3]!))).toBe(true);
  });

  it('gives a risk owner owners, dates, drop-downs, colours, a hidden internal column and a summary', async () => {
    const wb = await openWorkbook(await registerXlsx(input()));
    const ws = wb.getWorksheet('Risk register')!;
    // Default owner: the component's, else the system's (the fixture's system owner is team-ai).
    const owners = [2, 3, 4, 5].map((r) => ws.getRow(r).getCell(col('Risk Owner')).value);
    expect(owners).toEqual(['@attacker', 'netops', 'team-ai', 'dpo']);
    const due = ws.getRow(2).getCell(col('Due Date'));
    expect(due.type).toBe(ExcelJS.ValueType.Date);
    expect((due.value as Date).toISOString()).toBe('2025-07-01T00:00:00.000Z');
    expect(due.numFmt).toBe('yyyy-mm-dd');
    const status = ws.getRow(3).getCell(col('Status')).dataValidation;
    expect(status).toMatchObject({ type: 'list', formulae: ['"open,in-progress,mitigated,accepted,transferred,false-positive"'] });
    expect(ws.getRow(5).getCell(col('Risk Response Type')).dataValidation).toMatchObject({ type: 'list', formulae: ['"mitigate,accept,transfer,avoid,share,none"'] });
    expect(ws.getColumn(col('Import Baseline')).hidden).toBe(true);
    expect(ws.getColumn(col('Finding ID')).hidden).toBe(false);
    const cf = (ws as unknown as { conditionalFormattings: Array<{ ref: string; rules: Array<{ formulae: string[]; style: { fill: { bgColor: { argb: string } } } }> }> }).conditionalFormattings;
    const exposure = cf.find((c) => c.ref.startsWith('G2'))!;
    expect(exposure.rules.map((r) => [r.formulae[0], r.style.fill.bgColor.argb])).toEqual([
      ['"critical"', 'FFF4B6B6'], ['"high"', 'FFF9D3A8'], ['"medium"', 'FFFBEFA6'], ['"low"', 'FFD9EAD3'],
    ]);
    const summary = wb.getWorksheet('Summary')!;
    const rows: unknown[][] = [];
    summary.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(['Risk register: Support <assistant>']);
    expect(rows).toContainEqual(['accepted', 1]);
    expect(rows).toContainEqual(['in-progress', 1]);
    expect(rows).toContainEqual(['AI-PI-DIRECT', 1, 1, 0, 0, 'critical', 'Direct prompt injection']);
    expect(rows).toContainEqual(['AI-VENDOR-RETENTION', 1, 0, 1, 0, '—', expect.any(String)]);
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
