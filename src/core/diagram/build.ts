/**
 * Model plus findings → diagram: picks the view (full, collapsed or focus; `auto` collapses large models),
 * applies the filters, and guarantees the text stays inside mermaid's limits (at most `maxEdges` edges and
 * `maxChars` characters, well below mermaid's 500-edge error and 50,000-character placeholder) by falling
 * back to a smaller view and saying so. Never throws on a model.
 */
import type { Finding } from '../engine/types';
import type { ResolvedModel } from '../model/graph';
import { COMPONENT_KINDS } from '../model/types';
import { fingerprint } from './escape';
import { writeMermaid } from './mermaid';
import { filterComponents, focusSeeds, neighbourhood, tallyFindings, type Tally } from './select';
import { DEFAULT_LIMITS, type Diagram, type DiagramLimits, type DiagramMode, type DiagramOptions, type DiagramView } from './types';
import { collapsedGraph, detailedGraph, kindsOf, type ViewGraph } from './views';

function plural(n: number, word: string, words = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : words}`;
}

interface Candidate {
  view: DiagramView;
  graph: ViewGraph;
}

/** Builds the diagram of a model. `findings` style the elements (open findings only). */
export function buildDiagram(model: ResolvedModel, findings: readonly Finding[] = [], options: DiagramOptions = {}): Diagram {
  const limits: DiagramLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const mode: DiagramMode = options.mode ?? 'document';
  const direction = options.direction ?? 'LR';
  const requested = options.view ?? 'auto';
  const tallies = tallyFindings(findings);
  const filtered = filterComponents(model, tallies, options.boundaries, options.minSeverity);
  const notices: string[] = [];
  const hidden = model.components.size - filtered.length;
  if (hidden > 0) notices.push(`Filters hide ${plural(hidden, 'component')} of ${model.components.size}.`);

  let view: DiagramView;
  let shown = new Set(filtered);
  let focus: string | undefined;
  if (requested === 'focus') {
    const seeds = focusSeeds(model, options.focus);
    if (seeds) {
      const hops = Math.max(1, Math.min(5, Math.floor(options.hops ?? 1)));
      const near = neighbourhood(model, seeds, hops);
      shown = new Set([...near].filter((id) => shown.has(id) || seeds.includes(id)));
      view = 'focus';
      focus = options.focus;
    } else {
      notices.push(options.focus
        ? `Nothing to focus on: '${options.focus}' is not a component, boundary, flow or data asset with components.`
        : 'Select an element (click it, or move the cursor to it in the YAML) to focus on its neighbourhood.');
      view = shown.size <= limits.autoMaxComponents ? 'full' : 'collapsed';
    }
  } else if (requested === 'auto') {
    view = shown.size <= limits.autoMaxComponents ? 'full' : 'collapsed';
    if (view === 'collapsed') {
      notices.push(mode === 'interactive'
        ? `${plural(shown.size, 'component')}: one node per trust boundary. Double-click a boundary to open it.`
        : `${plural(shown.size, 'component')}: showing one node per trust boundary. Choose Full, Focus or a boundary filter to see components.`);
    }
  } else {
    view = requested;
  }

  const chosen = fitWithinLimits(model, shown, tallies, view, limits, direction, notices);
  const kinds = kindsOf(chosen.graph.nodes, COMPONENT_KINDS);
  const interactive = writeMermaid(chosen.graph, { direction, mode: 'interactive', kinds });
  const text = mode === 'interactive' ? interactive : writeMermaid(chosen.graph, { direction, mode, kinds, classicShapes: options.classicShapes });
  return {
    text,
    view: chosen.view,
    requested,
    ...(notices.length > 0 ? { notice: notices.join(' ') } : {}),
    layoutKey: fingerprint(interactive),
    nodes: chosen.graph.nodes,
    clusters: chosen.graph.clusters,
    edges: chosen.graph.edges,
    kinds,
    ...(focus !== undefined && chosen.view === 'focus' ? { focus } : {}),
    stats: { components: model.components.size, shown: shown.size, edges: chosen.graph.edges.length, chars: text.length },
  };
}

/** The requested view if it fits, else the collapsed view, else the collapsed view with its edges trimmed. */
function fitWithinLimits(
  model: ResolvedModel, shown: ReadonlySet<string>, tallies: ReadonlyMap<string, Tally>, view: DiagramView,
  limits: DiagramLimits, direction: 'LR' | 'TB', notices: string[],
): Candidate {
  // Document mode adds a legend and styling lines; measure with it so the CLI's text fits as well.
  const size = (g: ViewGraph) => writeMermaid(g, { direction, mode: 'document', kinds: kindsOf(g.nodes, COMPONENT_KINDS) }).length;
  const fits = (g: ViewGraph) => g.edges.length <= limits.maxEdges && size(g) <= limits.maxChars;
  // Which limit a graph is over: its edges, or its text (which nested boundaries can make long with few nodes).
  const over = (g: ViewGraph) => (g.edges.length > limits.maxEdges
    ? `more than ${limits.maxEdges.toLocaleString('en-US')} edges`
    : `${size(g).toLocaleString('en-US')} characters of diagram text, more than ${limits.maxChars.toLocaleString('en-US')}`);
  if (view !== 'collapsed') {
    const graph = detailedGraph(model, shown, tallies);
    if (fits(graph)) return { view, graph };
    notices.push(`Too large to draw every component (${plural(graph.nodes.length, 'component')}, ${plural(graph.edges.length, 'edge')}, ${plural(graph.clusters.length, 'boundary', 'boundaries')}: ${over(graph)}): showing one node per trust boundary.`);
  }
  const graph = collapsedGraph(model, shown, tallies);
  // Keep the edges carrying the most flows (then the first by id); say how many were left out.
  const ranked = [...graph.edges].sort((a, b) => b.flows.length - a.flows.length || edgeOrder(a.mid, b.mid));
  const keepEdges = (n: number): ViewGraph => {
    const kept = new Set(ranked.slice(0, n).map((e) => e.mid));
    return { ...graph, edges: graph.edges.filter((e) => kept.has(e.mid)) };
  };
  let keep = Math.min(limits.maxEdges, limits.collapsedMaxEdges, graph.edges.length);
  let trimmed = keepEdges(keep);
  while (!fits(trimmed) && keep > 0) {
    keep = Math.max(0, Math.floor(keep * 0.8) - 1);
    trimmed = keepEdges(keep);
  }
  if (!fits(trimmed)) {
    notices.push(`Too large to draw even with one node per trust boundary (${plural(graph.nodes.length, 'boundary node')}, ${plural(graph.clusters.length, 'boundary', 'boundaries')}: ${over(trimmed)}): use a boundary filter or the focus view.`);
    return { view: 'collapsed', graph: { nodes: [], clusters: [], edges: [] } };
  }
  if (trimmed.edges.length < graph.edges.length) {
    notices.push(`Showing the ${trimmed.edges.length} of ${graph.edges.length} arrows between boundaries that carry the most flows.`);
  }
  return { view: 'collapsed', graph: trimmed };
}

/** `e2` before `e10`. */
function edgeOrder(a: string, b: string): number {
  return Number(a.slice(1)) - Number(b.slice(1));
}

/** Convenience for the CLI and exports: the self-contained mermaid text. */
export function toMermaid(model: ResolvedModel, findings: readonly Finding[] = [], options: DiagramOptions = {}): string {
  return buildDiagram(model, findings, { ...options, mode: 'document' }).text;
}
