/**
 * A finding's status, from (lowest to highest precedence): open → a declared control that implements one of
 * its mitigations (mitigated) → a tracking entry keyed by its id → a justified suppression (suppressed).
 * Entries that match nothing are warnings with a did-you-mean, never failures (docs/tracking.md).
 */
import type { ResolvedModel } from '../model/graph';
import type { Control, TrackingEntry } from '../model/types';
import { ZERO_RANGE, type Problem, type Range } from '../problem';
import { closest, editDistance } from '../text/similar';
import { moreOpen, type MergePlan } from './merge';
import type { Finding } from './types';

const NEEDS_JUSTIFICATION = new Set(['accepted', 'false-positive', 'transferred']);

/**
 * Sets status, mitigatedBy, tracking and why.controls on the (sorted) findings in place; adds warnings.
 * With a merge plan (merge.ts), findings are still the separate paths: an entry keyed by a survivor's id applies
 * to all of its paths, an entry keyed by a merged-away id to that path (and gets TM-TRACKING-MERGED).
 */
export function applyStatus(model: ResolvedModel, findings: Finding[], ruleIds: ReadonlySet<string>, problems: Problem[], plan: MergePlan = new Map()): void {
  applyControls(model, findings);
  applyTracking(model, findings, problems, plan);
  applySuppressions(model, findings, ruleIds, problems);
}

function applyControls(model: ResolvedModel, findings: Finding[]): void {
  if (model.controls.length === 0) return;
  for (const f of findings) {
    const mitigationIds = new Set(f.mitigations.map((m) => m.id));
    const matching: NonNullable<Finding['why']['controls']> = [];
    for (const c of model.controls) {
      const implemented = (c.implements ?? []).filter((id) => mitigationIds.has(id)).sort();
      if (implemented.length === 0 || !covers(model, c, f)) continue;
      matching.push({ control: c.id, status: c.status ?? 'implemented', implements: implemented });
    }
    if (matching.length === 0) continue;
    f.why.controls = matching;
    f.mitigatedBy = matching.filter((m) => m.status === 'implemented').map((m) => m.control).sort();
    if (f.mitigatedBy.length > 0) f.status = 'mitigated';
  }
}

/** A control covers a finding's element when `covers` is absent (whole system), names the element, the
 *  source of a flow finding, or a trust boundary the element sits in. */
function covers(model: ResolvedModel, c: Control, f: Finding): boolean {
  if (c.covers === undefined) return true;
  const ids = new Set(c.covers);
  if (ids.has(f.elementId)) return true;
  const flow = f.flowId !== undefined ? model.flows.find((x) => x.id === f.flowId) : undefined;
  const component = flow ? flow.from : f.elementId;
  if (flow && ids.has(flow.from)) return true;
  return model.boundaryChain(component).some((b) => ids.has(b));
}

function applyTracking(model: ResolvedModel, findings: Finding[], problems: Problem[], plan: MergePlan): void {
  if (model.tracking.size === 0) return;
  const byId = new Map(findings.map((f) => [f.id, f]));
  const renameOffered = new Set<string>();
  for (const [key, entry] of model.tracking) {
    const range = model.locate(key)?.idRange ?? ZERO_RANGE;
    if (!byId.has(key)) {
      const hint = didYouMean(key, findings, model, plan);
      problems.push({
        code: 'TM-TRACKING-UNMATCHED', severity: 'warning', file: model.file, range,
        message: `tracking entry '${key}' matches no finding${hint ? `; did you mean '${hint}'? (was the element renamed?)` : ' (the element or rule may have been renamed or removed)'}`,
        ...(hint ? { suggestion: { text: hint, range } } : {}),
      });
      continue;
    }
    const survivor = plan.get(key);
    if (survivor !== undefined) problems.push(mergedEntryProblem(model, key, survivor, range, renameOffered));
    if (NEEDS_JUSTIFICATION.has(entry.status) && !entry.justification?.trim()) {
      problems.push({
        code: 'TM-TRACKING-NO-JUSTIFICATION', severity: 'warning', file: model.file, range,
        message: `'${key}' is marked ${entry.status} without a justification; say why, so a reviewer can check it`,
      });
    }
  }
  for (const f of findings) {
    // The entry on the finding's own id, and for a merged-away path the survivor's entry (it covers every path).
    const survivor = plan.get(f.id);
    const keys = survivor !== undefined ? [survivor, f.id] : [f.id];
    let chosen: TrackingEntry | undefined;
    for (const key of keys) {
      const entry = model.tracking.get(key);
      if (entry && (!chosen || moreOpen(chosen.status, entry.status) !== chosen.status)) chosen = entry;
    }
    if (!chosen) continue;
    f.status = chosen.status;
    const t: NonNullable<Finding['tracking']> = {};
    if (chosen.owner !== undefined) t.owner = chosen.owner;
    if (chosen.due !== undefined) t.due = chosen.due;
    if (chosen.ticket !== undefined) t.ticket = chosen.ticket;
    if (chosen.justification !== undefined) t.justification = chosen.justification;
    if (chosen.reviewedBy !== undefined) t.reviewedBy = chosen.reviewedBy;
    if (chosen.reviewedOn !== undefined) t.reviewedOn = chosen.reviewedOn;
    f.tracking = t;
  }
}

