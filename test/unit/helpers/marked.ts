import { expect } from 'vitest';
import { loadModel } from '../../../src/core/model/load';
import type { Problem, Range } from '../../../src/core/problem';

/**
 * Test models mark the expected problem range with ⟦ and ⟧. Returns the text without the markers and the
 * 0-based range between them.
 */
export function marked(source: string): { text: string; range: Range } {
  const start = source.indexOf('⟦');
  const end = source.indexOf('⟧');
  if (start < 0 || end < start) throw new Error('test model needs one ⟦…⟧ range');
  const text = source.slice(0, start) + source.slice(start + 1, end) + source.slice(end + 1);
  return { text, range: { start: pos(text, start), end: pos(text, end - 1) } };
}

function pos(text: string, offset: number): Range['start'] {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Loads the marked model and returns the single problem with `code`, asserting it sits exactly on the marked range. */
export function expectProblemAt(source: string, code: string, file = 'test.threatmodel.yaml'): Problem {
  const { text, range } = marked(source);
  const { problems } = loadModel(text, file);
  const hits = problems.filter((p) => p.code === code);
  expect(hits, `expected one ${code}; got ${JSON.stringify(problems.map((p) => [p.code, p.message]), null, 1)}`).toHaveLength(1);
  expect(hits[0]!.range).toEqual(range);
  expect(hits[0]!.file).toBe(file);
  return hits[0]!;
}

export function codes(text: string): string[] {
  return loadModel(text, 'test.threatmodel.yaml').problems.map((p) => p.code);
}

/** A minimal valid header to build test models on. */
export const HEADER = 'threatmodel: 1\nsystem:\n  name: Test system\n';
