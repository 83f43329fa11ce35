/**
 * Large invalid models give a bounded, readable set of problems (audit D7; docs/limits.md): lists over the
 * format's 10,000-item maximum are cut before the schema check, did-you-mean suggestions are computed for the
 * first 200 unknown references, and a file reports at most 1,000 problems plus one summary. Before, 150,000
 * invalid items took 351 s and ended in TM-INTERNAL, and 6,000 unknown references took 102 s.
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/core/model/load';
import { analyzeDocument } from '../../src/core/editor/analyze-document';
import { MAX_PROBLEMS } from '../../src/core/problem';

describe('many problems (D7)', () => {
  it('150,000 invalid list items: the excess is one problem, at most 1,000 are listed, with a summary', () => {
    const text = `threatmodel: 1\nsystem: {name: x}\ncomponents:\n${'  - 1\n'.repeat(150_000)}`;
    const { problems } = loadModel(text, 'many.threatmodel.yaml');
    expect(problems.map((p) => p.code)).not.toContain('TM-INTERNAL');
    expect(problems).toHaveLength(MAX_PROBLEMS + 1);
    const tooMany = problems.find((p) => p.code === 'TM-SCHEMA-VALUE' && /10000|10,000/.test(p.message));
    expect(tooMany, 'the list is reported as too long').toBeDefined();
    const summary = problems.at(-1)!;
    expect(summary).toMatchObject({ code: 'TM-PROBLEMS-TRUNCATED', severity: 'error', file: 'many.threatmodel.yaml' });
    expect(summary.message).toMatch(/^[\d,]+ more problems \([\d,]+ errors\) from here on are not listed/);
  });

  it('the editor analysis reports the same bounded set', () => {
    const text = `threatmodel: 1\nsystem: {name: x}\ncomponents:\n${'  - 1\n'.repeat(50_000)}`;
    const a = analyzeDocument({ text, file: 'many.threatmodel.yaml' });
    expect(a.problems.length).toBeLessThanOrEqual(MAX_PROBLEMS + 1);
    expect(a.problems.at(-1)!.code).toBe('TM-PROBLEMS-TRUNCATED');
  });

  it('6,000 flows to undeclared components: every one is an error; the first ones keep their did-you-mean', () => {
    const comps = Array.from({ length: 6000 }, (_, i) => `  - {id: svc-${i}, kind: service}`).join('\n');
    const flows = Array.from({ length: 6000 }, (_, i) => `  - {from: svc-${i}, to: svx-${i}}`).join('\n');
    const { problems } = loadModel(`threatmodel: 1\nsystem: {name: x}\ncomponents:\n${comps}\nflows:\n${flows}\n`, 'refs.threatmodel.yaml');
    const unknown = problems.filter((p) => p.code === 'TM-REF-UNKNOWN');
    expect(unknown).toHaveLength(MAX_PROBLEMS);
    expect(unknown[0]!.message).toContain("did you mean 'svc-0'?");
    expect(problems.at(-1)!.message).toMatch(/^5,000 more problems \(5,000 errors\)/);
  });

  it('a small invalid model is unchanged: no summary problem', () => {
    const { problems } = loadModel('threatmodel: 1\nsystem: {name: x}\ncomponents:\n  - 1\n', 'm');
    expect(problems.map((p) => p.code)).not.toContain('TM-PROBLEMS-TRUNCATED');
  });
});
