/**
 * Differences between the findings of two revisions of a model, for pull requests: findings added,
 * resolved (gone), and changed in severity or status. Keyed by the stable finding id.
 */
import type { Level } from '../catalog/types';
import { LEVELS } from '../catalog/types';
import type { Finding, FindingStatus } from '../engine/types';
import { isOpen } from '../engine/types';

export interface FindingChange {
  id: string;
  before: Finding;
  after: Finding;
  severity?: { before: Level; after: Level };
  status?: { before: FindingStatus; after: FindingStatus };
}

export interface FindingsDiff {
  added: Finding[];
  resolved: Finding[];
  changed: FindingChange[];
  /** Findings present in both with the same severity and status. */
  unchanged: number;
}

const rank = (l: Level) => LEVELS.indexOf(l);
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** Worst first, then id. */
const bySeverity = (a: Finding, b: Finding) => rank(b.severity) - rank(a.severity) || byId(a, b);

export function diffFindings(before: readonly Finding[], after: readonly Finding[]): FindingsDiff {
  const old = new Map(before.map((f) => [f.id, f]));
  const now = new Map(after.map((f) => [f.id, f]));
  const added = [...now.values()].filter((f) => !old.has(f.id)).sort(bySeverity);
  const resolved = [...old.values()].filter((f) => !now.has(f.id)).sort(bySeverity);
  const changed: FindingChange[] = [];
  let unchanged = 0;
  for (const f of [...now.values()].sort(byId)) {
    const o = old.get(f.id);
    if (!o) continue;
    const c: FindingChange = { id: f.id, before: o, after: f };
    if (o.severity !== f.severity) c.severity = { before: o.severity, after: f.severity };
    if (o.status !== f.status) c.status = { before: o.status, after: f.status };
    if (c.severity || c.status) changed.push(c);
    else unchanged++;
  }
  return { added, resolved, changed, unchanged };
}

/** Added findings that are open and at least `threshold` severe: what `--fail-on` fails a build for. */
export function failingAdded(diff: FindingsDiff, threshold: Level): Finding[] {
  return diff.added.filter((f) => isOpen(f) && rank(f.severity) >= rank(threshold));
}

/** Statuses that keep a risk without fixing it: a decision a pull request should not make quietly. */
const RISK_DECISIONS: readonly FindingStatus[] = ['accepted', 'transferred', 'false-positive', 'suppressed'];

/**
 * Findings at least `threshold` severe that this change accepted (or transferred, declared a false positive,
 * suppressed): open before and decided now, or added already decided. `--fail-on` fails for these too, so a
 * pull request cannot hide a new critical risk by accepting it in the same change.
 */
export function newlyAccepted(diff: FindingsDiff, threshold: Level): Finding[] {
  const decided = (f: Finding) => RISK_DECISIONS.includes(f.status) && rank(f.severity) >= rank(threshold);
  return [
    ...diff.added.filter(decided),
    ...diff.changed.filter((c) => c.status && isOpen(c.before) && decided(c.after)).map((c) => c.after),
  ].sort(bySeverity);
}
