/**
 * The catalog a model is analyzed with: the base (built-in) catalog, then the organisation catalogs given on
 * the command line (or in editor settings), then the project catalogs the model names in `analysis.catalogs`
 * (relative to the model file). Later layers add rules, replace rules with the same id, and disable rules or
 * set their severity through a settings file; the model's own `analysis.disable`/`analysis.severity` come last.
 */
import { dirName, joinPath, loadLayers, type Catalog, type CatalogHost, type LayerSource } from '../catalog/catalog';
import type { ResolvedModel } from '../model/graph';
import { compareProblems, ZERO_RANGE, type Problem } from '../problem';
import { analyze, type AnalysisResult, type AnalyzeOptions } from './analyze';

export interface ModelAnalysisOptions extends AnalyzeOptions {
  /** Catalog files or folders layered after the base catalog and before the model's own (already resolved). */
  catalogPaths?: readonly string[];
  /** File access for user catalogs; without it, catalog paths are reported as unreadable. */
  host?: CatalogHost;
}

/** The layered catalog for a model, and problems from reading it (a broken custom rule is a problem, never a throw). */
export function catalogForModel(model: ResolvedModel, base: Catalog, options: ModelAnalysisOptions = {}): { catalog: Catalog; problems: Problem[] } {
  const sources: LayerSource[] = (options.catalogPaths ?? []).map((path) => ({ path }));
  (model.analysis.catalogs ?? []).forEach((rel, i) => {
    sources.push({ path: joinPath(dirName(model.file), rel), declaredAt: { file: model.file, range: model.rangeAt(['analysis', 'catalogs', i]) ?? ZERO_RANGE } });
  });
  if (sources.length === 0) return { catalog: base, problems: [] };
  const host: CatalogHost = options.host ?? { readFile: () => undefined, listDir: () => undefined };
  return loadLayers(base, sources, host);
}

/** Layers the catalogs for the model and analyzes it: findings, plus catalog and analysis problems (sorted). */
export function analyzeWithCatalogs(model: ResolvedModel, base: Catalog, options: ModelAnalysisOptions = {}): AnalysisResult & { catalog: Catalog } {
  const layered = catalogForModel(model, base, options);
  const result = analyze(model, layered.catalog, options);
  return { findings: result.findings, problems: [...layered.problems, ...result.problems].sort(compareProblems), catalog: layered.catalog };
}
