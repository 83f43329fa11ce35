/**
 * Merged findings: one payload reaching one element on several paths is one threat, not three; and one weak
 * link is one threat, whether the model draws it as one flow or as a request and its response. Rules that
 * describe the same threat through different carriers (an uploaded document, a retrieved chunk, a tool result,
 * a stored record, a triggering message) share a merge group in the catalog (`merge: {group, rank}`). On one
 * element, the findings of one group collapse into the finding of the lowest-ranked rule, which keeps its
 * stable id and lists the others under `merged` with their own ids, paths, severities and statuses.
 *
 * Status is decided per path first (controls, tracking, suppressions in status.ts, where a tracking entry on
 * the survivor's id applies to every path and an entry on a merged-away id to its own path), then the merged
 * finding takes the most open of its paths: merging never closes a path that was open on its own.
 */
import { LEVELS, type Rule } from '../catalog/types';
import { cmp } from '../problem';
import type { Finding, FindingStatus, MergedPath } from './types';

/** Most open first: a merged finding takes the earliest status any of its paths has. */
const OPENNESS: readonly FindingStatus[] = ['open', 'in-progress', 'accepted', 'transferred', 'mitigated', 'false-positive', 'suppressed'];

/** The more open of two statuses (see `OPENNESS`). */
export function moreOpen(a: FindingStatus, b: FindingStatus): FindingStatus {
  return OPENNESS.indexOf(b) < OPENNESS.indexOf(a) ? b : a;
}

/** Which finding each merged-away finding folds into: merged-away id → surviving id. Empty when nothing merges. */
export type MergePlan = ReadonlyMap<string, string>;

/** A flow as the merge needs it: its id and ends. */
export interface FlowEnds { id: string; from: string; to: string }

/**
 * Groups the findings of merge-group rules by element and picks each group's survivor (lowest rank, then id).
 * Also folds the two directions of one link: a flow rule that fires on a request and on its response (two
 * flows between the same two components, one each way) is one finding, kept on the flow declared first.
 */
export function mergePlan(
  findings: readonly Finding[], rules: ReadonlyMap<string, Rule>, flows: readonly FlowEnds[] = [], declaredAt: (flowId: string) => number = () => 0,
): MergePlan {
  const plan = new Map<string, string>();
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const group = rules.get(f.ruleId)?.merge?.group;
    if (group === undefined) continue;
    const key = `${group}\u0000${f.elementId}`;
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  const rank = (f: Finding): number => rules.get(f.ruleId)?.merge?.rank ?? Number.MAX_SAFE_INTEGER;
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => rank(a) - rank(b) || cmp(a.ruleId, b.ruleId));
    for (const f of list.slice(1)) plan.set(f.id, list[0]!.id);
  }
  planLinks(findings, flows, declaredAt, plan);
  return plan;
}

/** Flow findings of one rule on both directions of one link: all fold into the first-declared flow's finding. */
function planLinks(findings: readonly Finding[], flows: readonly FlowEnds[], declaredAt: (flowId: string) => number, plan: Map<string, string>): void {
  if (flows.length < 2) return;
  const order = new Map<string, { index: number; flow: FlowEnds }>();
  flows.forEach((flow, index) => order.set(flow.id, { index, flow }));
  const links = new Map<string, Array<{ f: Finding; index: number; flow: FlowEnds }>>();
  for (const f of findings) {
    if (f.flowId === undefined || plan.has(f.id)) continue;
    const at = order.get(f.flowId);
    if (!at) continue;
    const { from, to } = at.flow;
    const key = `${f.ruleId}\u0000${from < to ? `${from}\u0000${to}` : `${to}\u0000${from}`}`;
    const list = links.get(key);
    if (list) list.push({ f, ...at });
    else links.set(key, [{ f, ...at }]);
  }
  for (const list of links.values()) {
    // Only a real pair of directions: two flows the same way are two exchanges, each its own finding.
    if (list.length < 2 || !list.some((x) => x.flow.from !== list[0]!.flow.from)) continue;
    // The flow written first in the file (usually the request); the resolved list is sorted by id, not by file.
    for (const x of list) x.index = declaredAt(x.flow.id) * flows.length + x.index;
    list.sort((a, b) => a.index - b.index);
    for (const x of list.slice(1)) plan.set(x.f.id, list[0]!.f.id);
  }
}

/**
 * Folds merged-away findings into their survivors (after status.ts has set each path's status). Returns the
 * findings in their original (id) order, without the merged-away ones. The survivor becomes as severe as its
 * worst path, lists the union of mitigations and framework references, and is "not stated" only when every
 * path is.
 */
