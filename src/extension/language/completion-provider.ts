/** Completion in model files: adapts core/editor/completion to vscode. */
import * as vscode from 'vscode';
import { schemaNav } from '../../core/editor/model-schema';
import { completions, type CompletionCandidate } from '../../core/editor/completion';
import { emptyIndex } from '../../core/editor/yaml-index';
import type { DocumentAnalyzer } from '../analysis/document-analyzer';
import type { DocumentParseCache } from '../parse-cache';

const KIND: Record<CompletionCandidate['kind'], vscode.CompletionItemKind> = {
  property: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
  reference: vscode.CompletionItemKind.Reference,
  finding: vscode.CompletionItemKind.Issue,
  rule: vscode.CompletionItemKind.Constant,
  mitigation: vscode.CompletionItemKind.Constant,
};

export class CompletionProvider implements vscode.CompletionItemProvider {
  static readonly triggerCharacters = [' ', '@', '[', ','];

  constructor(private readonly analyzer: DocumentAnalyzer, private readonly parses: DocumentParseCache) {}

  provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position, _token: vscode.CancellationToken, context: vscode.CompletionContext): vscode.CompletionItem[] | undefined {
    const text = this.parses.text(doc);
    const offset = doc.offsetAt(position);
    // A space only opens suggestions right after `key: ` (a value follows), not in the middle of free text.
    if (context.triggerKind === vscode.CompletionTriggerKind.TriggerCharacter && context.triggerCharacter === ' ') {
      const line = doc.lineAt(position.line).text.slice(0, position.character);
      if (!/^\s*(- )*[A-Za-z0-9_.-]+:\s$/.test(line)) return undefined;
    }
    // The latest analysis may lag the text by a keystroke or two; ids and findings change rarely while typing.
    const snap = this.analyzer.latest(doc.uri);
    const candidates = completions(text, offset, {
      nav: schemaNav(),
      index: snap?.analysis.index ?? emptyIndex(),
      catalog: snap?.analysis.catalog ?? { rules: [], mitigations: [] },
      findings: (snap?.analysis.findings ?? []).map((f) => ({ id: f.id, title: f.title, severity: f.severity, status: f.status })),
      // The document's parse, shared and kept per version: only the lines around the cursor are parsed again.
      parsed: this.parses.yaml(doc),
    });
    return candidates.map((c) => {
      const item = new vscode.CompletionItem(c.label, KIND[c.kind]);
      item.insertText = new vscode.SnippetString(c.snippet);
      item.range = new vscode.Range(doc.positionAt(c.replace.start), doc.positionAt(c.replace.end));
      item.sortText = c.sortText;
      if (c.detail) item.detail = c.detail;
      if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
      if (c.retrigger) item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest values' };
      return item;
    });
  }
}
