/**
 * The fast YAML reader (src/core/model/fast-yaml.ts) must give exactly the document `yaml.parseDocument`
 * gives (structure, values, scalar types, ranges, line starts) or decline; and it must decline whenever yaml
 * reports an error, so no syntax problem is ever hidden. Checked on every YAML file in the repository,
 * generated bench models, hand-picked edge cases and seeded mutations of the templates.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { fastParseDocument } from '../../src/core/model/fast-yaml';
import { generateModel } from '../../scripts/lib/generate-model';

const OPTIONS = { prettyErrors: false, uniqueKeys: true, strict: true, keepSourceTokens: false };

/** Every node with its kind, value, type, range and flow flag, in document order. */
function dump(node: unknown, out: unknown[] = []): unknown[] {
  if (isPair(node)) {
    out.push('pair');
    dump(node.key, out);
    dump(node.value, out);
  } else if (isMap(node) || isSeq(node)) {
    out.push([isMap(node) ? 'map' : 'seq', node.range, !!node.flow, node.items.length]);
    for (const item of node.items) dump(item, out);
  } else if (isScalar(node)) {
    out.push(['scalar', node.value, node.type, node.source, node.range, node.format ?? null, (node as { minFractionDigits?: number }).minFractionDigits ?? null]);
  } else out.push(['other', node === null ? null : typeof node]);
  return out;
}

function ownKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(ownKeysDeep);
  if (v && typeof v === 'object') return Object.getOwnPropertyNames(v).map((k) => [k, Object.getPrototypeOf(v) === Object.prototype, ownKeysDeep((v as Record<string, unknown>)[k])]);
  return typeof v;
}

interface Compared {
  fast: boolean;
  yamlErrors: number;
}

