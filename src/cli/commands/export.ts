import { isAbsolute, relative, resolve, sep } from 'node:path';
import { DEFAULT_MAX_FINDINGS, EXPORT_FORMATS, exportAs, formatInfo, isCappedFormat, type ExportFormat } from '../../core/export/index';
import { exportInput, modelFindings, type PipelineResult } from '../../core/export/pipeline';
import type { ResolvedModel } from '../../core/model/graph';
import { flagValue, parseArgs } from '../args';
import { writeFileAtomic } from '../atomic-write';
import { UsageError, type CliIO, type Command } from '../command';
import { formatProblem, InputError, nodeCatalogHost, readBytes } from '../io';
import type { Finding } from '../../core/engine/types';
import type { FindingTest } from '../../core/tests/index';
import { modelTestCoverage, readTestResults, type TestSources } from '../test-coverage';

const HELP = `Usage: threatmodel export <file> --format FORMAT [-o OUT] [options]

Writes the model's findings in one of these formats:
  csv     risk register, NIST IR 8286 layout (RFC 4180, UTF-8)
  xlsx    risk register as an Excel workbook (needs -o)
  json    risk register as JSON (schemas/risk-register.schema.json)
  md      design-review checklist in Markdown, with the mermaid diagram
  sarif   SARIF 2.1.0 for GitHub code scanning
  html    self-contained HTML report (offline, no scripts)
Text formats go to standard output unless -o is given. Files are written whole or not at all
(a temporary file in the same folder, then renamed). Cells, Markdown and HTML escape model text.

Options:
  --format FORMAT      one of csv, xlsx, json, md, sarif, html
  -o, --output OUT     write to this file
  --catalog PATH       a rule file or folder layered over the built-in catalog (repeatable)
  --tests DIR          the security test suite folder for the register's Test column and the checklist's
                       test lines (default: security-tests/ next to the model when it exists; without a
                       suite they show the tests \`threatmodel tests\` generates)
  --test-results FILE  promptfoo's JSON results (promptfoo eval -o FILE.json): tests show passed or failed
  --max-findings N|all md, html and sarif list at most N findings in full, open and most severe first,
                       and say how many were left out (default ${DEFAULT_MAX_FINDINGS.md.toLocaleString('en-US')} for md and html;
                       ${DEFAULT_MAX_FINDINGS.sarif.toLocaleString('en-US')} for sarif, as GitHub code scanning keeps 5,000 results
                       per run); all lists every finding. The risk register (csv, xlsx, json) always
                       lists every finding
  -h, --help           show this help

Exit codes: 0 written, 1 the model has errors (nothing written), 2 usage or I/O error.
`;

/** The model path as exports show it: relative to the working directory when inside it, `/`-separated. */
export function displayPath(file: string, io: CliIO): string {
  const abs = isAbsolute(file) ? file : resolve(io.cwd, file);
  const rel = relative(io.cwd, abs);
  const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
  return shown.split(sep).join('/');
}

/**
 * Reads, loads and analyzes a model for a command. Prints problems to stderr. Returns the result with its
 * model, or the exit code: 2 when the file cannot be read, 1 when the model has errors.
 */
