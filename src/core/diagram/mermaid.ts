/**
 * Writes a view graph as mermaid flowchart text. Every label goes through `escapeLabel` and every id through
 * `mermaidId` (or is generated here), so no model text reaches the output unescaped. The same graph always
 * gives the same text.
 */
import type { Level } from '../catalog/types';
import type { ComponentKind } from '../model/types';
import { escapeLabel } from './escape';
import { GROUP_SHAPE, KIND_SHAPES, kindWords, SEVERITY_CLASSDEFS, SEVERITY_ORDER, SEVERITY_STROKES, severityClass } from './style';
import type { DiagramCluster, DiagramMode, DiagramNode } from './types';
import type { ViewGraph } from './views';

export interface WriteOptions {
  direction: 'LR' | 'TB';
  mode: DiagramMode;
  /** Kinds for the legend (document mode). */
  kinds: readonly ComponentKind[];
  /** Bracket shapes every mermaid version draws (see DiagramOptions.classicShapes). */
  classicShapes?: boolean;
}

/** The nearest classic bracket pair for each shape KIND_SHAPES uses: [open, close] around the quoted label. */
const CLASSIC: Readonly<Record<string, readonly [string, string]>> = {
  'stadium': ['([', '])'], 'rounded': ['(', ')'], 'cyl': ['[(', ')]'], 'h-cyl': ['[(', ')]'], 'lin-cyl': ['[(', ')]'],
  'hex': ['{{', '}}'], 'st-rect': ['[[', ']]'], 'fr-rect': ['[[', ']]'], 'div-rect': ['[[', ']]'],
  'lean-r': ['[/', '/]'], 'lean-l': ['[\\', '\\]'], 'trap-t': ['[/', '\\]'], 'curv-trap': ['[\\', '/]'],
  'tag-rect': ['>', ']'], 'notch-pent': ['{{', '}}'], 'delay': ['(', ')'], 'text': ['[', ']'],
};

function classicShape(shape: string): readonly [string, string] {
  return CLASSIC[shape] ?? ['[', ']'];
}

function nodeLabel(n: DiagramNode, mode: DiagramMode): string {
  let label = `${escapeLabel(n.label)}<br/>${escapeLabel(n.detail, 64)}`;
  if (mode === 'document' && n.open > 0 && n.severity) label += `<br/>⚠ ${n.open} open · ${n.severity}`;
  return label;
}

/**
 * `id["label"]@{ shape: ... }`: the classic quoted label with the shape set apart. mermaid draws a label given
 * this way (with a line break) as plain text, entities decoded; a label inside `@{ label: ... }` would be read
 * as Markdown (`my_db_x`, `*`, `~~` and backticks would be lost).
 */
function nodeLine(n: DiagramNode, mode: DiagramMode, classic = false): string {
  return shaped(n.mid, nodeLabel(n, mode), n.kind === 'group' ? GROUP_SHAPE : KIND_SHAPES[n.kind] ?? 'rect', classic);
}

/** One node: an id, an already escaped label and a shape, in the new or the classic syntax. */
function shaped(id: string, label: string, shape: string, classic = false): string {
  if (!classic) return `${id}["${label}"]@{ shape: ${shape} }`;
  const [open, close] = classicShape(shape);
  return `${id}${open}"${label}"${close}`;
}

/** Indentation levels written at most (deeper subgraphs keep this indentation). */
const MAX_INDENT = 16;

function push<K, V>(m: Map<K, V[]>, key: K, value: V): void {
  const list = m.get(key);
  if (list) list.push(value);
  else m.set(key, [value]);
}