export function collapseMerged(findings: readonly Finding[], plan: MergePlan, rules: ReadonlyMap<string, Rule>): Finding[] {
  if (plan.size === 0) return [...findings];
  const members = new Map<string, Finding[]>();
  for (const f of findings) {
    const survivor = plan.get(f.id);
    if (survivor === undefined) continue;
    const list = members.get(survivor);
    if (list) list.push(f);
    else members.set(survivor, [f]);
  }
  const rank = (f: Finding): number => rules.get(f.ruleId)?.merge?.rank ?? Number.MAX_SAFE_INTEGER;
  const out: Finding[] = [];
  for (const f of findings) {
    if (plan.has(f.id)) continue;
    const others = members.get(f.id);
    if (others) {
      others.sort((a, b) => rank(a) - rank(b) || cmp(a.id, b.id));
      fold(f, others);
    }
    out.push(f);
  }
  return out;
}

function fold(survivor: Finding, others: Finding[]): void {
  const all = [survivor, ...others];
  survivor.merged = others.map(mergedPath);
  // Severity: the worst path, with its likelihood, impact and factors so the three stay consistent.
  let worst = survivor;
  for (const o of others) if (LEVELS.indexOf(o.severity) > LEVELS.indexOf(worst.severity)) worst = o;
  if (worst !== survivor) {
    survivor.severity = worst.severity;
    survivor.likelihood = worst.likelihood;
    survivor.impact = worst.impact;
    survivor.why.factors = worst.why.factors;
    if (worst.why.severityOverride) survivor.why.severityOverride = worst.why.severityOverride;
    else delete survivor.why.severityOverride;
  }
  // Status: the most open path; its tracking fields (owner, due, ticket ...) go with it, the survivor's on a tie.
  let decisive = survivor;
  for (const o of others) if (moreOpen(decisive.status, o.status) !== decisive.status) decisive = o;
  survivor.status = decisive.status;
  if (decisive.tracking) survivor.tracking = decisive.tracking;
  else delete survivor.tracking;
  // Controls: mitigated only when every path is; partial cover stays visible in why.controls.
  survivor.mitigatedBy = all.every((f) => f.mitigatedBy.length > 0) ? sortedUnion(all.map((f) => f.mitigatedBy)) : [];
  const controls = new Map<string, NonNullable<Finding['why']['controls']>[number]>();
  for (const f of all) {
    for (const c of f.why.controls ?? []) {
      const seen = controls.get(c.control);
      controls.set(c.control, seen ? { ...seen, implements: sortedUnion([seen.implements, c.implements]) } : { ...c });
    }
  }
  if (controls.size > 0) survivor.why.controls = [...controls.values()].sort((a, b) => cmp(a.control, b.control));
  // Mitigations and references: the survivor's first, then what the other paths add.
  const mitigationIds = new Set(survivor.mitigations.map((m) => m.id));
  const mitigations = [...survivor.mitigations];
  for (const o of others) for (const m of o.mitigations) if (!mitigationIds.has(m.id)) { mitigationIds.add(m.id); mitigations.push(m); }
  survivor.mitigations = mitigations;
  survivor.stride = unionInOrder(all.map((f) => f.stride));
  const frameworks: Record<string, string[]> = {};
  for (const f of all) {
    for (const [key, ids] of Object.entries(f.frameworks) as Array<[string, string[] | undefined]>) {
      if (ids) frameworks[key] = unionInOrder([frameworks[key] ?? [], ids]);
    }
  }
  survivor.frameworks = frameworks;
  // Not stated only when no path is confirmed by the model's stated facts.
  if (all.every((f) => f.notStated && f.notStated.length > 0)) survivor.notStated = sortedUnion(all.map((f) => f.notStated!));
  else delete survivor.notStated;
}

function mergedPath(f: Finding): MergedPath {
  return {
    id: f.id, ruleId: f.ruleId, title: f.title, severity: f.severity, status: f.status,
    ...(f.why.path ? { path: f.why.path } : {}),
    ...(f.why.pathOmitted ? { pathOmitted: f.why.pathOmitted } : {}),
  };
}

function sortedUnion(lists: ReadonlyArray<readonly string[]>): string[] {
  return [...new Set(lists.flat())].sort(cmp);
}

function unionInOrder<T>(lists: ReadonlyArray<readonly T[]>): T[] {
  return [...new Set(lists.flat())];
}
