import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaNav } from '../../src/core/editor/model-schema';
import { idAt, indexModel, section } from '../../src/core/editor/yaml-index';

const text = readFileSync('e2e/workspace/support-assistant.threatmodel.yaml', 'utf8');
const index = indexModel(text, schemaNav());
const slice = (s: { start: number; end: number }) => text.slice(s.start, s.end);

describe('editor index of a model', () => {
  it('finds every declaration with its kind, and names flows without an id from->to', () => {
    const ids = index.declarations.map((d) => `${d.section}:${d.id}:${d.kind}`);
    expect(ids).toContain('components:assistant:agent');
    expect(ids).toContain('boundaries:cloud:cloud-account');
    expect(ids).toContain('data:tickets:data');
    expect(ids).toContain('flows:api->assistant:flow');
    const assistant = index.declarations.find((d) => d.id === 'assistant')!;
    expect(slice(assistant.idSpan!)).toBe('assistant');
    expect(assistant.idSpan!.range.start).toEqual({ line: 45, character: 8 });
    expect(slice(assistant.span)).toMatch(/^id: assistant[\s\S]*identity: service-account$/);
    const flow = index.declarations.find((d) => d.id === 'web-app->api')!;
    expect(flow.idSpan).toBeUndefined();
    expect(flow.flow).toEqual({ from: 'web-app', to: 'api', data: ['prompts'] });
  });

  it('finds references through the schema, with the property and owner', () => {
    const refs = index.references.filter((r) => r.id === 'ticket-search');
    expect(refs.map((r) => `${r.kind}:${r.property}:${r.owner}`)).toEqual(['component:tools:assistant', 'component:from:ticket-search->ticket-db']);
    for (const r of refs) expect(slice(r.span)).toBe('ticket-search');
    expect(index.references.filter((r) => r.kind === 'data').map((r) => r.id)).toEqual(['tickets', 'prompts', 'prompts', 'prompts', 'tickets']);
    expect(index.references.find((r) => r.property === 'provider')!.id).toBe('llm-vendor');
  });

  it('splits tracking keys into rule, element and flow parts', () => {
    const t = 'threatmodel: 1\ntracking:\n  R-1@a:\n    status: accepted\n  "R-2@b@b->c":\n    status: open\n';
    const ix = indexModel(t, schemaNav());
    expect(ix.tracking.map((k) => [k.key, k.status, k.parts.map((p) => `${p.role}=${t.slice(p.span.start, p.span.end)}`)])).toEqual([
      ['R-1@a', 'accepted', ['rule=R-1', 'element=a']],
      ['R-2@b@b->c', 'open', ['rule=R-2', 'element=b', 'flow=b->c']],
    ]);
    expect(t.slice(ix.tracking[0]!.pairSpan.start, ix.tracking[0]!.pairSpan.end)).toBe('R-1@a:\n    status: accepted');
  });

  it('records where sections are and how they are written', () => {
    expect(section(index, 'components')).toMatchObject({ style: 'block-seq', itemIndent: 2 });
    expect(section(index, 'system')).toMatchObject({ style: 'block-map', itemIndent: 2 });
    expect(section(index, 'tracking')).toBeUndefined();
    const ix = indexModel('threatmodel: 1\ncontrols: []\ntracking:\n', schemaNav());
    expect(section(ix, 'controls')).toMatchObject({ style: 'flow', items: 0 });
    expect(section(ix, 'tracking')).toMatchObject({ style: 'empty' });
  });

  it('tells what id is under the cursor', () => {
    const at = (needle: string, delta: number) => idAt(index, text.indexOf(needle) + delta);
    expect(at('- id: llm\n', 7)).toMatchObject({ at: 'declaration', id: 'llm' });
    expect(at('model: llm', 8)).toMatchObject({ at: 'reference', id: 'llm' });
    expect(at('kind: agent', 7)).toBeUndefined();
  });

  it('stays useful on half-typed and hostile text, and never throws', () => {
    const partial = indexModel('threatmodel: 1\ncomponents:\n  - id: a\n    kind: agent\n    tools: [b, \n  - id: b\n', schemaNav());
    expect(partial.declarations.map((d) => d.id)).toContain('a');
    for (const bad of ['', '- a list', '{{{', 'components: 5', 'components:\n  - 3\n  - [x]\n', '\u0000\u0001', 'a: &x [*x]']) {
      expect(() => indexModel(bad, schemaNav())).not.toThrow();
    }
  });
});
