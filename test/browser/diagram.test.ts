/**
 * The diagram page in real headless Chromium with a stub host: what is drawn (nodes, boundaries, edges,
 * severity styles, badges), what clicks send, live updates (restyle vs. new layout, pan and zoom kept, the
 * last good diagram kept on errors), highlights, views, themes and export.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildDiagram } from '../../src/core/diagram';
import type { Finding } from '../../src/core/engine/types';
import { loadModel } from '../../src/core/model/load';
import type { ResolvedModel } from '../../src/core/model/graph';
import { generateModel } from '../../scripts/lib/generate-model';
import { fakeFinding } from './fixtures';
import { usePages, type StubHost } from './harness';

const root = join(__dirname, '..', '..');
const templateFile = 'templates/rag-support-assistant.threatmodel.yaml';
const model: ResolvedModel = loadModel(readFileSync(join(root, templateFile), 'utf8'), templateFile).model!;
const pages = usePages({ beforeAll, afterAll, afterEach });
const openHost = (m: ResolvedModel = model, findings: Finding[] = []): Promise<StubHost> => pages.open(m, findings);

/** Text of the drawn node for a component id (SVG text has no innerText: use textContent). */
const nodeText = (host: StubHost, id: string) =>
  host.page.locator(`#canvas g.node[data-tm-mid="c_${id.replace(/-/g, '_2d_')}"]`).textContent();

describe('what is drawn', () => {
  it('draws every component in its trust boundary, with flows between them', async () => {
    const host = await openHost();
    const page = host.page;
    const mids = await page.locator('#canvas g.node[data-tm-mid]').evaluateAll((els) => els.map((e) => (e as SVGElement).dataset.tmMid));
    expect(mids.sort()).toEqual([...model.components.keys()].map((id) => `c_${id.replace(/-/g, '_2d_')}`).sort());
    const clusters = await page.locator('#canvas g.cluster[data-tm-mid]').evaluateAll((els) => els.map((e) => (e as SVGElement).dataset.tmMid));
    expect(clusters).toEqual(expect.arrayContaining(['b_aws_2d_prod', 'b_prod_2d_vpc', 'b_support_2d_eks', 'b_llm_2d_vendor']));
    // nested: the EKS cluster's rectangle lies inside the VPC's
    const box = (mid: string) => page.locator(`#canvas g.cluster[data-tm-mid="${mid}"] > rect`).boundingBox();
    const [outer, inner] = [await box('b_prod_2d_vpc'), await box('b_support_2d_eks')];
    expect(inner!.x).toBeGreaterThanOrEqual(outer!.x);
    expect(inner!.x + inner!.width).toBeLessThanOrEqual(outer!.x + outer!.width + 0.5);
    expect(await page.locator('#canvas path.flowchart-link').count()).toBe(buildDiagram(model).edges.length);
    expect(await nodeText(host, 'kb-vectors')).toContain('Knowledge-base vector collection');
    expect(await page.locator('#canvas g.cluster[data-tm-mid="b_customer_2d_browser"]').textContent()).toContain("Customer's browser");
  });

  it('styles nodes by their worst open finding and shows the open count', async () => {
    const host = await openHost(model, [
      fakeFinding('support-agent', 'high'), fakeFinding('support-agent', 'critical', { rule: 'T2' }),
      fakeFinding('kb-vectors', 'low'), fakeFinding('kb-retriever', 'critical', { status: 'mitigated' }),
    ]);
    const agent = host.page.locator('#canvas g.node[data-tm-mid="c_support_2d_agent"]');
    expect(await agent.getAttribute('class')).toContain('tm-sev-critical');
    expect(await agent.locator('g.tm-badge text').textContent()).toBe('2');
    expect(await host.page.locator('#canvas g.node[data-tm-mid="c_kb_2d_vectors"]').getAttribute('class')).toContain('tm-sev-low');
    const retriever = host.page.locator('#canvas g.node[data-tm-mid="c_kb_2d_retriever"]');
    expect(await retriever.getAttribute('class')).not.toContain('tm-sev-');
    expect(await retriever.locator('g.tm-badge').count()).toBe(0);
    // the outline really is drawn in the critical colour, thicker than an unstyled node
    const stroke = await agent.evaluate((g) => {
      const shape = g.querySelector('.label-container:not(g), g.label-container path:not([stroke="none"])')!;
      return getComputedStyle(shape).strokeWidth;
    });
    expect(parseFloat(stroke)).toBeGreaterThanOrEqual(3);
  });

  it('shows a legend with the shapes of the kinds on screen, when asked (off by default: it would hide nodes)', async () => {
    const host = await openHost();
    expect(await host.page.locator('#legend').isHidden()).toBe(true);
    expect(await host.page.locator('#legend-toggle').getAttribute('aria-pressed')).toBe('false');
    await host.page.click('#legend-toggle');
    await host.page.locator('#legend-kinds svg g.node').first().waitFor();
    const text = await host.page.locator('#legend-kinds').textContent();
    for (const k of ['agent', 'vector store', 'guardrail', 'model endpoint']) expect(text).toContain(k);
    expect(await host.page.locator('#legend-severity').textContent()).toContain('critical');
  });
});

