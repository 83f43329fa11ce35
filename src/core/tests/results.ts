/**
 * Reading promptfoo's JSON results (`promptfoo eval -o results.json`) back onto findings: which generated
 * case passed or failed. The file is untrusted input: anything that is not the expected shape is skipped
 * with a count, never thrown.
 */
import type { Finding } from '../engine/types';
import type { TestCase } from './cases';

export type CaseOutcome = 'passed' | 'failed';

export interface ParsedResults {
  /** Case id → outcome; a case run several times (several providers) fails if any run failed. */
  outcomes: Map<string, CaseOutcome>;
  /** Result rows without a `metadata.caseId` from `threatmodel tests` (the team's own tests). */
  unmatched: number;
  error?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parsePromptfooResults(text: string): ParsedResults {
  const outcomes = new Map<string, CaseOutcome>();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { outcomes, unmatched: 0, error: `not JSON: ${(err as Error).message}` };
  }
  // `eval -o x.json` writes { results: { results: [...] } }; accept the inner object too.
  const outer = isObject(data) && isObject(data.results) ? data.results : data;
  const rows = isObject(outer) && Array.isArray(outer.results) ? outer.results : undefined;
  if (!rows) return { outcomes, unmatched: 0, error: 'no results array (expected the file written by `promptfoo eval -o FILE.json`)' };
  let unmatched = 0;
  for (const row of rows) {
    const meta = isObject(row) && isObject(row.testCase) && isObject(row.testCase.metadata) ? row.testCase.metadata : isObject(row) && isObject(row.metadata) ? row.metadata : undefined;
    const caseId = meta && typeof meta.caseId === 'string' ? meta.caseId : undefined;
    if (!caseId || !isObject(row)) { unmatched++; continue; }
    const outcome: CaseOutcome = row.success === true ? 'passed' : 'failed';
    if (outcomes.get(caseId) !== 'failed') outcomes.set(caseId, outcome);
  }
  return { outcomes, unmatched };
}

/** A finding's test state, as analyze, the register, the checklist and the Threats view show it. */
export type TestState = 'not-testable' | 'untested' | 'missing' | 'generated' | 'passed' | 'failed';

export interface FindingTest {
  findingId: string;
  state: TestState;
  caseIds: string[];
}

/**
 * Per finding: `not-testable` (no probe for its rule), `untested` (testable but no case: not open),
 * `generated` (cases exist, no results read), `passed` (every case passed), `failed` (one failed).
 * `missing` (testable and open, but the suite read from disk lacks its case) is set by `testCoverage`.
 */
export function findingTests(findings: readonly Finding[], cases: readonly TestCase[], testable: (f: Finding) => boolean, outcomes?: ReadonlyMap<string, CaseOutcome>): Map<string, FindingTest> {
  const byFinding = new Map<string, string[]>();
  for (const c of cases) byFinding.set(c.findingId, [...(byFinding.get(c.findingId) ?? []), c.id]);
  const out = new Map<string, FindingTest>();
  for (const f of findings) {
    const caseIds = byFinding.get(f.id) ?? [];
    let state: TestState = testable(f) ? (caseIds.length ? 'generated' : 'untested') : 'not-testable';
    if (caseIds.length && outcomes) {
      const seen = caseIds.map((id) => outcomes.get(id));
      if (seen.includes('failed')) state = 'failed';
      else if (seen.every((o) => o === 'passed')) state = 'passed';
    }
    out.set(f.id, { findingId: f.id, state, caseIds });
  }
  return out;
}
