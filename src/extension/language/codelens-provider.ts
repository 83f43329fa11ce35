/** "3 open threats (1 high)" above each component; a click opens the Threats view filtered to it. */
import * as vscode from 'vscode';
import { applyFindingSettings, lensTitle } from '../../core/editor/findings-view';
import type { DocumentAnalyzer } from '../analysis/document-analyzer';
import type { Settings } from '../settings';

export class CodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly analyzer: DocumentAnalyzer, private readonly settings: () => Settings) {
    this.sub = analyzer.onDidAnalyze(() => this.changed.fire());
  }

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!this.settings().codeLens) return [];
    const snap = await this.analyzer.current(doc, token);
    if (!snap || token.isCancellationRequested) return [];
    const findings = applyFindingSettings(snap.analysis.findings, this.settings());
    const byElement = new Map<string, typeof findings>();
    for (const f of findings) {
      const list = byElement.get(f.elementId) ?? [];
      list.push(f);
      byElement.set(f.elementId, list);
    }
    const lenses: vscode.CodeLens[] = [];
    // From the resolved model (no editor index needed): one lens on the first line of each component's item.
    for (const [id, e] of Object.entries(snap.analysis.elements).sort(([, a], [, b]) => a.line - b.line)) {
      if (!e.component) continue;
      lenses.push(new vscode.CodeLens(new vscode.Range(e.line, 0, e.line, 0), {
        title: `${lensTitle(byElement.get(id) ?? [])}${snap.analysis.stale ? ' (stale: fix the YAML error)' : ''}`,
        command: 'threatmodel.showThreatsFor',
        arguments: [doc.uri, id],
        tooltip: `Show the threats of '${id}' in the Threats view`,
      }));
    }
    return lenses;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
