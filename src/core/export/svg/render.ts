/**
 * Draws the ELK layout (elk-layout.ts) as a static SVG for the HTML report: trust boundaries as nested dashed
 * groups with their names, components in the editor's shape for their kind, outlined and filled by their worst
 * open finding with the open count on the second line, flows as arrows along ELK's orthogonal routes with their
 * labels, implied relations dotted. No script, no external reference: it shows with scripts disabled. Every
 * label is whole (wrapped, never cut); full details are in `<title>` tooltips. All model text is escaped.
 */
import type { Level } from '../../catalog/types';
import { SEVERITY_CLASSDEFS, SEVERITY_STROKES } from '../../diagram/style';
import type { Diagram } from '../../diagram/types';
import { escapeHtml } from '../escape';
import { DETAIL_SIZE, EDGE_LABEL_SIZE, layoutDiagram, NAME_SIZE, TITLE_SIZE, type DiagramLayout, type PlacedNode } from './elk-layout';
import { DIAGRAM_FONT } from './text-width';

const h = escapeHtml;

export const SEVERITY_COLOR: Record<Level | 'none', string> = {
  critical: '#a4001d', high: '#d9480f', medium: '#b08900', low: '#3b5bdb', none: '#5f6b7a',
};

/** `fill:#f8d7da,stroke:#b00020,stroke-width:3px` → its parts (the editor's and the checklist's palette). */
function style(level: Level | undefined): { fill: string; stroke: string; width: number } {
  if (!level) return { fill: '#ffffff', stroke: '#5f6b7a', width: 1.2 };
  const parts = Object.fromEntries(SEVERITY_CLASSDEFS[level].split(',').map((p) => p.split(':') as [string, string]));
  return { fill: parts.fill ?? '#ffffff', stroke: parts.stroke ?? '#5f6b7a', width: parseFloat(parts['stroke-width'] ?? '1.5') };
}

function edgeStroke(level: Level | undefined): { stroke: string; width: number } {
  if (!level) return { stroke: '#44505c', width: 1.3 };
  const parts = Object.fromEntries(SEVERITY_STROKES[level].split(',').map((p) => p.split(':') as [string, string]));
  return { stroke: parts.stroke ?? '#44505c', width: parseFloat(parts['stroke-width'] ?? '1.3') };
}

const n1 = (v: number) => String(Math.round(v * 10) / 10);

