/**
 * How the diagram looks: one mermaid shape per component kind, the severity palette, and the words used for
 * kinds in labels and the legend. Shapes use mermaid 11's `@{ shape: ... }` names (available since 11.3, also
 * rendered by GitHub), each kind a different one so the kind reads from the outline alone.
 */
import type { Level } from '../catalog/types';
import type { ComponentKind } from '../model/types';

export const KIND_SHAPES: Readonly<Record<ComponentKind, string>> = {
  'user': 'stadium',
  'client': 'curv-trap',
  'service': 'rounded',
  'api-gateway': 'trap-t',
  'queue': 'h-cyl',
  'datastore': 'cyl',
  'log-store': 'lin-doc',
  'secret-store': 'notch-rect',
  'external-service': 'lin-rect',
  'model-endpoint': 'hex',
  'agent': 'st-rect',
  'tool': 'tag-rect',
  'mcp-server': 'fr-rect',
  'retriever': 'lean-r',
  'vector-store': 'lin-cyl',
  'memory': 'win-pane',
  'ingestion-pipeline': 'lean-l',
  'dataset': 'docs',
  'training-pipeline': 'div-rect',
  'model-registry': 'bow-rect',
  'model-artifact': 'doc',
  'guardrail': 'notch-pent',
  'cache': 'delay',
};

/** The shape of a collapsed trust boundary (one node standing for many components). */
export const GROUP_SHAPE = 'rect';

/** Words for a kind in labels: `vector-store` → `vector store`, `mcp-server` → `MCP server`. */
export function kindWords(kind: string): string {
  if (kind === 'mcp-server') return 'MCP server';
  if (kind === 'api-gateway') return 'API gateway';
  return kind.replace(/-/g, ' ');
}

/** `3 model endpoints`, `1 memory`, `2 memories`. */
export function countOf(n: number, words: string): string {
  if (n === 1) return `${n} ${words}`;
  return `${n} ${words.endsWith('y') ? `${words.slice(0, -1)}ies` : words.endsWith('s') ? words : `${words}s`}`;
}

/** Severity levels from the worst down; the diagram styles an element by its worst open finding. */
export const SEVERITY_ORDER: readonly Level[] = ['critical', 'high', 'medium', 'low'];

export function severityRank(level: Level | undefined): number {
  return level === undefined ? 0 : 4 - SEVERITY_ORDER.indexOf(level);
}

/** mermaid class names for severities (the webview uses the same names on its own CSS classes). */
export function severityClass(level: Level): string {
  return `sev${level[0]!.toUpperCase()}${level.slice(1)}`;
}

/**
 * `classDef` lines for text shown outside the editor (CLI, Markdown on GitHub): fixed colours that read on
 * light and dark backgrounds, a thicker outline for worse findings, and black text on the light fills.
 */
export const SEVERITY_CLASSDEFS: Readonly<Record<Level, string>> = {
  critical: 'fill:#f8d7da,stroke:#b00020,stroke-width:3px,color:#000',
  high: 'fill:#ffe3cc,stroke:#d9480f,stroke-width:2px,color:#000',
  medium: 'fill:#fff3bf,stroke:#b58900,stroke-width:1.5px,color:#000',
  low: 'fill:#e7f5ff,stroke:#1c7ed6,stroke-width:1px,color:#000',
};

/** Edge strokes for flows with open findings (`linkStyle`), same palette as the nodes. */
export const SEVERITY_STROKES: Readonly<Record<Level, string>> = {
  critical: 'stroke:#b00020,stroke-width:3px',
  high: 'stroke:#d9480f,stroke-width:2px',
  medium: 'stroke:#b58900,stroke-width:1.5px',
  low: 'stroke:#1c7ed6',
};
