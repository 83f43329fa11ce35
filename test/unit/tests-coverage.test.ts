/**
 * Coverage both ways between findings and the security test suite, as `analyze`, `export` and the checklist
 * show it: which open testable findings have a case in the suite on disk, which lack one, which passed or
 * failed in promptfoo's results, and which cases belong to findings that no longer exist.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { isOpen } from '../../src/core/engine/types';
import { checklistMarkdown } from '../../src/core/export/checklist';
import { modelFindings } from '../../src/core/export/pipeline';
import { buildRegister } from '../../src/core/export/register';
import { isTestable, suiteCaseIds, testCoverage, testLabel } from '../../src/core/tests/index';
import { cli } from './helpers/cli';

const root = mkdtempSync(join(tmpdir(), 'tm-cov-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const EXAMPLE = 'examples/support-assistant.threatmodel.yaml';

/** A fresh folder with the example model; optionally its generated suite. */
async function workspace(name: string, generate: boolean): Promise<string> {
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(EXAMPLE, join(dir, 'm.threatmodel.yaml'));
  if (generate) expect((await cli(['tests', 'm.threatmodel.yaml'], dir)).code).toBe(0);
  return dir;
}

interface PfTest { metadata: { caseId: string; findingId: string } }
const suiteOf = (dir: string): PfTest[] => parse(readFileSync(join(dir, 'security-tests/threatmodel.tests.yaml'), 'utf8')) as PfTest[];

/** promptfoo's `eval -o results.json` shape, with the listed case ids failing. */
function writeResults(dir: string, tests: PfTest[], failing: (caseId: string) => boolean): string {
  const results = { results: { results: tests.map((t) => ({ success: !failing(t.metadata.caseId), testCase: { metadata: t.metadata } })) } };
  const path = join(dir, 'results.json');
  writeFileSync(path, JSON.stringify(results));
  return path;
}

describe('analyze shows security test coverage', () => {
  it('without a suite, every open testable finding is listed as lacking a test, with the command that generates it', async () => {
    const dir = await workspace('none', false);
    const r = await cli(['analyze', 'm.threatmodel.yaml', '--fail-on', 'none'], dir);
    expect(r.code).toBe(0);
    const { findings } = modelFindings(readFileSync(EXAMPLE, 'utf8'), EXAMPLE);
    const testable = findings.filter((f) => isOpen(f) && isTestable(f)).length;
    expect(r.stdout).toContain(`security tests: 0 of ${testable} open testable findings have a test (no suite yet); ${testable} without one: run threatmodel tests m.threatmodel.yaml`);
    expect(r.stdout).toMatch(/test: no test in the suite/);
    expect(r.stdout).toMatch(/test: not testable \(review it\)/);
  });

  it('with the generated suite, names each finding\'s cases; a case removed from the suite shows as missing', async () => {
    const dir = await workspace('suite', true);
    const tests = suiteOf(dir);
    const r = await cli(['analyze', 'm.threatmodel.yaml', '--format', 'json', '--fail-on', 'none'], dir);
    const file = JSON.parse(r.stdout).files[0];
    expect(file.tests).toMatchObject({ suite: 'security-tests/threatmodel.tests.yaml', missing: 0, orphans: [] });
    expect(file.tests.withTest).toBe(file.tests.testable);
    const direct = file.findings.find((f: { id: string }) => f.id === 'MODEL-DIRECT-PROMPT-INJECTION@llm');
    expect(direct.test).toEqual({ state: 'generated', cases: ['MODEL-DIRECT-PROMPT-INJECTION@llm#direct-injection'] });

    // Someone hand-edits the generated file: drop one case, add one for a finding that no longer exists.
    const kept = tests.filter((t) => t.metadata.findingId !== 'MODEL-DIRECT-PROMPT-INJECTION@llm');
    kept.push({ metadata: { caseId: 'GONE@old-element#prompt-extraction', findingId: 'GONE@old-element' } });
    writeFileSync(join(dir, 'security-tests/threatmodel.tests.yaml'), stringify(kept));
    const text = (await cli(['analyze', 'm.threatmodel.yaml', '--fail-on', 'none'], dir)).stdout;
    const block = text.slice(text.indexOf('MODEL-DIRECT-PROMPT-INJECTION@llm'));
    expect(block.slice(0, block.indexOf('mitigations:'))).toContain('test: no test in the suite');
    expect(text).toMatch(/security tests: \d+ of \d+ open testable findings have a test \(security-tests\/threatmodel\.tests\.yaml\); 1 without one: run threatmodel tests m\.threatmodel\.yaml; 1 case for findings that no longer exist \(regenerate\)/);
  });

  it('with --test-results, shows which findings\' tests passed and failed', async () => {
    const dir = await workspace('results', true);
    const results = writeResults(dir, suiteOf(dir), (id) => id.startsWith('AGENT-TOOL-EXFILTRATION-CHAIN@'));
    const r = await cli(['analyze', 'm.threatmodel.yaml', '--test-results', results, '--format', 'json', '--fail-on', 'none'], dir);
    const file = JSON.parse(r.stdout).files[0];
    expect(file.tests.failed).toBe(1);
    expect(file.tests.passed).toBe(file.tests.testable - 1);
    expect(file.findings.find((f: { id: string }) => f.id === 'AGENT-TOOL-EXFILTRATION-CHAIN@assistant').test.state).toBe('failed');
    const text = (await cli(['analyze', 'm.threatmodel.yaml', '--test-results', 'results.json', '--fail-on', 'none'], dir)).stdout;
    expect(text).toContain('test: FAILED (tool-misuse)');
    expect(text).toContain('test: passed (direct-injection)');
  });

  it('an unreadable results file or a missing --tests suite is an I/O error (exit 2) with the reason', async () => {
    const dir = await workspace('errors', false);
    const a = await cli(['analyze', 'm.threatmodel.yaml', '--test-results', 'nope.json'], dir);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('cannot read nope.json');
    writeFileSync(join(dir, 'bad.json'), '{"results": 3}');
    expect((await cli(['analyze', 'm.threatmodel.yaml', '--test-results', 'bad.json'], dir)).stderr).toContain('no results array');
    const b = await cli(['analyze', 'm.threatmodel.yaml', '--tests', 'suite'], dir);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('suite/threatmodel.tests.yaml: no such file (generate it with: threatmodel tests m.threatmodel.yaml -o suite)');
  });
});

