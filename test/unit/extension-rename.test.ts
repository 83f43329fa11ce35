import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaNav } from '../../src/core/editor/model-schema';
import { occurrences, prepareRename, renameEdits, type TextEditData } from '../../src/core/editor/rename';
import { indexModel } from '../../src/core/editor/yaml-index';

const base = readFileSync('e2e/workspace/support-assistant.threatmodel.yaml', 'utf8');
const text = `${base}controls:\n  - id: ctl\n    implements: [M-X]\n    covers: [assistant, api->assistant]\ntracking:\n  R-1@assistant:\n    status: accepted\n  R-2@api@api->assistant:\n    status: open\nsuppressions:\n  - rule: R-3\n    elements: [assistant]\n    justification: a reason long enough\n`;
const index = indexModel(text, schemaNav());

function apply(t: string, edits: TextEditData[]): string {
  let out = t;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

describe('rename and references (editor)', () => {
  it('finds the declaration first, then every reference and tracking-key part', () => {
    const occ = occurrences(index, 'assistant');
    expect(occ[0]!.role).toBe('declaration');
    expect(occ.map((o) => o.role).filter((r) => r === 'tracking')).toHaveLength(1);
    expect(occ.map((o) => text.slice(o.span.start, o.span.end)).every((s) => s === 'assistant')).toBe(true);
    expect(occ).toHaveLength(5); // declaration, flow `to`, covers, tracking key, suppression elements
  });

  it('renames everywhere, including flows named after their ends and the keys that name those flows', () => {
    const r = renameEdits(index, 'assistant', 'support-agent');
    if ('error' in r) throw new Error(r.error);
    const out = apply(text, r.edits);
    expect(out).toContain('- id: support-agent\n');
    expect(out).toContain('to: support-agent');
    expect(out).toContain('covers: [support-agent, api->support-agent]');
    expect(out).toContain('R-1@support-agent:');
    expect(out).toContain('R-2@api@api->support-agent:');
    expect(out).toContain('elements: [support-agent]');
    expect(out).toContain('name: Support assistant'); // free text is left alone
    expect(indexModel(out, schemaNav()).references.filter((x) => x.id === 'assistant')).toEqual([]);
  });

  it('refuses taken and invalid ids, and things that are not element ids', () => {
    expect(renameEdits(index, 'assistant', 'llm')).toEqual({ error: expect.stringMatching(/already used/) });
    expect(renameEdits(index, 'assistant', 'has space')).toEqual({ error: expect.stringMatching(/not a valid id/) });
    expect(prepareRename(index, text.indexOf('kind: agent') + 7)).toEqual({ error: expect.any(String) });
    expect(prepareRename(index, text.indexOf('R-1@') + 1)).toEqual({ error: expect.stringMatching(/catalog/) });
    expect(prepareRename(index, text.indexOf('- from: api') + 9)).toMatchObject({ id: 'api' });
  });
});
