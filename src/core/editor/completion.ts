/**
 * Completion candidates for a model file: keys and enum values from the schema (with its descriptions), and ids
 * wherever the schema says an id is referenced (flows, agents' tools, boundaries, data, providers, controls,
 * suppressions), rule and mitigation ids from the catalog, and finding ids as tracking keys.
 */
import type { Document } from 'yaml';
import { cursorContext, type CursorContext, type PathSegment } from './cursor-context';
import type { SchemaNav, SchemaNode } from './schema-nav';
import type { Declaration, ModelIndex } from './yaml-index';

export interface CatalogSummary {
  /** `fix`: the property that closes the rule's findings when stated (design-fix.ts), for the quick fix. */
  rules: Array<{ id: string; title: string; fix?: { property: string; value: true } }>;
  mitigations: Array<{ id: string; title: string }>;
}

export interface FindingSummary {
  id: string;
  title: string;
  severity: string;
  status: string;
}

export interface CompletionData {
  nav: SchemaNav;
  /** The latest index of the file (it may lag the text by a few keystrokes). */
  index: ModelIndex;
  catalog: CatalogSummary;
  findings: readonly FindingSummary[];
  /** A tolerant parse of this very text, when the editor has one cached: only the cursor's part is parsed again. */
  parsed?: Pick<Document.Parsed, 'contents' | 'errors'>;
}

export interface CompletionCandidate {
  label: string;
  kind: 'property' | 'value' | 'reference' | 'finding' | 'rule' | 'mitigation';
  detail?: string;
  documentation?: string;
  /** Snippet text (`$1` marks where the cursor goes). */
  snippet: string;
  /** Offsets of the text the candidate replaces. */
  replace: { start: number; end: number };
  sortText: string;
  /** Ask for suggestions again after inserting (a key whose value has known choices). */
  retrigger?: boolean;
}

/**
 * Which component kinds a reference property takes. The schema only says "component id"; its descriptions
 * name the kinds, and this table keeps them machine-readable. `only`: other kinds are an error
 * (TM-REF-WRONG-KIND), so they are not offered; otherwise the fitting kinds are merely listed first.
 */
const KINDS_FOR: Record<string, { kinds: readonly string[]; only: boolean }> = {
  model: { kinds: ['model-endpoint'], only: true },
  tools: { kinds: ['tool', 'mcp-server'], only: true },
  memory: { kinds: ['memory'], only: true },
  delegatesTo: { kinds: ['agent'], only: true },
  store: { kinds: ['vector-store', 'datastore'], only: true },
  retriever: { kinds: ['retriever'], only: true },
  ingestion: { kinds: ['ingestion-pipeline'], only: true },
  datasets: { kinds: ['dataset'], only: true },
  baseModel: { kinds: ['model-artifact'], only: true },
  produces: { kinds: ['model-artifact'], only: true },
  artifact: { kinds: ['model-artifact'], only: true },
  registry: { kinds: ['model-registry'], only: true },
  consumers: { kinds: ['agent', 'model-endpoint'], only: false },
  protects: { kinds: ['model-endpoint', 'agent'], only: false },
};

const SECTION_OF = { data: 'data', boundary: 'boundaries', provider: 'providers', component: 'components' } as const;

export function completions(text: string, offset: number, data: CompletionData): CompletionCandidate[] {
  const ctx = cursorContext(text, offset, data.parsed);
  if (!ctx) return [];
  const valueAt = (prefix: readonly PathSegment[]): unknown => {
    const kind = ctx.kinds.get(prefix.length);
    return kind !== undefined ? { kind } : {};
  };
  const replace = { start: ctx.word.start, end: ctx.word.end };

  if (ctx.position === 'value') {
    const node = data.nav.nodeAt(ctx.path, valueAt);
    // `- |` under a list of mappings is the first key of a new item, not a value.
    if (node && data.nav.types(node).includes('object')) {
      return keyCandidates({ ...ctx, position: 'key', siblings: [] }, node, data, replace);
    }
    if (!node) return [];
    const last = ctx.path[ctx.path.length - 1];
    const property = typeof last === 'number' ? String(ctx.path[ctx.path.length - 2] ?? '') : String(last ?? '');
    const target = data.nav.types(node).includes('array') ? data.nav.items(node) ?? node : node;
    return valueCandidates(target, property, ctx, data, replace);
  }
  const node = data.nav.nodeAt(ctx.path, valueAt);
  return node ? keyCandidates(ctx, node, data, replace) : [];
}

