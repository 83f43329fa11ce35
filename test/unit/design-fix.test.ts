/**
 * The quick fix that changes the design: a finding that holds because the element does not state a safeguard
 * (the rule reads `property: auditLogged, notEquals: true`) is closed by stating it, as one small edit.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/core/catalog/builtin';
import { designFixOf } from '../../src/core/editor/design-fix';
import { setElementProperty } from '../../src/core/editor/yaml-edits';
import { modelFindings } from '../../src/core/export/pipeline';

const rule = (id: string) => builtinCatalog().catalog.rules.find((r) => r.rule.id === id)!.rule;
const apply = (text: string, r: ReturnType<typeof setElementProperty>): string => {
  if (!('edits' in r)) throw new Error(r.error);
  return [...r.edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
};

describe('design fixes', () => {
  it('come from a rule condition that reads an unstated safeguard, and only from such', () => {
    expect(designFixOf(rule('AGENT-ACTIONS-UNAUDITED'))).toEqual({ property: 'auditLogged', value: true });
    expect(designFixOf(rule('MODEL-ARTIFACT-UNSIGNED'))).toEqual({ property: 'signed', value: true });
    expect(designFixOf({ when: { any: [{ property: 'auditLogged', notEquals: true }, { kind: 'agent' }] } } as never)).toBeUndefined();
    expect(designFixOf({ when: { all: [{ property: 'sandbox', in: ['none'] }] } } as never)).toBeUndefined();
    expect(designFixOf({ when: { all: [{ property: 'a.b', notEquals: true }] } } as never)).toBeUndefined();
  });

  it('adds the property aligned with the element\'s keys, or replaces its value, as one edit', () => {
    const text = 'components:\n  - id: a\n    kind: agent\n    auditLogged: false\n  - id: b\n    kind: agent\n    model: m\n';
    expect(apply(text, setElementProperty(text, 'a', 'auditLogged', true))).toBe(text.replace('auditLogged: false', 'auditLogged: true'));
    expect(apply(text, setElementProperty(text, 'b', 'auditLogged', true))).toBe(`${text.trimEnd()}\n    auditLogged: true\n`);
    expect(setElementProperty(text, 'nope', 'x', true)).toEqual({ error: "'nope' is not declared" });
  });

  it('applied to a template, the finding is gone and the model stays valid', () => {
    const file = 'templates/coding-agent.threatmodel.yaml';
    const text = readFileSync(file, 'utf8');
    const before = modelFindings(text, file).findings;
    const target = before.find((f) => f.ruleId === 'AGENT-ACTIONS-UNAUDITED' || designFixOf(rule(f.ruleId)) !== undefined);
    expect(target, 'a template finding with a design fix').toBeDefined();
    const fix = designFixOf(rule(target!.ruleId))!;
    const after = modelFindings(apply(text, setElementProperty(text, target!.elementId, fix.property, fix.value)), file);
    expect(after.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(after.findings.map((f) => f.id)).not.toContain(target!.id);
  });
});