/** The outline of a node in the shape of its kind, inside its box (so the box bounds everything drawn). */
function shape(p: PlacedNode, attrs: string): string {
  const { x, y, w, h: ht } = p;
  const X = x + w, Y = y + ht;
  const poly = (pts: Array<[number, number]>) => `<polygon points="${pts.map(([a, b]) => `${n1(a)},${n1(b)}`).join(' ')}" ${attrs}/>`;
  const rect = (rx: number, xx = x, yy = y, ww = w, hh = ht) => `<rect x="${n1(xx)}" y="${n1(yy)}" width="${n1(ww)}" height="${n1(hh)}" rx="${rx}" ${attrs}/>`;
  const line = (a: number, b: number, c: number, d: number) => `<path d="M${n1(a)} ${n1(b)}L${n1(c)} ${n1(d)}" ${attrs} fill="none"/>`;
  switch (p.node.kind) {
    case 'user': return rect(Math.min(ht / 2, 22));
    case 'service': case 'group': return rect(p.node.kind === 'group' ? 2 : 8);
    case 'model-endpoint': return poly([[x + 12, y], [X - 12, y], [X, y + ht / 2], [X - 12, Y], [x + 12, Y], [x, y + ht / 2]]);
    case 'retriever': return poly([[x + 10, y], [X, y], [X - 10, Y], [x, Y]]);
    case 'ingestion-pipeline': return poly([[x, y], [X - 10, y], [X, Y], [x + 10, Y]]);
    case 'api-gateway': return poly([[x, y], [X, y], [X - 10, Y], [x + 10, Y]]);
    case 'client': return poly([[x + 8, y], [X - 8, y], [X, Y], [x, Y]]);
    case 'guardrail': return poly([[x + 8, y], [X - 8, y], [X, y + 8], [X, Y], [x, Y], [x, y + 8]]);
    case 'secret-store': return poly([[x + 10, y], [X, y], [X, Y], [x, Y], [x, y + 10]]);
    case 'tool': return poly([[x, y], [X - 10, y], [X, y + 10], [X, Y], [x, Y]]);
    case 'datastore': case 'vector-store': {
      const e = 6;
      const body = `<path d="M${n1(x)} ${n1(y + e)}A${n1(w / 2)} ${e} 0 0 1 ${n1(X)} ${n1(y + e)}V${n1(Y - e)}A${n1(w / 2)} ${e} 0 0 1 ${n1(x)} ${n1(Y - e)}Z" ${attrs}/>`;
      const lid = `<path d="M${n1(x)} ${n1(y + e)}A${n1(w / 2)} ${e} 0 0 0 ${n1(X)} ${n1(y + e)}" ${attrs} fill="none"/>`;
      return body + lid + (p.node.kind === 'vector-store' ? `<path d="M${n1(x)} ${n1(y + 2 * e + 3)}A${n1(w / 2)} ${e} 0 0 0 ${n1(X)} ${n1(y + 2 * e + 3)}" ${attrs} fill="none"/>` : '');
    }
    case 'queue': return rect(10) + line(X - 10, y + 2, X - 10, Y - 2);
    case 'cache': return `<path d="M${n1(x)} ${n1(y)}H${n1(X - ht / 2)}A${n1(ht / 2)} ${n1(ht / 2)} 0 0 1 ${n1(X - ht / 2)} ${n1(Y)}H${n1(x)}Z" ${attrs}/>`;
    case 'log-store': case 'dataset': case 'model-artifact': {
      const d = `<path d="M${n1(x)} ${n1(y)}H${n1(X)}V${n1(Y - 6)}Q${n1(x + w * 0.75)} ${n1(Y - 12)} ${n1(x + w / 2)} ${n1(Y - 5)}T${n1(x)} ${n1(Y - 4)}Z" ${attrs}/>`;
      return (p.node.kind === 'dataset' ? `<rect x="${n1(x + 4)}" y="${n1(y - 3)}" width="${n1(w - 4)}" height="${n1(ht - 6)}" ${attrs}/>` : '') + d
        + (p.node.kind === 'log-store' ? line(x + 6, y, x + 6, Y - 4) : '');
    }
    case 'agent': return rect(3, x + 4, y, w - 4, ht - 4) + rect(3, x, y + 4, w - 4, ht - 4);
    case 'mcp-server': return rect(2) + line(x + 6, y, x + 6, Y) + line(X - 6, y, X - 6, Y);
    case 'external-service': return rect(2) + line(x + 7, y, x + 7, Y);
    case 'memory': return rect(2) + line(x + 8, y, x + 8, Y) + line(x, y + 8, X, y + 8);
    case 'training-pipeline': return rect(2) + line(x, y + 8, X, y + 8);
    case 'model-registry': return rect(2) + line(x + 6, y, x + 6, Y) + line(X - 6, y, X - 6, Y) + line(x, y + 8, X, y + 8);
    default: return rect(2);
  }
}

