import { builtinCatalog } from '../../core/catalog/builtin';
import { LEVELS, type Level } from '../../core/catalog/types';
import { countThreats } from '../../core/engine/counts';
import { analyzeWithCatalogs } from '../../core/engine/layers';
import { isNotStated, isOpen, type Finding } from '../../core/engine/types';
import { driftOf } from '../../core/discover/drift';
import type { DiscoverResult } from '../../core/discover/types';
import { loadModel } from '../../core/model/load';
import type { Problem } from '../../core/problem';
import { flagValue, parseArgs } from '../args';
import { UsageError, type Command } from '../command';
import { discoverFolder } from './discover';
import { expandModelPaths, formatProblem, InputError, nodeCatalogHost, oneLine, plural, readBytes } from '../io';
import { mergedText, pathText } from '../../core/engine/path-text';
import { testLabel, type FindingTest } from '../../core/tests/index';
import { modelTestCoverage, readTestResults, type ModelTestCoverage, type TestSources } from '../test-coverage';

const HELP = `Usage: threatmodel analyze <file|folder>... [options]

Applies the threat catalog to threat model files and prints the findings grouped by severity, each with
why it fires (the factors that raised likelihood and impact, and the path through the model).
A folder stands for every *.threatmodel.yaml file below it.

Options:
  --format text|json      output format (default text)
  --catalog PATH          a rule file or folder layered over the built-in catalog (repeatable; the model's
                          analysis.catalogs come after these)
  --fail-on LEVEL         critical, high, medium, low or none (default high): exit 1 when an open finding
                          (status open or in-progress) at or above LEVEL exists. none: findings never
                          change the exit code (report only); the run still exits 1 when a model or
                          catalog has an error problem (invalid YAML or schema, a refused or broken
                          catalog, TM-ANALYSIS-BUDGET) or, with --discover, on drift, and 2 on a usage
                          or I/O error (a model file that cannot be read, a --catalog path that does not
                          exist, an unreadable --tests folder or --test-results file)
  --not-stated show|hide|only
                          findings that hold only because the model leaves a safeguard unsaid (a flow
                          without 'encrypted', a tool without 'sandbox', authentication: unknown):
                          show lists them in their own section after the confirmed findings (default),
                          hide leaves them out, only lists just them. Shown findings count for
                          --fail-on; hidden ones do not (docs/not-stated.md)
  --tests DIR             the security test suite folder (default: security-tests/ next to each model, as
                          written by \`threatmodel tests\`): each finding shows whether it has a test there
  --test-results FILE     promptfoo's JSON results (promptfoo eval -o FILE.json): tests show passed or failed
  --discover              also discover the AI parts of the repository in the working directory and
                          exit 1 when the code has one the model does not declare (drift, reported as
                          TM-DRIFT-MISSING at the code's file:line; see threatmodel discover)
  -h, --help              show this help

Exit codes: 0 no open finding at or above --fail-on and no errors (and no drift with --discover), 1 such
findings, drift or an invalid model or catalog, 2 usage or I/O error.
`;

const FAIL_ON = [...LEVELS, 'none'] as const;
const NOT_STATED = ['show', 'hide', 'only'] as const;
type NotStatedMode = (typeof NOT_STATED)[number];

/** The findings a --not-stated mode keeps. */
export function selectTier(findings: readonly Finding[], mode: NotStatedMode): Finding[] {
  if (mode === 'hide') return findings.filter((f) => !isNotStated(f));
  if (mode === 'only') return findings.filter(isNotStated);
  return [...findings];
}