/**
 * TM-TRACKING-MERGED: the entry still applies (to its path of the merged finding), so this is information, not
 * a stale entry. The quick fix renames the key to the surviving id when that id has no entry yet (once per
 * survivor, so the fix never creates a duplicate key); otherwise the message asks to fold the entries together.
 */
function mergedEntryProblem(model: ResolvedModel, key: string, survivor: string, range: Range, renameOffered: Set<string>): Problem {
  const head = `tracking entry '${key}' now belongs to finding '${survivor}', which reports the same threat once for all its paths (one payload reaching one element several ways, or both directions of one link)`;
  if (!model.tracking.has(survivor) && !renameOffered.has(survivor)) {
    renameOffered.add(survivor);
    return {
      code: 'TM-TRACKING-MERGED', severity: 'info', file: model.file, range,
      message: `${head}. The entry still applies; rename it to '${survivor}' so it covers the whole finding`,
      suggestion: { text: survivor, range, title: `Rename tracking entry to '${survivor}' (the merged finding)` },
    };
  }
  return {
    code: 'TM-TRACKING-MERGED', severity: 'info', file: model.file, range,
    message: `${head}. The entry still applies to its path (the most open status wins); fold it into the entry for '${survivor}' and delete it`,
  };
}

/**
 * The finding a stale tracking key most likely meant. A rename keeps the rule and changes the element, so
 * the candidates are untracked findings of the same rule, ranked by how much of the old element id the new
 * one keeps (longest common subsequence), then by edit distance; otherwise the closest finding id.
 */
function didYouMean(key: string, findings: readonly Finding[], model: ResolvedModel, plan: MergePlan): string | undefined {
  const at = key.indexOf('@');
  const rule = at < 0 ? key : key.slice(0, at);
  const oldElement = at < 0 ? '' : key.slice(at + 1);
  let best: { id: string; shared: number; distance: number } | undefined;
  for (const f of findings) {
    if (f.ruleId !== rule || model.tracking.has(f.id) || plan.has(f.id)) continue;
    const element = f.id.slice(rule.length + 1);
    const shared = lcs(oldElement, element) / Math.max(oldElement.length, element.length, 1);
    const distance = editDistance(oldElement, element);
    if (shared > 0 && (!best || shared > best.shared || (shared === best.shared && distance < best.distance))) best = { id: f.id, shared, distance };
  }
  return best?.id ?? closest(key, findings.filter((f) => !plan.has(f.id)).map((f) => f.id));
}

/** Length of the longest common subsequence (ids are short; bounded to 128 characters each). */
function lcs(a: string, b: string): number {
  a = a.slice(0, 128).toLowerCase();
  b = b.slice(0, 128).toLowerCase();
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = [0];
    for (let j = 1; j <= b.length; j++) cur.push(a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!));
    prev = cur;
  }
  return prev[b.length]!;
}

function applySuppressions(model: ResolvedModel, findings: Finding[], ruleIds: ReadonlySet<string>, problems: Problem[]): void {
  model.suppressions.forEach((s, i) => {
    const at = (...path: Array<string | number>): Range => model.rangeAt(['suppressions', i, ...path]) ?? model.rangeAt(['suppressions', i]) ?? ZERO_RANGE;
    const warn = (code: string, message: string, range: Range, hint?: string): void => {
      problems.push({ code, severity: 'warning', file: model.file, range, message, ...(hint ? { suggestion: { text: hint, range } } : {}) });
    };
    if (!ruleIds.has(s.rule)) {
      const hint = closest(s.rule, ruleIds);
      warn('TM-SUPPRESSION-UNKNOWN-RULE', `suppression names rule '${s.rule}', which no catalog defines${hint ? `; did you mean '${hint}'?` : ''}`, at('rule'), hint);
      return;
    }
    if (!s.justification?.trim()) {
      problems.push({ code: 'TM-SUPPRESSION-NO-JUSTIFICATION', severity: 'error', file: model.file, range: at('rule'), message: `suppression of '${s.rule}' has no justification, so it is not applied; say why the finding does not apply` });
      return;
    }
    const ofRule = findings.filter((f) => f.ruleId === s.rule);
    const elements = s.elements;
    let matched = 0;
    for (const f of ofRule) {
      if (elements && !elements.includes(f.elementId)) continue;
      f.status = 'suppressed';
      f.tracking = { ...f.tracking, justification: s.justification };
      matched++;
    }
    if (elements) {
      const fired = ofRule.map((f) => f.elementId);
      elements.forEach((e, j) => {
        if (fired.includes(e)) return;
        const hint = closest(e, fired);
        warn('TM-SUPPRESSION-UNMATCHED', `suppression of '${s.rule}' on '${e}' matches no finding${hint ? `; did you mean '${hint}'?` : ''}`, at('elements', j), hint);
      });
    } else if (matched === 0) {
      warn('TM-SUPPRESSION-UNMATCHED', `suppression of '${s.rule}' matches no finding (the rule does not fire on this model)`, at('rule'));
    }
  });
}
