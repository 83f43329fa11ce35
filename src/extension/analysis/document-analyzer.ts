/**
 * Keeps every open model analysed: debounced after each edit, newest version only (stale results are dropped,
 * never published), with a way for language features to wait for the analysis of the text they see.
 * Files analysed by "Analyze workspace" are kept the same way, keyed by URI.
 */
import * as vscode from 'vscode';
import type { DocumentAnalysis, ModelAnalysis } from '../../core/editor/analyze-document';
import { emptyIndex } from '../../core/editor/yaml-index';
import { engineFileName } from '../convert';
import type { Settings } from '../settings';
import { keepLastGood } from '../../core/editor/stale';
import { CancelledError, withLazyIndex, type EngineClient } from './engine-client';

export interface AnalysisSnapshot {
  uri: vscode.Uri;
  /** The document version analysed; -1 for a file read from disk by "Analyze workspace". */
  version: number;
  analysis: DocumentAnalysis;
  /**
   * False while only problems and findings are in (they are published first); the index is then the previous
   * version's. Language features wait for a complete snapshot.
   */
  complete: boolean;
}

interface Waiter {
  version: number;
  resolve: (s: AnalysisSnapshot | undefined) => void;
}

/** Timings of the latest analyses, for the output channel, the benchmark and the tests. */
export interface LatencySample {
  /** Engine time until the diagnostics (load + rules) in the worker. */
  engineMs: number;
  /** Engine time for the editor index, after the diagnostics. */
  indexMs: number;
  /**
   * From the last edit of the document to its diagnostics being published (includes the debounce delay); for
   * `trigger: 'open'`, from the document opening (or, for one already open, the extension starting to load).
   */
  editToDiagnosticsMs: number;
  trigger: 'edit' | 'open';
  components: number;
  uri: string;
  version: number;
}

export class DocumentAnalyzer implements vscode.Disposable {
  private readonly results = new Map<string, AnalysisSnapshot>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly lastEdit = new Map<string, { at: number; trigger: LatencySample['trigger'] }>();
  /** The version each document's running analysis is for. */
  private readonly inFlight = new Map<string, number>();
  private readonly emitter = new vscode.EventEmitter<AnalysisSnapshot>();
  private readonly forgetEmitter = new vscode.EventEmitter<vscode.Uri>();
  /** Problems or findings of a document changed (fired once per analysed version). */
  readonly onDidAnalyze = this.emitter.event;
  readonly onDidForget = this.forgetEmitter.event;
  readonly latencies: LatencySample[] = [];

  constructor(
    private readonly client: EngineClient,
    private readonly settings: () => Settings,
    private readonly log: (line: string) => void,
  ) {}

  /** An edit: analyse after the debounce delay. */
  edited(doc: vscode.TextDocument): void {
    this.lastEdit.set(doc.uri.toString(), { at: performance.now(), trigger: 'edit' });
    this.schedule(doc);
  }

  /** A document opened (or found open at activation, `since` the extension began loading): analyse right away. */
  opened(doc: vscode.TextDocument, since = performance.now()): void {
    const key = doc.uri.toString();
    if (!this.lastEdit.has(key)) this.lastEdit.set(key, { at: since, trigger: 'open' });
    this.schedule(doc, 0);
  }

