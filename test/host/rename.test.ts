import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, copyFixture, positionOf } from './helpers';

suite('navigation and rename', () => {
  test('go to definition and find references of an element id', async () => {
    const { document: doc } = await copyFixture('support-assistant.threatmodel.yaml', 'nav.threatmodel.yaml');
    await (await api()).analysisOf(doc.uri);
    const defs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', doc.uri, positionOf(doc, 'from: api', 0, 6));
    assert.strictEqual(defs.length, 1);
    assert.strictEqual(doc.lineAt(defs[0]!.range.start.line).text.trim(), '- id: api');
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, positionOf(doc, '- id: api', 0, 6));
    assert.strictEqual(refs.length, 3, refs.map((r) => `${r.range.start.line}`).join(','));
  });

  test('rename updates the declaration, every reference and tracking keys, as one undoable edit', async () => {
    const editor = await copyFixture('support-assistant.threatmodel.yaml', 'rename.threatmodel.yaml');
    const doc = editor.document;
    await editor.edit((b) => b.insert(doc.positionAt(doc.getText().length),
      '\ntracking:\n  AGENT-UNBOUNDED-ITERATIONS@assistant:\n    status: in-progress\n  FLOW-X@api@api->assistant:\n    status: open\n'));
    await (await api()).analysisOf(doc.uri);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, positionOf(doc, '- id: assistant', 0, 7), 'support-agent');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const text = doc.getText();
    assert.ok(!/\bassistant\b/.test(text.replace(/Support assistant/g, '')), text);
    assert.ok(text.includes('- id: support-agent') && text.includes('to: support-agent'));
    assert.ok(text.includes('AGENT-UNBOUNDED-ITERATIONS@support-agent:') && text.includes('FLOW-X@api@api->support-agent:'));
    await vscode.commands.executeCommand('undo');
    assert.ok(doc.getText().includes('- id: assistant'), 'undo restores');
  });

  test('rename refuses an id that is taken', async () => {
    const { document: doc } = await copyFixture('support-assistant.threatmodel.yaml', 'rename-taken.threatmodel.yaml');
    await (await api()).analysisOf(doc.uri);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', doc.uri, positionOf(doc, '- id: assistant', 0, 7), 'llm')),
      /already used/,
    );
  });
});
