/**
 * Conversions between the engine's plain, LSP-shaped data and vscode types. The only place that knows both.
 */
import * as vscode from 'vscode';
import type { Range } from '../core/problem';
import type { TextEditData } from '../core/editor/rename';

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function fromRange(r: vscode.Range): Range {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

/** Edits computed against a document's text, as one undoable WorkspaceEdit. */
export function toWorkspaceEdit(uri: vscode.Uri, edits: readonly TextEditData[], label?: string): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  const meta = label ? { label, needsConfirmation: false } : undefined;
  for (const e of edits) {
    if (meta) we.replace(uri, toRange(e.range), e.newText, meta);
    else we.replace(uri, toRange(e.range), e.newText);
  }
  return we;
}

/** The file name the engine reports problems under for a document. */
export function engineFileName(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}

/** Schemes of documents a user edits; diff views, SCM and conflict editors show other copies of a model. */
export const EDITABLE_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-userdata', 'memfs']);

export function isModelDocument(doc: vscode.TextDocument): boolean {
  return EDITABLE_SCHEMES.has(doc.uri.scheme) && (doc.languageId === 'threatmodel' || /\.threatmodel\.ya?ml$/i.test(doc.uri.path));
}