  /** Analyse after the debounce delay (0: right away). */
  schedule(doc: vscode.TextDocument, delayMs = this.settings().debounceMs): void {
    const key = doc.uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.run(doc);
    }, delayMs));
  }

  private request(uri: vscode.Uri, text: string) {
    const s = this.settings();
    const disable = Object.entries(s.severityOverrides).filter(([, v]) => v === 'off').map(([k]) => k);
    const catalogRoots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    return { text, file: engineFileName(uri), catalogs: s.catalogs, disable, catalogRoots };
  }

  private async run(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    const version = doc.version;
    let sample: LatencySample | undefined;
    const onDiagnostics = (partial: ModelAnalysis): void => {
      if (doc.isClosed || doc.version !== version) return; // stale: the newer version is already scheduled
      const started = this.lastEdit.get(key);
      if (started !== undefined) {
        this.lastEdit.delete(key); // one sample per burst of edits
        sample = {
          engineMs: partial.timings.load + partial.timings.rules, indexMs: 0, editToDiagnosticsMs: performance.now() - started.at, trigger: started.trigger,
          components: Object.values(partial.elements).filter((e) => e.component).length, uri: key, version,
        };
        this.latencies.push(sample);
        if (this.latencies.length > 50) this.latencies.shift();
      }
      this.publish(this.partialSnapshot(doc.uri, version, partial));
    };
    let analysis: DocumentAnalysis;
    this.inFlight.set(key, version);
    try {
      analysis = await this.client.analyze(key, this.request(doc.uri, doc.getText()), onDiagnostics);
    } catch (err) {
      if (!(err instanceof CancelledError)) this.log(`analysis of ${doc.uri.fsPath} failed: ${err instanceof Error ? err.message : String(err)}`);
      return;
    } finally {
      if (this.inFlight.get(key) === version) this.inFlight.delete(key);
    }
    if (doc.isClosed || doc.version !== version) return;
    if (sample) sample.indexMs = analysis.timings.index;
    this.publish({ uri: doc.uri, version, analysis, complete: true });
  }

  /** Problems and findings of a version, with the latest index known (for views that do not need a fresh one). */
  private partialSnapshot(uri: vscode.Uri, version: number, partial: ModelAnalysis): AnalysisSnapshot {
    const previous = this.results.get(uri.toString())?.analysis;
    const d = partial.timings.load + partial.timings.rules;
    const analysis = withLazyIndex({ ...partial, timings: { ...partial.timings, index: 0, diagnostics: d, total: d } }, () => previous?.index ?? emptyIndex());
    return { uri, version, complete: false, analysis };
  }

  /** Analyses a file's text outside an editor (workspace analysis). */
  async analyzeFile(uri: vscode.Uri, text: string): Promise<AnalysisSnapshot | undefined> {
    try {
      const analysis = await this.client.analyze(uri.toString(), this.request(uri, text));
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (open && open.getText() !== text) return undefined; // an editor holds newer text; it has its own run
      const snap = { uri, version: open ? open.version : -1, analysis, complete: true };
      this.publish(snap);
      return snap;
    } catch (err) {
      if (!(err instanceof CancelledError)) this.log(`analysis of ${uri.fsPath} failed: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  private publish(snap: AnalysisSnapshot): void {
    const key = snap.uri.toString();
    const before = this.results.get(key);
    // Text that does not parse keeps the last good findings (marked stale) rather than showing none.
    const kept = keepLastGood(before?.analysis, snap.analysis);
    if (kept !== snap.analysis) {
      const next = snap.analysis;
      snap = { ...snap, analysis: withLazyIndex(kept, () => next.index) };
    }
    this.results.set(key, snap);
    // The complete answer repeats the problems and findings its first half already published: views need not
    // redraw for it (only waiters for the index do).
    const same = before && before.version === snap.version && before.analysis.findings === snap.analysis.findings
      && before.analysis.problems === snap.analysis.problems;
    if (!same) this.emitter.fire(snap);
    const waiting = this.waiters.get(key) ?? [];
    const remaining = waiting.filter((w) => {
      if (snap.complete && snap.version >= w.version) { w.resolve(snap); return false; }
      return true;
    });
    if (remaining.length > 0) this.waiters.set(key, remaining);
    else this.waiters.delete(key);
  }

  /** The latest published analysis of a URI, whatever its version. */
  latest(uri: vscode.Uri): AnalysisSnapshot | undefined {
    return this.results.get(uri.toString());
  }

  all(): AnalysisSnapshot[] {
    return [...this.results.values()].sort((a, b) => (a.uri.toString() < b.uri.toString() ? -1 : 1));
  }

  /**
   * The analysis of the document's current text. Waits for the debounced run when one is coming (providers
   * asking after every keystroke must not defeat the debounce); runs now only when nothing is scheduled or
   * running for this version (a document just opened). Resolves undefined when cancelled or after the time limit.
   */
  current(doc: vscode.TextDocument, token?: vscode.CancellationToken, timeoutMs = 30000): Promise<AnalysisSnapshot | undefined> {
    const key = doc.uri.toString();
    const have = this.results.get(key);
    if (have && have.version === doc.version && have.complete) return Promise.resolve(have);
    const coming = this.timers.has(key) || this.inFlight.get(key) === doc.version || (have?.version === doc.version);
    if (!coming) this.schedule(doc, 0);
    return new Promise((resolve) => {
      let settled = false;
      const done = (s: AnalysisSnapshot | undefined): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        sub?.dispose();
        resolve(s);
      };
      const timer = setTimeout(() => done(undefined), timeoutMs);
      const sub = token?.onCancellationRequested(() => done(undefined));
      const list = this.waiters.get(key) ?? [];
      list.push({ version: doc.version, resolve: done });
      this.waiters.set(key, list);
    });
  }

  /** Drops what is known about a URI (its editor closed and it is not part of a workspace analysis). */
  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
    this.results.delete(key);
    for (const w of this.waiters.get(key) ?? []) w.resolve(undefined);
    this.waiters.delete(key);
    this.forgetEmitter.fire(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const list of this.waiters.values()) for (const w of list) w.resolve(undefined);
    this.emitter.dispose();
    this.forgetEmitter.dispose();
  }
}
