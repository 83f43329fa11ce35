/** The status bar item: open findings by severity for the model in the active editor. Click: Threats view. */
import * as vscode from 'vscode';
import { applyFindingSettings, severityCounts, statusText } from '../core/editor/findings-view';
import type { DocumentAnalyzer } from './analysis/document-analyzer';
import { isModelDocument } from './convert';
import type { Settings } from './settings';

export class StatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('threatmodel.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subs: vscode.Disposable[];

  constructor(private readonly analyzer: DocumentAnalyzer, private readonly settings: () => Settings) {
    this.item.name = 'AI Threat Model';
    this.item.command = 'threatmodel.threats.focus';
    this.subs = [
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      analyzer.onDidAnalyze(() => this.update()),
    ];
    this.update();
  }

  update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !isModelDocument(doc)) {
      this.item.hide();
      return;
    }
    const snap = this.analyzer.latest(doc.uri);
    if (!snap) {
      this.item.text = '$(sync~spin) threats';
      this.item.tooltip = 'Analysing the threat model…';
      this.item.show();
      return;
    }
    const findings = applyFindingSettings(snap.analysis.findings, this.settings());
    const c = severityCounts(findings);
    const errors = snap.analysis.problems.filter((p) => p.severity === 'error').length;
    const stale = snap.analysis.stale === true;
    this.item.text = stale ? `$(warning) ${statusText(findings)} (stale)` : `$(shield) ${statusText(findings)}`;
    this.item.tooltip = (stale ? 'The YAML has a syntax error (see the Problems panel): these are the threats of the last version that parsed.\n' : '') +
      `Open threats in this model: ${c.total} (${c.critical} critical, ${c.high} high, ${c.medium} medium, ${c.low} low)` +
      `${errors > 0 ? `\n${errors} model error${errors === 1 ? '' : 's'}: see the Problems panel` : ''}\nClick to open the Threats view.`;
    this.item.backgroundColor = c.critical > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : c.high > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.item.dispose();
  }
}
