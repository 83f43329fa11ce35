/**
 * The Markdown checklist and the HTML report: structure a reviewer relies on, and hostile model text that
 * must print as typed (never a link, image, HTML element, heading, mention or formula).
 */
import { describe, expect, it } from 'vitest';
import { checklistMarkdown } from '../../src/core/export/checklist';
import { escapeMarkdown, markdownCode, markdownFence, neutralizeCell, unneutralizeCell } from '../../src/core/export/escape';
import { htmlReport } from '../../src/core/export/html';
import { buildDiagram } from '../../src/core/diagram';
import type { ResolvedModel } from '../../src/core/model/graph';
import { layoutDiagram, type Placed } from '../../src/core/export/svg/elk-layout';
import { diagramSvg } from '../../src/core/export/svg/render';
import { textWidth, wrapText } from '../../src/core/export/svg/text-width';
import { fixtureFindings, fixtureModel } from '../golden/exports/fixtures';

const input = () => ({ model: fixtureModel(), findings: fixtureFindings(), mermaid: 'flowchart LR\n  a["x"] --> b' });

describe('escaping helpers', () => {
  it('neutralises every formula trigger reversibly', () => {
    for (const v of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', "'quoted", 'plain']) {
      const n = neutralizeCell(v);
      expect(/^[=+\-@\t\r]/.test(n)).toBe(false);
      expect(unneutralizeCell(n)).toBe(v);
    }
  });

  it('Markdown text cannot open a link, image, HTML, a table cell, math or a mention', () => {
    const out = escapeMarkdown('![x](http://e) <b>hi</b> | $a$ @org/team #12 *b* _i_ ~s~ `c`\nnext');
    expect(out).toBe('\\!\\[x\\](`http://e`) &lt;b&gt;hi&lt;/b&gt; \\| \\$a\\$ \\@org/team \\#12 \\*b\\* \\_i\\_ \\~s\\~ \\`c\\` next');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('1. item')).toBe('1\\. item');
  });

  it('URLs, www. names, e-mail addresses and domains in model text are code, never live links (audit D12)', async () => {
    const text = 'Reset your password at https://evil.example/login or www.evil.example, mail help@evil.example, see evil.com/x';
    const md = `# ${escapeMarkdown(text)}\n`;
    // markdown-it (linkify) and marked (GFM) are installed with mermaid; markdown-it ships no types.
    const linkifier: string = 'markdown-it';
    const MarkdownIt = ((await import(linkifier)) as { default: new (o: object) => { render(md: string): string } }).default;
    const { marked } = await import('marked');
    for (const html of [new MarkdownIt({ linkify: true }).render(md), await marked.parse(md, { gfm: true })]) {
      expect(html).not.toContain('<a ');
      expect(html).toContain('<code>https://evil.example/login</code>');
      expect(html).toContain('<code>www.evil.example</code>');
    }
  });

  it('code spans and fences cannot be closed by the text inside', () => {
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownFence('mermaid', 'x\n```\ny')).toBe('````mermaid\nx\n```\ny\n````\n');
  });
});

