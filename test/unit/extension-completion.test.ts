import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { completions, type CompletionData } from '../../src/core/editor/completion';
import { cursorContext } from '../../src/core/editor/cursor-context';
import { schemaNav } from '../../src/core/editor/model-schema';
import { indexModel } from '../../src/core/editor/yaml-index';

const base = readFileSync('e2e/workspace/support-assistant.threatmodel.yaml', 'utf8');
const data = (text: string): CompletionData => ({
  nav: schemaNav(), index: indexModel(text, schemaNav()),
  catalog: { rules: [{ id: 'RULE-A', title: 'Rule A' }], mitigations: [{ id: 'M-ONE', title: 'One' }] },
  findings: [{ id: 'RULE-A@assistant', title: 'A on assistant', severity: 'high', status: 'open' }],
});
/** Completes at the `|` in text. */
function at(textWithCursor: string) {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  return completions(text, offset, data(text));
}
const labels = (c: ReturnType<typeof at>) => c.map((x) => x.label);
const insertAgentLine = (line: string) => base.replace('    identity: service-account\n', `    identity: service-account\n${line}\n`);

describe('completion (editor)', () => {
  it('offers the keys an agent may still have, with their descriptions, and snippets fitting their type', () => {
    const c = at(insertAgentLine('    |'));
    expect(labels(c)).toEqual(expect.arrayContaining(['maxIterations', 'memory', 'delegatesTo', 'auditLogged']));
    expect(labels(c)).not.toContain('autonomy');
    const memory = c.find((x) => x.label === 'memory')!;
    expect(memory.snippet).toBe('memory: [$1]');
    expect(memory.documentation).toMatch(/memory/);
    expect(memory.retrigger).toBe(true);
    expect(c.find((x) => x.label === 'maxIterations')!.snippet).toBe('maxIterations: $1');
  });

  it('completes a half-typed key and replaces the whole word', () => {
    const text = insertAgentLine('    maxIt|');
    const c = at(text);
    const item = c.find((x) => x.label === 'maxIterations')!;
    expect(text.slice(item.replace.start, item.replace.end + 1)).toBe('maxIt|');
  });

  it('offers enum values and booleans', () => {
    expect(labels(at(insertAgentLine('    triggers: [|]')))).toEqual(['user', 'schedule', 'event', 'email', 'webhook', 'agent']);
    expect(labels(at(insertAgentLine('    auditLogged: |')))).toEqual(['true', 'false']);
    expect(labels(at(base.replace('autonomy: autonomous', 'autonomy: sup|')))).toContain('supervised');
  });

  it('offers ids of the kind the reference takes, never the element itself or ids already listed', () => {
    expect(labels(at(base.replace('tools: [ticket-search, send-email]', 'tools: [ticket-search, |]')))).toEqual(['send-email']);
    expect(labels(at(base.replace('model: llm', 'model: |')))).toEqual(['llm']);
    // `from` takes any component: all of them, the element's own flow ends included.
    expect(labels(at(base.replace('  - from: api\n', '  - from: |\n')))).toEqual(expect.arrayContaining(['api', 'assistant', 'llm', 'customer']));
    expect(labels(at(base.replace('boundary: cloud\n    authentication', 'boundary: |\n    authentication')))).toEqual(['internet', 'cloud', 'vendor']);
    expect(labels(at(base.replace('data: [tickets]', 'data: [|]')))).toEqual(['tickets', 'prompts']);
    expect(labels(at(base.replace('    to: assistant', '    to: |')))).toContain('assistant');
  });

  it('offers rule, mitigation and finding ids from the catalog and the analysis', () => {
    expect(labels(at(`${base}suppressions:\n  - rule: |\n`))).toEqual(['RULE-A']);
    expect(labels(at(`${base}controls:\n  - id: c\n    implements: [|]\n`))).toEqual(['M-ONE']);
    const tracking = at(`${base}tracking:\n  |\n`);
    expect(labels(tracking)).toEqual(['RULE-A@assistant']);
    expect(tracking[0]!.snippet).toMatch(/^RULE-A@assistant:\n {2}status: \$\{1\|accepted,/);
  });

  it('treats `- ` under a list of mappings as the first key of a new item', () => {
    expect(labels(at(base.replace('flows:\n', 'flows:\n  - |\n')))).toEqual(expect.arrayContaining(['from', 'to', 'data']));
  });

  it('offers nothing in comments', () => {
    expect(at(`${base}# a comment |`)).toEqual([]);
  });

  it('the cursor context survives half-typed YAML', () => {
    const ctx = cursorContext('components:\n  - id: a\n    kind: agent\n    tools: [b, ', 'components:\n  - id: a\n    kind: agent\n    tools: [b, '.length)!;
    expect(ctx.path).toEqual(['components', 0, 'tools', 1]);
    expect(ctx.position).toBe('value');
    expect(ctx.kinds.get(2)).toBe('agent');
  });
});
