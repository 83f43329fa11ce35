/**
 * Exports: the risk register (CSV, XLSX, JSON), the design-review checklist (Markdown), SARIF and the HTML
 * report, all from one `ExportInput`. Deterministic: the same model and findings give the same bytes.
 */
import { checklistMarkdown } from './checklist';
import { registerCsv } from './csv';
import { htmlReport } from './html';
import type { ExportInput } from './input';
import { DEFAULT_MAX_FINDINGS, isCappedFormat } from './limit';
import { registerJson } from './register-json';
import { sarifJson } from './sarif';
import { registerXlsx } from './xlsx';

export type ExportFormat = 'csv' | 'xlsx' | 'json' | 'md' | 'sarif' | 'html';

export interface FormatInfo {
  format: ExportFormat;
  label: string;
  /** File name suffix, e.g. `.register.csv`. */
  suffix: string;
  /** Binary formats cannot go to a terminal. */
  binary: boolean;
}

export const EXPORT_FORMATS: readonly FormatInfo[] = [
  { format: 'csv', label: 'Risk register (CSV)', suffix: '.register.csv', binary: false },
  { format: 'xlsx', label: 'Risk register (Excel workbook)', suffix: '.register.xlsx', binary: true },
  { format: 'json', label: 'Risk register (JSON)', suffix: '.register.json', binary: false },
  { format: 'md', label: 'Design-review checklist (Markdown)', suffix: '.checklist.md', binary: false },
  { format: 'sarif', label: 'SARIF 2.1.0 (code scanning)', suffix: '.sarif', binary: false },
  { format: 'html', label: 'Report (self-contained HTML)', suffix: '.report.html', binary: false },
];

export function formatInfo(format: string): FormatInfo | undefined {
  return EXPORT_FORMATS.find((f) => f.format === format);
}

/**
 * Renders one format: text for the text formats, bytes for XLSX (written by exceljs, hence async). The report,
 * checklist and SARIF list at most `input.maxFindings` findings in full, by default the format's cap
 * (`DEFAULT_MAX_FINDINGS`; pass `Infinity` for all); the risk register always lists every finding.
 */
export async function exportAs(format: ExportFormat, given: ExportInput): Promise<string | Uint8Array> {
  const input = isCappedFormat(format) ? { ...given, maxFindings: given.maxFindings ?? DEFAULT_MAX_FINDINGS[format] } : given;
  switch (format) {
    case 'csv': return registerCsv(input);
    case 'xlsx': return registerXlsx(input);
    case 'json': return registerJson(input);
    case 'md': return checklistMarkdown(input);
    case 'sarif': return sarifJson(input);
    case 'html': return htmlReport(input);
  }
}

/** The default output file name for a model file, e.g. `support.threatmodel.yaml` → `support.register.csv`. */
export function defaultOutputName(modelFile: string, format: ExportFormat): string {
  const base = modelFile.replace(/\\/g, '/').split('/').pop() ?? 'model';
  const stem = base.replace(/\.threatmodel\.ya?ml$/i, '').replace(/\.ya?ml$/i, '') || 'model';
  return `${stem}${formatInfo(format)!.suffix}`;
}

export type { ExportInput, ExportModel } from './input';
export { DEFAULT_MAX_FINDINGS, isCappedFormat } from './limit';
