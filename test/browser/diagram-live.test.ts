/**
 * The diagram as the model changes: findings restyle the same SVG (no new layout), structural edits lay out
 * again, pan and zoom survive both, a broken model keeps the last good diagram with the error, highlights
 * follow the cursor and a finding's path, views and filters switch, themes apply, and exports work.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/core/catalog/builtin';
import { buildDiagram } from '../../src/core/diagram';
import { findingHighlight } from '../../src/core/editor/finding-highlight';
import { analyze } from '../../src/core/engine/analyze';
import { loadModel } from '../../src/core/model/load';
import type { ResolvedModel } from '../../src/core/model/graph';
import { fakeFinding, generatedFindings, generateModel } from './fixtures';
import { usePages, type StubHost } from './harness';

const root = join(__dirname, '..', '..');
const templateFile = 'templates/rag-support-assistant.threatmodel.yaml';
const templateText = readFileSync(join(root, templateFile), 'utf8');
const load = (text: string): ResolvedModel => loadModel(text, templateFile).model!;
const model = load(templateText);
const pages = usePages({ beforeAll, afterAll, afterEach });

const node = (host: StubHost, mid: string) => host.page.locator(`#canvas g.node[data-tm-mid="${mid}"]`);
const transform = (host: StubHost) => host.page.locator('#canvas').evaluate((el) => (el as HTMLElement).style.transform);

/** Marks the current SVG element, to tell later whether it was replaced (a new layout) or kept (a restyle). */
async function markSvg(host: StubHost): Promise<() => Promise<boolean>> {
  await host.page.evaluate(() => document.querySelector('#canvas svg')!.setAttribute('data-test-mark', '1'));
  return () => host.page.evaluate(() => document.querySelector('#canvas svg[data-test-mark]') !== null);
}

describe('live updates', () => {
  it('new findings restyle the drawn diagram without a new layout; a structural edit lays out again', async () => {
    const host = await pages.open(model);
    const kept = await markSvg(host);
    host.findings = [fakeFinding('kb-vectors', 'critical')];
    const restyle = await host.rendered(await host.render());
    expect(restyle.layout).toBe(false);
    expect(await kept()).toBe(true);
    expect(await node(host, 'c_kb_2d_vectors').getAttribute('class')).toContain('tm-sev-critical');

    host.model = load(templateText.replace('name: Knowledge-base retriever', 'name: KB retriever v2'));
    const relayout = await host.rendered(await host.render());
    expect(relayout.layout).toBe(true);
    expect(await kept()).toBe(false);
    expect(await node(host, 'c_kb_2d_retriever').textContent()).toContain('KB retriever v2');
    expect(await node(host, 'c_kb_2d_vectors').getAttribute('class')).toContain('tm-sev-critical');
  });

  it('keeps pan and zoom across restyles and new layouts', async () => {
    const host = await pages.open(model);
    await host.page.locator('#zoom-in').click();
    await host.page.mouse.move(600, 400);
    await host.page.mouse.down();
    await host.page.mouse.move(520, 350, { steps: 5 });
    await host.page.mouse.up();
    const before = await transform(host);
    host.findings = [fakeFinding('support-agent', 'high')];
    await host.rendered(await host.render());
    expect(await transform(host)).toBe(before);
    host.model = load(templateText.replace('name: Prompt shield', 'name: Prompt shield 2'));
    expect((await host.rendered(await host.render())).layout).toBe(true);
    expect(await transform(host)).toBe(before);
    // and the position is saved in the webview state (it survives the panel being hidden)
    const state = await host.page.evaluate(() => (window as unknown as { __tmState?: { transform?: unknown } }).__tmState?.transform);
    expect(state).toBeDefined();
  });

  it('shows the last good diagram with the error while the model is broken', async () => {
    const host = await pages.open(model);
    await host.send({ type: 'problems', seq: 2, message: 'The model has errors; showing the last diagram that loaded.\nline 3: bad' });
    await host.page.locator('#error').waitFor();
    expect(await host.page.locator('#error').textContent()).toContain('line 3: bad');
    expect(await host.page.locator('#canvas g.node[data-tm-mid]').count()).toBe(model.components.size);
    expect(await host.page.locator('#canvas').getAttribute('class')).toContain('tm-stale');
    await host.rendered(await host.render());
    expect(await host.page.locator('#error').isHidden()).toBe(true);
  });

  it('re-renders as often as asked, drawing the newest diagram last', async () => {
    const host = await pages.open(model);
    let last = 0;
    for (let i = 0; i < 5; i++) {
      host.model = load(templateText.replace('name: Answer cache', `name: Answer cache ${i}`));
      last = await host.render();
    }
    await host.rendered(last);
    expect(await node(host, 'c_answer_2d_cache').textContent()).toContain('Answer cache 4');
  });
});

