/**
 * The diagram text: golden files for every template (full and collapsed views) and for a styled model,
 * escaping of hostile labels, views (focus, filters, auto-collapse) and mermaid's limits.
 * Update the golden files with `UPDATE_GOLDEN=1 npx vitest run test/unit/diagram.test.ts` and review the diff.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDiagram, escapeLabel, KIND_SHAPES, mermaidId, toMermaid } from '../../src/core/diagram';
import { loadModel } from '../../src/core/model/load';
import type { ResolvedModel } from '../../src/core/model/graph';
import { COMPONENT_KINDS } from '../../src/core/model/types';
import { fakeFinding, generatedFindings, generateModel, HOSTILE_NAMES, hostileModel } from '../browser/fixtures';

const root = join(__dirname, '..', '..');
const goldenDir = join(root, 'test', 'golden', 'diagram');
const update = process.env.UPDATE_GOLDEN === '1';

function load(text: string, file = 'test.threatmodel.yaml'): ResolvedModel {
  const r = loadModel(text, file);
  expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return r.model!;
}

function golden(name: string, actual: string): void {
  const file = join(goldenDir, name);
  if (update || !existsSync(file)) {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(file, actual);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** Every line the writer may produce, with labels restricted to escaped text. */
const LABEL = String.raw`(?:[\p{L}\p{M}\p{N} .,_\-()/'+*!?=@~^&:·×…⚠]|#\d+;|<br/>)*`;
const LINE_PATTERNS = [
  /^flowchart (LR|TB)$/u,
  new RegExp(String.raw`^ *subgraph [A-Za-z0-9_]+\["${LABEL}"\]$`, 'u'),
  /^ *end$/u,
  new RegExp(String.raw`^ *[A-Za-z0-9_]+\["${LABEL}"\](@\{ shape: [a-z-]+ \})?$`, 'u'),
  new RegExp(String.raw`^  [A-Za-z0-9_]+ e\d+@(-->|-\.->)(\|"${LABEL}"\|)? [A-Za-z0-9_]+$`, 'u'),
  /^  classDef sev[A-Z][a-z]+ [a-z0-9:#.,-]+$/u,
  /^  class [A-Za-z0-9_,]+ sev[A-Z][a-z]+$/u,
  /^  linkStyle [0-9,]+ [a-z0-9:#.,-]+$/u,
];

function expectWellFormed(text: string): void {
  for (const line of text.trimEnd().split('\n')) {
    expect(LINE_PATTERNS.some((p) => p.test(line)), `unexpected line: ${line}`).toBe(true);
  }
}

describe('diagram golden files', () => {
  const templates = readdirSync(join(root, 'templates')).filter((f) => f.endsWith('.threatmodel.yaml')).sort();

  it('covers every template', () => {
    expect(templates.length).toBeGreaterThanOrEqual(4);
  });

  describe.each(templates)('%s', (file) => {
    const model = load(readFileSync(join(root, 'templates', file), 'utf8'), `templates/${file}`);
    const name = basename(file, '.threatmodel.yaml');

    it('full view', () => {
      const text = toMermaid(model, [], { view: 'full' });
      expectWellFormed(text);
      golden(`${name}.mmd`, text);
    });

    it('collapsed view', () => {
      const text = toMermaid(model, [], { view: 'collapsed' });
      expectWellFormed(text);
      golden(`${name}.collapsed.mmd`, text);
    });
  });

  it('styles nodes, boundaries and flows by their worst open finding, with counts and a legend', () => {
    const model = load(readFileSync(join(root, 'templates', 'rag-support-assistant.threatmodel.yaml'), 'utf8'));
    const flow = model.flows.find((f) => f.from === 'support-agent' && f.to === 'chat-model')!;
    const findings = [
      fakeFinding('support-agent', 'high'),
      fakeFinding('support-agent', 'critical', { rule: 'TEST-2' }),
      fakeFinding('support-agent', 'critical', { rule: 'TEST-3', status: 'mitigated' }),
      fakeFinding('kb-vectors', 'medium'),
      fakeFinding('kb-retriever', 'low', { status: 'accepted' }),
      fakeFinding('support-eks', 'high'),
      fakeFinding('support-agent', 'medium', { flowId: flow.id }),
    ];
    const text = toMermaid(model, findings, { view: 'full' });
    expectWellFormed(text);
    expect(text).toContain('c_support_2d_agent["Support agent<br/>agent<br/>⚠ 2 open · critical"]@{ shape: st-rect }');
    expect(text).toMatch(/class [a-z0-9_,]*c_support_2d_agent[a-z0-9_,]* sevCritical/);
    expect(text).toMatch(/class [a-z0-9_,]*b_support_2d_eks[a-z0-9_,]* sevHigh/);
    expect(text).not.toMatch(/c_kb_2d_retriever[^\n]*⚠/); // accepted findings are not open
    expect(text).toMatch(/linkStyle \d+ stroke:#b58900/);
    golden('rag-support-assistant.styled.mmd', text);
  });
});

describe('escaping', () => {
  it('keeps ordinary names readable and encodes everything that could break out', () => {
    expect(escapeLabel("Customer's browser (EU): R & D")).toBe("Customer's browser (EU): R & D");
    expect(escapeLabel('Q&A &lt; &#60;')).toBe('Q#38;A #38;lt#59; #38;#35;60#59;');
    expect(escapeLabel('a"b')).toBe('a#34;b');
    expect(escapeLabel('<img src=x onerror=alert(1)>')).toBe('#60;img src=x onerror=alert(1)#62;');
    expect(escapeLabel('"]; click A call alert()')).toBe('#34;#93;#59; click A call alert()');
    expect(escapeLabel('%%{init: {}}%%')).toBe('#37;#37;#123;init: #123;#125;#125;#37;#37;');
    expect(escapeLabel('#quot; #60;')).toBe('#35;quot#59; #35;60#59;');
    expect(escapeLabel('line\nbreak\u202Eevil\u0000')).toBe('line breakevil');
    expect(escapeLabel('style x:#f00;')).toBe('style x#58;#35;f00#59;');
    expect(escapeLabel('cost $$x^2$$')).toBe('cost #36;#36;x^2#36;#36;');
    expect(escapeLabel('x'.repeat(100))).toBe(`${'x'.repeat(47)}…`);
  });

  it('gives every model id its own mermaid id made of letters, digits and underscores', () => {
    const ids = ['end', 'a-b', 'a_b', 'a.b', 'A', 'a', 'click', 'graph', 'x--o', '__proto__'];
    const mids = ids.map((id) => mermaidId('c', id));
    for (const m of mids) expect(m).toMatch(/^c_[A-Za-z0-9_]+$/);
    expect(new Set(mids).size).toBe(ids.length);
  });

  it('draws hostile component and boundary names only as escaped label text', () => {
    const model = load(hostileModel());
    const text = toMermaid(model, [], { view: 'full' });
    expectWellFormed(text);
    for (const name of HOSTILE_NAMES) expect(text).not.toContain(name);
    expect(text).not.toMatch(/<(?!br\/>)/);
    expect(text).not.toContain('%%');
  });
});

describe('views', () => {
  const model = load(readFileSync(join(root, 'templates', 'rag-support-assistant.threatmodel.yaml'), 'utf8'));

  it('draws one shape per component kind, each kind a different shape', () => {
    expect(new Set(Object.values(KIND_SHAPES)).size).toBe(COMPONENT_KINDS.length);
    const d = buildDiagram(model, [], { view: 'full' });
    for (const n of d.nodes) expect(d.text).toMatch(new RegExp(`${n.mid}\\[.*\\]@\\{ shape: ${KIND_SHAPES[n.kind as keyof typeof KIND_SHAPES]} \\}`));
  });

  it('labels flows with the most sensitive classification of their data', () => {
    const d = buildDiagram(model, [], { view: 'full' });
    const e = d.edges.find((x) => x.from === 'c_secrets_2d_manager' && x.to === 'c_kb_2d_ingestion')!;
    expect(e.label).toBe('secret');
    expect(d.edges.find((x) => x.links.includes('tool'))?.implied).toBe(true);
  });

  it('focus view draws the k-hop neighbourhood of the selected element', () => {
    const one = buildDiagram(model, [], { view: 'focus', focus: 'kb-retriever', hops: 1 });
    expect(one.view).toBe('focus');
    expect(one.nodes.map((n) => n.ref.id)).toEqual(['kb-retriever', 'kb-vectors', 'support-agent']);
    const two = buildDiagram(model, [], { view: 'focus', focus: 'kb-retriever', hops: 2 });
    expect(two.nodes.length).toBeGreaterThan(one.nodes.length);
    expect(buildDiagram(model, [], { view: 'focus', focus: 'llm-vendor' }).nodes.map((n) => n.ref.id))
      .toEqual(expect.arrayContaining(['chat-model', 'embedding-model']));
  });

  it('focus without a selection falls back and says why', () => {
    const d = buildDiagram(model, [], { view: 'focus' });
    expect(d.view).toBe('full');
    expect(d.notice).toMatch(/Select an element/);
  });

  it('filters by boundary and by minimum severity', () => {
    const byBoundary = buildDiagram(model, [], { view: 'full', boundaries: ['support-eks'] });
    expect(byBoundary.nodes.map((n) => n.ref.id)).toEqual([...model.componentsIn('support-eks')]);
    expect(byBoundary.notice).toMatch(/Filters hide/);
    const findings = [fakeFinding('support-agent', 'high'), fakeFinding('kb-vectors', 'low')];
    const bySeverity = buildDiagram(model, findings, { view: 'full', minSeverity: 'medium' });
    expect(bySeverity.nodes.map((n) => n.ref.id)).toEqual(['support-agent']);
  });

  it('collapsed view: one node per trust boundary with flow counts on the edges', () => {
    const d = buildDiagram(model, [], { view: 'collapsed' });
    expect(d.nodes.every((n) => n.kind === 'group')).toBe(true);
    expect(d.nodes.reduce((s, n) => s + n.members.length, 0)).toBe(model.components.size);
    // an arrow standing for several flows says how many and the most sensitive data; a plain arrow is one flow
    for (const e of d.edges) expect(e.label).toMatch(e.flows.length > 1 ? new RegExp(`^${e.flows.length} flows( · [a-z]+)?$`) : /^$/);
    expect(d.edges.some((e) => e.flows.length > 1)).toBe(true);
  });

  it('keeps the layout key when only findings change, and changes it when the structure does', () => {
    const a = buildDiagram(model, [], { mode: 'interactive' });
    const b = buildDiagram(model, [fakeFinding('support-agent', 'critical')], { mode: 'interactive' });
    expect(b.text).toBe(a.text);
    expect(b.layoutKey).toBe(a.layoutKey);
    expect(b.nodes.find((n) => n.ref.id === 'support-agent')?.severity).toBe('critical');
    const c = buildDiagram(model, [], { mode: 'interactive', boundaries: ['support-eks'] });
    expect(c.layoutKey).not.toBe(a.layoutKey);
  });
});

describe('large models stay inside mermaid limits', () => {
  it.each([100, 500, 1500])('%i components', (n) => {
    const model = load(generateModel(n), `generated-${n}.threatmodel.yaml`);
    const findings = generatedFindings([...model.components.keys()]);
    for (const view of ['auto', 'full', 'collapsed'] as const) {
      const d = buildDiagram(model, findings, { view });
      expect(d.text.length).toBeLessThanOrEqual(40_000);
      expect(d.edges.length).toBeLessThanOrEqual(400);
      expectWellFormed(d.text);
    }
    const auto = buildDiagram(model, findings, {});
    expect(auto.view).toBe(n <= 40 ? 'full' : 'collapsed');
    if (auto.view === 'collapsed') expect(auto.notice).toMatch(/one node per trust boundary/);
  });
});
