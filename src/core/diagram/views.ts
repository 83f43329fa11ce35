/**
 * The drawn graph for each view, before it becomes text: nodes, boundary subgraphs and edges.
 * - detailed (full and focus views): one node per component, boundaries as nested subgraphs, one edge per
 *   ordered pair of components (its flows together), implied relations dotted where no flow joins the pair;
 * - collapsed: one node per trust boundary standing for the components directly in it, boundaries that hold
 *   other boundaries as subgraphs, one edge per ordered pair of boundaries with flow counts.
 */
import type { ResolvedModel } from '../model/graph';
import type { ComponentKind } from '../model/types';
import { cmp } from '../problem';
import { mermaidId } from './escape';
import { mergeTallies, worstClassification, type Tally } from './select';
import { countOf, kindWords } from './style';
import type { DiagramCluster, DiagramEdge, DiagramNode } from './types';

export interface ViewGraph {
  nodes: DiagramNode[];
  clusters: DiagramCluster[];
  edges: DiagramEdge[];
}

/** Relations that are not drawn: providers are vendors, not components of the diagram. */
const HIDDEN_LINKS = new Set(['provider']);

/** The pseudo-boundary of components that declare none (collapsed view). */
export const OUTSIDE = '';

/** Subgraphs for every boundary around a shown component, parents before children. */
function clustersFor(model: ResolvedModel, boundaryIds: Iterable<string>, tallies: ReadonlyMap<string, Tally>): DiagramCluster[] {
  const needed = new Set<string>();
  for (const b of boundaryIds) {
    let cur: string | undefined = b;
    const guard = new Set<string>();
    while (cur !== undefined && model.boundaries.has(cur) && !guard.has(cur)) {
      guard.add(cur);
      needed.add(cur);
      cur = model.boundaries.get(cur)!.parent;
    }
  }
  return [...needed].sort(cmp).map((id) => {
    const b = model.boundaries.get(id)!;
    const parent = b.parent !== undefined && needed.has(b.parent) && b.parent !== id ? mermaidId('b', b.parent) : undefined;
    const t = tallies.get(id);
    return {
      mid: mermaidId('b', id), boundary: id, label: b.name ?? id, ...(parent ? { parent } : {}),
      ...(t?.worst ? { severity: t.worst } : {}), open: t?.open ?? 0,
    };
  });
}

function classificationLabel(model: ResolvedModel, flowIds: readonly string[], byId: ReadonlyMap<string, { data: string[] }>): string {
  const data = flowIds.flatMap((id) => byId.get(id)?.data ?? []);
  const worst = worstClassification(model, data);
  const count = flowIds.length > 1 ? ` ×${flowIds.length}` : '';
  if (worst) return `${worst}${count}`;
  return flowIds.length > 1 ? `${flowIds.length} flows` : '';
}

/** One node per shown component, inside its boundary subgraphs. */
export function detailedGraph(model: ResolvedModel, shown: ReadonlySet<string>, tallies: ReadonlyMap<string, Tally>): ViewGraph {
  const ids = [...shown].sort(cmp);
  const nodes: DiagramNode[] = ids.map((id) => {
    const c = model.components.get(id)!;
    const t = tallies.get(id);
    return {
      mid: mermaidId('c', id), ref: { type: 'component', id }, label: c.name ?? id, detail: kindWords(c.kind),
      kind: c.kind, members: [id], ...(c.boundary !== undefined && model.boundaries.has(c.boundary) ? { parent: mermaidId('b', c.boundary) } : {}),
      ...(t?.worst ? { severity: t.worst } : {}), open: t?.open ?? 0,
    };
  });
  const clusters = clustersFor(model, ids.map((id) => model.components.get(id)!.boundary).filter((b): b is string => !!b), tallies);

  const pairs = new Map<string, { from: string; to: string; flows: string[]; links: string[] }>();
  const pairOf = (from: string, to: string) => {
    const key = `${from}\u0000${to}`;
    let p = pairs.get(key);
    if (!p) pairs.set(key, (p = { from, to, flows: [], links: [] }));
    return p;
  };
  const flowPairs = new Set<string>();
  for (const f of model.flows) {
    if (!shown.has(f.from) || !shown.has(f.to)) continue;
    pairOf(f.from, f.to).flows.push(f.id);
    flowPairs.add(`${f.from}\u0000${f.to}`).add(`${f.to}\u0000${f.from}`);
  }
  for (const l of model.links) {
    if (HIDDEN_LINKS.has(l.kind) || !shown.has(l.from) || !shown.has(l.to)) continue;
    if (flowPairs.has(`${l.from}\u0000${l.to}`)) continue;
    const p = pairOf(l.from, l.to);
    if (!p.links.includes(l.kind)) p.links.push(l.kind);
  }
  const flowById = new Map(model.flows.map((f) => [f.id, f]));
  const edges = [...pairs.values()]
    .sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to))
    .map((p, i): DiagramEdge => {
      const flows = p.flows.sort(cmp);
      const links = p.links.sort(cmp);
      const t = mergeTallies(flows, tallies);
      return {
        mid: `e${i}`, from: mermaidId('c', p.from), to: mermaidId('c', p.to), flows, links,
        label: flows.length > 0 ? classificationLabel(model, flows, flowById) : links.join(', '),
        implied: flows.length === 0, ...(t.worst ? { severity: t.worst } : {}), open: t.open,
      };
    });
  return { nodes, clusters, edges };
}

