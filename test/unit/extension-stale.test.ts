/** Broken YAML keeps the last good findings, marked stale, instead of "no open threats". */
import { describe, expect, it } from 'vitest';
import { analyzeModel } from '../../src/core/editor/analyze-document';
import { keepLastGood } from '../../src/core/editor/stale';

const good = 'threatmodel: 1\nsystem:\n  name: Chat\n  exposure: internet\ncomponents:\n  - { id: visitor, kind: user }\n  - { id: llm, kind: model-endpoint }\nflows:\n  - { from: visitor, to: llm }\n';

describe('keepLastGood', () => {
  it('carries findings and elements over a syntax error and marks them stale; a parsable text replaces them', () => {
    const before = analyzeModel({ text: good, file: 'm.threatmodel.yaml' });
    expect(before.findings.length).toBeGreaterThan(0);
    const broken = analyzeModel({ text: good.replace('to: llm }', 'to: llm'), file: 'm.threatmodel.yaml' });
    expect(broken.findings).toEqual([]);
    const kept = keepLastGood(before, broken);
    expect(kept.stale).toBe(true);
    expect(kept.findings).toBe(before.findings);
    expect(kept.elements).toBe(before.elements);
    expect(kept.problems).toBe(broken.problems);
    const fixed = analyzeModel({ text: good, file: 'm.threatmodel.yaml' });
    expect(keepLastGood(kept, fixed)).toBe(fixed);
  });
});
