/** "3 open threats (1 high)" above each component; a click opens the Threats view filtered to it. */
import * as vscode from 'vscode';
import { applyFindingSettings, lensTitle } from '../../core/editor/findings-view';
import type { DocumentAnalyzer } from '../analysis/document-analyzer';
import { toRange } from '../convert';
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
    for (const d of snap.analysis.index.declarations) {
      if (d.section !== 'components') continue;
      const start = d.span.range.start;
      lenses.push(new vscode.CodeLens(toRange({ start, end: start }), {
        title: lensTitle(byElement.get(d.id) ?? []),
        command: 'threatmodel.showThreatsFor',
        arguments: [doc.uri, d.id],
        tooltip: `Show the threats of '${d.id}' in the Threats view`,
      }));
    }
    return lenses;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
