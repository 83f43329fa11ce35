/**
 * Coverage by framework: for each framework id (LLM01:2025, T2, AML.T0051, CWE-77 ...) how many findings
 * the model has, how many are open, and, when the catalog is given, which ids the catalog checks that
 * produced no finding (checked, nothing found).
 */
import type { Rule } from '../catalog/types';
import type { Finding } from '../engine/types';
import { isOpen } from '../engine/types';
import { FRAMEWORKS, type FrameworkKey } from '../catalog/frameworks';

export interface CoverageRow {
  id: string;
  findings: number;
  open: number;
  /** Catalog rules that reference this id (0 when no catalog was given). */
  rules: number;
}

export interface FrameworkCoverage {
  key: FrameworkKey;
  label: string;
  rows: CoverageRow[];
}

/** Natural order so LLM02 sorts before LLM10 and CWE-79 before CWE-200. */
function natural(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true }) || (a < b ? -1 : a > b ? 1 : 0);
}

export function frameworkCoverage(findings: readonly Finding[], rules: readonly Rule[] = []): FrameworkCoverage[] {
  return FRAMEWORKS.map((fw) => {
    const rows = new Map<string, CoverageRow>();
    const row = (id: string) => {
      let r = rows.get(id);
      if (!r) rows.set(id, (r = { id, findings: 0, open: 0, rules: 0 }));
      return r;
    };
    for (const rule of rules) for (const id of new Set(rule.frameworks[fw.key] ?? [])) row(id).rules++;
    for (const f of findings) {
      for (const id of new Set(f.frameworks[fw.key] ?? [])) {
        const r = row(id);
        r.findings++;
        if (isOpen(f)) r.open++;
      }
    }
    return { key: fw.key, label: fw.label, rows: [...rows.values()].sort((a, b) => natural(a.id, b.id)) };
  }).filter((c) => c.rows.length > 0);
}
