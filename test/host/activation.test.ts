import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, EXTENSION_ID, openDoc } from './helpers';

suite('activation', () => {
  test('opening a model activates the extension and sets the language', async () => {
    const editor = await openDoc('support-assistant.threatmodel.yaml');
    assert.strictEqual(editor.document.languageId, 'threatmodel');
    const a = await api();
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    assert.ok(a.activationMs >= 0);
    console.log(`[host]   activation took ${a.activationMs.toFixed(1)} ms`);
  });

  test('the workspace is untrusted and the extension still runs', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
  });
});
