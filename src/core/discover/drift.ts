/**
 * Drift: discovery matched against a model by kind and vendor. What the code has that the model does not
 * declare is drift (a warning at the code's evidence, the gate CI fails on); model parts that discovery can
 * see but finds no trace of are information at the model element (a design may name a part the code does
 * not show through a manifest, e.g. a model served over plain HTTP).
 */
import type { ResolvedModel } from '../model/graph';
import type { Component, ComponentKind } from '../model/types';
import type { Problem } from '../problem';
import { compareProblems, ZERO_RANGE } from '../problem';
import { token } from './signatures';
import type { DiscoverResult, Discovery } from './types';

export interface DriftMatch {
  discovery: string;
  /** Model component ids that declare it, sorted. */
  elements: string[];
}

export interface DriftReport {
  /** Discoveries that call for a model element the model does not have. */
  missing: Discovery[];
  /** Model components of a kind discovery can see, with no trace in the code (ids, sorted). */
  untraced: string[];
  matched: DriftMatch[];
  /** TM-DRIFT-MISSING (warning, at the code) and TM-DRIFT-UNTRACED (info, at the model), sorted. */
  problems: Problem[];
}

/** Everything a component says about what it is, as one token string to search vendor names in. */
function haystack(model: ResolvedModel, c: Component): string {
  const provider = c.provider ? model.providers.get(c.provider) : undefined;
  const parts = [c.id, c.name, c.description, c.provider, provider?.name, ...(c.tags ?? [])];
  if (c.kind === 'model-endpoint') parts.push(c.model);
  return parts.filter((p): p is string => typeof p === 'string').map(token).join(' ');
}

export function declaringElements(model: ResolvedModel, d: Discovery): string[] {
  if (!d.propose) return [];
  const kind = d.propose.kind;
  const ofKind = [...model.components.values()].filter((c) => c.kind === kind);
  const hits = d.propose.match === 'kind' || d.aliases.length === 0
    ? ofKind
    : ofKind.filter((c) => { const h = haystack(model, c); return d.aliases.some((a) => h.includes(a)); });
  return hits.map((c) => c.id).sort();
}

export function driftOf(model: ResolvedModel, result: DiscoverResult): DriftReport {
  const missing: Discovery[] = [];
  const matched: DriftMatch[] = [];
  const traced = new Set<string>();
  const kinds = new Set<ComponentKind>();
  for (const d of result.discoveries) {
    if (!d.propose) continue;
    kinds.add(d.propose.kind);
    const elements = declaringElements(model, d);
    if (elements.length === 0) missing.push(d);
    else { matched.push({ discovery: d.id, elements }); for (const e of elements) traced.add(e); }
  }
  const problems: Problem[] = [];
  const modelAt = model.locate('system')?.idRange ?? model.rangeAt(['system']) ?? ZERO_RANGE;
  for (const d of missing) {
    const [first, ...rest] = d.evidence;
    if (!first) continue;
    problems.push({
      code: 'TM-DRIFT-MISSING',
      severity: 'warning',
      message: `the code has ${d.mcp ? first.detail : `${d.title} (${first.detail})`} but the model declares no ${d.propose!.kind}${d.propose!.match === 'kind' ? '' : ` naming ${d.aliases.join(' or ')}`}: add it (threatmodel discover --format yaml proposes it)`,
      file: first.file,
      range: first.range,
      related: [
        { file: model.file, range: modelAt, message: 'the model that lacks it' },
        ...rest.map((e) => ({ file: e.file, range: e.range, message: e.detail })),
      ],
    });
  }
  // Only kinds something found proposes can be "untraced": a repository without any vector-store dependency
  // (or without any MCP configuration) says nothing about the model's vector stores (or MCP servers) being real.
  const untraced = [...model.components.values()].filter((c) => kinds.has(c.kind) && !traced.has(c.id)).map((c) => c.id).sort();
  for (const id of untraced) {
    const c = model.components.get(id)!;
    problems.push({
      code: 'TM-DRIFT-UNTRACED',
      severity: 'info',
      message: `${c.kind} '${id}' has no trace in the code (no dependency or MCP configuration names it)`,
      file: model.file,
      range: model.locate(id)?.idRange ?? ZERO_RANGE,
    });
  }
  return { missing, untraced, matched: matched.sort((a, b) => (a.discovery < b.discovery ? -1 : 1)), problems: problems.sort(compareProblems) };
}