interface FileResult {
  file: string;
  problems: Problem[];
  findings: Finding[];
  tests?: ModelTestCoverage;
  /** With --discover: the ids of the discoveries the model lacks. */
  driftMissing?: string[];
}

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'apply the threat catalog and report findings by severity',
  help: HELP,
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['--format', '--fail-on', '--not-stated', '--tests', '--test-results'], repeatable: ['--catalog'], booleans: ['--discover'] });
    const format = flagValue(args, '--format', ['text', 'json']) ?? 'text';
    const failOn = (flagValue(args, '--fail-on', FAIL_ON) ?? 'high') as Level | 'none';
    const tier = (flagValue(args, '--not-stated', NOT_STATED) ?? 'show') as NotStatedMode;
    if (args.positional.length === 0) throw new UsageError('no model file given');
    const host = nodeCatalogHost(io);
    const catalogPaths = args.flags.get('--catalog') ?? [];
    for (const p of catalogPaths) {
      if (host.readFile(p) === undefined && host.listDir(p) === undefined) {
        io.stderr(`threatmodel analyze: ${p}: no such catalog file or folder\n`);
        return 2;
      }
    }

    const sources: TestSources = {};
    const testsDir = flagValue(args, '--tests');
    if (testsDir !== undefined) sources.testsDir = testsDir;
    const resultsFile = flagValue(args, '--test-results');
    if (resultsFile !== undefined) {
      const read = readTestResults(resultsFile, io);
      if ('error' in read) { io.stderr(`threatmodel analyze: ${read.error}\n`); return 2; }
      sources.outcomes = read.outcomes;
    }

    let files: string[];
    try {
      files = expandModelPaths(args.positional, io);
    } catch (err) {
      if (err instanceof InputError) { io.stderr(`threatmodel analyze: ${err.message}\n`); return 2; }
      throw err;
    }
    const builtin = builtinCatalog();
    let discovered: DiscoverResult | undefined;
    if (args.booleans.has('--discover')) {
      const d = discoverFolder('.', io, 'analyze');
      if (typeof d === 'number') return d;
      discovered = d;
    }
    const results: FileResult[] = [];
    let ioFailed = false;
    for (const file of files) {
      let bytes: Uint8Array;
      try {
        bytes = readBytes(file, io);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        io.stderr(`threatmodel analyze: ${err.message}\n`);
        ioFailed = true;
        continue;
      }
      const loaded = loadModel(bytes, file);
      const problems = [...builtin.problems, ...loaded.problems];
      let findings: Finding[] = [];
      if (loaded.model) {
        const analysis = analyzeWithCatalogs(loaded.model, builtin.catalog, { catalogPaths, host });
        findings = selectTier(analysis.findings, tier);
        problems.push(...analysis.problems);
      }
      let driftMissing: string[] | undefined;
      if (discovered && loaded.model) {
        const drift = driftOf(loaded.model, discovered);
        problems.push(...drift.problems);
        driftMissing = drift.missing.map((d) => d.id);
      }
      const result: FileResult = { file, problems, findings, ...(driftMissing ? { driftMissing } : {}) };
      if (loaded.model) {
        const tests = modelTestCoverage(file, findings, sources, io);
        if ('error' in tests) { io.stderr(`threatmodel analyze: ${tests.error}\n`); ioFailed = true; } else result.tests = tests;
      }
      results.push(result);
    }

    const failing = (f: Finding): boolean => failOn !== 'none' && isOpen(f) && LEVELS.indexOf(f.severity) >= LEVELS.indexOf(failOn);
    const invalid = results.filter((r) => r.problems.some((p) => p.severity === 'error')).length;
    const failingCount = results.reduce((n, r) => n + r.findings.filter(failing).length, 0);
    const drifting = results.filter((r) => (r.driftMissing?.length ?? 0) > 0).length;

    if (format === 'json') {
      io.stdout(`${JSON.stringify({
        failOn,
        files: results.map((r) => ({
          file: r.file, valid: !r.problems.some((p) => p.severity === 'error'), problems: r.problems,
          findings: r.findings.map((f) => (r.tests ? { ...f, test: testJson(r.tests.byFinding.get(f.id)) } : f)),
          ...(r.tests ? { tests: { suite: r.tests.suite ?? null, ...testCounts(r.findings, r.tests), orphans: r.tests.orphans } } : {}),
          ...(r.driftMissing ? { driftMissing: r.driftMissing } : {}),
        })),
        ...(discovered ? { discovery: { stats: discovered.stats, problems: discovered.problems } } : {}),
        summary: { files: results.length, invalid, ...counts(results.flatMap((r) => r.findings)), failing: failingCount, ...(discovered ? { drifting } : {}) },
      }, null, 2)}\n`);
    } else {
      if (discovered) for (const p of discovered.problems) io.stdout(`${formatProblem(p)}\n`);
      for (const r of results) io.stdout(renderText(r, failOn, failing));
    }
    if (ioFailed) return 2;
    return invalid > 0 || failingCount > 0 || drifting > 0 ? 1 : 0;
  },
};

