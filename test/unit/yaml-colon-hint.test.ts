/**
 * A colon and a space inside an unquoted value (`description: Note: this breaks`) is the YAML mistake people
 * make most by hand. The problem says what to change, with the value quoted as it should be, at the colon.
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/core/model/load';

const yamlProblems = (text: string) => loadModel(text, 'm.threatmodel.yaml').problems.filter((p) => p.code.startsWith('TM-YAML'));

describe('unquoted colon in a value', () => {
  it('says to quote the value, suggests the quoted line, and points at the colon', () => {
    const ps = yamlProblems('threatmodel: 1\nsystem:\n  name: Support\n  description: Note: this breaks\n');
    expect(ps).toHaveLength(1);
    expect(ps[0]!.code).toBe('TM-YAML-SYNTAX');
    expect(ps[0]!.message).toBe(`YAML: this value contains ': ' (a colon and a space), so YAML reads the text before it as another key; `
      + 'put the whole value in double quotes: description: "Note: this breaks"');
    // Line 4, the colon after "Note" (0-based line 3, column 19).
    expect(ps[0]!.range).toEqual({ start: { line: 3, character: 19 }, end: { line: 3, character: 20 } });
  });

  it('in a list item, after a comment-free value with several colons: one hint per line, at the first colon', () => {
    const text = 'threatmodel: 1\nsystem: {name: x}\ncomponents:\n  - id: a\n    kind: service\n    description: Warning: do not: x   # why\n';
    const ps = yamlProblems(text);
    expect(ps).toHaveLength(1);
    expect(ps[0]!.message).toContain('description: "Warning: do not: x"');
    expect(ps[0]!.range.start).toEqual({ line: 5, character: 24 });
    const dash = yamlProblems('threatmodel: 1\nsystem: {name: x}\ncomponents:\n  - description: See: docs\n    id: a\n');
    expect(dash[0]!.message).toContain('description: "See: docs"');
  });

  it('hidden characters in the suggestion are written as YAML escapes; a very long value gets no suggestion', () => {
    const bidi = yamlProblems('threatmodel: 1\nsystem:\n  name: a\u202Eb: c\n');
    expect(bidi[0]!.message).toContain('name: "a\\u202Eb: c"');
    expect(bidi[0]!.message).not.toMatch(/\u202E/);
    const long = yamlProblems(`threatmodel: 1\nsystem:\n  description: Note: ${'x'.repeat(500)}\n`);
    expect(long[0]!.message).toMatch(/put the whole value in double quotes$/);
  });

  it('other YAML errors keep their message', () => {
    const ps = yamlProblems('threatmodel: 1\nsystem: {name: [unclosed\n');
    expect(ps.length).toBeGreaterThan(0);
    expect(ps.every((p) => !p.message.includes("contains ': '"))).toBe(true);
    // A URL's colon is not followed by a space: valid YAML, no problem at all.
    expect(yamlProblems('threatmodel: 1\nsystem:\n  name: x\n  description: see https://example.com:443/x\n')).toEqual([]);
  });
});
