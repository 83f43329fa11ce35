/**
 * The report's diagram laid out by ELK, the layout engine the editor's diagram uses (same layered algorithm,
 * same tuning), at export time and without a browser: the boxes are sized from the text they hold
 * (text-width.ts), ELK places them, routes the edges orthogonally around them and places the edge labels.
 * The input is the diagram the editor draws (`buildDiagram`: same nodes, boundaries, merged arrows, counts
 * and collapsed view for large models), so the report and the editor show one picture with one set of numbers.
 * Deterministic: ELK's layered algorithm has no randomness for a given graph, and the graph is built in the
 * diagram's (sorted) order. ELK (1.6 MB) is loaded on first use only: nothing else in the CLI needs it.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { ELK_TUNING } from '../../diagram/elk-options';
import { kindWords } from '../../diagram/style';
import type { Diagram, DiagramCluster, DiagramEdge, DiagramNode } from '../../diagram/types';
import { textWidth, wrapText } from './text-width';

export const NAME_SIZE = 13;
export const DETAIL_SIZE = 11;
export const EDGE_LABEL_SIZE = 11;
export const TITLE_SIZE = 12;
const NAME_LINE = 16;
const DETAIL_LINE = 14;
const EDGE_LINE = 13;
/** Widest text in a node before it wraps; a name wraps onto at most 4 lines (text-width.ts). */
const NODE_TEXT_MAX = 170;
const EDGE_TEXT_MAX = 140;
const PAD_X = 12;
const PAD_Y = 9;
/** Shapes with slanted or rounded sides need more room left and right for the same text. */
const SIDE_INSET: Partial<Record<string, number>> = {
  'user': 14, 'model-endpoint': 14, 'retriever': 12, 'ingestion-pipeline': 12, 'api-gateway': 12, 'client': 10,
  'guardrail': 10, 'tool': 8, 'queue': 10,
};

export interface Placed { x: number; y: number; w: number; h: number }
export interface PlacedNode extends Placed { node: DiagramNode; name: string[]; detail: string[] }
export interface PlacedCluster extends Placed { cluster: DiagramCluster; title: string[] }
export interface PlacedEdge { edge: DiagramEdge; points: Array<[number, number]>; label?: Placed & { lines: string[] } }
export interface DiagramLayout { width: number; height: number; nodes: PlacedNode[]; clusters: PlacedCluster[]; edges: PlacedEdge[] }

/** The second line of a node: the kind (or what a collapsed boundary holds) and its open findings. */
export function nodeDetail(n: DiagramNode): string {
  return `${n.kind === 'group' ? n.detail : kindWords(n.kind)}${n.open > 0 ? ` · ${n.open} open` : ''}`;
}

export function clusterTitle(c: DiagramCluster): string {
  return `${c.label}${c.open > 0 ? ` · ${c.open} open` : ''}`;
}

function nodeBox(n: DiagramNode): { w: number; h: number; name: string[]; detail: string[] } {
  const name = wrapText(n.label, NAME_SIZE, NODE_TEXT_MAX);
  const detail = wrapText(nodeDetail(n), DETAIL_SIZE, NODE_TEXT_MAX, false, 2);
  const textW = Math.max(...name.map((l) => textWidth(l, NAME_SIZE)), ...detail.map((l) => textWidth(l, DETAIL_SIZE)));
  const inset = SIDE_INSET[n.kind] ?? 0;
  return {
    w: Math.ceil(Math.max(90, textW + 2 * (PAD_X + inset))),
    h: Math.ceil(2 * PAD_Y + name.length * NAME_LINE + detail.length * DETAIL_LINE + (n.kind === 'datastore' || n.kind === 'vector-store' ? 18 : 0)),
    name, detail,
  };
}

const MAX_NESTING = 32;

/**
 * Each cluster's parent as drawn: its own, unless that parent is unknown, part of a parent cycle or nested
 * deeper than MAX_NESTING, in which case the cluster is drawn at the top level (hostile input stays bounded).
 */