function keyCandidates(ctx: CursorContext, node: SchemaNode, data: CompletionData, replace: CompletionCandidate['replace']): CompletionCandidate[] {
  const out: CompletionCandidate[] = [];
  const kind = ctx.kinds.get(ctx.path.length);
  const present = new Set(ctx.siblings);
  const pattern = data.nav.patternValue(node);
  if (pattern && ctx.path.length === 1 && ctx.path[0] === 'tracking') {
    // Tracking is keyed by finding id: offer the findings not tracked yet, worst first.
    for (const f of data.findings) {
      if (present.has(f.id)) continue;
      out.push({
        label: f.id, kind: 'finding', detail: `${f.severity} · ${f.status}`, documentation: f.title,
        snippet: `${f.id}:\n  status: \${1|accepted,mitigated,in-progress,transferred,false-positive,open|}`,
        replace, sortText: `${severityRank(f.severity)}${f.id}`,
      });
    }
    return out;
  }
  for (const p of data.nav.properties(node, kind !== undefined ? { kind } : {})) {
    if (present.has(p.key)) continue;
    const types = data.nav.types(p.node);
    const items = types.includes('array') ? data.nav.items(p.node) : undefined;
    const itemIsObject = items ? data.nav.types(items).includes('object') : false;
    const choices = data.nav.values(items ?? p.node).length > 0 || (items ?? p.node).refKind !== undefined;
    const snippet = types.includes('array')
      ? itemIsObject ? `${p.key}:\n  - $1` : `${p.key}: [$1]`
      : types.includes('object') && !choices ? `${p.key}:\n  $1` : `${p.key}: $1`;
    out.push({
      label: p.key, kind: 'property', detail: describeType(data.nav, p.node), ...(p.node.description ? { documentation: p.node.description } : {}),
      snippet, replace, sortText: `${p.required ? 0 : 1}${p.key === 'id' ? '0' : p.key === 'kind' ? '1' : '2'}${p.key}`,
      retrigger: choices,
    });
  }
  return out;
}

function valueCandidates(node: SchemaNode, property: string, ctx: CursorContext, data: CompletionData, replace: CompletionCandidate['replace']): CompletionCandidate[] {
  const out: CompletionCandidate[] = [];
  const taken = new Set(ctx.siblings);
  const ref = node.refKind;
  if (ref) {
    const owner = ownerOf(data.index, ctx);
    if (ref === 'rule') {
      for (const r of data.catalog.rules) if (!taken.has(r.id)) out.push(simple(r.id, 'rule', r.title, replace, `1${r.id}`));
    } else if (ref === 'mitigation') {
      for (const m of data.catalog.mitigations) if (!taken.has(m.id)) out.push(simple(m.id, 'mitigation', m.title, replace, `1${m.id}`));
    } else if (ref === 'finding') {
      for (const f of data.findings) if (!taken.has(f.id)) out.push(simple(f.id, 'finding', f.title, replace, `${severityRank(f.severity)}${f.id}`));
    } else {
      const fit = ref === 'component' ? KINDS_FOR[property] : undefined;
      const preferred = fit?.kinds ?? [];
      const decls = data.index.declarations.filter((d) =>
        (ref === 'element' ? true : d.section === SECTION_OF[ref]) && (!fit?.only || fit.kinds.includes(d.kind)));
      const seen = new Set<string>();
      for (const d of decls) {
        if (taken.has(d.id) || seen.has(d.id) || (owner && d.id === owner.id && ref === 'component')) continue;
        seen.add(d.id);
        const fits = preferred.length === 0 || preferred.includes(d.kind);
        out.push({
          label: d.id, kind: 'reference', detail: d.name ? `${d.kind} · ${d.name}` : d.kind,
          documentation: `${declLabel(d)} declared on line ${d.span.range.start.line + 1}`,
          snippet: escapeSnippet(d.id), replace, sortText: `${fits ? 0 : 1}${d.id}`,
        });
      }
    }
    return out;
  }
  for (const v of data.nav.values(node)) {
    const label = String(v);
    if (taken.has(label)) continue;
    out.push({
      label, kind: 'value', ...(node.description ? { documentation: node.description } : {}),
      snippet: escapeSnippet(label), replace, sortText: `0${label}`,
    });
  }
  return out;
}

function simple(label: string, kind: CompletionCandidate['kind'], detail: string, replace: CompletionCandidate['replace'], sortText: string): CompletionCandidate {
  return { label, kind, detail, snippet: escapeSnippet(label), replace, sortText };
}

/** The element whose item the cursor is in (for "not itself" filtering). */
function ownerOf(index: ModelIndex, ctx: CursorContext): Declaration | undefined {
  const [section, i] = ctx.path;
  if (typeof section !== 'string' || typeof i !== 'number') return undefined;
  return index.declarations.filter((d) => d.section === section)[i];
}

function declLabel(d: Declaration): string {
  return d.section === 'components' ? `${d.kind} component` : d.section === 'data' ? 'data asset' : d.section.replace(/s$/, '').replace(/ie$/, 'y');
}

export function describeType(nav: SchemaNav, node: SchemaNode): string {
  if (node.refKind) return `${node.refKind} id`;
  const types = nav.types(node);
  if (types.includes('array')) {
    const items = nav.items(node);
    return items ? `list of ${describeType(nav, items)}` : 'list';
  }
  const values = nav.values(node);
  if (values.length > 0 && values.length <= 8) return values.map(String).join(' | ');
  if (values.length > 8) return `one of ${values.length} values`;
  return node.title ?? (types.join(' | ') || 'value');
}

function severityRank(s: string): number {
  return s === 'critical' ? 0 : s === 'high' ? 1 : s === 'medium' ? 2 : 3;
}

function escapeSnippet(s: string): string {
  return s.replace(/[$}\\]/g, (c) => `\\${c}`);
}