export function analyzeForCommand(command: string, file: string, catalogs: readonly string[], io: CliIO): (PipelineResult & { model: ResolvedModel; text: string }) | number {
  let bytes: Uint8Array;
  try {
    bytes = readBytes(file, io);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    io.stderr(`threatmodel ${command}: ${err.message}\n`);
    return 2;
  }
  const host = nodeCatalogHost(io);
  for (const p of catalogs) {
    if (host.readFile(p) === undefined && host.listDir(p) === undefined) {
      io.stderr(`threatmodel ${command}: ${p}: no such catalog file or folder\n`);
      return 2;
    }
  }
  const result = modelFindings(bytes, file, { catalogs, host });
  for (const p of result.problems) io.stderr(`${formatProblem(p)}\n`);
  if (!result.model || result.problems.some((p) => p.severity === 'error')) {
    io.stderr(`threatmodel ${command}: ${file} has errors; fix them first (threatmodel validate ${file})\n`);
    return 1;
  }
  // ignoreBOM keeps a byte-order mark in the text, so a rewrite (register import) keeps it too.
  return { ...result, model: result.model, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'write a risk register (csv, xlsx, json), checklist (md), SARIF or HTML report',
  help: HELP,
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['--format', '-o', '--output', '--tests', '--test-results', '--max-findings'], repeatable: ['--catalog'] });
    const format = flagValue(args, '--format', EXPORT_FORMATS.map((f) => f.format)) as ExportFormat | undefined;
    if (!format) throw new UsageError('--format is required');
    const maxFindings = maxFindingsFlag(flagValue(args, '--max-findings'), format);
    const out = flagValue(args, '-o') ?? flagValue(args, '--output');
    if (args.flags.has('-o') && args.flags.has('--output')) throw new UsageError('give -o or --output, not both');
    if (args.positional.length !== 1) throw new UsageError(args.positional.length === 0 ? 'no model file given' : 'export takes one model file');
    if (formatInfo(format)!.binary && !out) throw new UsageError(`${format} is a binary format: give -o FILE`);
    const file = args.positional[0]!;

    const result = analyzeForCommand('export', file, args.flags.get('--catalog') ?? [], io);
    if (typeof result === 'number') return result;
    const tests = exportTests(file, result.findings, flagValue(args, '--tests'), flagValue(args, '--test-results'), io);
    if (typeof tests === 'string') { io.stderr(`threatmodel export: ${tests}\n`); return 2; }
    const input = { ...exportInput(result, displayPath(file, io)), ...(tests ? { tests } : {}), ...(maxFindings !== undefined ? { maxFindings } : {}) };
    const content = await exportAs(format, input);
    const cap = isCappedFormat(format) ? maxFindings ?? DEFAULT_MAX_FINDINGS[format] : Infinity;
    const listed = result.findings.length > cap ? `, ${cap.toLocaleString('en-US')} listed in full; --max-findings all lists every one` : '';
    if (!out) {
      io.stdout(content as string);
      if (listed) io.stderr(`threatmodel export: ${result.findings.length.toLocaleString('en-US')} findings${listed}\n`);
      return 0;
    }
    try {
      writeFileAtomic(isAbsolute(out) ? out : resolve(io.cwd, out), content, { notOver: [isAbsolute(file) ? file : resolve(io.cwd, file)] });
    } catch (err) {
      io.stderr(`threatmodel export: cannot write ${out}: ${(err as Error).message}\n`);
      return 2;
    }
    io.stderr(`threatmodel export: wrote ${out} (${formatInfo(format)!.label}, ${result.findings.length} findings${listed})\n`);
    return 0;
  },
};

/** `--max-findings N|all`: a cap for md, html and sarif (`Infinity` for all); a usage error for the register. */
function maxFindingsFlag(value: string | undefined, format: ExportFormat): number | undefined {
  if (value === undefined) return undefined;
  if (!isCappedFormat(format)) throw new UsageError(`--max-findings applies to md, html and sarif; the ${format} risk register always lists every finding`);
  if (value === 'all') return Infinity;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--max-findings must be a whole number of at least 1, or all (got '${value}')`);
  return Number(value);
}

/**
 * The tests the register and checklist show: against the suite on disk when there is one (default
 * security-tests/ next to the model, or --tests DIR) plus --test-results; otherwise what `threatmodel tests`
 * would generate. A string is an error for exit code 2.
 */
function exportTests(file: string, findings: readonly Finding[], testsDir: string | undefined, resultsFile: string | undefined, io: CliIO): ReadonlyMap<string, FindingTest> | string | undefined {
  const sources: TestSources = {};
  if (testsDir !== undefined) sources.testsDir = testsDir;
  if (resultsFile !== undefined) {
    const read = readTestResults(resultsFile, io);
    if ('error' in read) return read.error;
    sources.outcomes = read.outcomes;
  }
  const cov = modelTestCoverage(file, findings, sources, io);
  if ('error' in cov) return cov.error;
  if (cov.suite === undefined && !sources.outcomes) return undefined;
  return cov.byFinding;
}
