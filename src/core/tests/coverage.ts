/**
 * Coverage both ways between findings and the security test suite: which findings that can be tested have a
 * case in the suite on disk (and whether it passed), and which cases in the suite no longer match a finding.
 * `analyze`, the exports and the Threats view all show a finding's test through `testCoverage` and `testLabel`.
 * Never throws: the suite and results files are untrusted input.
 */
import { parse } from 'yaml';
import type { Finding } from '../engine/types';
import { isTestable, testCases } from './cases';
import { findingTests, type CaseOutcome, type FindingTest } from './results';

export interface SuiteCaseIds {
  caseIds: Set<string>;
  error?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The case ids in a generated `threatmodel.tests.yaml` (each test's `metadata.caseId`). */
export function suiteCaseIds(text: string): SuiteCaseIds {
  const caseIds = new Set<string>();
  let data: unknown;
  try {
    // maxAliasCount bounds alias expansion: the file is read from disk, someone may have edited it.
    data = parse(text, { maxAliasCount: 100 });
  } catch (err) {
    return { caseIds, error: `not YAML: ${(err as Error).message.split('\n')[0]}` };
  }
  if (!Array.isArray(data)) return { caseIds, error: 'not a list of tests (expected the file written by `threatmodel tests`)' };
  for (const t of data) {
    const id = isObject(t) && isObject(t.metadata) ? t.metadata.caseId : undefined;
    if (typeof id === 'string') caseIds.add(id);
  }
  return { caseIds };
}

export interface CoverageOptions {
  /** Case ids found in the suite on disk; absent: what `threatmodel tests` would generate counts as there. */
  suite?: ReadonlySet<string>;
  /** promptfoo outcomes by case id (`parsePromptfooResults`). */
  outcomes?: ReadonlyMap<string, CaseOutcome>;
}

export interface TestCoverage {
  byFinding: Map<string, FindingTest>;
  /** Suite cases whose finding is gone (renamed element, accepted risk ...): regenerate to drop them. */
  orphans: string[];
}

export function testCoverage(findings: readonly Finding[], opts: CoverageOptions = {}): TestCoverage {
  const cases = testCases(findings);
  const present = opts.suite ? cases.filter((c) => opts.suite!.has(c.id)) : cases;
  const byFinding = findingTests(findings, present, isTestable, opts.outcomes);
  if (opts.suite) {
    // A testable finding that should have a case but the suite lacks it: `missing`, not merely untested.
    const expected = new Set(cases.map((c) => c.findingId));
    for (const t of byFinding.values()) if (t.state === 'untested' && expected.has(t.findingId)) t.state = 'missing';
  }
  const generated = new Set(cases.map((c) => c.id));
  const orphans = opts.suite ? [...opts.suite].filter((id) => !generated.has(id)).sort() : [];
  return { byFinding, orphans };
}

const LABELS: Record<FindingTest['state'], string> = {
  'not-testable': 'not testable (review it)',
  untested: 'no test',
  missing: 'no test in the suite',
  generated: 'generated',
  passed: 'passed',
  failed: 'FAILED',
};

/** One line for a finding's test: `passed (prompt-extraction)`, `not testable (review it)` ... */
export function testLabel(t: FindingTest | undefined): string {
  if (!t) return LABELS['not-testable'];
  const probes = t.caseIds.map((id) => id.slice(id.lastIndexOf('#') + 1));
  return probes.length ? `${LABELS[t.state]} (${probes.join(', ')})` : LABELS[t.state];
}