/** One node per trust boundary (its direct components), with flows counted between boundaries. */
export function collapsedGraph(model: ResolvedModel, shown: ReadonlySet<string>, tallies: ReadonlyMap<string, Tally>): ViewGraph {
  const groupOf = (id: string): string => model.components.get(id)?.boundary ?? OUTSIDE;
  const members = new Map<string, string[]>();
  for (const id of [...shown].sort(cmp)) {
    const g = groupOf(id);
    members.set(g, [...(members.get(g) ?? []), id]);
  }
  const inner = [...members.keys()].filter((g) => g !== OUTSIDE);
  // A boundary holding other drawn boundaries becomes a subgraph; its own components get a node inside it.
  const allClusters = clustersFor(model, inner, tallies);
  const parents = new Set(allClusters.map((c) => c.parent).filter((p): p is string => !!p));
  const clusters = allClusters.filter((c) => parents.has(c.mid));
  const kept = new Set(clusters.map((c) => c.boundary));

  const groupMid = (g: string): string => (g === OUTSIDE ? 'g_outside' : mermaidId('g', g));
  const nodes: DiagramNode[] = [...members.entries()]
    .sort((a, b) => cmp(a[0], b[0]))
    .map(([g, ids]) => {
      const t = mergeTallies(ids, tallies);
      const b = g === OUTSIDE ? undefined : model.boundaries.get(g);
      const kinds = new Set(ids.map((id) => model.components.get(id)!.kind));
      const what = countOf(ids.length, kinds.size === 1 ? kindWords([...kinds][0]!) : 'component');
      const name = b ? (b.name ?? g) : 'No trust boundary';
      const ownCluster = kept.has(g);
      const home = ownCluster ? g : b?.parent !== undefined && kept.has(b.parent) ? b.parent : undefined;
      return {
        ...(home !== undefined ? { parent: mermaidId('b', home) } : {}),
        mid: groupMid(g), ref: { type: 'boundary', id: g }, kind: 'group',
        // Inside its own subgraph the boundary's name is already the title: say what the node holds.
        label: ownCluster ? `${what} directly inside` : name,
        detail: ownCluster ? name : b ? `${kindWords(b.kind)} · ${what}` : what,
        members: ids, ...(t.worst ? { severity: t.worst } : {}), open: t.open,
      };
    });

  const pairs = new Map<string, { from: string; to: string; flows: string[]; links: number }>();
  const pairOf = (from: string, to: string) => {
    const key = `${from}\u0000${to}`;
    let p = pairs.get(key);
    if (!p) pairs.set(key, (p = { from, to, flows: [], links: 0 }));
    return p;
  };
  for (const f of model.flows) {
    if (!shown.has(f.from) || !shown.has(f.to)) continue;
    const [a, b] = [groupOf(f.from), groupOf(f.to)];
    if (a !== b) pairOf(a, b).flows.push(f.id);
  }
  for (const l of model.links) {
    if (HIDDEN_LINKS.has(l.kind) || !shown.has(l.from) || !shown.has(l.to)) continue;
    const [a, b] = [groupOf(l.from), groupOf(l.to)];
    if (a !== b) pairOf(a, b).links += 1;
  }
  const flowById = new Map(model.flows.map((f) => [f.id, f]));
  const edges = [...pairs.values()]
    .filter((p) => p.flows.length > 0 || (!pairs.get(`${p.to}\u0000${p.from}`)?.flows.length))
    .sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to))
    .map((p, i): DiagramEdge => {
      const flows = p.flows.sort(cmp);
      const t = mergeTallies(flows, tallies);
      const worst = worstClassification(model, flows.flatMap((id) => flowById.get(id)?.data ?? []));
      // Only arrows that stand for several flows get a label (the count and the most sensitive data): edge
      // labels are what make a large layout slow, and a plain arrow reads as one flow (the legend says so).
      const label = flows.length > 1 ? `${flows.length} flows${worst ? ` · ${worst}` : ''}`
        : flows.length === 0 && p.links > 1 ? `${p.links} links` : '';
      return {
        mid: `e${i}`, from: groupMid(p.from), to: groupMid(p.to), flows, links: [], label,
        implied: flows.length === 0, ...(t.worst ? { severity: t.worst } : {}), open: t.open,
      };
    });
  return { nodes, clusters, edges };
}

/** Kinds drawn, in the order of the model format, for the legend. */
export function kindsOf(nodes: readonly DiagramNode[], order: readonly ComponentKind[]): ComponentKind[] {
  const used = new Set(nodes.map((n) => n.kind));
  return order.filter((k) => used.has(k));
}
