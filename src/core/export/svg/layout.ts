/**
 * A small deterministic layered layout for the report's diagram, computed in core so the HTML report needs
 * no browser, script or network to show the system. Components get a layer (longest path along flows and
 * links, cycles broken by a depth-first search in id order); trust boundaries become nested boxes whose
 * contents are placed in columns by layer. Linear in the model size: fine at thousands of components.
 */
import type { ExportModel } from '../input';

export const NODE_W = 156;
export const NODE_H = 44;
const GAP_X = 36;
const GAP_Y = 14;
const PAD = 12;
const TITLE_H = 20;

export interface Box { x: number; y: number; w: number; h: number }
export interface NodeBox extends Box { id: string }
export interface BoundaryBox extends Box { id: string; depth: number }
export interface EdgeLine { from: string; to: string; kind: 'flow' | 'link'; label: string }

export interface Layout {
  width: number;
  height: number;
  nodes: NodeBox[];
  boundaries: BoundaryBox[];
  edges: EdgeLine[];
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Longest-path layers over the edges, with back edges (found by an iterative DFS in id order) ignored. */
function layers(ids: string[], edges: Array<[string, string]>): Map<string, number> {
  const out = new Map<string, string[]>();
  for (const id of ids) out.set(id, []);
  for (const [a, b] of edges) if (a !== b && out.has(a) && out.has(b)) out.get(a)!.push(b);
  for (const list of out.values()) list.sort(byId);
  const state = new Map<string, 1 | 2>(); // 1 on stack, 2 done
  const order: string[] = []; // reverse post-order = topological order of the DAG without back edges
  const forward = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const root of ids) {
    if (state.has(root)) continue;
    const stack: Array<{ id: string; next: number }> = [{ id: root, next: 0 }];
    state.set(root, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const succ = out.get(top.id)!;
      if (top.next < succ.length) {
        const s = succ[top.next++]!;
        const st = state.get(s);
        if (st === 1) continue; // back edge: ignored for layering
        forward.get(top.id)!.push(s);
        if (st === undefined) { state.set(s, 1); stack.push({ id: s, next: 0 }); }
      } else {
        state.set(top.id, 2);
        order.push(top.id);
        stack.pop();
      }
    }
  }
  const layer = new Map<string, number>(ids.map((id) => [id, 0]));
  for (let i = order.length - 1; i >= 0; i--) {
    const id = order[i]!;
    const l = layer.get(id)!;
    for (const s of forward.get(id)!) if (layer.get(s)! < l + 1) layer.set(s, l + 1);
  }
  return layer;
}

const MAX_DEPTH = 32;

/** Effective parent of each boundary: absent when the parent is unknown, on a cycle, or too deep. */
function boundaryParents(boundaries: ExportModel['boundaries']): Map<string, string> {
  const depth = new Map<string, number>();
  const parent = new Map<string, string>();
  for (const start of [...boundaries.keys()].sort(byId)) {
    if (depth.has(start)) continue;
    const chain: string[] = [];
    const onChain = new Set<string>();
    let cur: string | undefined = start;
    let base = -1;
    while (cur !== undefined && !depth.has(cur) && !onChain.has(cur)) {
      chain.push(cur);
      onChain.add(cur);
      const p: string | undefined = boundaries.get(cur)?.parent;
      cur = p !== undefined && boundaries.has(p) ? p : undefined;
    }
    if (cur !== undefined && depth.has(cur)) base = depth.get(cur)!;
    // A cycle (cur on the chain) or the end of the chain: the last element is a root.
    for (let i = chain.length - 1; i >= 0; i--) {
      const id = chain[i]!;
      const isLast = i === chain.length - 1;
      let d: number;
      if (isLast && base < 0) d = 0;
      else d = (isLast ? base : depth.get(chain[i + 1]!)!) + 1;
      const p = isLast ? (base >= 0 ? cur : undefined) : chain[i + 1];
      if (d > MAX_DEPTH || p === undefined) { depth.set(id, 0); continue; }
      depth.set(id, d);
      parent.set(id, p);
    }
  }
  return parent;
}

interface Item { kind: 'node' | 'boundary'; id: string; layer: number; w: number; h: number; place(x: number, y: number): void }

