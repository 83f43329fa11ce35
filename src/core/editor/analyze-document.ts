/**
 * One analysis of an editor document, in two phases so diagnostics never wait for editor-only work:
 * 1. `analyzeModel`: load the model, layer the catalogs (built-in, then the editor's `threatmodel.catalogs`,
 *    then the model's `analysis.catalogs`), apply the rules → problems and findings (what the Problems panel
 *    shows), plus where each element is declared (related information, CodeLens);
 * 2. `indexModel` (yaml-index.ts): the editor index for completion, hovers, rename, CodeLens and quick fixes.
 * Plain data in and out, so both run in a worker thread as well as in-process. Never throws.
 */
import { builtinCatalog } from '../catalog/builtin';
import { designFixOf } from './design-fix';
import { dirName, joinPath, loadLayers, type Catalog, type CatalogHost, type LayerSource } from '../catalog/catalog';
import { analyze } from '../engine/analyze';
import type { Finding } from '../engine/types';
import { loadModel } from '../model/load';
import { capProblems, compareProblems, makeRange, type Problem, type Range } from '../problem';
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
  /** Folders (the workspace folders) that catalogs named by the model may be inside, besides its own folder. */
  catalogRoots?: readonly string[];
}

/** Where an element is declared: for the diagnostics' related information and CodeLens. */
export interface ElementLocation {
  /** The range of its id (or of the whole item for a flow without an id). */
  range: Range;
  /** The first line of its item. */
  line: number;
  /** Component kind, or the section noun (`boundary`, `data`, `flow` ...). */
  kind: string;
  component: boolean;
}

/** Phase 1: what the Problems panel needs. */
export interface ModelAnalysis {
  problems: Problem[];
  findings: Finding[];
  catalog: CatalogSummary;
  /** Every element of the resolved model, by id (empty when the model could not be loaded). */
  elements: Record<string, ElementLocation>;
  /** Milliseconds: load (parse, schema, resolve) and rules. */
  timings: { load: number; rules: number };
  /** Set by the editor (stale.ts) when findings and elements are the last good analysis's: the text does not parse. */
  stale?: boolean;
}

export interface DocumentAnalysis extends Omit<ModelAnalysis, 'timings'> {
  index: ModelIndex;
  /** Milliseconds per phase; `diagnostics` = load + rules, `total` adds the index. */
  timings: { load: number; rules: number; index: number; diagnostics: number; total: number };
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
    rules: catalog.rules.map((r) => {
      const fix = designFixOf(r.rule);
      return { id: r.rule.id, title: r.rule.title, ...(fix ? { fix } : {}) };
    }),
    mitigations: [...mitigations].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, title]) => ({ id, title })),
  };
}

function internalError(file: string, err: unknown): Problem {
  return {
    code: 'TM-INTERNAL', severity: 'error', file, range: makeRange(0, 0, 0, 0),
    message: `internal error while analysing the model (please report it): ${err instanceof Error ? err.message : String(err)}`,
  };
}

/** Phase 1: problems and findings. `host` reads catalog files; without it only the built-in catalog is used. */
export function analyzeModel(req: AnalyzeRequest, host?: CatalogHost): ModelAnalysis {
  const t0 = performance.now();
  try {
    const loaded = loadModel(req.text, req.file);
    const t1 = performance.now();
    const problems = [...loaded.problems];
    let findings: Finding[] = [];
    const elements: Record<string, ElementLocation> = {};
    const sources: LayerSource[] = (req.catalogs ?? []).map((path) => ({ path }));
    const model = loaded.model;
    (model?.analysis.catalogs ?? []).forEach((rel, i) => {
      const range = model!.rangeAt(['analysis', 'catalogs', i]) ?? makeRange(0, 0, 0, 0);
      sources.push({ path: joinPath(dirName(req.file), rel), declaredAt: { file: req.file, range } });
    });
    const catalog = layered(sources, host);
    for (const p of catalog.problems) problems.push(p);
    if (model) {
      const result = analyze(model, catalog.catalog, { disable: req.disable ?? [] });
      findings = result.findings;
      for (const p of result.problems) problems.push(p);
      const add = (id: string, kind: string, component = false): void => {
        const at = model.locate(id);
        if (at) elements[id] = { range: at.idRange, line: at.range.start.line, kind, component };
      };
      for (const [id, c] of model.components) add(id, c.kind, true);
      for (const id of model.boundaries.keys()) add(id, 'boundary');
      for (const id of model.data.keys()) add(id, 'data');
      for (const id of model.providers.keys()) add(id, 'provider');
      for (const f of model.flows) add(f.id, 'flow');
      for (const r of model.rag) add(r.id, 'rag');
      for (const c of model.controls) add(c.id, 'control');
    }
    return { problems: capProblems(problems.sort(compareProblems), req.file), findings, catalog: catalog.summary, elements, timings: { load: t1 - t0, rules: performance.now() - t1 } };
  } catch (err) {
    return { problems: [internalError(req.file, err)], findings: [], catalog: { rules: [], mitigations: [] }, elements: {}, timings: { load: performance.now() - t0, rules: 0 } };
  }
}

/** Completes phase 1 with the editor index (phase 2). */
export function withIndex(model: ModelAnalysis, text: string): DocumentAnalysis {
  const t = performance.now();
  const index = indexModel(text, schemaNav());
  const ms = performance.now() - t;
  const diagnostics = model.timings.load + model.timings.rules;
  return { ...model, index, timings: { ...model.timings, index: ms, diagnostics, total: diagnostics + ms } };
}

/** Both phases at once (in-process use, tests, benchmarks). */
export function analyzeDocument(req: AnalyzeRequest, host?: CatalogHost): DocumentAnalysis {
  return withIndex(analyzeModel(req, host), req.text);
}
