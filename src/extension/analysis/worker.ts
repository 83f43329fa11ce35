/**
 * The analysis worker (runtime: a Node worker thread started by the extension host; bundled on its own as
 * dist/analysis-worker.js). It runs the engine off the extension host's thread, one request at a time, and
 * reads user catalog files with node:fs. Loaded in-process (no parent port) it only exports the job, which
 * is the fallback where worker threads are unavailable.
 */
import { parentPort } from 'node:worker_threads';
import type { CatalogHost } from '../../core/catalog/catalog';
import { nodeCatalogHost } from '../../node/catalog-host';
import { analyzeModel, withIndex, type AnalyzeRequest, type ModelAnalysis } from '../../core/editor/analyze-document';
import { schemaNav } from '../../core/editor/model-schema';
import { indexModel } from '../../core/editor/yaml-index';
import type { WorkerRequest, WorkerResponse } from './protocol';

/**
 * Catalog files on disk, bounded (regular files only, size-capped reads, no FIFO waits); catalogs the model
 * names must be inside the workspace folders or the model's folder. Unreadable paths are reported by the engine.
 */
export function fsCatalogHost(req: Pick<AnalyzeRequest, 'catalogRoots'>): CatalogHost {
  return nodeCatalogHost({ cwd: process.cwd(), roots: req.catalogRoots ?? [] });
}

/** Both phases, in-process (the fallback where worker threads are unavailable). */
export function runJob(req: AnalyzeRequest, onDiagnostics?: (a: ModelAnalysis) => void): ReturnType<typeof withIndex> {
  const model = analyzeModel(req, fsCatalogHost(req));
  onDiagnostics?.(model);
  return withIndex(model, req.text);
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (msg: WorkerRequest) => {
    if (msg.type !== 'analyze') return;
    try {
      port.postMessage({ type: 'diagnostics', id: msg.id, analysis: analyzeModel(msg.request, fsCatalogHost(msg.request)) } satisfies WorkerResponse);
      const t = performance.now();
      const indexJson = JSON.stringify(indexModel(msg.request.text, schemaNav()));
      port.postMessage({ type: 'result', id: msg.id, indexJson, indexMs: performance.now() - t } satisfies WorkerResponse);
    } catch (err) {
      port.postMessage({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) } satisfies WorkerResponse);
    }
  });
  // Warm up before saying ready (schema compiled, catalog parsed, code optimised a little): the first real
  // analysis is then as fast as the next, and the host's "is a restart cheaper?" estimate includes this cost.
  const warm = 'threatmodel: 1\nsystem:\n  name: Warm-up\ncomponents:\n  - id: a\n    kind: agent\n    model: m\n  - id: m\n    kind: model-endpoint\n';
  analyzeModel({ text: warm, file: 'warm-up.threatmodel.yaml' });
  indexModel(warm, schemaNav());
  port.postMessage({ type: 'ready' } satisfies WorkerResponse);
}
