/**
 * Ties mermaid's SVG back to the diagram tables (runtime: webview): which `<g>` is which node, subgraph and
 * edge. mermaid names nodes `<svgId>-flowchart-<mid>-<n>`, subgraphs `<svgId>-<mid>` and edges carry
 * `data-id="<mid>"`; our mids are `[A-Za-z0-9_]` only, so these parse unambiguously.
 */
import type { Diagram, DiagramCluster, DiagramEdge, DiagramNode } from '../core/diagram/types';

export interface SvgIndex {
  svg: SVGSVGElement;
  nodes: Map<string, SVGGElement>;
  clusters: Map<string, SVGGElement>;
  /** Edge paths (and their wide hit areas) and labels per edge mid. */
  edges: Map<string, SVGElement[]>;
}

export interface Tables {
  nodes: Map<string, DiagramNode>;
  clusters: Map<string, DiagramCluster>;
  edges: Map<string, DiagramEdge>;
}

export function tablesOf(d: Diagram): Tables {
  return {
    nodes: new Map(d.nodes.map((n) => [n.mid, n])),
    clusters: new Map(d.clusters.map((c) => [c.mid, c])),
    edges: new Map(d.edges.map((e) => [e.mid, e])),
  };
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function indexSvg(svg: SVGSVGElement, svgId: string): SvgIndex {
  const nodes = new Map<string, SVGGElement>();
  const clusters = new Map<string, SVGGElement>();
  const edges = new Map<string, SVGElement[]>();
  const nodePrefix = `${svgId}-flowchart-`;
  for (const g of Array.from(svg.querySelectorAll<SVGGElement>('g.node'))) {
    if (!g.id.startsWith(nodePrefix)) continue;
    const mid = g.id.slice(nodePrefix.length).replace(/-\d+$/, '');
    nodes.set(mid, g);
    g.dataset.tmMid = mid;
  }
  for (const g of Array.from(svg.querySelectorAll<SVGGElement>('g.cluster'))) {
    if (!g.id.startsWith(`${svgId}-`)) continue;
    const mid = g.id.slice(svgId.length + 1);
    clusters.set(mid, g);
    g.dataset.tmMid = mid;
  }
  for (const el of Array.from(svg.querySelectorAll<SVGElement>('path.flowchart-link[data-id], g.edgeLabel g.label[data-id]'))) {
    const mid = el.getAttribute('data-id')!;
    const target = el.tagName === 'path' ? el : (el.closest('g.edgeLabel') as SVGElement);
    target.dataset.tmEdge = mid;
    edges.set(mid, [...(edges.get(mid) ?? []), target]);
    if (el.tagName === 'path') {
      // A wide transparent copy under each edge, so a 1px line is easy to click.
      const hit = document.createElementNS(SVG_NS, 'path');
      hit.setAttribute('d', el.getAttribute('d') ?? '');
      hit.setAttribute('class', 'tm-hit');
      hit.dataset.tmEdge = mid;
      el.parentNode!.insertBefore(hit, el);
      edges.get(mid)!.push(hit);
    }
  }
  fixClusterLabels(svg);
  return { svg, nodes, clusters, edges };
}

/**
 * mermaid leaves `#<code>;` entities in subgraph titles as the literal text `&#60;` (nodes get the character).
 * The core writes every unusual character of a title that way, so one pass turns them back into the
 * characters the user wrote. Text nodes only: nothing is parsed as markup.
 */
function fixClusterLabels(svg: SVGSVGElement): void {
  for (const t of Array.from(svg.querySelectorAll('g.cluster-label text, g.cluster-label tspan'))) {
    for (const node of Array.from(t.childNodes)) {
      if (node.nodeType === Node.TEXT_NODE && node.nodeValue?.includes('&#')) {
        node.nodeValue = node.nodeValue.replace(/&#(\d{1,7});/g, (m, code: string) => {
          const n = Number(code);
          return n <= 0x10ffff ? String.fromCodePoint(n) : m;
        });
      }
    }
  }
}

/** Sizes the SVG to its own coordinates, so pan and zoom (a CSS transform on its parent) are exact. */
export function naturalSize(svg: SVGSVGElement): { width: number; height: number } {
  const vb = svg.viewBox.baseVal;
  const width = vb && vb.width > 0 ? vb.width : 800;
  const height = vb && vb.height > 0 ? vb.height : 600;
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.style.maxWidth = 'none';
  return { width, height };
}