/** The JSON summary: `bySeverity` counts open findings only (engine/counts.ts), `byStatus` every finding. */
function counts(findings: readonly Finding[]): { findings: number; open: number; bySeverity: Record<Level, number>; byStatus: Record<string, number>; notStated: number } {
  const c = countThreats(findings);
  const byStatus = Object.fromEntries(Object.entries(c.byStatus).filter(([, n]) => n > 0).sort());
  return { findings: c.total, open: c.open, bySeverity: { ...c.openBySeverity }, byStatus, notStated: findings.filter(isNotStated).length };
}

const testJson = (t: FindingTest | undefined): { state: string; cases: string[] } => ({ state: t?.state ?? 'not-testable', cases: t?.caseIds ?? [] });

/** Open findings by test state: how many can be tested, how many have a case in the suite, passed, failed. */
function testCounts(findings: readonly Finding[], tests: ModelTestCoverage): { testable: number; withTest: number; missing: number; passed: number; failed: number; notTestable: number } {
  const c = { testable: 0, withTest: 0, missing: 0, passed: 0, failed: 0, notTestable: 0 };
  for (const f of findings.filter(isOpen)) {
    const s = tests.byFinding.get(f.id)?.state ?? 'not-testable';
    if (s === 'not-testable') { c.notTestable++; continue; }
    c.testable++;
    if (s === 'missing' || s === 'untested') c.missing++;
    else c.withTest++;
    if (s === 'passed') c.passed++;
    if (s === 'failed') c.failed++;
  }
  return c;
}

/** The security-test line under a file's findings: coverage of open testable findings by the suite on disk. */
function testsSummary(r: FileResult): string[] {
  const t = r.tests;
  if (!t) return [];
  const c = testCounts(r.findings, t);
  if (c.testable === 0) return [`security tests: no open finding can be tested against a running system (${c.notTestable} to review)`];
  const where = t.suite ?? 'no suite yet';
  const parts = [`${c.withTest} of ${c.testable} open testable findings have a test (${where})`];
  if (c.passed || c.failed) parts.push(`${c.passed} passed, ${c.failed} failed`);
  if (c.missing) parts.push(`${c.missing} without one: run threatmodel tests ${r.file}`);
  if (t.orphans.length) parts.push(`${plural(t.orphans.length, 'case')} for findings that no longer exist (regenerate)`);
  return [`security tests: ${parts.join('; ')}`];
}

