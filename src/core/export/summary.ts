/**
 * Counts the checklist, the HTML report and the diff all print: findings by status and severity.
 */
import { LEVELS, type Level } from '../catalog/types';
import type { Finding } from '../engine/types';
import { isOpen } from '../engine/types';

export interface FindingCounts {
  total: number;
  open: number;
  /** Accepted risks: still there and owned, so neither open work nor closed (NIST IR 8286 "accept"). */
  accepted: number;
  /** Mitigated, transferred, false positive, suppressed. */
  closed: number;
  /** Open findings per severity. */
  openBySeverity: Record<Level, number>;
  byStatus: Record<string, number>;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const openBySeverity = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
  const byStatus: Record<string, number> = {};
  let open = 0;
  for (const f of findings) {
    byStatus[f.status] = (byStatus[f.status] ?? 0) + 1;
    if (isOpen(f)) {
      open++;
      openBySeverity[f.severity]++;
    }
  }
  const accepted = byStatus.accepted ?? 0;
  return { total: findings.length, open, accepted, closed: findings.length - open - accepted, openBySeverity, byStatus };
}

/** "3 open (1 critical, 2 high), 1 accepted, 2 closed" */
export function countsLine(c: FindingCounts): string {
  const sev = [...LEVELS].reverse().filter((l) => c.openBySeverity[l] > 0).map((l) => `${c.openBySeverity[l]} ${l}`);
  return `${c.open} open${sev.length ? ` (${sev.join(', ')})` : ''}, ${c.accepted} accepted, ${c.closed} closed`;
}
