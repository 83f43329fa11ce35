/**
 * Problems: everything the engine reports about an input (syntax, schema, meaning, catalog).
 * Plain data with LSP-shaped, 0-based ranges so the extension, the CLI and SARIF all reuse them unchanged.
 */

export type Severity = 'error' | 'warning' | 'info';

/** A 0-based position: `line` and `character` (UTF-16 code units), as in the Language Server Protocol. */
export interface Position {
  line: number;
  character: number;
}

/** A half-open 0-based range in one file. */
export interface Range {
  start: Position;
  end: Position;
}

export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

export interface Problem {
  /** Stable code, e.g. `TM-SCHEMA-UNKNOWN-PROPERTY`. Documented in docs/problems.md. */
  code: string;
  severity: Severity;
  message: string;
  /** The file the problem is in (as given to the engine: a path or a URI string). */
  file: string;
  range: Range;
  /**
   * A replacement the editor may offer as a quick fix (did-you-mean). `title` names the fix when "Change to
   * '<text>'" would not say what it does.
   */
  suggestion?: { text: string; range: Range; title?: string };
  related?: RelatedLocation[];
}

export const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Problems reported per file at most; the rest are counted in one summary problem (docs/limits.md). */
export const MAX_PROBLEMS = 1000;

/**
 * Keeps the first MAX_PROBLEMS problems (by position, so the top of the file first) and adds one summary
 * problem saying how many more there are: 150,000 identical mistakes help no one, and every view stays fast.
 */
export function capProblems(sorted: Problem[], file: string): Problem[] {
  if (sorted.length <= MAX_PROBLEMS) return sorted;
  const kept = sorted.slice(0, MAX_PROBLEMS);
  const rest = sorted.slice(MAX_PROBLEMS);
  const errors = rest.filter((p) => p.severity === 'error').length;
  const first = rest[0]!;
  kept.push({
    code: 'TM-PROBLEMS-TRUNCATED', severity: errors > 0 ? 'error' : 'warning', file, range: first.range,
    message: `${rest.length.toLocaleString('en-US')} more problems (${errors.toLocaleString('en-US')} errors) from here on are not listed; only the first ${MAX_PROBLEMS.toLocaleString('en-US')} of a file are. Fix these first`,
  });
  return kept;
}

export function makeRange(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } };
}

/** Sort problems by file, position, then code: deterministic output. */
export function compareProblems(a: Problem, b: Problem): number {
  return (
    cmp(a.file, b.file) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    cmp(a.code, b.code) ||
    cmp(a.message, b.message)
  );
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