export function layoutModel(model: Pick<ExportModel, 'components' | 'boundaries' | 'flows' | 'links'>): Layout {
  const ids = [...model.components.keys()].sort(byId);
  const edges: EdgeLine[] = [];
  const seen = new Set<string>();
  for (const f of model.flows) {
    if (!model.components.has(f.from) || !model.components.has(f.to)) continue;
    edges.push({ from: f.from, to: f.to, kind: 'flow', label: f.data.length ? f.data.join(', ') : f.id });
    seen.add(`${f.from}\u0000${f.to}`);
  }
  for (const l of model.links) {
    if (l.kind === 'provider' || !model.components.has(l.from) || !model.components.has(l.to)) continue;
    if (seen.has(`${l.from}\u0000${l.to}`) || seen.has(`${l.to}\u0000${l.from}`)) continue;
    seen.add(`${l.from}\u0000${l.to}`);
    edges.push({ from: l.from, to: l.to, kind: 'link', label: l.kind });
  }
  const layer = layers(ids, edges.map((e) => [e.from, e.to]));

  // The boundary tree. A boundary whose parent is unknown, part of a cycle, or nested deeper than
  // MAX_DEPTH is drawn at the top level (keeps the recursion below bounded on hostile input).
  const parentOf = boundaryParents(model.boundaries);
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  for (const id of [...model.boundaries.keys()].sort(byId)) {
    const p = parentOf.get(id);
    if (p !== undefined) children.set(p, [...(children.get(p) ?? []), id]);
    else roots.push(id);
  }
  const members = new Map<string, string[]>();
  const loose: string[] = [];
  for (const id of ids) {
    const b = model.components.get(id)!.boundary;
    if (b && model.boundaries.has(b)) members.set(b, [...(members.get(b) ?? []), id]);
    else loose.push(id);
  }

  const nodes: NodeBox[] = [];
  const boxes: BoundaryBox[] = [];

  function nodeItem(id: string): Item {
    return { kind: 'node', id, layer: layer.get(id) ?? 0, w: NODE_W, h: NODE_H, place: (x, y) => nodes.push({ id, x, y, w: NODE_W, h: NODE_H }) };
  }

  /** Arranges items in columns by layer (tall columns wrap) and returns the content size and a placer. */
  function arrange(items: Item[]): { w: number; h: number; place(x: number, y: number): void } {
    const byLayer = new Map<number, Item[]>();
    for (const it of items) byLayer.set(it.layer, [...(byLayer.get(it.layer) ?? []), it]);
    const maxPerColumn = Math.max(6, Math.ceil(Math.sqrt(items.length) * 1.5));
    const columns: Item[][] = [];
    for (const l of [...byLayer.keys()].sort((a, b) => a - b)) {
      const col = byLayer.get(l)!.sort((a, b) => (a.kind === b.kind ? byId(a.id, b.id) : a.kind === 'node' ? -1 : 1));
      for (let i = 0; i < col.length; i += maxPerColumn) columns.push(col.slice(i, i + maxPerColumn));
    }
    const colW = columns.map((c) => Math.max(...c.map((it) => it.w)));
    const colH = columns.map((c) => c.reduce((n, it) => n + it.h, 0) + GAP_Y * (c.length - 1));
    const w = colW.reduce((n, x) => n + x, 0) + GAP_X * Math.max(0, columns.length - 1);
    const h = Math.max(0, ...colH);
    return {
      w, h,
      place(x0, y0) {
        let x = x0;
        columns.forEach((c, i) => {
          let y = y0;
          for (const it of c) { it.place(x + Math.floor((colW[i]! - it.w) / 2), y); y += it.h + GAP_Y; }
          x += colW[i]! + GAP_X;
        });
      },
    };
  }

  function boundaryItem(id: string, depth: number): Item {
    const items = [...(members.get(id) ?? []).map(nodeItem), ...(children.get(id) ?? []).map((c) => boundaryItem(c, depth + 1))];
    const inner = arrange(items);
    const w = Math.max(NODE_W, inner.w) + 2 * PAD;
    const h = TITLE_H + Math.max(NODE_H / 2, inner.h) + 2 * PAD;
    const minLayer = items.length ? Math.min(...items.map((i) => i.layer)) : 0;
    return {
      kind: 'boundary', id, layer: minLayer, w, h,
      place(x, y) {
        boxes.push({ id, x, y, w, h, depth });
        inner.place(x + PAD + Math.floor((w - 2 * PAD - inner.w) / 2), y + PAD + TITLE_H);
      },
    };
  }

  const top = arrange([...loose.map(nodeItem), ...roots.map((r) => boundaryItem(r, 0))]);
  top.place(PAD, PAD);
  boxes.sort((a, b) => a.depth - b.depth || byId(a.id, b.id));
  nodes.sort((a, b) => byId(a.id, b.id));
  return { width: top.w + 2 * PAD, height: top.h + 2 * PAD, nodes, boundaries: boxes, edges };
}
