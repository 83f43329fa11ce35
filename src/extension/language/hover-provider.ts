/** Hovers in model files: adapts core/editor/hover to vscode. Waits for the analysis of the text on screen. */
import * as vscode from 'vscode';
import { schemaNav } from '../../core/editor/model-schema';
import { applyFindingSettings } from '../../core/editor/findings-view';
import { hoverAt } from '../../core/editor/hover';
import type { DocumentAnalyzer } from '../analysis/document-analyzer';
import type { DocumentParseCache } from '../parse-cache';
import type { Settings } from '../settings';

export class HoverProvider implements vscode.HoverProvider {
  constructor(private readonly analyzer: DocumentAnalyzer, private readonly settings: () => Settings, private readonly parses: DocumentParseCache) {}

  async provideHover(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const snap = await this.analyzer.current(doc, token);
    if (!snap || token.isCancellationRequested) return undefined;
    // The document's parse, shared and kept per version: a hover parses only the lines around the cursor.
    const result = hoverAt(this.parses.text(doc), doc.offsetAt(position), {
      nav: schemaNav(), index: snap.analysis.index, findings: applyFindingSettings(snap.analysis.findings, this.settings()),
      parsed: this.parses.yaml(doc),
    });
    if (!result) return undefined;
    // Model text is untrusted: no command links, no HTML (escaping happened in core).
    const md = new vscode.MarkdownString(result.markdown, false);
    md.isTrusted = false;
    md.supportHtml = false;
    return new vscode.Hover(md, new vscode.Range(doc.positionAt(result.span.start), doc.positionAt(result.span.end)));
  }
}
