/**
 * One analysis of an editor document: load the model, layer the catalogs (built-in, then the editor's
 * `threatmodel.catalogs` setting, then the model's `analysis.catalogs`), apply the rules, and build the
 * editor index. Plain data in and out, so it runs in a worker thread as well as in-process. Never throws.
 */
import { builtinCatalog } from '../catalog/builtin';
import { dirName, joinPath, loadLayers, type Catalog, type CatalogHost, type LayerSource } from '../catalog/catalog';
import { analyze } from '../engine/analyze';
import type { Finding } from '../engine/types';
import { loadModel } from '../model/load';
import { compareProblems, makeRange, type Problem } from '../problem';
import type { CatalogSummary } from './completion';
import { schemaNav } from './model-schema';
import { indexModel, type ModelIndex } from './yaml-index';

export interface AnalyzeRequest {
  text: string;
  /** The file name used in problems (a path for files on disk, else the URI string). */
  file: string;
  /** Extra catalog paths from the editor settings (absolute). */
  catalogs?: readonly string[];
  /** Rules the editor settings switch off. */
  disable?: readonly string[];
}

export interface DocumentAnalysis {
  problems: Problem[];
  findings: Finding[];
  index: ModelIndex;
  catalog: CatalogSummary;
  /** Milliseconds per phase: load (parse, schema, resolve), rules, index. */
  timings: { load: number; rules: number; index: number; total: number };
}

/** Layered catalogs are re-read at most this often (a rule file edited beside the model shows up soon). */
const CATALOG_TTL_MS = 3000;
const catalogCache = new Map<string, { at: number; catalog: Catalog; problems: Problem[]; summary: CatalogSummary }>();

function layered(sources: LayerSource[], host: CatalogHost | undefined): { catalog: Catalog; problems: Problem[]; summary: CatalogSummary } {
  const key = JSON.stringify(sources);
  const hit = catalogCache.get(key);
  if (hit && Date.now() - hit.at < CATALOG_TTL_MS) return hit;
  const builtin = builtinCatalog();
  const loaded = sources.length > 0 && host ? loadLayers(builtin.catalog, sources, host) : { catalog: builtin.catalog, problems: [] };
  const entry = { at: Date.now(), catalog: loaded.catalog, problems: loaded.problems, summary: summarize(loaded.catalog) };
  if (catalogCache.size > 16) catalogCache.clear();
  catalogCache.set(key, entry);
  return entry;
}

function summarize(catalog: Catalog): CatalogSummary {
  const mitigations = new Map<string, string>();
  for (const r of catalog.rules) for (const m of r.rule.mitigations) if (!mitigations.has(m.id)) mitigations.set(m.id, m.title);
  return {
    rules: catalog.rules.map((r) => ({ id: r.rule.id, title: r.rule.title })),
    mitigations: [...mitigations].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, title]) => ({ id, title })),
  };
}

/** Analyses one document. `host` reads catalog files; without it only the built-in catalog is used. */
export function analyzeDocument(req: AnalyzeRequest, host?: CatalogHost): DocumentAnalysis {
  const t0 = performance.now();
  try {
    const loaded = loadModel(req.text, req.file);
    const t1 = performance.now();
    const problems = [...loaded.problems];
    let findings: Finding[] = [];
    const sources: LayerSource[] = (req.catalogs ?? []).map((path) => ({ path }));
    const modelCatalogs = loaded.model?.analysis.catalogs ?? [];
    modelCatalogs.forEach((rel, i) => {
      const range = loaded.model!.rangeAt(['analysis', 'catalogs', i]) ?? makeRange(0, 0, 0, 0);
      sources.push({ path: joinPath(dirName(req.file), rel), declaredAt: { file: req.file, range } });
    });
    const catalog = layered(sources, host);
    problems.push(...catalog.problems);
    if (loaded.model) {
      const result = analyze(loaded.model, catalog.catalog, { disable: req.disable ?? [] });
      findings = result.findings;
      problems.push(...result.problems);
    }
    const t2 = performance.now();
    const index = indexModel(req.text, schemaNav());
    const t3 = performance.now();
    return {
      problems: problems.sort(compareProblems), findings, index, catalog: catalog.summary,
      timings: { load: t1 - t0, rules: t2 - t1, index: t3 - t2, total: t3 - t0 },
    };
  } catch (err) {
    return {
      problems: [{
        code: 'TM-INTERNAL', severity: 'error', file: req.file, range: makeRange(0, 0, 0, 0),
        message: `internal error while analysing the model (please report it): ${err instanceof Error ? err.message : String(err)}`,
      }],
      findings: [], index: indexModel('', schemaNav()), catalog: { rules: [], mitigations: [] },
      timings: { load: 0, rules: 0, index: 0, total: performance.now() - t0 },
    };
  }
}