describe('exports show each finding\'s test', () => {
  it('the register has a Test column and the checklist a test line per open finding; passed ticks the box', async () => {
    const dir = await workspace('export', true);
    writeResults(dir, suiteOf(dir), (id) => id.startsWith('OUTPUT-TO-HTML-XSS@chat-api'));
    const csv = (await cli(['export', 'm.threatmodel.yaml', '--format', 'csv', '--test-results', 'results.json'], dir)).stdout;
    const header = csv.split('\r\n')[0]!.replace(/^\uFEFF/, '').split(',');
    expect(header).toContain('Test');
    expect(csv).toContain('FAILED (output-exfiltration)');
    expect(csv).toContain('passed (direct-injection)');
    const md = (await cli(['export', 'm.threatmodel.yaml', '--format', 'md', '--test-results', 'results.json'], dir)).stdout;
    expect(md).toContain('  - [x] Test passed: `MODEL-DIRECT-PROMPT-INJECTION@llm#direct-injection`');
    expect(md).toContain('  - [ ] Test FAILED: `OUTPUT-TO-HTML-XSS@chat-api#output-exfiltration`');
    expect(md).toContain('  - Test: not testable against a running system; review it');
  });

  it('without a suite on disk the register lists the cases `threatmodel tests` generates, and is deterministic', () => {
    const { model, findings } = modelFindings(readFileSync(EXAMPLE, 'utf8'), EXAMPLE);
    const rows = buildRegister({ model: model!, findings });
    const row = rows.find((r) => r.findingId === 'MODEL-DIRECT-PROMPT-INJECTION@llm')!;
    expect(row.test).toEqual({ state: 'generated', cases: ['MODEL-DIRECT-PROMPT-INJECTION@llm#direct-injection'] });
    expect(rows.find((r) => r.findingId.startsWith('DENIAL-OF-WALLET@'))!.test.state).toBe('not-testable');
    expect(buildRegister({ model: model!, findings: [...findings].reverse() })).toEqual(rows);
  });

  it('escapes model text that reaches a case id in the checklist', () => {
    const { model, findings } = modelFindings(readFileSync(EXAMPLE, 'utf8'), EXAMPLE);
    const hostile = findings.map((f) => (f.ruleId === 'MODEL-DIRECT-PROMPT-INJECTION' ? { ...f, id: `${f.ruleId}@x\`](javascript:alert(1))` } : f));
    const md = checklistMarkdown({ model: model!, findings: hostile });
    const line = md.split('\n').find((l) => l.includes('#direct-injection'))!;
    // A longer backtick fence than the id holds: the id stays code, it cannot close the span and open a link.
    expect(line).toMatch(/^ {2}- \[ \] Test generated: ``[^`].*`\]\(javascript:alert\(1\)\)#direct-injection``$/);
  });
});

describe('suite file and labels', () => {
  it('reads case ids from the generated file and rejects anything else with a reason, never throwing', () => {
    expect([...suiteCaseIds(stringify([{ metadata: { caseId: 'A@b#p' } }, { metadata: {} }, 'x'])).caseIds]).toEqual(['A@b#p']);
    expect(suiteCaseIds('a: [').error).toMatch(/^not YAML/);
    expect(suiteCaseIds('tests: []').error).toMatch(/not a list of tests/);
    expect(suiteCaseIds('- &a [*a, *a]\n').error).toBeUndefined();
  });

  it('labels a finding\'s test with its state and probes', () => {
    const { findings } = modelFindings(readFileSync(EXAMPLE, 'utf8'), EXAMPLE);
    const cov = testCoverage(findings, { suite: new Set(), outcomes: new Map() });
    expect(testLabel(cov.byFinding.get('MODEL-DIRECT-PROMPT-INJECTION@llm'))).toBe('no test in the suite');
    expect(testLabel(undefined)).toBe('not testable (review it)');
  });
});
