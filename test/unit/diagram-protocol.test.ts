/**
 * The diagram's messages are validated on receipt on both sides (the webview renders model text, so the host
 * treats it as untrusted, and the webview treats the host's data the same way). Also the host helpers the
 * panel uses: the element under the cursor, and the boundary filter's choices.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDiagram } from '../../src/core/diagram';
import { loadModel } from '../../src/core/model/load';
import { boundaryChoices, elementAt } from '../../src/extension/diagram/choices';
import { parseHostMessage, parseWebviewMessage } from '../../src/shared/protocol';

const file = 'templates/rag-support-assistant.threatmodel.yaml';
const text = readFileSync(join(__dirname, '..', '..', file), 'utf8');
const model = loadModel(text, file).model!;

describe('webview → host messages', () => {
  it('accepts the messages the webview sends, copying only known fields', () => {
    expect(parseWebviewMessage({ type: 'ready' })).toEqual({ type: 'ready' });
    expect(parseWebviewMessage({ type: 'reveal', ref: { type: 'component', id: 'kb-vectors', extra: 1 } }))
      .toEqual({ type: 'reveal', ref: { type: 'component', id: 'kb-vectors' } });
    expect(parseWebviewMessage({ type: 'options', options: { view: 'focus', focus: 'x', hops: 2, boundaries: ['a'], minSeverity: 'high' } })).toBeDefined();
    expect(parseWebviewMessage({ type: 'exported', format: 'png', data: 'iVBORw0KGgo=' })).toBeDefined();
    expect(parseWebviewMessage({ type: 'rendered', seq: 3, layout: false, ms: 4.5, view: 'full', nodes: 1, edges: 0 })).toBeDefined();
  });

  it('rejects anything else', () => {
    for (const bad of [
      null, 'ready', [], { type: 'eval' }, { type: 'reveal', ref: { type: 'file', id: '/etc/passwd' } },
      { type: 'reveal', ref: { type: 'component', id: 'x'.repeat(5000) } },
      { type: 'options', options: { view: 'sideways' } }, { type: 'options', options: { view: 'focus', hops: 99 } },
      { type: 'options', options: { view: 'full', minSeverity: 'extreme' } },
      { type: 'exported', format: 'html', data: '<b>' }, { type: 'exported', format: 'png', data: 'not base64!' },
      { type: 'rendered', seq: -1, layout: true, ms: 1, view: 'full', nodes: 1, edges: 1 },
    ]) expect(parseWebviewMessage(bad), JSON.stringify(bad)?.slice(0, 80)).toBeUndefined();
  });
});

describe('host → webview messages', () => {
  const diagram = buildDiagram(model, [], { mode: 'interactive' });

  it('accepts a real diagram', () => {
    expect(parseHostMessage({ type: 'render', seq: 1, diagram, options: { view: 'auto' }, boundaries: boundaryChoices(model), title: 't' })).toBeDefined();
    expect(parseHostMessage({ type: 'highlight', ids: ['a'], paths: [['a', 'b'], ['c', 'a']], source: 'finding' })).toBeDefined();
    expect(parseHostMessage({ type: 'highlight', ids: ['a'], paths: ['a'], source: 'finding' })).toBeUndefined();
  });

  it('rejects oversized text, ids that are not mermaid ids, and unknown types', () => {
    const render = (d: unknown) => ({ type: 'render', seq: 1, diagram: d, options: { view: 'auto' }, boundaries: [], title: 't' });
    expect(parseHostMessage(render({ ...diagram, text: 'x'.repeat(60_001) }))).toBeUndefined();
    expect(parseHostMessage(render({ ...diagram, nodes: [{ ...diagram.nodes[0], mid: 'a"]; click' }] }))).toBeUndefined();
    expect(parseHostMessage(render({ ...diagram, edges: [{ ...diagram.edges[0], severity: 'extreme' }] }))).toBeUndefined();
    expect(parseHostMessage({ type: 'export', format: 'pdf' })).toBeUndefined();
    expect(parseHostMessage({ type: 'script', code: 'x' })).toBeUndefined();
  });
});

describe('host helpers', () => {
  it('finds the innermost element under the cursor', () => {
    const lines = text.split('\n');
    const at = (needle: string, offset = 0) => ({ line: lines.findIndex((l) => l.includes(needle)) + offset, character: 6 });
    expect(elementAt(model, at('- id: kb-retriever', 2))).toBe('kb-retriever');
    expect(elementAt(model, at('- id: support-eks', 1))).toBe('support-eks');
    expect(elementAt(model, { line: 0, character: 0 })).toBeUndefined();
  });

  it('lists boundaries parents first, children indented under them', () => {
    const choices = boundaryChoices(model);
    const i = (id: string) => choices.findIndex((c) => c.id === id);
    expect(i('aws-prod')).toBeLessThan(i('prod-vpc'));
    expect(i('prod-vpc')).toBeLessThan(i('support-eks'));
    expect(choices.find((c) => c.id === 'support-eks')).toEqual({ id: 'support-eks', label: 'support-ai EKS cluster', depth: 2 });
  });
});
