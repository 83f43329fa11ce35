/**
 * Which components a view draws: filters (boundary, minimum severity), the focus neighbourhood, and the
 * finding tallies that style every element by its worst open finding.
 */
import type { Level } from '../catalog/types';
import { countThreatsByElement } from '../engine/counts';
import type { Finding } from '../engine/types';
import type { ResolvedModel } from '../model/graph';
import { CLASSIFICATIONS, type Classification } from '../model/types';
import { cmp } from '../problem';
import { severityRank } from './style';

export interface Tally {
  worst?: Level;
  open: number;
}

/** Open findings per element id (component, boundary, flow): how many and the worst severity. The one count
 *  every view uses (engine/counts.ts): a finding counts on its own element, a flow's on the arrow. */
export function tallyFindings(findings: readonly Finding[]): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const [id, c] of countThreatsByElement(findings)) {
    if (c.open > 0) out.set(id, { open: c.open, ...(c.worstOpen ? { worst: c.worstOpen } : {}) });
  }
  return out;
}

/** The combined tally of several elements. */
export function mergeTallies(ids: Iterable<string>, tallies: ReadonlyMap<string, Tally>): Tally {
  const t: Tally = { open: 0 };
  for (const id of ids) {
    const one = tallies.get(id);
    if (!one) continue;
    t.open += one.open;
    if (severityRank(one.worst) > severityRank(t.worst)) t.worst = one.worst;
  }
  return t;
}

/** Component ids that pass the boundary and severity filters, sorted. */
export function filterComponents(
  model: ResolvedModel,
  tallies: ReadonlyMap<string, Tally>,
  boundaries: readonly string[] | undefined,
  minSeverity: Level | undefined,
): string[] {
  const within = boundaries && boundaries.length > 0 ? new Set(boundaries) : undefined;
  const ids = [...model.components.keys()].sort(cmp);
  return ids.filter((id) => {
    if (within && !model.boundaryChain(id).some((b) => within.has(b))) return false;
    if (minSeverity && severityRank(tallies.get(id)?.worst) < severityRank(minSeverity)) return false;
    return true;
  });
}

/**
 * The components an element stands for when focused: a component itself, a boundary's components, a flow's
 * two ends, the components holding a data asset. Undefined when the id names nothing drawable.
 */
export function focusSeeds(model: ResolvedModel, focus: string | undefined): string[] | undefined {
  if (!focus) return undefined;
  if (model.components.has(focus)) return [focus];
  if (model.boundaries.has(focus)) {
    const inside = model.componentsIn(focus);
    return inside.length > 0 ? [...inside] : undefined;
  }
  const flow = model.flows.find((f) => f.id === focus);
  if (flow) return [...new Set([flow.from, flow.to])].sort(cmp);
  if (model.data.has(focus)) {
    const holders = [...model.components.keys()].filter((c) => model.dataAt(c).includes(focus)).sort(cmp);
    return holders.length > 0 ? holders : undefined;
  }
  return undefined;
}

/** Components within `hops` steps (flows and implied links, either direction) of the seeds. */
export function neighbourhood(model: ResolvedModel, seeds: readonly string[], hops: number): Set<string> {
  const seen = new Set(seeds);
  let frontier = [...seeds];
  for (let step = 0; step < hops && frontier.length > 0; step++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const n of model.neighbours(id)) {
        if (!seen.has(n) && model.components.has(n)) {
          seen.add(n);
          next.push(n);
        }
      }
    }
    frontier = next;
  }
  return seen;
}

/** The most sensitive classification among data assets, if any is known. */
export function worstClassification(model: ResolvedModel, dataIds: Iterable<string>): Classification | undefined {
  let best = -1;
  for (const id of dataIds) {
    const c = model.data.get(id)?.classification;
    const rank = c === undefined ? -1 : CLASSIFICATIONS.indexOf(c);
    if (rank > best) best = rank;
  }
  return best >= 0 ? CLASSIFICATIONS[best] : undefined;
}
