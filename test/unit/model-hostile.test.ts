/**
 * Hostile and broken input: the engine never throws, and each case gets a clear problem at a useful place
 * with bounded work (size, depth and alias limits are checked before anything expensive runs).
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/core/model/load';
import { MAX_INPUT_BYTES } from '../../src/core/model/parse';
import { HEADER } from './helpers/marked';

const FILE = 'hostile.threatmodel.yaml';

describe('hostile input', () => {
  it('an alias bomb (billion laughs) is refused, not expanded', () => {
    const lines = ['threatmodel: 1', 'system: {name: bomb}', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [prev, cur] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f'], ['f', 'g'], ['g', 'h'], ['h', 'i']]) {
      lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const r = loadModel(lines.join('\n'), FILE);
    expect(r.problems.map((p) => p.code)).toEqual(['TM-YAML-ALIAS-LIMIT']);
    expect(r.problems[0]!.range.start.line).toBe(3); // the first alias
    expect(r.model).toBeUndefined();
  });

  it('a 50 MB file is refused before parsing', () => {
    const big = HEADER + `# ${'x'.repeat(1000)}\n`.repeat(50 * 1024);
    expect(big.length).toBeGreaterThan(MAX_INPUT_BYTES);
    const r = loadModel(big, FILE);
    expect(r.problems.map((p) => p.code)).toEqual(['TM-INPUT-TOO-LARGE']);
    expect(r.problems[0]!.message).toMatch(/limited to 10 MB/);
  });

  it('10,000 levels of flow nesting are refused without exhausting the stack', () => {
    const deep = `${HEADER}boundaries: ${'['.repeat(10000)}${']'.repeat(10000)}\n`;
    const r = loadModel(deep, FILE);
    expect(r.problems.map((p) => p.code)).toEqual(['TM-INPUT-TOO-DEEP']);
    expect(r.problems[0]!.range.start.line).toBe(3);
  });

  it('10,000 levels of block nesting are refused', () => {
    // `- - - …` on one line opens a nested block sequence per dash: 10,000 levels in 20 KB.
    const deep = `${HEADER}boundaries:\n  ${'- '.repeat(10000)}x\n`;
    const r = loadModel(deep, FILE);
    expect(r.problems.map((p) => p.code)).toEqual(['TM-INPUT-TOO-DEEP']);
    expect(r.model).toBeUndefined();
  });

  it('100 levels (past the limit, short of the stack) are refused by the depth check', () => {
    const r = loadModel(`${HEADER}boundaries: ${'['.repeat(100)}${']'.repeat(100)}\n`, FILE);
    expect(r.problems.map((p) => p.code)).toEqual(['TM-INPUT-TOO-DEEP']);
  });

  it('moderate nesting within the limit is fine', () => {
    const r = loadModel(`${HEADER}boundaries: []\n`, FILE);
    expect(r.problems).toEqual([]);
  });

  it('__proto__ and constructor keys are reported and never reach Object.prototype', () => {
    const text = `${HEADER}__proto__:\n  polluted: true\ncomponents:\n  - id: a\n    kind: service\n    constructor: x\n    __proto__: {polluted: true}\n`;
    const r = loadModel(text, FILE);
    expect(r.problems.map((p) => [p.code, p.range.start.line])).toEqual([
      ['TM-SCHEMA-UNKNOWN-PROPERTY', 3],
      ['TM-SCHEMA-UNKNOWN-PROPERTY', 8],
      ['TM-SCHEMA-UNKNOWN-PROPERTY', 9],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(r.model!.components.get('a'))).toBe(Object.prototype);
    expect((r.model!.components.get('a') as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('tabs used for indentation are a syntax problem on the tab', () => {
    const r = loadModel(`${HEADER}components:\n\t- id: a\n`, FILE);
    expect(r.problems[0]).toMatchObject({ code: 'TM-YAML-SYNTAX', range: { start: { line: 4, character: 0 } } });
  });

  it('a byte-order mark is accepted and positions are unchanged', () => {
    const r = loadModel(`\uFEFF${HEADER}components:\n  - id: a\n    kind: servce\n`, FILE);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.range).toEqual({ start: { line: 5, character: 10 }, end: { line: 5, character: 16 } });
  });

  it('CRLF line endings give the same positions as LF', () => {
    const lf = `${HEADER}components:\n  - id: a\n    kind: servce\n`;
    const a = loadModel(lf, FILE).problems;
    const b = loadModel(lf.replace(/\n/g, '\r\n'), FILE).problems;
    expect(b.map((p) => p.range)).toEqual(a.map((p) => p.range));
    expect(b).toHaveLength(1);
  });

  it('invalid UTF-8 is reported at the first bad byte', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode(`${HEADER}data:\n  - id: caf`), 0xc3, 0x28, ...new TextEncoder().encode('\n')]);
    const r = loadModel(bytes, FILE);
    expect(r.problems.map((p) => p.code)).toEqual(['TM-INPUT-ENCODING']);
    expect(r.problems[0]!.range.start).toEqual({ line: 4, character: 11 });
    expect(r.problems[0]!.message).toContain('0xc3');
  });

  it('valid UTF-8 bytes load like text', () => {
    const r = loadModel(new TextEncoder().encode(`${HEADER}data:\n  - id: menu\n    name: Café ☕ menu\n    classification: internal\n`), FILE);
    expect(r.problems).toEqual([]);
    expect(r.model!.data.get('menu')!.name).toBe('Café ☕ menu');
  });

  it('binary garbage is reported as binary', () => {
    const garbage = new Uint8Array(4096);
    let x = 12345;
    for (let i = 0; i < garbage.length; i++) { x = (x * 1103515245 + 12345) & 0x7fffffff; garbage[i] = x & 0x7f; }
    garbage[10] = 0;
    const r = loadModel(garbage, FILE);
    expect(r.problems.map((p) => p.code)).toEqual(['TM-INPUT-BINARY']);
  });

  it('arbitrary byte sequences never throw', () => {
    let x = 7;
    for (let n = 0; n < 300; n++) {
      const len = (n * 37) % 400;
      const bytes = new Uint8Array(len);
      for (let i = 0; i < len; i++) { x = (x * 1103515245 + 12345) & 0x7fffffff; bytes[i] = n % 2 ? 0x20 + (x % 95) : x & 0xff; }
      const r = loadModel(bytes, FILE);
      expect(Array.isArray(r.problems)).toBe(true);
    }
  });

  it('YAML-shaped noise in every section never throws and always reports', () => {
    const values = ['null', '~', '42', '"x"', '[]', '{}', '[1, {a: b}]', '{id: {}}', '!!binary aGk=', '&x [*x]'];
    for (const section of ['system', 'boundaries', 'data', 'providers', 'components', 'rag', 'flows', 'controls', 'tracking', 'suppressions', 'analysis']) {
      for (const v of values) {
        const r = loadModel(`threatmodel: 1\n${section === 'system' ? '' : 'system: {name: x}\n'}${section}: ${v}\n`, FILE);
        expect(Array.isArray(r.problems)).toBe(true);
      }
    }
  });
});
