/**
 * Reads the security test suite next to a model (or in `--tests DIR`) and promptfoo's results
 * (`--test-results FILE`) for `analyze` and `export`, so both show each finding's test as it is on disk.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Finding } from '../core/engine/types';
import { GENERATED_TESTS_FILE, parsePromptfooResults, suiteCaseIds, testCoverage, type CaseOutcome, type TestCoverage } from '../core/tests/index';
import type { CliIO } from './command';

export interface TestSources {
  /** `--tests DIR`: the suite folder for every model (default: security-tests/ next to each model). */
  testsDir?: string;
  /** Outcomes read from `--test-results FILE`. */
  outcomes?: ReadonlyMap<string, CaseOutcome>;
}

export interface ModelTestCoverage extends TestCoverage {
  /** The suite file read, as shown to the user; undefined when there is none yet. */
  suite?: string;
}

const abs = (p: string, io: CliIO): string => (isAbsolute(p) ? p : resolve(io.cwd, p));

/** Relative to the working folder when below it, with forward slashes (as commands print paths). */
function displayPath(file: string, io: CliIO): string {
  const rel = relative(io.cwd, abs(file, io));
  return (rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file).split(sep).join('/');
}

/** promptfoo's results file, or an error message for exit code 2. */
export function readTestResults(file: string, io: CliIO): { outcomes: Map<string, CaseOutcome> } | { error: string } {
  let text: string;
  try {
    text = readFileSync(abs(file, io), 'utf8');
  } catch (err) {
    return { error: `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  const parsed = parsePromptfooResults(text);
  return parsed.error ? { error: `${file}: ${parsed.error}` } : { outcomes: parsed.outcomes };
}

/** Coverage of one model's findings by the suite on disk; an error message when an explicit suite is unreadable. */
export function modelTestCoverage(modelFile: string, findings: readonly Finding[], src: TestSources, io: CliIO): ModelTestCoverage | { error: string } {
  const dir = src.testsDir !== undefined ? abs(src.testsDir, io) : join(dirname(abs(modelFile, io)), 'security-tests');
  const path = join(dir, GENERATED_TESTS_FILE);
  const shown = displayPath(path, io);
  let suite: Set<string> = new Set();
  let found = false;
  if (existsSync(path)) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      return { error: `cannot read ${shown}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
    }
    const ids = suiteCaseIds(text);
    if (ids.error) return { error: `${shown}: ${ids.error}` };
    suite = ids.caseIds;
    found = true;
  } else if (src.testsDir !== undefined) {
    return { error: `${shown}: no such file (generate it with: threatmodel tests ${displayPath(modelFile, io)} -o ${src.testsDir})` };
  }
  const cov = testCoverage(findings, { suite, ...(src.outcomes ? { outcomes: src.outcomes } : {}) });
  return { ...cov, ...(found ? { suite: shown } : {}) };
}
