/**
 * mermaid with the ELK layout, bundled (runtime: webview). Strict security level (labels are sanitised, no
 * click callbacks, no scripts), SVG text labels (no `foreignObject`, so a PNG can be drawn from the SVG),
 * errors are thrown rather than drawn. ELK runs in a worker (elk-worker.ts).
 */
import elkLayouts from '@mermaid-js/layout-elk';
import mermaid from 'mermaid';
import { mermaidTheme, type ThemeKind } from './theme';

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
    // ELK routes edges orthogonally; drawing its bend points as straight segments (not smoothed splines) reads
    // cleanly and paints faster (measured: about 10% of a 100-component render).
    flowchart: { padding: 8, curve: 'linear' },
  });
}

let counter = 0;
let scratch: HTMLElement | undefined;

/**
 * Where mermaid draws before handing the SVG back: out of the page's flow and out of sight. By default it
 * appends its drawing to the body, where (the body is a flex column) it took height from the diagram's
 * viewport while it rendered, e.g. while the legend was drawn just after a diagram had been fitted.
 */
function scratchArea(): HTMLElement {
  if (!scratch) {
    scratch = document.createElement('div');
    scratch.id = 'tm-render-scratch';
    scratch.setAttribute('aria-hidden', 'true');
    document.body.append(scratch);
  }
  return scratch;
}

/** Renders mermaid text to an SVG string with a fresh element id (ids prefix every id inside the SVG). */
export async function renderSvg(text: string): Promise<{ svg: string; id: string }> {
  const id = `tm-svg-${++counter}`;
  const { svg } = await mermaid.render(id, text, scratchArea());
  return { svg, id };
}