function effectiveParents(clusters: readonly DiagramCluster[]): Map<string, string | undefined> {
  const parent = new Map(clusters.map((c) => [c.mid, c.parent]));
  const out = new Map<string, string | undefined>();
  for (const c of clusters) {
    let depth = 0;
    const seen = new Set<string>([c.mid]);
    let p = c.parent;
    while (p !== undefined && parent.has(p) && !seen.has(p) && depth < MAX_NESTING) { seen.add(p); p = parent.get(p); depth++; }
    // Reached the top (p undefined) or an unknown parent: the chain is sound.
    out.set(c.mid, c.parent !== undefined && parent.has(c.parent) && (p === undefined || !parent.has(p)) ? c.parent : undefined);
  }
  return out;
}

const asStrings = (o: Record<string, string | number | boolean>): Record<string, string> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));

/** ELK's JSON graph for a diagram: boundaries as compound nodes, components as sized leaves, labelled edges. */
export function elkGraph(d: Diagram, direction: 'LR' | 'TB'): { graph: ElkNode; names: Map<string, string[]>; details: Map<string, string[]>; titles: Map<string, string[]> } {
  const names = new Map<string, string[]>();
  const details = new Map<string, string[]>();
  const titles = new Map<string, string[]>();
  const byParent = new Map<string, ElkNode[]>();
  const add = (parent: string | undefined, n: ElkNode) => {
    const key = parent ?? '';
    const list = byParent.get(key);
    if (list) list.push(n); else byParent.set(key, [n]);
  };
  const clusterIds = effectiveParents(d.clusters);
  for (const c of d.clusters) {
    const title = wrapText(clusterTitle(c), TITLE_SIZE, 260, true, 3);
    titles.set(c.mid, title);
    const titleW = Math.ceil(Math.max(...title.map((l) => textWidth(l, TITLE_SIZE, true))));
    const titleH = title.length * 15;
    add(clusterIds.get(c.mid), {
      id: c.mid,
      labels: [{ text: c.mid, width: titleW, height: titleH }],
      layoutOptions: {
        'elk.padding': `[top=${titleH + 16},left=14,bottom=14,right=14]`,
        'elk.nodeLabels.placement': '[H_LEFT, V_TOP, INSIDE]',
        'elk.nodeSize.constraints': '[NODE_LABELS, MINIMUM_SIZE]',
        'elk.nodeSize.minimum': `(${titleW + 28},${titleH + 40})`,
      },
    });
  }
  for (const n of d.nodes) {
    const box = nodeBox(n);
    names.set(n.mid, box.name);
    details.set(n.mid, box.detail);
    add(n.parent && clusterIds.has(n.parent) ? n.parent : undefined, { id: n.mid, width: box.w, height: box.h });
  }
  const nest = (n: ElkNode): ElkNode => {
    const kids = byParent.get(n.id);
    return kids ? { ...n, children: kids.map(nest) } : n;
  };
  const nodeIds = new Set(d.nodes.map((n) => n.mid));
  const edges: ElkExtendedEdge[] = d.edges.filter((e) => nodeIds.has(e.from) && nodeIds.has(e.to)).map((e) => {
    const lines = e.label ? wrapText(e.label, EDGE_LABEL_SIZE, EDGE_TEXT_MAX, false, 3) : [];
    return {
      id: e.mid, sources: [e.from], targets: [e.to],
      ...(lines.length > 0 && lines[0] !== '' ? {
        labels: [{
          text: e.mid,
          width: Math.ceil(Math.max(...lines.map((l) => textWidth(l, EDGE_LABEL_SIZE))) + 6),
          height: lines.length * EDGE_LINE + 2,
        }],
      } : {}),
    };
  });
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: asStrings({
      'elk.algorithm': 'layered',
      'elk.direction': direction === 'LR' ? 'RIGHT' : 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.unnecessaryBendpoints': true,
      'elk.spacing.nodeNode': 28,
      'elk.layered.spacing.nodeNodeBetweenLayers': 40,
      'elk.spacing.edgeNode': 16,
      'elk.layered.spacing.edgeNodeBetweenLayers': 16,
      'elk.spacing.edgeLabel': 4,
      'elk.edgeLabels.placement': 'CENTER',
      'elk.padding': '[top=12,left=12,bottom=12,right=12]',
      ...ELK_TUNING,
    }),
    children: (byParent.get('') ?? []).map(nest),
    edges,
  };
  return { graph, names, details, titles };
}