describe('highlights', () => {
  it('the cursor highlights its element; a finding highlights its path and dims the rest', async () => {
    const host = await pages.open(model);
    await host.send({ type: 'highlight', ids: ['kb-vectors'], paths: [], source: 'cursor' });
    await host.page.locator('#canvas g.node.tm-hl').first().waitFor();
    expect(await host.page.locator('#canvas g.node.tm-hl').evaluateAll((els) => els.map((e) => (e as SVGElement).dataset.tmMid))).toEqual(['c_kb_2d_vectors']);
    expect(await host.page.locator('#canvas svg.tm-dim').count()).toBe(0);

    await host.send({ type: 'highlight', ids: ['support-agent'], paths: [['zendesk-api', 'kb-ingestion', 'kb-vectors', 'kb-retriever', 'support-agent']], source: 'finding' });
    await host.page.locator('#canvas svg.tm-dim').waitFor();
    expect(await host.page.locator('#canvas g.node.tm-hl').count()).toBe(1);
    // the edges along the path: zendesk→ingestion, ingestion→vectors, vectors→retriever, retriever→agent
    expect(await host.page.locator('#canvas path.flowchart-link.tm-hl').count()).toBe(4);
    await host.send({ type: 'highlight', ids: [], paths: [], source: 'cursor' });
    await host.page.waitForFunction(() => document.querySelectorAll('#canvas .tm-hl').length === 0);
  });
});

describe('merged findings', () => {
  it('a merged finding highlights every path it carries, not only the primary one', async () => {
    // coding-agent: the tool-output injection on forge-agent (path web-fetch → forge-agent) has the document
    // injection merged into it, whose path starts one step earlier: public-web → web-fetch → forge-agent.
    const file = 'templates/coding-agent.threatmodel.yaml';
    const coding = loadModel(readFileSync(join(root, file), 'utf8'), file).model!;
    const merged = analyze(coding, builtinCatalog().catalog).findings.find((f) => f.id === 'PROMPT-INJECTION-INDIRECT-TOOL-OUTPUT@forge-agent')!;
    expect(merged.why.path).toEqual(['web-fetch', 'forge-agent']);
    expect(merged.merged?.map((m) => m.path)).toEqual([['public-web', 'web-fetch', 'forge-agent']]);

    const host = await pages.open(coding);
    // The diagram edges joining public-web and web-fetch (either way): on the merged path only.
    const mid = (id: string) => `c_${id.replace(/-/g, '_2d_')}`;
    const mergedOnly = buildDiagram(coding).edges
      .filter((e) => [e.from, e.to].sort().join() === [mid('public-web'), mid('web-fetch')].sort().join()).map((e) => e.mid);
    expect(mergedOnly.length).toBeGreaterThan(0);
    const lit = (mids: string[]) => host.page.locator('#canvas path.flowchart-link.tm-hl')
      .evaluateAll((els, want) => els.filter((e) => want.includes((e as SVGElement).dataset.tmEdge!)).length, mids);

    await host.send({ type: 'highlight', ...findingHighlight({ ...merged, merged: undefined }), source: 'finding' });
    await host.page.locator('#canvas svg.tm-dim').waitFor();
    expect(await host.page.locator('#canvas path.flowchart-link.tm-hl').count()).toBeGreaterThan(0);
    expect(await lit(mergedOnly)).toBe(0);

    await host.send({ type: 'highlight', ...findingHighlight(merged), source: 'finding' });
    await host.page.waitForFunction((want) => Array.from(document.querySelectorAll<SVGElement>('#canvas path.flowchart-link.tm-hl'))
      .some((e) => want.includes(e.dataset.tmEdge!)), mergedOnly);
    expect(await lit(mergedOnly)).toBe(mergedOnly.length);
  });
});