function compare(text: string, label: string): Compared {
  const lcFast = new LineCounter();
  const read = fastParseDocument(text, lcFast, OPTIONS);
  const fast = read?.doc;
  const lcRef = new LineCounter();
  const ref = parseDocument(text, { ...OPTIONS, lineCounter: lcRef }) as Document.Parsed;
  if (ref.errors.length > 0 || ref.warnings.length > 0) {
    expect(fast, `${label}: yaml reports ${ref.errors[0]?.code ?? ref.warnings[0]?.code}, so the fast reader must decline`).toBeUndefined();
    return { fast: false, yamlErrors: ref.errors.length };
  }
  if (!fast) return { fast: false, yamlErrors: 0 };
  expect(dump(fast.contents), label).toEqual(dump(ref.contents));
  expect(fast.range, `${label}: document range`).toEqual(ref.range);
  expect(lcFast.lineStarts, `${label}: line starts`).toEqual(lcRef.lineStarts);
  const js = ref.toJS({ maxAliasCount: 1000 }) as unknown;
  expect(fast.toJS({ maxAliasCount: 1000 }), label).toEqual(js);
  // The value the reader builds itself, own keys and all (a `__proto__` key is data, not a prototype).
  expect(read!.value, `${label}: value`).toStrictEqual(js);
  expect(ownKeysDeep(read!.value), `${label}: own keys`).toEqual(ownKeysDeep(js));
  return { fast: true, yamlErrors: 0 };
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.') || name === 'out' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yamlFiles(path, out);
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

/** A small seeded PRNG (mulberry32), so a failing mutation can be reproduced from its seed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = [' ', '  ', ':', ': ', '-', '- ', '#', ' #', '"', "'", '\n', '|', '>', '|-', '[', ']', ',', '{', '}', '{}', '[]', 'a', '0', '1.50', '~', 'true', '\\n', '\\', "''", '@', '&a', '*a', '!', '?', '%', '---', '\n  ', '\n- ', 'x: y', '\n\n'];

function mutate(text: string, rand: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const lines = text.split('\n');
  const at = Math.floor(rand() * text.length);
  switch (Math.floor(rand() * 6)) {
    case 0: return text.slice(0, at) + pick(INSERTS) + text.slice(at);
    case 1: return text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 3));
    case 2: {
      const i = Math.floor(rand() * lines.length);
      lines.splice(i, 0, lines[Math.floor(rand() * lines.length)]!);
      return lines.join('\n');
    }
    case 3: {
      const i = Math.floor(rand() * lines.length);
      lines[i] = rand() < 0.5 ? ` ${lines[i]}` : lines[i]!.replace(/^ /, '');
      return lines.join('\n');
    }
    case 4: {
      const i = Math.floor(rand() * lines.length);
      lines[i] = `${lines[i]}${pick([' # note', ':', ' ', '  x', ': 1', ' |', ' >-'])}`;
      return lines.join('\n');
    }
    default: return text.slice(0, at) + text.slice(at).replace(/\n/, rand() < 0.5 ? '\n\n' : '\n   \n');
  }
}

describe('fast YAML reader', () => {
  it('matches yaml on every YAML file in the repository, and reads every template and example itself', () => {
    const files = yamlFiles('.');
    expect(files.length).toBeGreaterThan(100);
    let fast = 0;
    for (const file of files) {
      const r = compare(readFileSync(file, 'utf8'), file);
      if (r.fast) fast++;
      if (/^(templates|examples)\/.*\.threatmodel\.yaml$/.test(file)) expect(r.fast, `${file} should take the fast path`).toBe(true);
    }
    // Most files are plain block YAML; the rest (anchors, tags, odd fixtures) go to yaml.
    expect(fast / files.length).toBeGreaterThan(0.8);
  });

  it('reads generated bench models itself', () => {
    for (const n of [10, 100, 1000]) expect(compare(generateModel(n), `generated ${n}`).fast).toBe(true);
  });

  const cases: Record<string, string> = {
    'scalars of every core type': 'a: 1\nb: -0\nc: 0x1F\nd: 0o17\ne: 1.50\nf: .5\ng: 1e3\nh: .inf\ni: .nan\nj: ~\nk: null\nl: True\nm: FALSE\nn: 3rd\no: "x"\np: \'it\'\'s\'\nq: "a\\"b\\u00e9\\n"\nr: 007\n',
    'comments where yaml stretches ranges': 'a: 1\n  # c\nb:\n  c: 1\n  # d\ne:\n# f\ng: 1\n',
    'comments before items': 'a:\n  # c\n  - x\n\n  # d\n  - b: 1\n    # e\n    c: 2\n  # f\n  - y\n# g\nh: [x]\n# i\n',
    'comments and blank lines': '# head\n\na: 1 # one\n\n# between\nb:   x y  # c\n  # indented comment\nc: d#e\n# tail\n',
    'nested maps and sequences': 'a:\n  b:\n    - id: x\n      k: v\n    -   id: y\n  c:\n  - 1\n  - two\nd:\n  -\n    e: f\n  - - 1\n',
    'empty values': 'a:\nb:   \nc:\n  d:\ne: []\nf: {}\ng: [ ]\nh: { }\n',
    'flow sequences': 'a: [x, "y" ,z]\nb: [ 1, 2.0 ]\nc: [-1, -x, \'q\']\nd: [a,b]  # c\n',
    'flow mappings': '- {from: a, to: b, data: [x, y], n: 1}\n- {b: c , d: \'e\' }  # z\n- {b: [ ], c: {}, d: {e: [1]}}\n- {b: c,}\n- {b:c}\n- {b: }\n- {b}\n- [x, {b: c}]\n- { }\n- {b: x y , c: [1] }\n- {a: 1, a: 2}\n',
    'block scalars': 'a: >\n  fold\n  me\n\n  ok\nb: |-\n  lit\n\n    more\nc: |\n  x\n\n\nd: >-\n  one\n  two\ne: |  # c\n  z\nf:\n  - |\n    in seq\n  - >\n    folded\n    in seq\n',
    'keys of other types': '1: a\ntrue: b\nnull: c\n~x: d\na b: e\n"q": f\n',
    'keys objects already have': '__proto__: {polluted: yes}\nconstructor: x\ntoString: y\nhasOwnProperty: [1]\n~: z\n',
    'words that look typed': 'a: nullable\nb: trueish\nc: False\nd: NULL\ne: -\nf: +x\ng: .git\nh: 1.2.3\ni: 0x\n',
    'no final newline': 'a: 1\nb: [x]',
    'seq at the top': '- a\n- b: c\n  d: e\n-\n',
    'indented top': '  a: 1\n  b: 2\n',
    'continuations and errors': 'a: b\n  c\nd: e: f\ng: - h\n',
    'duplicate keys': 'a: 1\na: 2\n',
    'anchors and tags': 'a: &x 1\nb: *x\nc: !!str 2\n',
    'bad indentation': 'a:\n    b: 1\n  c: 2\n',
    'unclosed': 'a: "x\nb: [1, 2\n',
    'long key': `${'k'.repeat(1100)}: 1\n`,
    'only comments': '# nothing\n',
    'empty': '',
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`agrees with yaml on ${name}`, () => {
      compare(text, name);
    });
  }

  it('agrees with yaml on 1,500 seeded mutations of the templates (declines on every yaml error)', () => {
    const seeds = readdirSync('templates').filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join('templates', f), 'utf8'));
    seeds.push(readFileSync('examples/support-assistant.threatmodel.yaml', 'utf8'));
    const rand = prng(9);
    let fast = 0;
    let errors = 0;
    for (let i = 0; i < 1500; i++) {
      let text = seeds[i % seeds.length]!;
      const steps = 1 + Math.floor(rand() * 3);
      for (let s = 0; s < steps; s++) text = mutate(text, rand);
      const r = compare(text, `mutation ${i}`);
      if (r.fast) fast++;
      if (r.yamlErrors) errors++;
    }
    // Both paths must be exercised for the comparison to mean anything.
    expect(fast).toBeGreaterThan(400);
    expect(errors).toBeGreaterThan(200);
  });
});
