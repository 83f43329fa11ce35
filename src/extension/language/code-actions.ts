/**
 * Quick fixes: did-you-mean replacements (unknown references, misspelt keys and values), "Add missing
 * component" for a dangling reference, and for each threat: state the safeguard the rule reads (a design fix,
 * when the rule has one), accept the risk, mark it mitigated, suppress it.
 */
import * as vscode from 'vscode';
import { addElement, kindForReference, setElementProperty } from '../../core/editor/yaml-edits';
import { findDeclaration, type ElementSection, type ModelIndex } from '../../core/editor/yaml-index';
import type { DocumentAnalyzer } from '../analysis/document-analyzer';
import { toRange, toWorkspaceEdit } from '../convert';
import type { DiagnosticsPublisher } from '../diagnostics';
import { isTestable } from '../../core/tests/index';

const SECTION_FOR: Partial<Record<string, { section: ElementSection; noun: string }>> = {
  component: { section: 'components', noun: 'component' },
  data: { section: 'data', noun: 'data asset' },
  boundary: { section: 'boundaries', noun: 'boundary' },
  provider: { section: 'providers', noun: 'provider' },
};

const SEVERITY_RANK: Record<string, number> = { low: 1, medium: 2, high: 3, critical: 4 };

export class CodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  /** Design fixes offered but not yet resolved into an edit. */
  private readonly pendingFixes = new WeakMap<vscode.CodeAction, { doc: vscode.TextDocument; elementId: string; property: string; value: boolean }>();

  constructor(private readonly analyzer: DocumentAnalyzer, private readonly diagnostics: DiagnosticsPublisher) {}

  resolveCodeAction(action: vscode.CodeAction): vscode.CodeAction {
    const p = this.pendingFixes.get(action);
    if (!p) return action;
    const edit = setElementProperty(p.doc.getText(), p.elementId, p.property, p.value);
    if ('edits' in edit) action.edit = toWorkspaceEdit(p.doc.uri, edit.edits);
    return action;
  }

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, ctx: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const out: vscode.CodeAction[] = [];
    const snap = await this.analyzer.current(doc, token);
    if (!snap || token.isCancellationRequested) return out;
    // Threat actions worst first (a critical finding's actions before a medium's), each finding's three together;
    // model problems' fixes keep the order VS Code gave.
    const withOrigin = ctx.diagnostics.map((d) => ({ d, origin: this.diagnostics.originOf(doc.uri, d) }));
    const rank = (o: (typeof withOrigin)[number]['origin']): number => (o && 'finding' in o ? SEVERITY_RANK[o.finding.severity] ?? 0 : 9);
    withOrigin.sort((a, b) => rank(b.origin) - rank(a.origin)
      || (a.origin && 'finding' in a.origin && b.origin && 'finding' in b.origin ? (a.origin.finding.id < b.origin.finding.id ? -1 : 1) : 0));
    for (const { d, origin } of withOrigin) {
      if (!origin) continue;
      if ('finding' in origin) {
        const f = origin.finding;
        // First the fix that changes the design: state the safeguard whose absence the rule reads.
        const fix = snap.analysis.catalog.rules.find((r) => r.id === f.ruleId)?.fix;
        if (fix && findDeclaration(snap.analysis.index, f.elementId)) {
          // The edit is computed when the fix is chosen (resolveCodeAction): light-bulb queries run on every
          // cursor move and must not re-parse the whole file per finding.
          const a = new vscode.CodeAction(`Set ${fix.property}: ${fix.value} on '${f.elementId}' (${f.ruleId})`, vscode.CodeActionKind.QuickFix);
          a.diagnostics = [d];
          this.pendingFixes.set(a, { doc, elementId: f.elementId, ...fix });
          out.push(a);
        }
        for (const [command, title] of [
          ['threatmodel.acceptRisk', 'Accept risk…'],
          ['threatmodel.markMitigated', 'Mark mitigated by control…'],
          ['threatmodel.suppress', 'Suppress with justification…'],
        ] as const) {
          const a = new vscode.CodeAction(`${title} (${f.ruleId} on ${f.elementId})`, vscode.CodeActionKind.QuickFix);
          a.command = { command, title, arguments: [doc.uri, f.id] };
          a.diagnostics = [d];
          out.push(a);
        }
        if (isTestable(f) && (f.status === 'open' || f.status === 'in-progress')) {
          const t = new vscode.CodeAction(`Generate security tests (promptfoo) for this model (${f.ruleId} can be tested)`, vscode.CodeActionKind.QuickFix);
          t.command = { command: 'threatmodel.generateSecurityTests', title: 'Generate Security Tests', arguments: [doc.uri] };
          t.diagnostics = [d];
          out.push(t);
        }
        continue;
      }
      const p = origin.problem;
      if (p.suggestion) {
        const a = new vscode.CodeAction(p.suggestion.title ?? `Change to '${p.suggestion.text}'`, vscode.CodeActionKind.QuickFix);
        a.edit = toWorkspaceEdit(doc.uri, [{ start: 0, end: 0, range: p.suggestion.range, newText: p.suggestion.text }]);
        a.diagnostics = [d];
        a.isPreferred = true;
        out.push(a);
      }
      if (p.code === 'TM-REF-UNKNOWN') {
        const add = this.addMissing(doc, snap.analysis.index, d);
        if (add) { add.diagnostics = [d]; out.push(add); }
      }
    }
    return out;
  }

  private addMissing(doc: vscode.TextDocument, index: ModelIndex, d: vscode.Diagnostic): vscode.CodeAction | undefined {
    const ref = index.references.find((r) => toRange(r.span.range).intersection(d.range) !== undefined && !findDeclaration(index, r.id));
    const target = ref ? SECTION_FOR[ref.kind] : undefined;
    if (!ref || !target) return undefined;
    const kind = target.section === 'components' ? kindForReference(ref.property) : undefined;
    const result = addElement(doc.getText(), index, target.section, ref.id, kind);
    if ('error' in result) return undefined;
    const a = new vscode.CodeAction(`Add missing ${target.noun} '${ref.id}'${kind ? ` (${kind})` : ''}`, vscode.CodeActionKind.QuickFix);
    a.edit = toWorkspaceEdit(doc.uri, result.edits);
    return a;
  }
}