describe('clicks reveal the YAML', () => {
  it('a node sends its component, a boundary its id, an edge its flow', async () => {
    const host = await openHost();
    const page = host.page;
    await page.locator('#canvas g.node[data-tm-mid="c_kb_2d_retriever"]').click();
    await host.waitFor((m) => m.type === 'reveal' && m.ref.type === 'component' && m.ref.id === 'kb-retriever');
    await page.locator('#canvas g.cluster[data-tm-mid="b_llm_2d_vendor"] > rect').click({ position: { x: 6, y: 6 } });
    await host.waitFor((m) => m.type === 'reveal' && m.ref.type === 'boundary' && m.ref.id === 'llm-vendor');
    const flow = model.flows.find((f) => f.from === 'kb-vectors' && f.to === 'kb-retriever')!;
    const edge = host.received.length;
    await page.locator('#canvas g.edgeLabel[data-tm-edge]').filter({ hasText: 'confidential' }).first().click();
    const m = await host.waitFor((x) => x.type === 'reveal' && x.ref.type === 'flow' && host.received.indexOf(x) >= edge);
    expect(model.flows.map((f) => f.id)).toContain(m.type === 'reveal' ? m.ref.id : '');
    expect(flow).toBeDefined();
  });

  it('Enter on a focused node reveals it too (keyboard)', async () => {
    const host = await openHost();
    await host.page.locator('#canvas g.node[data-tm-mid="c_chat_2d_model"]').focus();
    await host.page.keyboard.press('Enter');
    await host.waitFor((m) => m.type === 'reveal' && m.ref.id === 'chat-model');
  });
});

/** On-screen size of a node label: its font size times the canvas's zoom. */
const labelPx = (host: StubHost) => host.page.evaluate(() => {
  const label = document.querySelector('#canvas g.node .nodeLabel, #canvas g.node text')!;
  const k = new DOMMatrix(getComputedStyle(document.getElementById('canvas')!).transform).a;
  return parseFloat(getComputedStyle(label).fontSize) * k;
});

