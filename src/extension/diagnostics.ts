/**
 * Publishes each analysis to the Problems panel: the engine's problems, and the open findings after the
 * user's severity settings. Every diagnostic carries its code with a link to its documentation (problem codes
 * to docs/problems.md, rule ids to docs/catalog.md), and findings point at the other elements on their path.
 * Keeps what each diagnostic came from, so quick fixes can find the finding or problem behind it.
 */
import * as vscode from 'vscode';
import { isOpen, type Finding } from '../core/engine/types';
import { applyFindingSettings, diagnosticLevel, diagnosticMessage, relatedElements } from '../core/editor/findings-view';
import type { Problem } from '../core/problem';
import type { AnalysisSnapshot, DocumentAnalyzer } from './analysis/document-analyzer';
import { engineFileName, toRange } from './convert';
import type { Settings } from './settings';

export const DIAGNOSTIC_SOURCE = 'threatmodel';
/**
 * Threats carry their own source, so the Problems panel tells a broken model ("threatmodel") from the threats of
 * a valid one ("threatmodel threat"), and its filter box can show either alone.
 */
export const THREAT_SOURCE = 'threatmodel threat';

export type DiagnosticOrigin = { problem: Problem } | { finding: Finding };

function key(code: string, range: vscode.Range, message: string): string {
  return `${code}|${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}|${message}`;
}

function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : String(c ?? '');
}

const PROBLEM_LEVEL: Record<Problem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};
const FINDING_LEVEL = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
} as const;

/** GitHub's heading anchor for `### RULE-ID`. */
export function ruleDocsUri(extensionUri: vscode.Uri, ruleId: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'docs', 'catalog.md').with({ fragment: ruleId.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-') });
}

export function problemDocsUri(extensionUri: vscode.Uri, code: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'docs', 'problems.md').with({ fragment: code });
}

export class DiagnosticsPublisher implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly origins = new Map<string, Map<string, DiagnosticOrigin>>();
  /** Other files (catalog rule files) that got diagnostics from a model's analysis. */
  private readonly spill = new Map<string, vscode.Uri[]>();
  private readonly subs: vscode.Disposable[];

  constructor(
    analyzer: DocumentAnalyzer,
    private readonly settings: () => Settings,
    private readonly extensionUri: vscode.Uri,
  ) {
    this.subs = [
      analyzer.onDidAnalyze((s) => this.publish(s)),
      analyzer.onDidForget((uri) => this.clear(uri)),
    ];
  }

  /** Re-applies settings to every published analysis. */
  refresh(snapshots: readonly AnalysisSnapshot[]): void {
    for (const s of snapshots) this.publish(s);
  }

  publish(snap: AnalysisSnapshot): void {
    const uri = snap.uri;
    const own = engineFileName(uri);
    const origins = new Map<string, DiagnosticOrigin>();
    const byFile = new Map<string, vscode.Diagnostic[]>([[uri.toString(), []]]);
    const elsewhere = new Map<string, vscode.Uri>();
    for (const p of snap.analysis.problems) {
      const d = new vscode.Diagnostic(toRange(p.range), p.message, PROBLEM_LEVEL[p.severity] ?? vscode.DiagnosticSeverity.Error);
      d.source = DIAGNOSTIC_SOURCE;
      d.code = { value: p.code, target: problemDocsUri(this.extensionUri, p.code) };
      if (p.related?.length) {
        d.relatedInformation = p.related.map((r) => new vscode.DiagnosticRelatedInformation(
          new vscode.Location(r.file === own ? uri : fileUri(r.file), toRange(r.range)), r.message));
      }
      const target = p.file === own || p.file === '' ? uri : fileUri(p.file);
      if (target.toString() !== uri.toString()) elsewhere.set(target.toString(), target);
      const list = byFile.get(target.toString()) ?? [];
      list.push(d);
      byFile.set(target.toString(), list);
      if (target.toString() === uri.toString()) origins.set(key(p.code, d.range, d.message), { problem: p });
    }
    const elements = snap.analysis.elements;
    for (const f of applyFindingSettings(snap.analysis.findings, this.settings())) {
      if (!isOpen(f)) continue;
      const d = new vscode.Diagnostic(toRange(f.range), diagnosticMessage(f), FINDING_LEVEL[diagnosticLevel(f.severity)]);
      d.source = THREAT_SOURCE;
      d.code = { value: f.ruleId, target: ruleDocsUri(this.extensionUri, f.ruleId) };
      const related: vscode.DiagnosticRelatedInformation[] = [];
      for (const id of relatedElements(f)) {
        const at = elements[id];
        if (!at) continue;
        related.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(at.range)), `on the path: ${at.kind} '${id}'`));
      }
      if (related.length > 0) d.relatedInformation = related;
      byFile.get(uri.toString())!.push(d);
      origins.set(key(f.ruleId, d.range, d.message), { finding: f });
    }
    for (const old of this.spill.get(uri.toString()) ?? []) if (!elsewhere.has(old.toString())) this.collection.delete(old);
    this.spill.set(uri.toString(), [...elsewhere.values()]);
    for (const [file, diags] of byFile) this.collection.set(file === uri.toString() ? uri : elsewhere.get(file)!, diags);
    this.origins.set(uri.toString(), origins);
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
    for (const other of this.spill.get(uri.toString()) ?? []) this.collection.delete(other);
    this.spill.delete(uri.toString());
    this.origins.delete(uri.toString());
  }

  /** What a diagnostic (as VS Code hands it back, a copy) was made from. */
  originOf(uri: vscode.Uri, d: vscode.Diagnostic): DiagnosticOrigin | undefined {
    if (d.source !== DIAGNOSTIC_SOURCE && d.source !== THREAT_SOURCE) return undefined;
    return this.origins.get(uri.toString())?.get(key(codeOf(d), d.range, d.message));
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.collection.dispose();
  }
}

function fileUri(file: string): vscode.Uri {
  return /^[A-Za-z][A-Za-z0-9+.-]+:\/\//.test(file) ? vscode.Uri.parse(file) : vscode.Uri.file(file);
}
