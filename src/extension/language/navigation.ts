/**
 * Go to definition, find references, rename for element ids (core/editor/rename) and the document symbols
 * of the Outline and breadcrumbs (core/editor/symbols), adapted to vscode.
 */
import * as vscode from 'vscode';
import { occurrences, prepareRename, renameEdits } from '../../core/editor/rename';
import { documentSymbols, type ModelSymbol, type SymbolRole } from '../../core/editor/symbols';
import { findDeclaration, idAt } from '../../core/editor/yaml-index';
import type { DocumentAnalyzer } from '../analysis/document-analyzer';
import { toRange, toWorkspaceEdit } from '../convert';

const SYMBOL_KIND: Record<SymbolRole, vscode.SymbolKind> = {
  section: vscode.SymbolKind.Namespace, component: vscode.SymbolKind.Class, boundary: vscode.SymbolKind.Package,
  data: vscode.SymbolKind.Struct, provider: vscode.SymbolKind.Module, rag: vscode.SymbolKind.Interface,
  flow: vscode.SymbolKind.Event, control: vscode.SymbolKind.Constant, tracking: vscode.SymbolKind.Key,
};

function toSymbol(s: ModelSymbol): vscode.DocumentSymbol {
  const sym = new vscode.DocumentSymbol(s.name, s.detail, SYMBOL_KIND[s.role], toRange(s.range), toRange(s.selectionRange));
  sym.children = s.children.map(toSymbol);
  return sym;
}

export class NavigationProvider implements vscode.DefinitionProvider, vscode.ReferenceProvider, vscode.RenameProvider, vscode.DocumentSymbolProvider {
  constructor(private readonly analyzer: DocumentAnalyzer) {}

  private async index(doc: vscode.TextDocument, token: vscode.CancellationToken) {
    return (await this.analyzer.current(doc, token))?.analysis.index;
  }

  async provideDocumentSymbols(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.DocumentSymbol[]> {
    const index = await this.index(doc, token);
    return index ? documentSymbols(index).map(toSymbol) : [];
  }

  async provideDefinition(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Location | undefined> {
    const index = await this.index(doc, token);
    if (!index) return undefined;
    const at = idAt(index, doc.offsetAt(position));
    const decl = at && at.at !== 'declaration' ? findDeclaration(index, at.id) : undefined;
    return decl ? new vscode.Location(doc.uri, toRange((decl.idSpan ?? decl.span).range)) : undefined;
  }

  async provideReferences(doc: vscode.TextDocument, position: vscode.Position, ctx: vscode.ReferenceContext, token: vscode.CancellationToken): Promise<vscode.Location[]> {
    const index = await this.index(doc, token);
    if (!index) return [];
    const at = idAt(index, doc.offsetAt(position));
    if (!at || (at.at === 'tracking' && at.role === 'rule')) return [];
    return occurrences(index, at.id)
      .filter((o) => ctx.includeDeclaration || o.role !== 'declaration')
      .map((o) => new vscode.Location(doc.uri, toRange(o.span.range)));
  }

  async prepareRename(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<{ range: vscode.Range; placeholder: string }> {
    const index = await this.index(doc, token);
    if (!index) throw new Error('The model is still being analysed; try again in a moment.');
    const r = prepareRename(index, doc.offsetAt(position));
    if ('error' in r) throw new Error(r.error);
    return { range: toRange(r.span.range), placeholder: r.id };
  }

  async provideRenameEdits(doc: vscode.TextDocument, position: vscode.Position, newName: string, token: vscode.CancellationToken): Promise<vscode.WorkspaceEdit> {
    const index = await this.index(doc, token);
    if (!index) throw new Error('The model is still being analysed; try again in a moment.');
    const prep = prepareRename(index, doc.offsetAt(position));
    if ('error' in prep) throw new Error(prep.error);
    const r = renameEdits(index, prep.id, newName.trim());
    if ('error' in r) throw new Error(r.error);
    return toWorkspaceEdit(doc.uri, r.edits);
  }
}
