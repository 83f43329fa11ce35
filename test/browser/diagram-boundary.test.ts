/**
 * A large trust boundary in the editor's diagram (the UX review: a 100-component boundary filter took 9 s and
 * drew a staircase of microscopic boxes). Filtering to a boundary that holds many components draws a readable
 * overview of the boundaries inside it; double-clicking one opens it, with its components readable. In a
 * side panel, in real Chromium, with the 300-component model of the benchmarks.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildDiagram } from '../../src/core/diagram';
import { loadModel } from '../../src/core/model/load';
import { generateModel } from '../../scripts/lib/generate-model';
import { generatedFindings } from './fixtures';
import { usePages, type StubHost } from './harness';

const big = loadModel(generateModel(300), 'big-300.threatmodel.yaml').model!;
const findings = generatedFindings([...big.components.keys()]);
const pages = usePages({ beforeAll, afterAll, afterEach });
const SIDE_PANEL = { width: 480, height: 800 };

/** What the page shows: drawn node ids, the smallest node label on screen, and the nodes inside the panel. */
const onScreen = (host: StubHost) => host.page.evaluate(() => {
  const k = new DOMMatrix(getComputedStyle(document.getElementById('canvas')!).transform).a;
  const v = document.getElementById('viewport')!.getBoundingClientRect();
  const nodes = Array.from(document.querySelectorAll<SVGGElement>('#canvas g.node[data-tm-mid]'));
  const px = nodes.map((g) => parseFloat(getComputedStyle(g.querySelector('.nodeLabel, text')!).fontSize) * k);
  const inside = nodes.filter((g) => {
    const b = g.getBoundingClientRect();
    return b.left >= v.left - 1 && b.right <= v.right + 1 && b.top >= v.top - 1 && b.bottom <= v.bottom + 1;
  });
  return { mids: nodes.map((g) => g.dataset.tmMid!).sort(), smallestPx: Math.min(...px), inside: inside.length };
});

describe('a boundary holding 100 of 300 components', () => {
  it('draws an overview of the boundaries inside it, every one readable and in view, as the core built it', async () => {
    const options = { view: 'auto' as const, boundaries: ['region-1'] };
    const host = await pages.open(big, findings, options, SIDE_PANEL);
    const rendered = host.received.find((m) => m.type === 'rendered');
    expect(rendered).toMatchObject({ view: 'collapsed', nodes: 10 });
    const core = buildDiagram(big, findings, { ...options, direction: 'TB', mode: 'interactive' });
    const shown = await onScreen(host);
    // the page draws exactly the core's nodes: the ten networks of region-1, not its hundred components
    expect(shown.mids).toEqual(core.nodes.map((n) => n.mid).sort());
    expect(shown.mids).toEqual(Array.from({ length: 10 }, (_, i) => `g_vpc_2d_${10 + i}`).sort());
    expect(shown.smallestPx).toBeGreaterThanOrEqual(11);
    expect(shown.inside).toBe(10);
    expect(await host.page.locator('#notice').textContent()).toMatch(/100 components: one node per trust boundary\. Double-click a boundary to open it\./);
    expect(await host.page.locator('#view option[value="auto"]').textContent()).toBe('Auto (collapsed)');
  });

  it('double-clicking a boundary opens it: its ten components, readable, the filter set to it', async () => {
    const host = await pages.open(big, findings, { view: 'auto', boundaries: ['region-1'] }, SIDE_PANEL);
    await host.page.locator('#canvas g.node[data-tm-mid="g_vpc_2d_12"]').dblclick();
    const sent = await host.waitFor((m) => m.type === 'options');
    expect(sent).toMatchObject({ options: { view: 'auto', boundaries: ['vpc-12'] } });
    expect(sent.type === 'options' && sent.options.focus).toBeUndefined();
    await host.waitFor((m) => m.type === 'rendered' && m.seq === host.seq);
    const shown = await onScreen(host);
    expect(shown.mids).toEqual([...big.componentsIn('vpc-12')].map((id) => `c_${id.replace(/-/g, '_2d_')}`).sort());
    expect(shown.mids).toHaveLength(10);
    expect(shown.smallestPx).toBeGreaterThanOrEqual(11);
    expect(await host.page.locator('#boundary').inputValue()).toBe('vpc-12');
  });

  it('Full still draws every component of the boundary, labels readable, starting at its top', async () => {
    const host = await pages.open(big, findings, { view: 'full', boundaries: ['region-1'] }, SIDE_PANEL);
    const shown = await onScreen(host);
    expect(shown.mids).toHaveLength(100);
    expect(shown.smallestPx).toBeGreaterThanOrEqual(11);
    expect(shown.inside).toBeGreaterThan(0);
  });
});
