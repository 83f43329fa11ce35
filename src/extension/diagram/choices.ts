/**
 * Host-side helpers that need no `vscode` (runtime: extension host; also used by the Chromium tests' stub
 * host): the boundary filter's choices, and which model element the cursor is in.
 */
import type { ResolvedModel } from '../../core/model/graph';
import { cmp, type Position, type Range } from '../../core/problem';
import type { BoundaryChoice } from '../../shared/protocol';

/** Boundaries in tree order (each parent before its children), with their depth for indenting. */
export function boundaryChoices(model: ResolvedModel): BoundaryChoice[] {
  const children = new Map<string | undefined, string[]>();
  for (const b of model.boundaries.values()) {
    const parent = b.parent !== undefined && model.boundaries.has(b.parent) && b.parent !== b.id ? b.parent : undefined;
    children.set(parent, [...(children.get(parent) ?? []), b.id]);
  }
  const out: BoundaryChoice[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | undefined, depth: number): void => {
    for (const id of (children.get(parent) ?? []).sort(cmp)) {
      if (seen.has(id)) continue; // a cycle was reported by the loader
      seen.add(id);
      out.push({ id, label: model.boundaries.get(id)!.name ?? id, depth });
      walk(id, depth + 1);
    }
  };
  walk(undefined, 0);
  return out;
}

function contains(r: Range, p: Position): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}

function size(r: Range): number {
  return (r.end.line - r.start.line) * 10_000 + (r.end.character - r.start.character);
}

/**
 * The innermost diagram element (component, boundary or flow) whose YAML contains the position, if any.
 * A position inside a component's `tools: [...]` is still that component.
 */
export function elementAt(model: ResolvedModel, pos: Position): string | undefined {
  let best: { id: string; size: number } | undefined;
  const consider = (id: string): void => {
    const ref = model.locate(id);
    if (!ref || !contains(ref.range, pos)) return;
    const s = size(ref.range);
    if (!best || s < best.size) best = { id, size: s };
  };
  for (const id of model.components.keys()) consider(id);
  for (const id of model.boundaries.keys()) consider(id);
  for (const f of model.flows) consider(f.id);
  return best?.id;
}