/** The diagram as an SVG element (empty diagram: a short note instead). */
export function diagramSvg(layout: DiagramLayout, title: string): string {
  if (layout.nodes.length === 0) return '<p>Nothing to draw.</p>';
  const w = Math.max(layout.width, 200), ht = Math.max(layout.height, 60);
  const out: string[] = [];
  // Shrinks to the page only while the text stays readable (11 px for 13 px names: to 85 %); a wider
  // diagram keeps its size and the box around it scrolls.
  const fit = w <= 1290 / 0.85 ? ' style="max-width:100%;height:auto"' : '';
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="tm-diagram" viewBox="0 0 ${n1(w)} ${n1(ht)}" width="${n1(w)}" height="${n1(ht)}"${fit} role="img" aria-label="${h(`Data-flow diagram of ${title}`)}" font-family="${h(DIAGRAM_FONT)}">`);
  const markers = (['none', 'critical', 'high', 'medium', 'low'] as const).map((l) => {
    const color = l === 'none' ? edgeStroke(undefined).stroke : edgeStroke(l).stroke;
    return `<marker id="tm-arrow-${l}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${color}"/></marker>`;
  });
  out.push(`<defs>${markers.join('')}</defs>`);
  // Outer boundaries first: a boundary is drawn over its parent's fill, never under it.
  const parentOf = new Map(layout.clusters.map((c) => [c.cluster.mid, c.cluster.parent]));
  const depth = new Map<string, number>();
  for (const c of layout.clusters) {
    let d = 0;
    for (let p = c.cluster.parent; p !== undefined && parentOf.has(p) && d < layout.clusters.length; p = parentOf.get(p)) d++;
    depth.set(c.cluster.mid, d);
  }
  const outerFirst = [...layout.clusters].sort((a, b) => depth.get(a.cluster.mid)! - depth.get(b.cluster.mid)!);
  for (const c of outerFirst) {
    const s = c.cluster.severity;
    const tip = `Trust boundary ${c.cluster.label} (${c.cluster.boundary})${c.cluster.open ? `: ${c.cluster.open} open finding${c.cluster.open === 1 ? '' : 's'} on the boundary, worst ${s}` : ''}`;
    out.push(`<g class="tm-boundary" data-element="${h(c.cluster.boundary)}" data-open="${c.cluster.open}"><title>${h(tip)}</title>`
      + `<rect x="${n1(c.x)}" y="${n1(c.y)}" width="${n1(c.w)}" height="${n1(c.h)}" rx="6" fill="${(depth.get(c.cluster.mid) ?? 0) % 2 ? '#eef2f6' : '#f7f9fb'}" stroke="${s ? style(s).stroke : '#8a96a3'}" stroke-width="${s ? 1.6 : 1.1}" stroke-dasharray="6 4"/>`
      + c.title.map((l, i) => `<text class="tm-label" x="${n1(c.x + 10)}" y="${n1(c.y + 18 + i * 15)}" font-size="${TITLE_SIZE}" font-weight="bold" fill="#3b4752">${h(l)}</text>`).join('')
      + '</g>');
  }
  for (const e of layout.edges) {
    if (e.points.length < 2) continue;
    const s = e.edge.severity;
    const st = edgeStroke(s);
    const d = e.points.map(([x, y], i) => `${i ? 'L' : 'M'}${n1(x)} ${n1(y)}`).join('');
    const what = e.edge.flows.length > 0 ? `flows ${e.edge.flows.join(', ')}` : `implied: ${e.edge.links.join(', ')}`;
    const tip = `${e.edge.label ? `${e.edge.label}: ` : ''}${what}${e.edge.open ? ` (${e.edge.open} open finding${e.edge.open === 1 ? '' : 's'}, worst ${s})` : ''}`;
    out.push(`<g class="tm-edge" data-open="${e.edge.open}"><title>${h(tip)}</title>`
      + `<path d="${d}" fill="none" stroke="${st.stroke}" stroke-width="${st.width}"${e.edge.implied ? ' stroke-dasharray="4 3"' : ''} marker-end="url(#tm-arrow-${s ?? 'none'})"/>`
      + (e.label ? `<rect x="${n1(e.label.x)}" y="${n1(e.label.y)}" width="${n1(e.label.w)}" height="${n1(e.label.h)}" fill="#ffffff" fill-opacity="0.9"/>`
        + e.label.lines.map((l, i) => `<text class="tm-label" x="${n1(e.label!.x + e.label!.w / 2)}" y="${n1(e.label!.y + 11 + i * 13)}" font-size="${EDGE_LABEL_SIZE}" text-anchor="middle" fill="#2f3a45">${h(l)}</text>`).join('') : '')
      + '</g>');
  }
  for (const p of layout.nodes) {
    const n = p.node;
    const st = style(n.severity);
    const ref = n.ref.type === 'component' ? n.ref.id : `boundary ${n.ref.id}`;
    const tip = `${n.label} (${ref}, ${n.kind === 'group' ? n.detail : n.kind})${n.open ? `: ${n.open} open finding${n.open === 1 ? '' : 's'}, worst ${n.severity}` : ''}`;
    const textH = p.name.length * 16 + p.detail.length * 14;
    const top = p.y + (p.h - textH) / 2 + (n.kind === 'datastore' || n.kind === 'vector-store' ? 9 : 0);
    const cx = p.x + p.w / 2;
    const text = [
      ...p.name.map((l, i) => `<text class="tm-label" x="${n1(cx)}" y="${n1(top + 12 + i * 16)}" font-size="${NAME_SIZE}" text-anchor="middle" fill="#1f2933">${h(l)}</text>`),
      ...p.detail.map((l, i) => `<text class="tm-label" x="${n1(cx)}" y="${n1(top + p.name.length * 16 + 11 + i * 14)}" font-size="${DETAIL_SIZE}" text-anchor="middle" fill="${n.severity ? st.stroke : '#4a5663'}">${h(l)}</text>`),
    ];
    out.push(`<g class="tm-node" data-element="${h(n.ref.id)}" data-open="${n.open}"><title>${h(tip)}</title>`
      + `<rect class="tm-box" x="${n1(p.x)}" y="${n1(p.y)}" width="${n1(p.w)}" height="${n1(p.h)}" fill="none" stroke="none"/>`
      + shape(p, `fill="${st.fill}" stroke="${st.stroke}" stroke-width="${st.width}"`)
      + text.join('') + '</g>');
  }
  out.push('</svg>');
  return out.join('\n');
}

/** Lays the diagram out with ELK and draws it. */
export async function modelSvg(diagram: Diagram, title: string, direction: 'LR' | 'TB' = 'LR'): Promise<string> {
  return diagramSvg(await layoutDiagram(diagram, direction), title);
}
