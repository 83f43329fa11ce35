/**
 * What the register's Summary sheet shows: counts by status, open risks by severity and by likelihood ×
 * impact, and the findings grouped by rule (a register lists one row per element; a risk owner decides per rule).
 * Accepted risks are counted as accepted: in risk terms they are still there and owned, not closed.
 */
import { LEVELS, type Level } from '../catalog/types';
import { countThreats, FINDING_STATUSES } from '../engine/counts';
import { isOpen } from '../engine/types';
import type { ExportInput } from './input';
import { levelRank } from './input';
import type { RegisterRow } from './register';

export interface RuleGroup {
  rule: string;
  title: string;
  findings: number;
  open: number;
  accepted: number;
  closed: number;
  worstOpen?: Level;
}

export interface RegisterSummary {
  system: string;
  owner: string;
  total: number;
  /** Status → findings (statuses with findings, in `FINDING_STATUSES` order). */
  byStatus: Array<[string, number]>;
  openBySeverity: Record<Level, number>;
  /** Open findings by likelihood, then impact. */
  heat: Record<Level, Record<Level, number>>;
  /** Worst open severity first, then most open findings, then rule id. */
  byRule: RuleGroup[];
}

const zero = (): Record<Level, number> => Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;

export function registerSummary(input: Pick<ExportInput, 'model' | 'findings'>, rows: readonly RegisterRow[]): RegisterSummary {
  const counts = countThreats(input.findings);
  const heat = Object.fromEntries(LEVELS.map((l) => [l, zero()])) as Record<Level, Record<Level, number>>;
  const rules = new Map<string, RuleGroup>();
  const titles = new Map(input.findings.map((f) => [f.id, f.title]));
  for (const r of rows) {
    const open = isOpen(r);
    if (open) heat[r.likelihood][r.impact]++;
    const rule = r.findingId.split('@')[0]!;
    const g = rules.get(rule) ?? { rule, title: titles.get(r.findingId) ?? '', findings: 0, open: 0, accepted: 0, closed: 0 };
    g.findings++;
    if (open) {
      g.open++;
      if (!g.worstOpen || levelRank(r.exposureRating) > levelRank(g.worstOpen)) g.worstOpen = r.exposureRating;
    } else if (r.status === 'accepted') g.accepted++;
    else g.closed++;
    rules.set(rule, g);
  }
  const rank = (g: RuleGroup) => (g.worstOpen ? levelRank(g.worstOpen) : -1);
  return {
    system: input.model.system.name,
    owner: input.model.system.owner ?? '',
    total: counts.total,
    byStatus: FINDING_STATUSES.filter((s) => counts.byStatus[s] > 0).map((s) => [s, counts.byStatus[s]]),
    openBySeverity: counts.openBySeverity,
    heat,
    byRule: [...rules.values()].sort((a, b) => rank(b) - rank(a) || b.open - a.open || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)),
  };
}
