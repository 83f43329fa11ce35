/**
 * Hover and completion reuse the document's parse: one per document version (parse-cache.ts), and only the
 * cursor's section or list item is parsed again (cursor-slice.ts), with the same answer as parsing it all.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { cursorContext } from '../../src/core/editor/cursor-context';
import { DocumentParseCache, type VersionedDocument } from '../../src/extension/parse-cache';

const doc = (uri: string, version: number, text: string): VersionedDocument => ({ uri, version, getText: () => text });
const MODEL = 'threatmodel: 1\nsystem:\n  name: Chat\ncomponents:\n  - id: a\n    kind: service\n';

describe('DocumentParseCache', () => {
  it('the same version is parsed once; a new version is parsed again', () => {
    const cache = new DocumentParseCache();
    const first = cache.yaml(doc('file:///m.yaml', 1, MODEL));
    expect(cache.yaml(doc('file:///m.yaml', 1, MODEL))).toBe(first);
    expect(cache.stats).toEqual({ hits: 1, misses: 1 });
    const edited = MODEL.replace('Chat', 'Chat bot');
    const second = cache.yaml(doc('file:///m.yaml', 2, edited));
    expect(second).not.toBe(first);
    expect(second.toJS().system.name).toBe('Chat bot');
    const model = cache.model(doc('file:///m.yaml', 2, edited), 'm.threatmodel.yaml');
    expect(cache.model(doc('file:///m.yaml', 2, edited), 'm.threatmodel.yaml')).toBe(model);
    expect(model.model?.system.name).toBe('Chat bot');
  });

  it('never answers with a stale parse: other text under the same version (a reopened file), or after invalidate', () => {
    const cache = new DocumentParseCache();
    const before = cache.yaml(doc('file:///m.yaml', 1, MODEL));
    const reopened = MODEL.replace('Chat', 'Other');
    expect(cache.yaml(doc('file:///m.yaml', 1, reopened)).toJS().system.name).toBe('Other');
    cache.invalidate('file:///m.yaml');
    expect(cache.size).toBe(0);
    expect(cache.yaml(doc('file:///m.yaml', 1, MODEL))).not.toBe(before);
  });

  it('keeps at most a few documents, dropping the least recently used', () => {
    const cache = new DocumentParseCache(2);
    const a = cache.yaml(doc('a', 1, MODEL));
    cache.yaml(doc('b', 1, MODEL));
    cache.yaml(doc('a', 1, MODEL)); // a is used again: b is now the oldest
    cache.yaml(doc('c', 1, MODEL));
    expect(cache.size).toBe(2);
    expect(cache.yaml(doc('a', 1, MODEL))).toBe(a);
    const misses = cache.stats.misses;
    cache.yaml(doc('b', 1, MODEL));
    expect(cache.stats.misses).toBe(misses + 1);
  });
});

describe('cursor context from the cached parse', () => {
  /** Texts: every template, and each with a half-typed line in a list item, a new item, and a broken line. */
  const texts: string[] = [];
  for (const f of readdirSync('templates').filter((x) => x.endsWith('.yaml')).sort()) {
    const t = readFileSync(`templates/${f}`, 'utf8');
    texts.push(t);
    const lines = t.split('\n');
    const item = lines.findIndex((l, i) => i > 0 && /^ {2}- id: /.test(l) && lines[i - 1]!.startsWith('components:'));
    if (item > 0) {
      texts.push([...lines.slice(0, item + 1), '    kin', ...lines.slice(item + 1)].join('\n'));
      texts.push([...lines.slice(0, item + 1), '    tools: [we', ...lines.slice(item + 1)].join('\n'));
      texts.push([...lines.slice(0, item), '  - ', ...lines.slice(item)].join('\n'));
      texts.push([...lines.slice(0, item), 'flows: "unclosed', ...lines.slice(item)].join('\n'));
    }
  }

  it('gives exactly the answer of parsing the whole text, at every place in every template and edit', () => {
    let compared = 0;
    for (const text of texts) {
      const parsed = parseDocument(text, { uniqueKeys: false, strict: false, prettyErrors: false });
      // About 150 places per text, spread over it (each whole-text parse is the slow path being replaced).
      const step = Math.max(1, Math.floor(text.length / 150));
      for (let offset = 0; offset <= text.length; offset += step) {
        const whole = cursorContext(text, offset);
        const fast = cursorContext(text, offset, parsed);
        expect(fast, `offset ${offset} of:\n${text.slice(Math.max(0, offset - 80), offset)}|${text.slice(offset, offset + 40)}`).toEqual(whole);
        compared++;
      }
    }
    expect(texts.length).toBeGreaterThanOrEqual(8);
    expect(compared).toBeGreaterThan(1000);
  });
});