/** One file's findings, critical first, each with its why; model text is kept to one printable line. */
function renderText(r: FileResult, failOn: Level | 'none', failing: (f: Finding) => boolean): string {
  const out: string[] = [];
  for (const p of r.problems) out.push(formatProblem(p));
  if (r.problems.length > 0) out.push('');
  const c = counts(r.findings);
  const tail = c.notStated > 0 ? `; ${c.notStated} of them not stated` : '';
  out.push(`${r.file}: ${plural(c.findings, 'finding')}, ${c.open} open (${[...LEVELS].reverse().map((l) => `${c.bySeverity[l]} ${l}`).join(', ')})${tail}`);
  const confirmed = r.findings.filter((f) => !isNotStated(f));
  for (const level of [...LEVELS].reverse()) {
    const group = confirmed.filter((f) => f.severity === level);
    if (group.length === 0) continue;
    out.push('', `${level.toUpperCase()} (${group.length})`);
    for (const f of group) out.push(...renderFinding(f, r.file, failing(f), r.tests?.byFinding.get(f.id)));
  }
  const unstated = r.findings.filter(isNotStated);
  if (unstated.length > 0) {
    out.push('', `NOT STATED (${unstated.length}): these hold only because the model leaves a safeguard unsaid; state it (true or false) to confirm or clear each`);
    for (const level of [...LEVELS].reverse()) for (const f of unstated.filter((x) => x.severity === level)) out.push(...renderFinding(f, r.file, failing(f), r.tests?.byFinding.get(f.id)));
  }
  const tests = testsSummary(r);
  if (tests.length) out.push('', ...tests);
  const n = r.findings.filter(failing).length;
  if (r.driftMissing) {
    out.push('', r.driftMissing.length === 0 ? 'drift: the model declares every AI part discovered in the code'
      : `drift: ${plural(r.driftMissing.length, 'AI part')} in the code the model does not declare (${r.driftMissing.map(oneLine).join(', ')}); propose them with threatmodel discover --model ${r.file} --format yaml`);
  }
  out.push('', failOn === 'none'
    ? 'fail-on none: findings never fail the run'
    : n === 0 ? `no open finding at or above ${failOn}` : `${plural(n, 'open finding')} at or above ${failOn}`, '');
  return `${out.join('\n')}\n`;
}

function renderFinding(f: Finding, file: string, fails: boolean, test: FindingTest | undefined): string[] {
  const line = (s: string): string => oneLine(s);
  const lines = [
    `  ${fails ? '✗' : '•'} ${f.id}  [${f.status}]${f.notStated ? ` (${f.severity}, not stated)` : ''}`,
    `    ${line(f.title)}`,
    `    at ${file}:${f.range.start.line + 1}:${f.range.start.character + 1}  likelihood ${f.likelihood}, impact ${f.impact}`,
    `    ${line(f.description)}`,
  ];
  if (f.notStated) lines.push(`    not stated: ${line(f.notStated.join(', '))}`);
  for (const x of f.why.factors) lines.push(`    + ${x.factor} (${x.applies}): ${line(x.detail)}`);
  if (f.why.path) lines.push(`    path: ${line(pathText(f.why.path, f.why.pathOmitted))}`);
  for (const m of f.merged ?? []) lines.push(`    also via ${line(mergedText(m))}`);
  if (f.why.severityOverride) lines.push(`    severity set by ${line(f.why.severityOverride.setting)} (computed: ${f.why.severityOverride.computed})`);
  for (const c of f.why.controls ?? []) lines.push(`    control ${line(c.control)} (${c.status}) implements ${c.implements.join(', ')}`);
  if (f.tracking) {
    const t = f.tracking;
    const parts = [t.owner && `owner ${t.owner}`, t.due && `due ${t.due}`, t.ticket && `ticket ${t.ticket}`, t.reviewedBy && `reviewed by ${t.reviewedBy}${t.reviewedOn ? ` on ${t.reviewedOn}` : ''}`].filter(Boolean);
    if (parts.length) lines.push(`    tracking: ${line(parts.join(', '))}`);
    if (t.justification) lines.push(`    justification: ${line(t.justification)}`);
  }
  if (test && (test.state !== 'not-testable' || isOpen(f)) && test.state !== 'untested') lines.push(`    test: ${testLabel(test)}`);
  if (f.status === 'open' || f.status === 'in-progress') lines.push(`    mitigations: ${f.mitigations.map((m) => `${m.id} (${line(m.title)})`).join('; ')}`);
  return lines;
}
