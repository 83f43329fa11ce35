/**
 * Runs analyses in the worker thread, one at a time, newest first per document:
 * - a queued request for a document is replaced by a newer one for the same document (never run stale);
 * - a running request that went stale is abandoned by terminating the worker when finishing it would cost
 *   more than starting a fresh worker (judged from the document's last analysis time), so a slow model
 *   never makes the editor wait for results it will throw away;
 * - if worker threads are unavailable or keep crashing, analyses run in-process instead.
 */
import { Worker } from 'node:worker_threads';
import type { AnalyzeRequest, DocumentAnalysis, ModelAnalysis } from '../../core/editor/analyze-document';
import type { ModelIndex } from '../../core/editor/yaml-index';
import type { WorkerRequest, WorkerResponse } from './protocol';

/**
 * An analysis whose `index` is read on first use (parsing it costs the extension host's thread; most updates
 * only need problems and findings). Never spread such an object: that would read the index.
 */
export function withLazyIndex(base: Omit<DocumentAnalysis, 'index'>, index: () => ModelIndex): DocumentAnalysis {
  let cached: ModelIndex | undefined;
  const a = { ...base } as DocumentAnalysis;
  Object.defineProperty(a, 'index', { enumerable: false, configurable: false, get: () => (cached ??= index()) });
  return a;
}

export class CancelledError extends Error {
  constructor() {
    super('analysis superseded by a newer edit');
  }
}

interface Job {
  id: number;
  key: string;
  request: AnalyzeRequest;
  resolve: (a: DocumentAnalysis) => void;
  reject: (e: Error) => void;
  /** Called with the problems and findings before the editor index is built. */
  onDiagnostics?: (a: ModelAnalysis) => void;
  started?: number;
  partial?: ModelAnalysis;
}

type InProcess = (req: AnalyzeRequest, onDiagnostics?: (a: ModelAnalysis) => void) => DocumentAnalysis;

export class EngineClient {
  private worker?: Worker;
  private ready?: Promise<Worker>;
  private queue: Job[] = [];
  private running?: Job;
  private nextId = 1;
  private crashes = 0;
  private inProcess?: InProcess;
  private disposed = false;
  /** Measured cost of starting a worker (module load and warm-up), to decide whether abandoning a run pays off. */
  private startupMs = 300;
  private readonly lastDuration = new Map<string, number>();
  /** Counters for the status of the engine (shown by tests and in the output channel). */
  readonly stats = { started: 0, completed: 0, superseded: 0, abandoned: 0, workerStarts: 0, inProcess: false };

  constructor(private readonly workerPath: string, private readonly log: (line: string) => void) {}

