/**
 * How the Threats view groups findings: by severity (open findings per level, then the handled ones), by
 * element (worst first), or by framework reference. Pure, so the grouping is unit-tested.
 */
import { FRAMEWORKS, frameworkRefs, refLabel } from '../catalog/frameworks';
import { isOpen, type Finding } from '../engine/types';

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
  // By framework: OWASP LLM Top 10 first (what an AI reviewer opens this view for), then the agentic lists,
  // ATLAS, CoSAI and CWE; ids in natural order (LLM02 before LLM10); each with its name ("LLM01:2025 Prompt
  // Injection"), the framework named once ("CWE-77 …", not "CWE CWE-77").
  const byRef = new Map<string, { order: [number, string]; label: string; findings: Finding[] }>();
  for (const f of findings) {
    const refs = frameworkRefs(f.frameworks ?? {});
    const keys = refs.length > 0
      ? refs.map((r) => ({ key: `${r.framework} ${r.id}`, order: [FRAMEWORKS.findIndex((fw) => fw.key === r.framework), r.id] as [number, string], label: groupLabel(r.framework, refLabel(r)) }))
      : [{ key: 'none', order: [FRAMEWORKS.length, ''] as [number, string], label: 'No framework reference' }];
    for (const k of keys) {
      const g = byRef.get(k.key) ?? { order: k.order, label: k.label, findings: [] };
      g.findings.push(f);
      byRef.set(k.key, g);
    }
  }
  return [...byRef.entries()]
    .sort(([, a], [, b]) => a.order[0] - b.order[0] || a.order[1].localeCompare(b.order[1], 'en', { numeric: true }) || (a.order[1] < b.order[1] ? -1 : a.order[1] > b.order[1] ? 1 : 0))
    .map(([key, g]) => ({ key, label: `${g.label} (${g.findings.filter(isOpen).length} open)`, findings: g.findings.sort(compareFindings) }));
}

/** The CWE and ATLAS ids name their framework already; the short OWASP ids and CoSAI's do not. */
function groupLabel(framework: string, label: string): string {
  if (framework === 'cwe' || framework === 'atlas') return label;
  const short = { owaspLlm: 'OWASP', owaspAgentic: 'OWASP Agentic', owaspAsi: 'OWASP', cosai: 'CoSAI' } as Record<string, string>;
  return `${short[framework] ?? framework} ${label}`;
}