interface ElkLike { layout(graph: ElkNode): Promise<ElkNode> }
let engine: Promise<ElkLike> | undefined;

/** ELK, loaded on first use (its own chunk in the bundles: dist/chunks/elk.js). */
function elk(): Promise<ElkLike> {
  engine ??= import('elkjs/lib/elk.bundled.js').then((mod) => {
    const m = mod as unknown as { default?: unknown };
    const Ctor = ((m.default as { default?: unknown } | undefined)?.default ?? m.default ?? mod) as new () => ElkLike;
    return new Ctor();
  });
  return engine;
}

/** Lays the diagram out with ELK. Coordinates in px, origin at the top left. */
export async function layoutDiagram(d: Diagram, direction: 'LR' | 'TB' = 'LR'): Promise<DiagramLayout> {
  if (d.nodes.length === 0) return { width: 0, height: 0, nodes: [], clusters: [], edges: [] };
  const { graph, names, details, titles } = elkGraph(d, direction);
  const out = await (await elk()).layout(graph);
  const shapes = new Map<string, Placed>();
  const labels = new Map<string, Placed>();
  const routes = new Map<string, Array<[number, number]>>();
  const laidEdges: Array<ElkExtendedEdge & { container?: string }> = [];
  // Positions come relative to the parent node; edge routes and labels relative to the edge's container
  // (ELK names it in the result: the nearest boundary holding both ends). Both are made absolute here.
  const visit = (n: ElkNode, ox: number, oy: number) => {
    const x = ox + (n.x ?? 0), y = oy + (n.y ?? 0);
    shapes.set(n.id, { x, y, w: n.width ?? 0, h: n.height ?? 0 });
    for (const c of n.children ?? []) visit(c, x, y);
    for (const e of (n.edges ?? []) as typeof laidEdges) laidEdges.push(e);
  };
  visit(out, 0, 0);
  for (const e of laidEdges) {
    const origin = e.container && e.container !== 'root' ? shapes.get(e.container) : undefined;
    const ox = origin?.x ?? 0, oy = origin?.y ?? 0;
    const pts: Array<[number, number]> = [];
    for (const s of e.sections ?? []) {
      for (const p of [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]) {
        const last = pts[pts.length - 1];
        const q: [number, number] = [ox + p.x, oy + p.y];
        // Where a route passes from one boundary's coordinates to another's, ELK's floats differ by a hair:
        // snap them so straight runs stay straight.
        if (last && Math.abs(q[0] - last[0]) < 0.5) q[0] = last[0];
        if (last && Math.abs(q[1] - last[1]) < 0.5) q[1] = last[1];
        if (!last || last[0] !== q[0] || last[1] !== q[1]) pts.push(q);
      }
    }
    routes.set(e.id, pts);
    const l = e.labels?.[0];
    if (l) labels.set(e.id, { x: ox + (l.x ?? 0), y: oy + (l.y ?? 0), w: l.width ?? 0, h: l.height ?? 0 });
  }
  const r1 = (v: number) => Math.round(v * 10) / 10;
  const round = (p: Placed): Placed => ({ x: r1(p.x), y: r1(p.y), w: r1(p.w), h: r1(p.h) });
  const nodes = d.nodes.map((node) => ({ ...round(shapes.get(node.mid)!), node, name: names.get(node.mid)!, detail: details.get(node.mid)! }));
  const clusters = d.clusters.map((cluster) => ({ ...round(shapes.get(cluster.mid)!), cluster, title: titles.get(cluster.mid)! }));
  const edges = d.edges.filter((e) => routes.has(e.mid)).map((edge) => {
    const label = labels.get(edge.mid);
    return {
      edge,
      points: routes.get(edge.mid)!.map(([x, y]) => [r1(x), r1(y)] as [number, number]),
      ...(label ? { label: { ...round(label), lines: wrapText(edge.label, EDGE_LABEL_SIZE, EDGE_TEXT_MAX, false, 3) } } : {}),
    };
  });
  return { width: Math.ceil(out.width ?? 0), height: Math.ceil(out.height ?? 0), nodes, clusters, edges };
}
