/**
 * Helpers for extension-host tests (runtime: VS Code extension host). Waits are on VS Code events with a
 * time limit, never fixed sleeps.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ThreatModelApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'tmac.ai-threatmodel';

/** The extension's API, activating it if needed. */
export async function api(): Promise<ThreatModelApi> {
  const ext = vscode.extensions.getExtension<ThreatModelApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
  return ext.isActive ? ext.exports : ext.activate();
}

/** The workspace folder the tests run in (a fresh copy of e2e/workspace). */
export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need an open workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function openDoc(...segments: string[]): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(...segments));
  return vscode.window.showTextDocument(doc);
}

/** Resolves with the first value `check` returns that is not undefined, re-checking on each event. */
export function waitFor<T>(
  what: string,
  event: vscode.Event<unknown>,
  check: () => T | undefined,
  timeoutMs = 15000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const first = check();
    if (first !== undefined) return resolve(first);
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)); }, timeoutMs);
    const sub = event(() => {
      const v = check();
      if (v !== undefined) { clearTimeout(timer); sub.dispose(); resolve(v); }
    });
  });
}

/** Waits until the diagnostics of uri satisfy the predicate, and returns them. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (d: readonly vscode.Diagnostic[]) => boolean,
  what = 'diagnostics',
  timeoutMs = 15000,
): Promise<readonly vscode.Diagnostic[]> {
  return waitFor(what, vscode.languages.onDidChangeDiagnostics, () => {
    const d = vscode.languages.getDiagnostics(uri);
    return predicate(d) ? d : undefined;
  }, timeoutMs);
}

/** A fresh copy of a workspace fixture under a new name (tests that edit never touch the shared fixtures). */
export async function copyFixture(fixture: string, name: string): Promise<vscode.TextEditor> {
  const bytes = await vscode.workspace.fs.readFile(workspaceUri(fixture));
  const target = workspaceUri('scratch', name);
  await vscode.workspace.fs.createDirectory(workspaceUri('scratch'));
  await vscode.workspace.fs.writeFile(target, bytes);
  const doc = await vscode.workspace.openTextDocument(target);
  return vscode.window.showTextDocument(doc);
}

/** Writes a new model file into the workspace's scratch folder and opens it. */
export async function writeModel(name: string, text: string): Promise<vscode.TextEditor> {
  const target = workspaceUri('scratch', name);
  await vscode.workspace.fs.createDirectory(workspaceUri('scratch'));
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(target);
  return vscode.window.showTextDocument(doc);
}

/** The position of the n-th occurrence (0-based) of text in the document, offset by `delta` characters. */
export function positionOf(doc: vscode.TextDocument, text: string, nth = 0, delta = 0): vscode.Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = doc.getText().indexOf(text, at + 1);
    assert.ok(at >= 0, `'${text}' (occurrence ${nth}) not found in ${doc.uri.path}`);
  }
  return doc.positionAt(at + delta);
}

/** Diagnostics of ours (source threatmodel for model problems, threatmodel threat for findings) for a document, after its current version was analysed. */
export async function diagnosticsOf(doc: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
  await (await api()).analysisOf(doc.uri);
  return vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'threatmodel' || d.source === 'threatmodel threat');
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code ?? '');
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

/** Closes every editor without saving (tests leave no dirty state behind for the next file). */
export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
