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
