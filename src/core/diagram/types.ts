/**
 * The diagram as data: mermaid text plus the tables that tie every drawn node, subgraph and edge back to the
 * model (for click-to-reveal, cursor highlighting and restyling without a new layout). Plain JSON-safe data:
 * the extension posts it to the webview unchanged.
 */
import type { Level } from '../catalog/types';
import type { ComponentKind } from '../model/types';

export type DiagramView = 'full' | 'collapsed' | 'focus';
export type DiagramViewRequest = DiagramView | 'auto';

/**
 * `document`: self-contained text for the CLI and Markdown (severity classes, finding counts in labels, a
 * legend). `interactive`: structure only (the webview styles nodes from the tables), so a change in findings
 * never changes the text and never needs a new layout.
 */
export type DiagramMode = 'document' | 'interactive';

export interface DiagramLimits {
  /**
   * `auto` draws every component up to this many, and one node per trust boundary above it. 40, as the report
   * and the checklist: more boxes than that are either dots at Fit or a small corner of the picture at readable
   * size, and a 100-component layout takes seconds; the overview reads at once and opens a boundary on request.
   */
  autoMaxComponents: number;
  /** Most edges drawn; mermaid refuses more than 500. */
  maxEdges: number;
  /**
   * Most edges between boundaries in the collapsed view (the ones carrying most flows). Its job is a quick
   * overview of a large model: a few hundred boundary-to-boundary arrows read as a hairball and lay out slowly.
   */
  collapsedMaxEdges: number;
  /** Most characters of text; mermaid silently draws a placeholder above 50,000. */
  maxChars: number;
}

export const DEFAULT_LIMITS: DiagramLimits = { autoMaxComponents: 40, maxEdges: 400, collapsedMaxEdges: 120, maxChars: 40_000 };

export interface DiagramOptions {
  view?: DiagramViewRequest;
  /** Focus view: the element (component, boundary or flow id) whose neighbourhood is drawn. */
  focus?: string;
  /** Focus view: how many hops around the focus (1–5, default 1). */
  hops?: number;
  /** Only components inside these boundaries (or boundaries nested in them). */
  boundaries?: readonly string[];
  /** Only components whose worst open finding is at least this severe. */
  minSeverity?: Level;
  direction?: 'LR' | 'TB';
  mode?: DiagramMode;
  limits?: Partial<DiagramLimits>;
  /**
   * Shapes in mermaid's classic bracket syntax (`[( )]`, `{{ }}` ...) instead of `@{ shape: ... }`, which needs
   * mermaid 11.3: for Markdown that other renderers draw (GitHub, GitLab, wikis), whatever their mermaid.
   */
  classicShapes?: boolean;
}

/** What a drawn element stands for in the model. */
export interface ElementRef {
  type: 'component' | 'boundary' | 'flow' | 'link';
  /** Component, boundary or flow id; for links `from->to:kind`. */
  id: string;
}

export interface DiagramNode {
  /** The mermaid id. */
  mid: string;
  /** A component (full and focus views) or a boundary (collapsed view; `outside` for unbounded components). */
  ref: ElementRef;
  /** The name (first line). */
  label: string;
  /** The second line: the kind, or what a collapsed boundary holds. */
  detail: string;
  /** The component kind, or `group` for a collapsed boundary. */
  kind: ComponentKind | 'group';
  /** The mermaid id of the subgraph the node is drawn in. */
  parent?: string;
  /** Component ids this node stands for (itself, or a collapsed boundary's direct members). */
  members: string[];
  /** Worst open finding on the members. */
  severity?: Level;
  /** Open findings on the members. */
  open: number;
}

export interface DiagramCluster {
  mid: string;
  boundary: string;
  label: string;
  /** The enclosing cluster's mermaid id. */
  parent?: string;
  severity?: Level;
  open: number;
}

export interface DiagramEdge {
  mid: string;
  /** Node mermaid ids. */
  from: string;
  to: string;
  /** Flow ids drawn as this edge (sorted). */
  flows: string[];
  /** Implied relations drawn as this edge when no flow joins the pair (`tool`, `model` ...). */
  links: string[];
  label: string;
  /** Drawn dotted: a relation implied by properties rather than a declared flow. */
  implied: boolean;
  severity?: Level;
  open: number;
}

export interface Diagram {
  text: string;
  view: DiagramView;
  requested: DiagramViewRequest;
  /** Why the view differs from the request, or what a filter hid, in words for the user. */
  notice?: string;
  /** Fingerprint of the structure (nodes, boundaries, edges, labels): equal keys need no new layout. */
  layoutKey: string;
  nodes: DiagramNode[];
  clusters: DiagramCluster[];
  edges: DiagramEdge[];
  /** Component kinds drawn, for the legend. */
  kinds: ComponentKind[];
  /** The focus actually used (focus view). */
  focus?: string;
  stats: { components: number; shown: number; edges: number; chars: number };
}
