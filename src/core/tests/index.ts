/**
 * The security test suite for a model's findings, as files to write. Shared by `threatmodel tests` and the
 * editor's Generate Security Tests command; neither runs the tests (promptfoo does, in CI or by hand).
 */
import type { Finding } from '../engine/types';
import type { ResolvedModel } from '../model/graph';
import { isTestable, testCases, type TestCase } from './cases';
import { CONFIG_FILE, configYaml, GENERATED_TESTS_FILE, REDTEAM_FILE, redteamYaml, testsYaml, type GenerateOptions } from './promptfoo';

export { coverageByFinding, isTestable, TESTABLE_RULES, testCases, type TestCase } from './cases';
export { CONFIG_FILE, GENERATED_TESTS_FILE, PLACEHOLDER_TARGET, REDTEAM_FILE } from './promptfoo';
export { suiteCaseIds, testCoverage, testLabel, type CoverageOptions, type TestCoverage } from './coverage';
export { findingTests, parsePromptfooResults, type CaseOutcome, type FindingTest, type TestState } from './results';

export interface SuiteFile {
  /** File name, relative to the output folder. */
  name: string;
  content: string;
  /** false: the team owns the file once it exists; write it only when absent. */
  overwrite: boolean;
}

export interface Suite {
  cases: TestCase[];
  files: SuiteFile[];
  /** Open findings whose rule has no probe (tested by review, not by a running system). */
  notTestable: Finding[];
}

export function generateSuite(model: ResolvedModel, findings: readonly Finding[], opts: Omit<GenerateOptions, 'systemName'> & { redteam?: boolean }): Suite {
  const cases = testCases(findings, model);
  const gen: GenerateOptions = { modelPath: opts.modelPath, systemName: model.system.name, ...(opts.targetUrl ? { targetUrl: opts.targetUrl } : {}) };
  const files: SuiteFile[] = [
    { name: GENERATED_TESTS_FILE, content: testsYaml(cases, gen), overwrite: true },
    { name: CONFIG_FILE, content: configYaml(gen), overwrite: false },
  ];
  if (opts.redteam) files.push({ name: REDTEAM_FILE, content: redteamYaml(cases, gen), overwrite: true });
  const notTestable = findings.filter((f) => (f.status === 'open' || f.status === 'in-progress') && !isTestable(f));
  return { cases, files, notTestable };
}
