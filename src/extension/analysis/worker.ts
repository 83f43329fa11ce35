/**
 * The analysis worker (runtime: a Node worker thread started by the extension host; bundled on its own as
 * dist/analysis-worker.js). It runs the engine off the extension host's thread, one request at a time, and
 * reads user catalog files with node:fs. Loaded in-process (no parent port) it only exports the job, which
 * is the fallback where worker threads are unavailable.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { CatalogHost } from '../../core/catalog/catalog';
import { analyzeDocument, type AnalyzeRequest } from '../../core/editor/analyze-document';
import type { WorkerRequest, WorkerResponse } from './protocol';

/** Catalog files on disk; unreadable paths are "missing", which the engine reports at the declaring entry. */
export const fsCatalogHost: CatalogHost = {
  readFile(path) {
    try {
      if (statSync(path).size > 1024 * 1024) return undefined;
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  listDir(path) {
    try {
      return statSync(path).isDirectory() ? readdirSync(path) : undefined;
    } catch {
      return undefined;
    }
  },
};

export function runJob(req: AnalyzeRequest): ReturnType<typeof analyzeDocument> {
  return analyzeDocument(req, fsCatalogHost);
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (msg: WorkerRequest) => {
    if (msg.type !== 'analyze') return;
    let reply: WorkerResponse;
    try {
      reply = { type: 'result', id: msg.id, analysis: runJob(msg.request) };
    } catch (err) {
      reply = { type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ type: 'ready' } satisfies WorkerResponse);
}
