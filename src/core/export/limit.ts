/**
 * How many findings an export lists in full. Findings grow linearly with a model (3,000 agents in a delegation
 * chain give 15,001 findings), and a report or checklist with ten thousand entries is neither readable nor
 * loadable (46 MB of HTML), while GitHub code scanning keeps only 5,000 results per run anyway. So the
 * reader-facing formats list the most pressing findings (open first, then by severity, then by id) up to a
 * cap and end with one line saying how many were left out and how to list them all. Counts, cards and
 * coverage still cover every finding. The risk register (CSV, XLSX, JSON) is never capped: it is the record a
 * team tracks and the file `register import` reads back, and each row is bounded, so it stays linear.
 */
import { LEVELS, type Level } from '../catalog/types';
import { isOpen, type Finding } from '../engine/types';
import { countThreats, FINDING_STATUSES } from '../engine/counts';
import { levelRank } from './input';

/** The formats that list findings up to a cap, and their defaults (docs/limits.md). */
export const DEFAULT_MAX_FINDINGS = { md: 1000, html: 1000, sarif: 5000 } as const;
export type CappedFormat = keyof typeof DEFAULT_MAX_FINDINGS;

export function isCappedFormat(format: string): format is CappedFormat {
  return Object.prototype.hasOwnProperty.call(DEFAULT_MAX_FINDINGS, format);
}

export interface ListedFindings {
  /** The findings listed in full, in the input order (renderers sort as they always do). */
  listed: Finding[];
  /** Every finding that was left out (empty when nothing was). */
  omitted: Finding[];
  /** The cap that applied, when one did. */
  max?: number;
}

/** Open first, then the most severe, then by id: deterministic, and what a reviewer needs first. */
function pressing(a: Finding, b: Finding): number {
  return Number(isOpen(b)) - Number(isOpen(a)) || levelRank(b.severity) - levelRank(a.severity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The findings to list under a cap (`undefined` or `Infinity`: all of them). Never throws; a cap below 0 or
 * not an integer is treated as 0 or rounded down.
 */
export function listedFindings(findings: readonly Finding[], max?: number): ListedFindings {
  if (max === undefined || !(findings.length > max)) return { listed: [...findings], omitted: [] };
  const cap = Math.max(0, Math.floor(max));
  const ranked = [...findings].sort(pressing);
  const keep = new Set(ranked.slice(0, cap));
  return {
    listed: findings.filter((f) => keep.has(f)),
    omitted: ranked.slice(cap),
    max: cap,
  };
}

/**
 * The summary line for what was left out, as plain text (each format escapes or formats it), e.g.
 * `14,001 more findings are not listed here (open: 5,000 high, 9,001 medium; 3 mitigated). Only the first
 * 1,000 are, open and most severe first. To list every finding, run threatmodel export with --max-findings all.`
 */
export function omittedSentence(l: ListedFindings): string {
  const n = l.omitted.length;
  const c = countThreats(l.omitted);
  const num = (x: number) => x.toLocaleString('en-US');
  const open = [...LEVELS].reverse().filter((lv) => c.openBySeverity[lv] > 0).map((lv) => `${num(c.openBySeverity[lv])} ${lv}`);
  const handled = FINDING_STATUSES.filter((s) => !['open', 'in-progress'].includes(s) && c.byStatus[s] > 0).map((s) => `${num(c.byStatus[s])} ${s}`);
  const parts = [open.length > 0 ? `open: ${open.join(', ')}` : '', handled.join(', ')].filter(Boolean).join('; ');
  return `${num(n)} more finding${n === 1 ? ' is' : 's are'} not listed here (${parts}). `
    + `Only the first ${num(l.max ?? 0)} ${l.max === 1 ? 'is' : 'are'}, open and most severe first. `
    + 'To list every finding, run threatmodel export with --max-findings all.';
}

/** Open omitted findings per severity, critical first (for a machine-readable summary such as SARIF's). */
export function omittedBySeverity(l: ListedFindings): Record<Level, number> {
  const c = countThreats(l.omitted).openBySeverity;
  return Object.fromEntries([...LEVELS].reverse().map((lv) => [lv, c[lv]])) as Record<Level, number>;
}
