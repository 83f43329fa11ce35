import { describe, expect, it } from 'vitest';
import { schemaNav } from '../../src/core/editor/model-schema';

const nav = schemaNav();
const keys = (path: Array<string | number>, kind?: string) =>
  nav.properties(nav.nodeAt(path, (p) => (p.length === path.length && kind ? { kind } : {}))!, kind ? { kind } : {}).map((p) => p.key);

describe('schema navigation (editor)', () => {
  it('lists the top-level sections with their descriptions', () => {
    const props = nav.properties(nav.rootNode(), {});
    expect(props.map((p) => p.key)).toEqual(expect.arrayContaining(['threatmodel', 'system', 'components', 'flows', 'tracking', 'suppressions']));
    expect(props.find((p) => p.key === 'system')!.required).toBe(true);
    expect(props.find((p) => p.key === 'flows')!.node.description).toMatch(/flows/i);
  });

  it('a component has the properties of its kind', () => {
    const agent = keys(['components', 0], 'agent');
    expect(agent).toEqual(expect.arrayContaining(['id', 'kind', 'model', 'tools', 'autonomy', 'boundary']));
    expect(agent).not.toContain('effects');
    expect(keys(['components', 0], 'tool')).toEqual(expect.arrayContaining(['effects', 'approvalRequired', 'sandbox']));
  });

  it('a component without a kind yet offers what every kind has', () => {
    const common = keys(['components', 0]);
    expect(common).toEqual(expect.arrayContaining(['id', 'kind', 'name', 'boundary', 'owner']));
    expect(common).not.toContain('tools');
  });

  it('knows which values are references, and to what', () => {
    const at = (path: Array<string | number>, kind?: string) => nav.nodeAt(path, () => (kind ? { kind } : {}));
    expect(at(['components', 0, 'model'], 'agent')!.refKind).toBe('component');
    expect(nav.items(at(['components', 0, 'tools'], 'agent')!)!.refKind).toBe('component');
    expect(at(['components', 0, 'boundary'], 'agent')!.refKind).toBe('boundary');
    expect(nav.items(at(['flows', 0, 'data'])!)!.refKind).toBe('data');
    expect(at(['suppressions', 0, 'rule'])!.refKind).toBe('rule');
    expect(nav.items(at(['controls', 0, 'implements'])!)!.refKind).toBe('mitigation');
    expect(nav.items(at(['controls', 0, 'covers'])!)!.refKind).toBe('element');
  });

  it('gives enum values, booleans and pattern-keyed entries', () => {
    const autonomy = nav.nodeAt(['components', 0, 'autonomy'], () => ({ kind: 'agent' }))!;
    expect(nav.values(autonomy)).toEqual(['suggest-only', 'human-in-the-loop', 'supervised', 'autonomous']);
    expect(nav.values(nav.nodeAt(['flows', 0, 'encrypted'], () => ({}))!)).toEqual([true, false]);
    const entry = nav.nodeAt(['tracking', 'RULE@x', 'status'], () => ({}))!;
    expect(nav.values(entry)).toContain('accepted');
    expect(nav.nodeAt(['components', 0, 'nonsense'], () => ({ kind: 'agent' }))).toBeUndefined();
  });
});
