/**
 * How the Threats view groups findings: by severity (open findings per level, then the handled ones), by
 * element (worst first), or by framework reference. Pure, so the grouping is unit-tested.
 */
import { isOpen, type Finding } from '../engine/types';
import { frameworkName } from './findings-view';

export type GroupBy = 'severity' | 'component' | 'framework';
export const GROUP_BYS: readonly GroupBy[] = ['severity', 'component', 'framework'];

export interface ThreatGroup {
  key: string;
  label: string;
  findings: Finding[];
}

const RANK: Record<string, number> = { critical: 3, high: 2, medium: 1, low: 0 };

/** Open first, then worst severity, then id. */
export function compareFindings(a: Finding, b: Finding): number {
  return Number(isOpen(b)) - Number(isOpen(a)) || (RANK[b.severity] ?? 0) - (RANK[a.severity] ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function groupFindings(findings: readonly Finding[], by: GroupBy): ThreatGroup[] {
  if (by === 'severity') {
    const groups: ThreatGroup[] = [];
    for (const level of ['critical', 'high', 'medium', 'low'] as const) {
      const list = findings.filter((f) => isOpen(f) && f.severity === level).sort(compareFindings);
      if (list.length > 0) groups.push({ key: level, label: `${level[0]!.toUpperCase()}${level.slice(1)} (${list.length})`, findings: list });
    }
    const handled = findings.filter((f) => !isOpen(f)).sort(compareFindings);
    if (handled.length > 0) groups.push({ key: 'handled', label: `Handled (${handled.length})`, findings: handled });
    return groups;
  }
  if (by === 'component') {
    const byElement = new Map<string, Finding[]>();
    for (const f of findings) {
      const list = byElement.get(f.elementId) ?? [];
      list.push(f);
      byElement.set(f.elementId, list);
    }
    return [...byElement.entries()]
      .map(([id, list]) => {
        const sorted = list.sort(compareFindings);
        const open = sorted.filter(isOpen).length;
        return { key: id, label: `${id} (${open} open of ${sorted.length})`, findings: sorted };
      })
      .sort((a, b) => compareFindings(a.findings[0]!, b.findings[0]!) || (a.key < b.key ? -1 : 1));
  }
  const byRef = new Map<string, Finding[]>();
  for (const f of findings) {
    const refs = Object.entries(f.frameworks ?? {}).flatMap(([fw, ids]) => (ids ?? []).map((id: string) => `${frameworkName(fw)} ${id}`));
    for (const r of refs.length > 0 ? refs : ['No framework reference']) {
      const list = byRef.get(r) ?? [];
      list.push(f);
      byRef.set(r, list);
    }
  }
  return [...byRef.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, list]) => ({ key, label: `${key} (${list.filter(isOpen).length} open)`, findings: list.sort(compareFindings) }));
}