  /**
   * Analyses a document. `onDiagnostics` gets the problems and findings as soon as they exist; the promise
   * resolves with everything, including the editor index. Rejects with CancelledError when superseded.
   */
  analyze(key: string, request: AnalyzeRequest, onDiagnostics?: (a: ModelAnalysis) => void): Promise<DocumentAnalysis> {
    if (this.disposed) return Promise.reject(new CancelledError());
    for (const old of this.queue.filter((j) => j.key === key)) {
      this.stats.superseded++;
      old.reject(new CancelledError());
    }
    this.queue = this.queue.filter((j) => j.key !== key);
    if (this.running?.key === key) this.maybeAbandonRunning();
    return new Promise<DocumentAnalysis>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, key, request, resolve, reject, ...(onDiagnostics ? { onDiagnostics } : {}) });
      this.pump();
    });
  }

  private maybeAbandonRunning(): void {
    const job = this.running;
    if (!job || job.started === undefined || !this.worker) return;
    const expected = this.lastDuration.get(job.key) ?? 0;
    const remaining = expected - (performance.now() - job.started);
    if (remaining <= this.startupMs * 1.5) return; // cheaper to let it finish; the caller drops the stale result
    this.stats.abandoned++;
    this.log(`abandoning a stale analysis of ${job.key} (~${remaining.toFixed(0)} ms left)`);
    this.running = undefined;
    job.reject(new CancelledError());
    this.killWorker();
  }

  private pump(): void {
    if (this.running || this.queue.length === 0 || this.disposed) return;
    const job = this.queue.shift()!;
    this.running = job;
    this.stats.started++;
    if (this.inProcess) {
      // Yield first so a burst of edits coalesces before the blocking run.
      setImmediate(() => this.runInProcess(job));
      return;
    }
    this.startWorker().then(
      (w) => {
        if (this.running !== job) return;
        job.started = performance.now();
        w.postMessage({ type: 'analyze', id: job.id, request: job.request } satisfies WorkerRequest);
      },
      (err: unknown) => {
        this.log(`analysis worker unavailable (${err instanceof Error ? err.message : String(err)}); analysing in-process`);
        this.fallBackToInProcess();
        if (this.running === job) this.runInProcess(job);
      },
    );
  }

  private runInProcess(job: Job): void {
    if (this.running !== job) return;
    const t = performance.now();
    try {
      const a = this.inProcess!(job.request, job.onDiagnostics);
      this.finish(job, performance.now() - t);
      job.resolve(a);
    } catch (err) {
      this.finish(job, performance.now() - t);
      job.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private finish(job: Job, ms: number): void {
    this.lastDuration.set(job.key, ms);
    this.stats.completed++;
    if (this.running === job) this.running = undefined;
    this.pump();
  }

  private startWorker(): Promise<Worker> {
    if (this.ready) return this.ready;
    const t = performance.now();
    this.ready = new Promise<Worker>((resolve, reject) => {
      let w: Worker;
      try {
        w = new Worker(this.workerPath, { name: 'threatmodel-analysis' });
      } catch (err) {
        reject(err);
        return;
      }
      this.stats.workerStarts++;
      this.worker = w;
      let isReady = false;
      w.on('message', (msg: WorkerResponse) => {
        if (msg.type === 'ready') {
          isReady = true;
          this.startupMs = Math.max(50, performance.now() - t);
          resolve(w);
          return;
        }
        this.onResponse(msg);
      });
      w.on('error', (err) => {
        this.log(`analysis worker error: ${err.message}`);
        if (!isReady) reject(err);
      });
      w.on('exit', (code) => {
        if (this.worker !== w) return; // terminated on purpose
        this.worker = undefined;
        this.ready = undefined;
        if (!isReady) { reject(new Error(`worker exited with code ${code}`)); return; }
        this.crashes++;
        const job = this.running;
        this.running = undefined;
        job?.reject(new Error(`the analysis worker stopped (exit code ${code})`));
        if (this.crashes >= 3) this.fallBackToInProcess();
        this.pump();
      });
    });
    return this.ready;
  }

  private onResponse(msg: WorkerResponse): void {
    if (msg.type === 'ready') return;
    const job = this.running;
    if (!job || job.id !== msg.id) return; // an abandoned job's late answer
    if (msg.type === 'diagnostics') {
      job.partial = msg.analysis;
      job.onDiagnostics?.(msg.analysis);
      return;
    }
    this.crashes = 0;
    this.finish(job, performance.now() - (job.started ?? performance.now()));
    if (msg.type === 'error' || !job.partial) {
      job.reject(new Error(msg.type === 'error' ? msg.message : 'the worker answered out of order'));
      return;
    }
    const p = job.partial;
    const diagnostics = p.timings.load + p.timings.rules;
    const json = msg.indexJson;
    job.resolve(withLazyIndex({ ...p, timings: { ...p.timings, index: msg.indexMs, diagnostics, total: diagnostics + msg.indexMs } }, () => JSON.parse(json) as ModelIndex));
  }

  private killWorker(): void {
    const w = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (w) void w.terminate();
    this.pump();
  }

  private fallBackToInProcess(): void {
    if (this.inProcess) return;
    // The worker bundle exports its job when loaded outside a worker thread.
    const mod = require(this.workerPath) as { runJob: InProcess };
    this.inProcess = mod.runJob;
    this.stats.inProcess = true;
    const w = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (w) void w.terminate();
  }

  dispose(): void {
    this.disposed = true;
    for (const j of this.queue) j.reject(new CancelledError());
    this.queue = [];
    this.running?.reject(new CancelledError());
    this.running = undefined;
    const w = this.worker;
    this.worker = undefined;
    if (w) void w.terminate();
  }
}