describe('views and filters', () => {
  it('the toolbar switches views; the host answers with the new diagram', async () => {
    const host = await pages.open(model);
    await host.page.selectOption('#view', 'collapsed');
    await host.waitFor((m) => m.type === 'options' && m.options.view === 'collapsed');
    await host.waitFor((m) => m.type === 'rendered' && m.view === 'collapsed');
    expect(await host.page.locator('#canvas g.node[data-tm-mid^="g_"]').count()).toBeGreaterThan(3);

    await node(host, 'g_support_2d_eks').click();
    await host.waitFor((m) => m.type === 'reveal' && m.ref.type === 'boundary' && m.ref.id === 'support-eks');

    await host.page.selectOption('#view', 'full');
    await host.waitFor((m) => m.type === 'rendered' && m.view === 'full');
    await node(host, 'c_kb_2d_retriever').dblclick();
    await host.waitFor((m) => m.type === 'rendered' && m.view === 'focus');
    expect(await host.page.locator('#canvas g.node[data-tm-mid]').count()).toBe(3);
    expect(await host.page.locator('#hops-label').isVisible()).toBe(true);

    await host.page.selectOption('#view', 'full');
    await host.page.selectOption('#boundary', 'llm-vendor');
    await host.waitFor((m) => m.type === 'options' && m.options.boundaries?.[0] === 'llm-vendor');
    await host.page.waitForFunction(() => document.querySelectorAll('#canvas g.node[data-tm-mid]').length === 2);
    expect(await host.page.locator('#notice').textContent()).toMatch(/Filters hide 17 components/);
  });

  it('a 500-component model opens collapsed, with the reason, and the severity filter narrows it', async () => {
    const big = loadModel(generateModel(500), 'big.threatmodel.yaml').model!;
    const host = await pages.open(big, generatedFindings([...big.components.keys()]));
    const first = host.received.find((m) => m.type === 'rendered');
    expect(first?.type === 'rendered' && first.view).toBe('collapsed');
    expect(await host.page.locator('#notice').textContent()).toMatch(/500 components: one node per trust boundary\. Double-click a boundary to open it/);
    expect(await host.page.locator('#view option[value="auto"]').textContent()).toBe('Auto (collapsed)');
    await host.page.selectOption('#severity', 'critical');
    await host.waitFor((m) => m.type === 'rendered' && m.view === 'full');
    const shown = await host.page.locator('#canvas g.node[data-tm-mid]').count();
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThanOrEqual(120);
  });
});

describe('themes and export', () => {
  it('follows dark and high-contrast themes', async () => {
    const host = await pages.open(model, [fakeFinding('support-agent', 'critical')]);
    const fill = () => host.page.locator('#canvas g.node[data-tm-mid="c_chat_2d_model"] .label-container').first()
      .evaluate((el) => getComputedStyle(el).fill);
    const light = await fill();
    for (const cls of ['vscode-dark', 'vscode-high-contrast']) {
      const before = host.received.filter((m) => m.type === 'rendered').length;
      await host.page.evaluate((c) => { document.body.className = c; }, cls);
      await host.waitFor(() => host.received.filter((m) => m.type === 'rendered').length > before);
      expect(await fill()).not.toBe(light);
      expect(await node(host, 'c_support_2d_agent').getAttribute('class')).toContain('tm-sev-critical');
    }
  });

  it('exports the current view as SVG and PNG', async () => {
    const host = await pages.open(model, [fakeFinding('support-agent', 'high')]);
    await host.send({ type: 'export', format: 'svg' });
    const svg = await host.waitFor((m) => m.type === 'exported' && m.format === 'svg');
    const text = svg.type === 'exported' ? svg.data : '';
    expect(text).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(text).toContain('Knowledge-base vector collection');
    expect(text).not.toContain('tm-hit');
    expect(text).toMatch(/tm-sev-high[^>]*>/);
    await host.page.locator('#export-png').click();
    const png = await host.waitFor((m) => m.type === 'exported' && m.format === 'png');
    const bytes = Buffer.from(png.type === 'exported' ? png.data : '', 'base64');
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(bytes.readUInt32BE(16)).toBeGreaterThan(400); // width in the IHDR chunk
  });
});
