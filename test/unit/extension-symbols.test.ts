/** Outline and breadcrumbs: the sections of a model with their elements and tracking keys, at their ranges. */
import { describe, expect, it } from 'vitest';
import { schemaNav } from '../../src/core/editor/model-schema';
import { documentSymbols } from '../../src/core/editor/symbols';
import { indexModel } from '../../src/core/editor/yaml-index';

const text = `threatmodel: 1
system:
  name: Shop
components:
  - id: web
    kind: service
    name: Web shop
  - id: llm
    kind: model-endpoint
flows:
  - { from: web, to: llm }
tracking:
  AI-X@web:
    status: accepted
`;

describe('document symbols', () => {
  it('lists each section with its elements (id, name and kind) and tracking keys', () => {
    const symbols = documentSymbols(indexModel(text, schemaNav()));
    expect(symbols.map((s) => s.name)).toEqual(['threatmodel', 'system', 'components', 'flows', 'tracking']);
    const components = symbols.find((s) => s.name === 'components')!;
    expect(components.children.map((c) => [c.name, c.detail, c.role])).toEqual([
      ['web', 'Web shop · service', 'component'],
      ['llm', 'model-endpoint', 'component'],
    ]);
    const web = components.children[0]!;
    expect(web.selectionRange.start).toEqual({ line: 4, character: 8 });
    expect(web.range.start.line).toBe(4);
    expect(web.range.end.line).toBeGreaterThanOrEqual(6);
    expect(symbols.find((s) => s.name === 'flows')!.children.map((c) => c.name)).toEqual(['web->llm']);
    expect(symbols.find((s) => s.name === 'tracking')!.children.map((c) => [c.name, c.detail])).toEqual([['AI-X@web', 'accepted']]);
  });

  it('still has symbols while the YAML is broken', () => {
    const broken = text.replace('    kind: model-endpoint', '    kind: [model-endpoint');
    const symbols = documentSymbols(indexModel(broken, schemaNav()));
    expect(symbols.find((s) => s.name === 'components')?.children.map((c) => c.name)).toContain('web');
  });
});
