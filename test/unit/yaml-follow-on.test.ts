/**
 * One YAML mistake is one problem: a real template with one character deleted (a `]`, a `:`) or one line
 * mis-indented gives exactly one TM-YAML-SYNTAX problem at the place to fix, saying how many follow-on errors
 * yaml's recovery produced (before: 25 problems for the deleted `]`, none of them on its line).
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/core/model/load';

const TEMPLATE = readFileSync(join(__dirname, '../../templates/coding-agent.threatmodel.yaml'), 'utf8');
const RAG = readFileSync(join(__dirname, '../../templates/rag-support-assistant.threatmodel.yaml'), 'utf8');

/** The template with line `n` (1-based) passed through `edit`; asserts the line looked as expected. */
function edited(text: string, n: number, expected: string, edit: (line: string) => string): string {
  const lines = text.split('\n');
  expect(lines[n - 1]).toBe(expected);
  lines[n - 1] = edit(lines[n - 1]!);
  return lines.join('\n');
}

/** 1-based line of the first line containing `text` after line `after`. */
function lineOf(text: string, needle: string, after = 0): number {
  const i = text.split('\n').findIndex((l, k) => k >= after && l.includes(needle));
  if (i < 0) throw new Error(`${needle} not found`);
  return i + 1;
}

const yamlProblems = (text: string) => loadModel(text, 't.threatmodel.yaml').problems.filter((p) => p.code.startsWith('TM-YAML'));
const rawErrors = (text: string) => parseDocument(text, { uniqueKeys: true, strict: true }).errors.length;

describe('YAML follow-on errors', () => {
  const agent = lineOf(TEMPLATE, '- id: forge-agent');
  const triggers = lineOf(TEMPLATE, 'triggers: [user]', agent);

  it("a deleted ']' is one problem at the bracket, with the count of follow-on errors", () => {
    const text = edited(TEMPLATE, triggers, '    triggers: [user]', (l) => l.replace(']', ''));
    expect(rawErrors(text)).toBe(25); // what yaml reports, and what the Problems panel listed before
    const ps = yamlProblems(text);
    expect(ps).toHaveLength(1);
    expect(ps[0]!.code).toBe('TM-YAML-SYNTAX');
    expect(ps[0]!.range.start).toEqual({ line: triggers - 1, character: '    triggers: '.length });
    expect(ps[0]!.message).toBe(`YAML: the '[' on line ${triggers} is not closed, so YAML reads the lines after it as part of this list; `
      + "end it with ']' on the same line: triggers: [user] (+24 follow-on errors hidden until this one is fixed)");
  });

  it("the worst case among the templates (39 errors for one ']') is one problem too", () => {
    const n = lineOf(RAG, 'triggers: [user]');
    const text = edited(RAG, n, '    triggers: [user]', (l) => l.replace(']', ''));
    expect(rawErrors(text)).toBe(39);
    const ps = yamlProblems(text);
    expect(ps).toHaveLength(1);
    expect(ps[0]!.range.start.line).toBe(n - 1);
    expect(ps[0]!.message).toMatch(/\(\+38 follow-on errors hidden until this one is fixed\)$/);
  });

  it("a deleted ':' says which key lost it", () => {
    const n = lineOf(TEMPLATE, 'autonomy: supervised', agent);
    const text = edited(TEMPLATE, n, '    autonomy: supervised', (l) => l.replace(':', ''));
    const ps = yamlProblems(text);
    expect(ps).toHaveLength(1);
    expect(ps[0]!.range).toEqual({ start: { line: n - 1, character: 4 }, end: { line: n - 1, character: 23 } });
    expect(ps[0]!.message).toBe("YAML: 'autonomy supervised' has no ':' after the key, so YAML cannot tell the key from its value; write autonomy: supervised");
  });

  it('a line indented too deep is reported on that line', () => {
    const n = lineOf(TEMPLATE, 'identity: user-delegated', agent);
    const text = edited(TEMPLATE, n, '    identity: user-delegated', (l) => `  ${l}`);
    const ps = yamlProblems(text);
    expect(ps).toHaveLength(1);
    expect(ps[0]!.range.start).toEqual({ line: n - 1, character: 6 });
    expect(ps[0]!.message).toMatch(/^YAML: line \d+ is indented deeper than 'autonomy:' on the line above.*indent 'identity:' by 4 spaces/);
    expect(ps[0]!.message).toMatch(/\(\+1 follow-on error hidden until this one is fixed\)$/);
  });

  it('a line indented too little is reported on that line', () => {
    const n = lineOf(TEMPLATE, 'identity: user-delegated', agent);
    const text = edited(TEMPLATE, n, '    identity: user-delegated', (l) => l.slice(1));
    expect(rawErrors(text)).toBeGreaterThan(1);
    const ps = yamlProblems(text);
    expect(ps).toHaveLength(1);
    expect(ps[0]!.range.start).toEqual({ line: n - 1, character: 3 });
    expect(ps[0]!.message).toMatch(/^YAML: line \d+ is indented 3 spaces.*indent 'identity:' by 4 spaces.*\(\+\d+ follow-on errors hidden until this one is fixed\)$/);
  });

  it('two mistakes far apart: the first is reported, the count says more follow', () => {
    const late = lineOf(TEMPLATE, 'effects: [write, delete]');
    let text = edited(TEMPLATE, triggers, '    triggers: [user]', (l) => l.replace(']', ''));
    text = edited(text, late, '    effects: [write, delete]', (l) => l.replace(']', ''));
    const ps = yamlProblems(text);
    expect(ps).toHaveLength(1);
    expect(ps[0]!.range.start.line).toBe(triggers - 1);
    expect(ps[0]!.message).toMatch(/follow-on errors hidden until this one is fixed/);
    // Fixing the first shows the second, on its own line.
    const second = yamlProblems(edited(TEMPLATE, late, '    effects: [write, delete]', (l) => l.replace(']', '')));
    expect(second).toHaveLength(1);
    expect(second[0]!.range.start.line).toBe(late - 1);
  });

  it('self-contained mistakes are all kept: colons in values on several lines, a duplicate key', () => {
    const text = 'threatmodel: 1\nsystem:\n  name: Note: one\n  description: Note: two\n  owner: a\n  owner: b\n';
    const ps = yamlProblems(text);
    expect(ps.map((p) => [p.code, p.range.start.line])).toEqual([['TM-YAML-SYNTAX', 2], ['TM-YAML-SYNTAX', 3], ['TM-YAML-DUPLICATE-KEY', 5]]);
    expect(ps.every((p) => !p.message.includes('follow-on'))).toBe(true);
  });

  it('the unchanged template has no YAML problem', () => {
    expect(yamlProblems(TEMPLATE)).toEqual([]);
  });
});
