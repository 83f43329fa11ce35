/**
 * The one count of findings every view prints: the diagram's badges, the HTML report, the checklist, the
 * register summary, the CLI's `analyze` breakdown and the editor. Before this each view counted its own way
 * (the report added a component's outgoing-flow findings to it, the diagram put them on the arrow), so the
 * same model showed different numbers. The rules, in one place:
 * - **open** = `open` or `in-progress`: still needs action (`isOpen`). Severity breakdowns count open only.
 * - every other status is counted under its own name: an accepted risk is *accepted* (still owned, not
 *   "closed"), likewise transferred, mitigated, false-positive and suppressed.
 * - **per element**, a finding counts on the element it is on (`Finding.elementId`): a component, a boundary,
 *   a data asset, a provider, or a flow (a flow's findings are the arrow's, never its source component's).
 */
import { LEVELS, type Level } from '../catalog/types';
import type { Finding, FindingStatus } from './types';

/** Every status, in the order views list them: needing action first, then how the rest were handled. */
export const FINDING_STATUSES: readonly FindingStatus[] = ['open', 'in-progress', 'accepted', 'transferred', 'mitigated', 'false-positive', 'suppressed'];

export interface ThreatCounts {
  /** Every finding, whatever its status. */
  total: number;
  /** `open` + `in-progress`: still needing action. */
  open: number;
  /** Open findings per severity (`open` + `in-progress` only). */
  openBySeverity: Record<Level, number>;
  /** The worst severity among open findings; absent when none is open. */
  worstOpen?: Level;
  /** Findings per status (every status present, zero when none). */
  byStatus: Record<FindingStatus, number>;
  /** Handled some way (total − open): accepted, transferred, mitigated, false-positive or suppressed. */
  handled: number;
}

function emptyCounts(): ThreatCounts {
  return {
    total: 0, open: 0, handled: 0,
    openBySeverity: Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>,
    byStatus: Object.fromEntries(FINDING_STATUSES.map((s) => [s, 0])) as Record<FindingStatus, number>,
  };
}

function add(c: ThreatCounts, f: Pick<Finding, 'status' | 'severity'>): void {
  c.total++;
  c.byStatus[f.status] = (c.byStatus[f.status] ?? 0) + 1;
  if (f.status === 'open' || f.status === 'in-progress') {
    c.open++;
    c.openBySeverity[f.severity]++;
    if (c.worstOpen === undefined || LEVELS.indexOf(f.severity) > LEVELS.indexOf(c.worstOpen)) c.worstOpen = f.severity;
  } else {
    c.handled++;
  }
}

/** Counts over all the findings given. */
export function countThreats(findings: Iterable<Pick<Finding, 'status' | 'severity'>>): ThreatCounts {
  const c = emptyCounts();
  for (const f of findings) add(c, f);
  return c;
}

/** Counts per element id (`Finding.elementId`; a flow's findings under the flow id), keys sorted. */
export function countThreatsByElement(findings: Iterable<Pick<Finding, 'status' | 'severity' | 'elementId'>>): Map<string, ThreatCounts> {
  const out = new Map<string, ThreatCounts>();
  for (const f of findings) {
    let c = out.get(f.elementId);
    if (!c) out.set(f.elementId, (c = emptyCounts()));
    add(c, f);
  }
  return new Map([...out.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/** The counts of several elements together (a collapsed boundary's members, the flows of one arrow). */
export function mergeCounts(parts: Iterable<ThreatCounts | undefined>): ThreatCounts {
  const c = emptyCounts();
  for (const p of parts) {
    if (!p) continue;
    c.total += p.total;
    c.open += p.open;
    c.handled += p.handled;
    for (const l of LEVELS) c.openBySeverity[l] += p.openBySeverity[l];
    for (const s of FINDING_STATUSES) c.byStatus[s] += p.byStatus[s];
    if (p.worstOpen !== undefined && (c.worstOpen === undefined || LEVELS.indexOf(p.worstOpen) > LEVELS.indexOf(c.worstOpen))) c.worstOpen = p.worstOpen;
  }
  return c;
}

/** `1 critical, 2 high` (open only, worst first; empty when nothing is open). */
export function severityBreakdown(c: ThreatCounts): string {
  return [...LEVELS].reverse().filter((l) => c.openBySeverity[l] > 0).map((l) => `${c.openBySeverity[l]} ${l}`).join(', ');
}

/** `3 open (1 critical, 2 high; 1 in progress) · 2 accepted · 1 mitigated`: open first, then each handled status present. */
export function countsSentence(c: ThreatCounts): string {
  const inside = [severityBreakdown(c), c.byStatus['in-progress'] > 0 ? `${c.byStatus['in-progress']} in progress` : ''].filter(Boolean).join('; ');
  const rest = FINDING_STATUSES.filter((s) => s !== 'open' && s !== 'in-progress' && c.byStatus[s] > 0).map((s) => `${c.byStatus[s]} ${s}`);
  return [`${c.open} open${inside ? ` (${inside})` : ''}`, ...rest].join(' · ');
}
