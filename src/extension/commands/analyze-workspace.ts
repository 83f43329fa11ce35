/**
 * "Analyze workspace": every model file in the workspace, analysed and shown in the Problems panel and the
 * Threats view. Files open in an editor are analysed from the editor's text (unsaved edits count).
 */
import * as vscode from 'vscode';
import type { AnalysisSnapshot, DocumentAnalyzer } from '../analysis/document-analyzer';
import { isOpen } from '../../core/engine/types';

export const MODEL_GLOB = '**/*.threatmodel.{yaml,yml}';

export async function analyzeWorkspace(analyzer: DocumentAnalyzer, token?: vscode.CancellationToken): Promise<AnalysisSnapshot[]> {
  const files = await vscode.workspace.findFiles(MODEL_GLOB, '**/{node_modules,.git,out,dist}/**', 2000, token);
  files.sort((a, b) => (a.toString() < b.toString() ? -1 : 1));
  const results: AnalysisSnapshot[] = [];
  for (const uri of files) {
    if (token?.isCancellationRequested) break;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    let text: string;
    try {
      text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      continue; // deleted meanwhile
    }
    const snap = open ? await analyzer.current(open) : await analyzer.analyzeFile(uri, text);
    if (snap) results.push(snap);
  }
  return results;
}

export function summary(results: readonly AnalysisSnapshot[]): string {
  const open = results.reduce((n, s) => n + s.analysis.findings.filter(isOpen).length, 0);
  const errors = results.reduce((n, s) => n + s.analysis.problems.filter((p) => p.severity === 'error').length, 0);
  return `${results.length} model${results.length === 1 ? '' : 's'} analysed: ${open} open threat${open === 1 ? '' : 's'}` +
    `${errors > 0 ? `, ${errors} model error${errors === 1 ? '' : 's'}` : ''}.`;
}
