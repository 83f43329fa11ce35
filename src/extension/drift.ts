/**
 * Drift in the editor: the workspace folder of each analysed model is discovered (src/core/discover, read
 * through the same Node host as the CLI, only for folders on disk) and the model is matched against it.
 * Drift is published in its own diagnostic collection on the model, with the code lines that show each
 * part as related locations; a quick fix appends the proposed element (one undoable edit).
 * Discovery is cached per folder and dropped when a manifest or MCP configuration changes, so typing in the
 * model re-matches (milliseconds) without walking the repository again.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { nodeDiscoverHost } from '../node/discover-host';
import { discover } from '../core/discover/discover';
import { modelDrift, proposalEdits, proposalFor } from '../core/discover/editor';
import type { DiscoverResult, Discovery } from '../core/discover/types';
import type { Problem } from '../core/problem';
import type { AnalysisSnapshot, DocumentAnalyzer } from './analysis/document-analyzer';
import { engineFileName, toRange, toWorkspaceEdit } from './convert';
import type { DocumentParseCache } from './parse-cache';
import { problemDocsUri } from './diagnostics';

export const DRIFT_SOURCE = 'threatmodel drift';

/** The files discovery reads: a change to any of them re-discovers the folder. */
const MANIFEST_GLOB = '**/{package.json,package-lock.json,npm-shrinkwrap.json,pnpm-lock.yaml,yarn.lock,requirements*.txt,pyproject.toml,Pipfile,go.mod,Cargo.toml,pom.xml,build.gradle,build.gradle.kts,.mcp.json,mcp.json,claude_desktop_config.json}';

const LEVEL: Record<Problem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class DriftMonitor implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('threatmodel-drift');
  private readonly discovered = new Map<string, DiscoverResult>();
  /** Per model: the discovery behind each published drift diagnostic, by its message. */
  private readonly missing = new Map<string, Map<string, Discovery>>();
  private readonly subs: vscode.Disposable[];
  private readonly latest = new Map<string, AnalysisSnapshot>();

  constructor(private readonly analyzer: DocumentAnalyzer, private readonly extensionUri: vscode.Uri, private readonly log: (line: string) => void,
    private readonly parses: DocumentParseCache) {
    const watcher = vscode.workspace.createFileSystemWatcher(MANIFEST_GLOB);
    const changed = (uri: vscode.Uri): void => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder || !this.discovered.delete(folder.uri.toString())) return;
      for (const snap of this.latest.values()) if (vscode.workspace.getWorkspaceFolder(snap.uri)?.uri.toString() === folder.uri.toString()) this.safeUpdate(snap);
    };
    this.subs = [
      watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed),
      // After the analysis's own listeners (diagnostics first): drift is a second opinion, never on their path.
      analyzer.onDidAnalyze((s) => { this.latest.set(s.uri.toString(), s); setTimeout(() => this.safeUpdate(s), 0); }),
      analyzer.onDidForget((uri) => { this.latest.delete(uri.toString()); this.collection.delete(uri); this.missing.delete(uri.toString()); }),
    ];
  }

  private discoveryOf(folder: vscode.WorkspaceFolder): DiscoverResult {
    const key = folder.uri.toString();
    let r = this.discovered.get(key);
    if (!r) {
      const t0 = Date.now();
      r = discover(nodeDiscoverHost(folder.uri.fsPath));
      this.log(`discovery of ${folder.uri.fsPath}: ${r.discoveries.length} AI parts in ${r.stats.manifests} manifests, ${r.stats.files} files, ${Date.now() - t0} ms`);
      this.discovered.set(key, r);
    }
    return r;
  }

  private safeUpdate(snap: AnalysisSnapshot): void {
    if (this.latest.get(snap.uri.toString()) !== snap) return; // a newer analysis came in
    try {
      this.update(snap);
    } catch (err) {
      this.log(`drift of ${snap.uri.toString()} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private update(snap: AnalysisSnapshot): void {
    const uri = snap.uri;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!folder || folder.uri.scheme !== 'file' || !doc || snap.analysis.problems.some((p) => p.severity === 'error')) {
      this.collection.delete(uri);
      this.missing.delete(uri.toString());
      return;
    }
    const result = this.discoveryOf(folder);
    // A folder without AI parts in its manifests has nothing to compare: no second load of the model.
    if (result.discoveries.length === 0) { this.collection.delete(uri); this.missing.delete(uri.toString()); return; }
    const loaded = this.parses.model(doc, engineFileName(uri));
    if (!loaded.model) { this.collection.delete(uri); return; }
    const drift = modelDrift(loaded.model, result, (p) => join(folder.uri.fsPath, ...p.split('/')), doc.getText());
    const byMessage = new Map<string, Discovery>();
    for (const m of drift.missing) byMessage.set(m.problem.message, m.discovery);
    this.missing.set(uri.toString(), byMessage);
    this.collection.set(uri, drift.problems.map((p) => {
      const d = new vscode.Diagnostic(toRange(p.range), p.message, LEVEL[p.severity]);
      d.source = DRIFT_SOURCE;
      d.code = { value: p.code, target: problemDocsUri(this.extensionUri, p.code) };
      if (p.related?.length) d.relatedInformation = p.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(r.file), toRange(r.range)), r.message));
      return d;
    }));
  }

  /** Quick fixes for drift diagnostics: add the one part, or every missing part at once. */
  async codeActions(doc: vscode.TextDocument, diagnostics: readonly vscode.Diagnostic[], token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const own = diagnostics.filter((d) => d.source === DRIFT_SOURCE);
    const known = this.missing.get(doc.uri.toString());
    if (own.length === 0 || !known) return [];
    const snap = await this.analyzer.current(doc, token);
    const loaded = this.parses.model(doc, engineFileName(doc.uri));
    if (!snap || !loaded.model || token.isCancellationRequested) return [];
    const out: vscode.CodeAction[] = [];
    const action = (title: string, discoveries: Discovery[], diags: vscode.Diagnostic[]): vscode.CodeAction | undefined => {
      const edits = proposalEdits(doc.getText(), snap.analysis.index, proposalFor(loaded.model!, discoveries));
      if ('error' in edits) return undefined;
      const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      a.edit = toWorkspaceEdit(doc.uri, edits.edits, 'Add what discovery found');
      a.diagnostics = diags;
      return a;
    };
    for (const d of own) {
      const discovery = known.get(d.message);
      if (!discovery) continue;
      const a = action(`Add ${discovery.propose!.kind} for ${discovery.title} to the model`, [discovery], [d]);
      if (a) { a.isPreferred = true; out.push(a); }
    }
    if (known.size > 1 && out.length > 0) {
      const all = action(`Add all ${known.size} parts the code has to the model`, [...known.values()], own);
      if (all) out.push(all);
    }
    return out;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.collection.dispose();
  }
}