describe('checklist', () => {
  it('has the summary, the diagram, and a checkbox per mitigation of each open finding, grouped by element', () => {
    const md = checklistMarkdown(input());
    expect(md).toMatch(/^# Design review: Support &lt;assistant&gt;\n/);
    expect(md).toContain('| Findings | 2 open (1 critical, 1 medium; 1 in progress) · 1 accepted · 1 mitigated |');
    expect(md).toContain('```mermaid\nflowchart LR\n  a["x"] --> b\n```');
    const open = md.slice(md.indexOf('## Open findings'), md.indexOf('## Mitigated'));
    expect(open.match(/- \[ \]/g)).toHaveLength(3);
    // Framework ids with their titles, linked to the framework's own page.
    expect(open).toContain('- **Direct prompt injection** (critical, owner \\@attacker) `AI-PI-DIRECT@agent` — '
      + '[LLM01:2025 Prompt Injection](https://genai.owasp.org/llmrisk/llm01-prompt-injection/), '
      + '[ASI01 Agent Goal Hijack](https://genai.owasp.org/resource/owasp-top-10-for-agentic-applications-for-2026/), '
      + '[AML.T0051.000 LLM Prompt Injection: Direct](https://atlas.mitre.org/techniques/AML.T0051.000), '
      + '[CWE-1427 Improper Neutralization of Input Used for LLM Prompting](https://cwe.mitre.org/data/definitions/1427.html)');
    expect(open).toContain('  - [ ] `M-GUARDRAIL` Screen input with a guardrail');
    // Each element's heading counts its open findings; a flow's findings are the flow's (as on the diagram).
    expect(open).toContain('### web → agent (`web->agent`, flow) · 1 open');
    // Critical component first.
    expect(open.indexOf('(`agent`, agent)')).toBeLessThan(open.indexOf('(`web->agent`, flow)'));
  });

  it('lists mitigated and accepted findings with their justification', () => {
    const md = checklistMarkdown(input());
    const closed = md.slice(md.indexOf('## Mitigated'));
    expect(closed).toContain('| Payment without approval `AI-TOOL-APPROVAL@refund` | Refund tool | high | mitigated | Controls: `ctl-approval` |');
    expect(closed).toContain('| Vendor retains prompts `AI-VENDOR-RETENTION@llm` | LLM | low | accepted | DPA signed, zero retention. |');
  });

  it('escapes hostile names: no raw HTML, link, heading break or extra table cell', () => {
    const md = checklistMarkdown(input());
    expect(md).not.toContain('<script>');
    expect(md).not.toMatch(/[^\\]\]\(javascript/);
    expect(md).not.toMatch(/[^\\]\|\s*`tick`/);
    // Every line of a table still has exactly its cells.
    for (const line of md.split('\n').filter((l) => l.startsWith('| ') && l.includes('`AI-'))) {
      expect(line.replace(/\\\|/g, '').split('|').length).toBe(7);
    }
    // The control character is gone; the newline in the name did not start a new line.
    expect(md).not.toContain('\u0007');
    expect(md).not.toMatch(/^line2/m);
  });

  it('says so when no diagram was given', () => {
    expect(checklistMarkdown({ ...input(), mermaid: undefined })).toContain('_No diagram was supplied to this export._');
  });
});

describe('HTML report', () => {
  it('is one document with a no-script, no-network policy and every section', async () => {
    const html = await htmlReport(input());
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    for (const id of ['summary', 'diagram', 'findings', 'coverage']) expect(html).toContain(`<section id="${id}">`);
    expect(html).not.toMatch(/<script|<link|<iframe|src=/i);
    // The only links are the frameworks' own pages for the cited ids (followed on a click, never fetched).
    const hrefs = [...html.matchAll(/href="([^"]*)"/gi)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^https:\/\/(genai\.owasp\.org|atlas\.mitre\.org|cwe\.mitre\.org|github\.com\/cosai-oasis)\//);
    expect(html).toContain('<a href="https://cwe.mitre.org/data/definitions/1427.html" rel="noopener noreferrer"><code class="id">CWE-1427</code></a> Improper Neutralization of Input Used for LLM Prompting');
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain('<h3>OWASP LLM Top 10</h3>');
  });

  it('escapes hostile model text', async () => {
    const html = await htmlReport(input());
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Support &lt;assistant&gt;');
    expect(html).not.toContain('\u0007');
  });
});

describe('report diagram (ELK layout, static SVG)', () => {
  const diagramOf = (model: ReturnType<typeof fixtureModel>) => buildDiagram(model as unknown as ResolvedModel, fixtureFindings(), { view: 'auto' });
  const inside = (a: Placed, b: Placed) => a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;

  it('nests boundaries, keeps every component inside its boundary, and no two boxes overlap', async () => {
    const model = fixtureModel();
    const layout = await layoutDiagram(diagramOf(model), 'TB');
    const box = new Map(layout.clusters.map((c) => [c.cluster.boundary, c]));
    expect(layout.nodes.map((n) => n.node.ref.id).sort()).toEqual([...model.components.keys()].sort());
    for (const n of layout.nodes) {
      const b = model.components.get(n.node.ref.id)!.boundary;
      if (b) expect(inside(n, box.get(b)!), `${n.node.ref.id} in ${b}`).toBe(true);
    }
    expect(inside(box.get('dmz')!, box.get('cloud')!)).toBe(true);
    expect(inside(box.get('app')!, box.get('cloud')!)).toBe(true);
    for (const a of layout.nodes) for (const b of layout.nodes) {
      if (a !== b) expect(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y).toBe(true);
    }
    // Top to bottom along the flows: the user above the web client, above the agent.
    const y = new Map(layout.nodes.map((n) => [n.node.ref.id, n.y]));
    expect(y.get('user')!).toBeLessThan(y.get('web')!);
    expect(y.get('web')!).toBeLessThan(y.get('agent')!);
    // Every edge runs from its source's box to its target's box.
    const at = new Map(layout.nodes.map((n) => [n.node.mid, n]));
    const onBorder = ([px, py]: [number, number], b: Placed) => px >= b.x - 1 && px <= b.x + b.w + 1 && py >= b.y - 1 && py <= b.y + b.h + 1;
    for (const e of layout.edges) {
      expect(onBorder(e.points[0]!, at.get(e.edge.from)!), e.edge.mid).toBe(true);
      expect(onBorder(e.points[e.points.length - 1]!, at.get(e.edge.to)!), e.edge.mid).toBe(true);
    }
  });

  it('draws each boundary after (over) the boundary holding it, so none is hidden under its parent', async () => {
    const svg = diagramSvg(await layoutDiagram(diagramOf(fixtureModel()), 'TB'), 'x');
    const order = [...svg.matchAll(/class="tm-boundary" data-element="([^"]+)"/g)].map((m) => m[1]!);
    expect(order.indexOf('cloud')).toBeLessThan(order.indexOf('app'));
    expect(order.indexOf('cloud')).toBeLessThan(order.indexOf('dmz'));
  });

  it('is the same on every run (deterministic)', async () => {
    const d = diagramOf(fixtureModel());
    expect(diagramSvg(await layoutDiagram(d, 'TB'), 'x')).toBe(diagramSvg(await layoutDiagram(d, 'TB'), 'x'));
  });

  it('survives boundary cycles and flow cycles', async () => {
    const model = fixtureModel();
    const boundaries = new Map(model.boundaries);
    boundaries.set('cloud', { id: 'cloud', kind: 'cloud-account', parent: 'app' });
    const flows = [...model.flows, { id: 'agent->user', from: 'agent', to: 'user', data: [], crossedBoundaries: [] }];
    const svg = diagramSvg(await layoutDiagram(diagramOf({ ...model, boundaries, flows }), 'TB'), 'x');
    expect(svg).toContain('</svg>');
    expect(svg.match(/class="tm-node"/g)).toHaveLength(5);
  });

  it('wraps a long name onto lines that fit its box instead of cutting it', () => {
    const name = 'Issue tracker MCP server (vendor-hosted, with a rather long name) and-a-very-long-identifier-without-spaces';
    const lines = wrapText(name, 13, 170);
    expect(lines.join(' ').replace(/\s+/g, '')).toBe(name.replace(/\s+/g, ''));
    for (const l of lines.slice(0, -1)) expect(textWidth(l, 13)).toBeLessThanOrEqual(170);
    // A hostile 10,000-character name stays within a few lines (the last one carries the rest).
    expect(wrapText('x'.repeat(10_000), 13, 170).length).toBeLessThanOrEqual(4);
    // Surrogate pairs are never split.
    for (const l of wrapText('😀'.repeat(60), 13, 170)) expect(l).not.toMatch(/[\uD800-\uDBFF]$/);
  });
});
