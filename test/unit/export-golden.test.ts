/**
 * Golden files pin every export format for every template and the bundled example, and each register
 * format round-trips through `register import` without changing the model by a single byte.
 * After an intended change (a rule, the engine, an export), regenerate with:
 *   UPDATE_GOLDEN=1 npx vitest run test/unit/export-golden.test.ts
 * and review the diff under test/golden/exports/.
 */
import Ajv2020 from 'ajv/dist/2020';
import ExcelJS from 'exceljs';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, exportAs, type ExportFormat } from '../../src/core/export/index';
import { importRegister, readRegister } from '../../src/core/export/import/index';
import { exportInput, modelFindings } from '../../src/core/export/pipeline';
import { sarifValidator } from '../golden/exports/sarif-validator';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const GOLDEN = 'test/golden/exports';
const MODELS = [
  ...readdirSync('templates').filter((f) => f.endsWith('.threatmodel.yaml')).sort().map((f) => `templates/${f}`),
  'examples/support-assistant.threatmodel.yaml',
];

function analyzed(file: string) {
  const result = modelFindings(readFileSync(file), file);
  expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  expect(result.model).toBeDefined();
  return { result: { ...result, model: result.model! }, text: readFileSync(file, 'utf8') };
}

/** What a spreadsheet shows of an XLSX file: the sheet's values, widths, frozen panes and filter. */
async function xlsxContent(bytes: Uint8Array): Promise<unknown> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: unknown[] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return {
    sheet: ws.name,
    views: ws.views.map((v) => ({ state: v.state, ySplit: (v as { ySplit?: number }).ySplit })),
    autoFilter: ws.autoFilter,
    widths: ws.columns.map((c) => c.width),
    rows,
  };
}

function compare(path: string, actual: string): void {
  if (UPDATE || !existsSync(path)) {
    mkdirSync(path.slice(0, path.lastIndexOf('/')), { recursive: true });
    writeFileSync(path, actual);
    if (!UPDATE) throw new Error(`${path} was missing and has been written; review it and run the test again`);
    return;
  }
  expect(actual, `${path} differs; if the change is intended: UPDATE_GOLDEN=1 npx vitest run test/unit/export-golden.test.ts`).toBe(readFileSync(path, 'utf8'));
}

const registerSchema = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync('schemas/risk-register.schema.json', 'utf8')));
const sarif = sarifValidator();

describe.each(MODELS)('exports of %s', (file) => {
  const name = file.split('/').pop()!.replace('.threatmodel.yaml', '');

  it.each(EXPORT_FORMATS.map((f) => f.format))('%s matches its golden file', async (format: ExportFormat) => {
    const { result } = analyzed(file);
    const info = EXPORT_FORMATS.find((f) => f.format === format)!;
    const out = await exportAs(format, exportInput(result, file));
    if (format === 'xlsx') compare(`${GOLDEN}/${name}/${name}${info.suffix}.json`, `${JSON.stringify(await xlsxContent(out as Uint8Array), null, 2)}\n`);
    else compare(`${GOLDEN}/${name}/${name}${info.suffix}`, out as string);
    if (format === 'json') expect(registerSchema(JSON.parse(out as string)), JSON.stringify(registerSchema.errors)).toBe(true);
    if (format === 'sarif') expect(sarif(JSON.parse(out as string)), JSON.stringify(sarif.errors)).toBe(true);
  });

  it.each(['csv', 'xlsx', 'json'] as const)('the %s register imports back without changing the model', async (format) => {
    const { result, text } = analyzed(file);
    expect(result.findings.length).toBeGreaterThan(0);
    const bytes = await exportAs(format, exportInput(result, file));
    const register = await readRegister(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes, format, `register.${format}`);
    const imported = importRegister({ modelText: text, modelFile: file, findings: result.findings, tracking: result.model.tracking, model: result.model, register, registerFile: `register.${format}` });
    expect(imported.problems).toEqual([]);
    expect(imported.changes).toEqual([]);
    expect(imported.text).toBe(text);
  });
});
