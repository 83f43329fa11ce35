/**
 * mermaid with the ELK layout, bundled (runtime: webview). Strict security level (labels are sanitised, no
 * click callbacks, no scripts), SVG text labels (no `foreignObject`, so a PNG can be drawn from the SVG),
 * errors are thrown rather than drawn. ELK runs in this thread (elk.bundled.js, no worker).
 */
import elkLayouts from '@mermaid-js/layout-elk';
import ELK from 'elkjs/lib/elk.bundled.js';
import mermaid from 'mermaid';
import { mermaidTheme, type ThemeKind } from './theme';

/**
 * ELK options added to every layout. With mermaid's defaults, ELK spends most of its time keeping the model's
 * node and edge order (`considerModelOrder: NODES_AND_EDGES`: 6.1 s for the collapsed 500-component model,
 * 0.7 s without) and in crossing minimisation (thoroughness 7, greedy switch over the whole hierarchy).
 * Without them a 100-component layout takes about half the time and reads as well. Measured with
 * scripts/bench-diagram.mjs; see docs/diagram.md.
 */
export const ELK_TUNING: Record<string, string | number | boolean> = {
  'elk.layered.considerModelOrder.strategy': 'NONE',
  'elk.layered.thoroughness': 1,
  'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
  'elk.layered.crossingMinimization.greedySwitchHierarchical.type': 'OFF',
};

/**
 * Layouts run with the tuning. The benchmark may swap it (`window.__tmElkTuning`) or collect the ELK input
 * graphs (`window.__tmElkGraphs = []`) to time ELK on its own.
 */
let layouts = 0;
const elkProto = (ELK as unknown as { prototype: { layout(graph: { layoutOptions?: Record<string, unknown> }, opts?: unknown): Promise<unknown> } }).prototype;
const originalLayout = elkProto.layout;
elkProto.layout = function tunedLayout(graph, opts) {
  const bench = globalThis as { __tmElkTuning?: Record<string, unknown>; __tmElkGraphs?: unknown[] };
  graph.layoutOptions = { ...graph.layoutOptions, ...(bench.__tmElkTuning ?? ELK_TUNING) };
  bench.__tmElkGraphs?.push(JSON.parse(JSON.stringify(graph)));
  layouts += 1;
  const start = performance.now();
  const done = () => performance.measure('tm-elk-layout', { start, end: performance.now() });
  return originalLayout.call(this, graph, opts).finally(done);
};

/** How many ELK layouts ran (the tests check that the tuning hook is the one mermaid uses). */
export function elkLayoutCount(): number {
  return layouts;
}

mermaid.registerLayoutLoaders(elkLayouts);

export function configureMermaid(theme: ThemeKind): void {
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    layout: 'elk',
    htmlLabels: false,
    markdownAutoWrap: false,
    suppressErrorRendering: true,
    // The defaults, stated: the diagram core keeps every text well below both.
    maxTextSize: 50_000,
    maxEdges: 500,
    ...mermaidTheme(theme),
    elk: { nodePlacementStrategy: 'BRANDES_KOEPF', cycleBreakingStrategy: 'GREEDY', considerModelOrder: 'NONE' },
    flowchart: { padding: 8 },
  });
}

let counter = 0;

/** Renders mermaid text to an SVG string with a fresh element id (ids prefix every id inside the SVG). */
export async function renderSvg(text: string): Promise<{ svg: string; id: string }> {
  const id = `tm-svg-${++counter}`;
  const { svg } = await mermaid.render(id, text);
  return { svg, id };
}