describe('readable beside the YAML', () => {
  const big = loadModel(generateModel(200), 'big.threatmodel.yaml').model!;

  it('in a side panel nothing covers the toolbar: every control is the element under its own centre', async () => {
    const host = await pages.open(big, [], undefined, { width: 480, height: 800 });
    await host.page.locator('#notice').waitFor();
    const blocked = await host.page.evaluate(() => {
      const out: string[] = [];
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('#toolbar button, #toolbar select'))) {
        if (el.offsetParent === null) continue; // a control the view does not use (Hops outside focus)
        const r = el.getBoundingClientRect();
        const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        if (at !== el && !el.contains(at)) out.push(`${el.id} is covered by ${at?.id || at?.tagName}`);
      }
      return out;
    });
    expect(blocked).toEqual([]);
    const box = async (sel: string) => (await host.page.locator(sel).boundingBox())!;
    const [toolbar, notice, viewport] = [await box('#toolbar'), await box('#notice'), await box('#viewport')];
    expect(toolbar.height).toBeLessThan(80); // two rows at most: captions give way to tooltips
    expect(notice.y).toBeGreaterThanOrEqual(toolbar.y + toolbar.height - 1);
    expect(viewport.y).toBeGreaterThanOrEqual(notice.y + notice.height - 1);
  });

  it('a new layout direction is fitted to the panel again', async () => {
    const host = await pages.open(model, [], undefined, { width: 600, height: 1000 });
    const seq = host.seq;
    await host.page.selectOption('#direction', 'LR');
    await host.waitFor((m) => m.type === 'rendered' && m.seq > seq);
    // Fitted again: its top in view, across the panel when it fits across, and never below readable text.
    const placed = await host.page.evaluate(() => {
      const v = document.getElementById('viewport')!.getBoundingClientRect();
      const d = document.querySelector('#canvas svg')!.getBoundingClientRect();
      return { topInView: d.top >= v.top - 1 && d.top < v.bottom, leftInView: d.left >= v.left - 1, wholeWhenItFits: d.height > v.height || d.bottom <= v.bottom + 1 };
    });
    expect(placed).toEqual({ topInView: true, leftInView: true, wholeWhenItFits: true });
    expect(await labelPx(host)).toBeGreaterThanOrEqual(11);
  });

  it('at the first drawing in a side panel, node labels are at least 11 px on screen; Fit still shows everything', async () => {
    const host = await pages.open(model, [], undefined, { width: 480, height: 800 });
    expect(await labelPx(host)).toBeGreaterThanOrEqual(11);
    await host.page.click('#fit');
    const all = await host.page.evaluate(() => {
      const v = document.getElementById('viewport')!.getBoundingClientRect();
      const d = document.querySelector('#canvas svg')!.getBoundingClientRect();
      return d.left >= v.left - 1 && d.right <= v.right + 1 && d.top >= v.top - 1 && d.bottom <= v.bottom + 1;
    });
    expect(all).toBe(true);
  });
});

describe('layout direction', () => {
  const svgShape = async (host: StubHost) => {
    return host.page.locator('#canvas svg').first().evaluate((svg) => {
      const b = (svg as SVGSVGElement).getBBox();
      return { width: b.width, height: b.height };
    });
  };

  it('a tall panel (beside the YAML) lays the diagram out top to bottom, a wide one left to right', async () => {
    const tall = await pages.open(model, [], undefined, { width: 600, height: 1000 });
    expect(tall.received.find((m) => m.type === 'ready')).toEqual({ type: 'ready', direction: 'TB' });
    const t = await svgShape(tall);
    expect(t.height).toBeGreaterThan(t.width);
    const wide = await pages.open(model, [], undefined, { width: 1600, height: 700 });
    expect(wide.received.find((m) => m.type === 'ready')).toEqual({ type: 'ready', direction: 'LR' });
    const w = await svgShape(wide);
    expect(w.width).toBeGreaterThan(w.height);
  });

  it('the Layout control overrides the fit and is kept with other options', async () => {
    const host = await pages.open(model, [], undefined, { width: 600, height: 1000 });
    await host.page.selectOption('#direction', 'LR');
    const sent = await host.waitFor((m) => m.type === 'options' && m.options.direction === 'LR');
    expect(sent).toMatchObject({ type: 'options', options: { view: 'auto', direction: 'LR' } });
    await host.page.selectOption('#severity', 'high');
    await host.waitFor((m) => m.type === 'options' && m.options.minSeverity === 'high' && m.options.direction === 'LR');
    // the page draws what the host sent back for the last change
    await host.waitFor((m) => m.type === 'rendered' && m.seq === host.seq);
  });
});
