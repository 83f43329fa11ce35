/**
 * What every export reads: the parts of the resolved model it needs, the findings, and optionally the
 * catalog rules (for SARIF rule metadata and framework coverage) and the mermaid diagram text.
 * Plain data, so tests can build it by hand and the CLI and the extension pass what they already have.
 */
import { FRAMEWORKS } from '../catalog/frameworks';
import type { Rule } from '../catalog/types';
import type { Diagram, DiagramOptions } from '../diagram/types';
import { LEVELS, type Level } from '../catalog/types';
import type { Finding } from '../engine/types';
import type { ResolvedModel } from '../model/graph';
import { testCoverage } from '../tests/coverage';
import type { FindingTest } from '../tests/results';

/** The subset of `ResolvedModel` the exports read (no methods: easy to build in a test). */
export type ExportModel = Pick<
  ResolvedModel,
  'file' | 'system' | 'components' | 'boundaries' | 'data' | 'providers' | 'flows' | 'rag' | 'controls' | 'links'
>;

export interface ExportInput {
  model: ExportModel;
  /** Findings as `analyze` returns them (any order; exports sort). */
  findings: readonly Finding[];
  /** Catalog rules, for SARIF rule help and "checked, nothing found" coverage. Optional. */
  rules?: readonly Rule[];
  /** Mermaid flowchart text of the model (from src/core/diagram), embedded in the checklist. */
  mermaid?: string;
  /**
   * The diagram the editor draws (`buildDiagram` with `REPORT_DIAGRAM`), which the HTML report lays out with ELK.
   * Absent: the report builds it from the model.
   */
  diagram?: Diagram;
  /**
   * The path written into SARIF `artifactLocation.uri` and shown in reports, e.g. relative to the
   * repository root. Defaults to `model.file`.
   */
  displayPath?: string;
  /**
   * Each finding's security test (`threatmodel tests`), e.g. read against the suite on disk and promptfoo's
   * results. Absent: the cases the generator writes for the findings, state `generated`.
   */
  tests?: ReadonlyMap<string, FindingTest>;
  /**
   * At most this many findings are listed in full by the report, the checklist and SARIF (limit.ts); the rest
   * are counted in one summary line. Absent: all of them. `exportAs` fills in each format's default.
   */
  maxFindings?: number;
}

/**
 * The report's diagram: the editor's, as it reads beside the YAML (top to bottom, a page being narrow), with
 * one node per trust boundary above 40 components, like the checklist (a page of 100 boxes reads as dots).
 */
export const REPORT_DIAGRAM: DiagramOptions = { view: 'auto', direction: 'TB', limits: { autoMaxComponents: 40 } };

/** The tests an export shows: the ones given, or what `threatmodel tests` generates for these findings. */
export function findingTestsOf(input: Pick<ExportInput, 'findings' | 'tests'>): ReadonlyMap<string, FindingTest> {
  return input.tests ?? testCoverage(input.findings).byFinding;
}

/** Severity rank: critical 3 … low 0. */
export function levelRank(level: Level): number {
  const i = LEVELS.indexOf(level);
  return i < 0 ? 0 : i;
}

/** Findings sorted by id: the deterministic order every export starts from. */
export function sortedFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Findings by severity (critical first), then id. */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return sortedFindings(findings).sort((a, b) => levelRank(b.severity) - levelRank(a.severity));
}

export interface ElementInfo {
  id: string;
  name: string;
  /** Component kind, or `boundary`, `data`, `provider`, `rag`, `flow`, `system`. */
  kind: string;
}

/** Name and kind of the element a finding is on, whatever type of element it is. */
export function elementInfo(model: ExportModel, id: string): ElementInfo {
  const c = model.components.get(id);
  if (c) return { id, name: c.name ?? id, kind: c.kind };
  const b = model.boundaries.get(id);
  if (b) return { id, name: b.name ?? id, kind: 'boundary' };
  const d = model.data.get(id);
  if (d) return { id, name: d.name ?? id, kind: 'data' };
  const p = model.providers.get(id);
  if (p) return { id, name: p.name ?? id, kind: 'provider' };
  const r = model.rag.find((x) => x.id === id);
  if (r) return { id, name: r.name ?? id, kind: 'rag' };
  const f = model.flows.find((x) => x.id === id);
  if (f) return { id, name: `${f.from} → ${f.to}`, kind: 'flow' };
  return { id, name: id, kind: 'system' };
}

/**
 * The component a finding belongs to for grouping (checklist, report): the element itself, or for a
 * flow finding the flow's source component.
 */
export function groupOf(model: Pick<ExportModel, 'flows'>, f: Pick<Finding, 'elementId' | 'flowId'>): string {
  if (f.flowId) {
    const flow = model.flows.find((x) => x.id === f.flowId);
    if (flow) return flow.from;
  }
  return f.elementId;
}

/** Framework reference columns, in the order every export lists them (OWASP LLM first). */
export { FRAMEWORKS, type FrameworkKey } from '../catalog/frameworks';

/** Every framework id of a finding, in column order, e.g. `LLM01:2025, T2, AML.T0051.001, CWE-77`. */
export function frameworkIds(f: Pick<Finding, 'frameworks'>): string[] {
  return FRAMEWORKS.flatMap((fw) => [...(f.frameworks[fw.key] ?? [])].sort());
}
