import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { schemaNav } from '../../src/core/editor/model-schema';
import type { TextEditData } from '../../src/core/editor/rename';
import { addControl, addElement, addSuppression, extendControl, kindForReference, setTrackingEntry, yamlString, type EditResult } from '../../src/core/editor/yaml-edits';
import { indexModel } from '../../src/core/editor/yaml-index';

function apply(t: string, r: EditResult): string {
  if ('error' in r) throw new Error(r.error);
  let out = t;
  for (const e of [...r.edits].sort((a: TextEditData, b: TextEditData) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
const ix = (t: string) => indexModel(t, schemaNav());
const HEAD = 'threatmodel: 1\nsystem:\n  name: S\ncomponents:\n  - id: a\n    kind: agent\n';

describe('model edits (editor)', () => {
  it('quotes user text only when YAML would read it as something else', () => {
    expect(yamlString('platform-team')).toBe('platform-team');
    expect(yamlString('2027-01-31')).toBe('2027-01-31');
    expect(yamlString('Bounded by the gateway, always.')).toBe('Bounded by the gateway, always.');
    for (const tricky of ['yes', 'null', '123', '1e3', 'a: b', 'x # y', '- item', '[list]', '"q"', '', ' lead', 'tab\there', 'line\nbreak']) {
      expect(parse(`v: ${yamlString(tricky)}`).v).toBe(tricky);
    }
  });

  it('adds a tracking entry, creating the section at the end when missing', () => {
    const out = apply(HEAD, setTrackingEntry(HEAD, ix(HEAD), 'R-1@a', { status: 'accepted', owner: 'team', due: '2027-01-31', justification: 'Because: reasons' }));
    expect(out).toBe(`${HEAD}tracking:\n  R-1@a:\n    status: accepted\n    owner: team\n    due: 2027-01-31\n    justification: "Because: reasons"\n`);
    const noNewline = HEAD.trimEnd();
    expect(apply(noNewline, setTrackingEntry(noNewline, ix(noNewline), 'R@a', { status: 'open' }))).toBe(`${noNewline}\ntracking:\n  R@a:\n    status: open\n`);
  });

  it('appends to an existing tracking section, and replaces an existing entry in place', () => {
    const t = `${HEAD}tracking:\n  R-0@a:\n    status: open   # keep me\n  R-1@a:\n    status: open\n    owner: old\n# trailing comment\n`;
    const added = apply(t, setTrackingEntry(t, ix(t), 'R-2@a', { status: 'mitigated' }));
    expect(parse(added).tracking).toEqual({ 'R-0@a': { status: 'open' }, 'R-1@a': { status: 'open', owner: 'old' }, 'R-2@a': { status: 'mitigated' } });
    expect(added).toContain('# keep me');
    const replaced = apply(t, setTrackingEntry(t, ix(t), 'R-1@a', { status: 'accepted', owner: 'new' }));
    expect(parse(replaced).tracking['R-1@a']).toEqual({ status: 'accepted', owner: 'new' });
    expect(replaced).toContain('# trailing comment');
  });

  it('fills an empty or flow-style empty section, and follows the file\'s indentation', () => {
    for (const t of [`${HEAD}tracking:\n`, `${HEAD}tracking: {}\nflows: []\n`]) {
      const out = apply(t, setTrackingEntry(t, ix(t), 'R@a', { status: 'open' }));
      expect(parse(out).tracking).toEqual({ 'R@a': { status: 'open' } });
    }
    const four = 'threatmodel: 1\nsystem:\n    name: S\ncomponents:\n    -   id: a\n        kind: agent\n';
    const out = apply(four, addSuppression(four, ix(four), 'R', 'a', 'A reason long enough.'));
    expect(out).toContain('suppressions:\n    - rule: R\n      elements: [a]\n      justification: A reason long enough.\n');
    expect(parse(out).suppressions).toEqual([{ rule: 'R', elements: ['a'], justification: 'A reason long enough.' }]);
  });

  it('refuses to edit a flow-style list that has items, with a reason', () => {
    const t = `${HEAD}suppressions: [{rule: R, justification: long enough reason}]\n`;
    expect(addSuppression(t, ix(t), 'Q', 'a', 'another long reason')).toEqual({ error: expect.stringMatching(/flow style/) });
  });

  it('adds a control, or extends an existing one (block and flow lists)', () => {
    const out = apply(HEAD, addControl(HEAD, ix(HEAD), { id: 'ctl-x', name: 'Audit logs', implements: ['M-AUDIT'], covers: ['a'] }));
    expect(parse(out).controls).toEqual([{ id: 'ctl-x', name: 'Audit logs', implements: ['M-AUDIT'], covers: ['a'], status: 'implemented' }]);
    const t = `${HEAD}controls:\n  - id: flow-style\n    implements: [M-1]\n    covers: [b]\n  - id: block\n    implements:\n      - M-1\n    covers:\n      - b\n  - id: everywhere\n    implements: [M-1]\n`;
    expect(parse(apply(t, extendControl(t, 'flow-style', 'M-2', 'a'))).controls[0]).toMatchObject({ implements: ['M-1', 'M-2'], covers: ['b', 'a'] });
    expect(parse(apply(t, extendControl(t, 'block', 'M-2', 'a'))).controls[1]).toMatchObject({ implements: ['M-1', 'M-2'], covers: ['b', 'a'] });
    const wide = parse(apply(t, extendControl(t, 'everywhere', 'M-2', 'a'))).controls[2];
    expect(wide).toEqual({ id: 'everywhere', implements: ['M-1', 'M-2'] }); // no covers: it covers the whole system already
    expect(extendControl(t, 'nope', 'M', 'a')).toEqual({ error: expect.stringMatching(/not found/) });
    expect(extendControl(t, 'flow-style', 'M-1', 'b')).toEqual({ edits: [] });
  });

  it('adds a missing element with what it needs to validate', () => {
    const out = apply(HEAD, addElement(HEAD, ix(HEAD), 'components', 'calendar', kindForReference('tools')));
    expect(parse(out).components[1]).toEqual({ id: 'calendar', kind: 'tool' });
    const data = apply(HEAD, addElement(HEAD, ix(HEAD), 'data', 'notes'));
    expect(parse(data).data).toEqual([{ id: 'notes', classification: 'internal' }]);
    expect(kindForReference('model')).toBe('model-endpoint');
    expect(kindForReference('from')).toBe('service');
  });
});
