/**
 * Model text → everything an export needs: the resolved model, the findings (built-in catalog, then the
 * caller's catalogs, then the model's `analysis.catalogs`), the rules, and the diagram text. Shared by the
 * CLI's export, register and diff commands and by the extension's Export command. Never throws.
 */
import { builtinCatalog } from '../catalog/builtin';
import type { CatalogHost } from '../catalog/catalog';
import type { Rule } from '../catalog/types';
import { buildDiagram, toMermaid } from '../diagram/build';
import { analyzeWithCatalogs } from '../engine/layers';
import type { Finding } from '../engine/types';
import type { ResolvedModel } from '../model/graph';
import { loadModel } from '../model/load';
import { compareProblems, makeRange, type Problem } from '../problem';
import { REPORT_DIAGRAM, type ExportInput } from './input';

export interface PipelineOptions {
  /** Extra catalog paths (CLI `--catalog`, editor settings), layered after the built-in catalog. */
  catalogs?: readonly string[];
  /** Reads user catalog files; without it only the built-in catalog is used. */
  host?: CatalogHost;
  disable?: readonly string[];
}

export interface PipelineResult {
  model?: ResolvedModel;
  findings: Finding[];
  rules: Rule[];
  problems: Problem[];
}

/** The export input for a pipeline result with a model: the checklist's mermaid diagram comes from src/core/diagram. */
export function exportInput(result: PipelineResult & { model: ResolvedModel }, displayPath?: string): ExportInput {
  return {
    model: result.model,
    findings: result.findings,
    rules: result.rules,
    // The checklist is read on GitHub and the like: classic shapes (any mermaid draws them), top to bottom (a
    // page is narrow), and one node per trust boundary above 40 components (a full page of boxes reads as dots).
    mermaid: toMermaid(result.model, result.findings, { classicShapes: true, direction: 'TB', limits: { autoMaxComponents: 40 } }),
    diagram: buildDiagram(result.model, result.findings, REPORT_DIAGRAM),
    ...(displayPath !== undefined ? { displayPath } : {}),
  };
}

export function modelFindings(text: string | Uint8Array, file: string, opts: PipelineOptions = {}): PipelineResult {
  try {
    const loaded = loadModel(text, file);
    const builtin = builtinCatalog();
    const problems = [...builtin.problems, ...loaded.problems];
    if (!loaded.model) return { findings: [], rules: builtin.catalog.rules.map((r) => r.rule), problems: problems.sort(compareProblems) };
    const result = analyzeWithCatalogs(loaded.model, builtin.catalog, { catalogPaths: opts.catalogs ?? [], host: opts.host, disable: opts.disable ?? [] });
    for (const p of result.problems) problems.push(p);
    return { model: loaded.model, findings: result.findings, rules: result.catalog.rules.map((r) => r.rule), problems: problems.sort(compareProblems) };
  } catch (err) {
    return {
      findings: [], rules: [],
      problems: [{
        code: 'TM-INTERNAL', severity: 'error', file, range: makeRange(0, 0, 0, 0),
        message: `internal error while analysing the model (please report it): ${err instanceof Error ? err.message : String(err)}`,
      }],
    };
  }
}