export function writeMermaid(g: ViewGraph, opts: WriteOptions): string {
  const lines = [`flowchart ${opts.direction}`];
  const childClusters = new Map<string | undefined, DiagramCluster[]>();
  for (const c of g.clusters) push(childClusters, c.parent, c);
  const nodesIn = new Map<string | undefined, DiagramNode[]>();
  for (const n of g.nodes) push(nodesIn, n.parent, n);

  // Iterative, not recursive: boundaries may nest thousands deep (a valid model), which overflowed the stack.
  // Indentation stops growing at MAX_INDENT levels so the text stays linear in the model's size.
  const seen = new Set<string>(); // a parent cycle was reported by the loader; never loop on it here
  const pad = (depth: number): string => '  '.repeat(Math.min(depth, MAX_INDENT));
  type Frame = { parent: string | undefined; depth: number; next: number };
  const stack: Frame[] = [{ parent: undefined, depth: 1, next: 0 }];
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    const children = childClusters.get(f.parent) ?? [];
    if (f.next < children.length) {
      const c = children[f.next++]!;
      if (seen.has(c.mid)) continue;
      seen.add(c.mid);
      lines.push(`${pad(f.depth)}subgraph ${c.mid}["${escapeLabel(c.label)}"]`);
      stack.push({ parent: c.mid, depth: f.depth + 1, next: 0 });
      continue;
    }
    for (const n of nodesIn.get(f.parent) ?? []) lines.push(`${pad(f.depth)}${nodeLine(n, opts.mode, opts.classicShapes)}`);
    stack.pop();
    if (f.parent !== undefined) lines.push(`${pad(f.depth - 1)}end`);
  }
  if (g.nodes.length === 0) lines.push(`  ${shaped('empty', 'No components to draw', 'text', opts.classicShapes)}`);

  for (const e of g.edges) {
    const arrow = e.implied ? '-.->' : '-->';
    const label = e.label ? `|"${escapeLabel(e.label, 64)}"|` : '';
    lines.push(`  ${e.from} ${e.mid}@${arrow}${label} ${e.to}`);
  }
  if (opts.mode === 'document') for (const l of documentStyling(g, opts.kinds, opts.classicShapes)) lines.push(l);
  return `${lines.join('\n')}\n`;
}

/** Severity classes, edge colours and a legend: what the text needs to stand on its own (CLI, GitHub). */
function documentStyling(g: ViewGraph, kinds: readonly ComponentKind[], classic = false): string[] {
  const out: string[] = [];
  const bySeverity = new Map<Level, string[]>();
  for (const el of [...g.nodes, ...g.clusters]) {
    if (el.severity) bySeverity.set(el.severity, [...(bySeverity.get(el.severity) ?? []), el.mid]);
  }
  const legendSeverities = SEVERITY_ORDER.filter((s) => bySeverity.has(s) || g.edges.some((e) => e.severity === s));
  out.push('  subgraph legend["Legend"]');
  for (const k of kinds) out.push(`    ${shaped(`lg_${k.replace(/-/g, '_')}`, kindWords(k), KIND_SHAPES[k], classic)}`);
  if (g.nodes.some((n) => n.kind === 'group')) {
    out.push(`    ${shaped('lg_group', 'trust boundary (collapsed)', GROUP_SHAPE, classic)}`);
    out.push(`    ${shaped('lg_arrows', 'arrow between boundaries: one flow, or the count when several', 'text', classic)}`);
  }
  for (const s of legendSeverities) {
    out.push(`    lg_${s}["worst open finding: ${s}"]`);
    bySeverity.set(s, [...(bySeverity.get(s) ?? []), `lg_${s}`]);
  }
  if (g.edges.some((e) => e.implied)) out.push(`    ${shaped('lg_implied', 'dotted arrow: relation implied by properties', 'text', classic)}`);
  out.push('  end');
  for (const s of SEVERITY_ORDER) {
    const mids = bySeverity.get(s);
    if (!mids) continue;
    out.push(`  classDef ${severityClass(s)} ${SEVERITY_CLASSDEFS[s]}`);
    out.push(`  class ${mids.join(',')} ${severityClass(s)}`);
  }
  for (const s of SEVERITY_ORDER) {
    const idx = g.edges.flatMap((e, i) => (e.severity === s ? [i] : []));
    if (idx.length > 0) out.push(`  linkStyle ${idx.join(',')} ${SEVERITY_STROKES[s]}`);
  }
  return out;
}
