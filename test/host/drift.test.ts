/**
 * Drift in the editor: an MCP server configured in the workspace that the open model does not declare is a
 * warning on the model, with the configuration line as related information; the quick fix adds it (one
 * undoable edit) and the warning goes away. The configuration is removed afterwards, so other files' tests
 * see a workspace without AI parts again.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, closeAll, codeOf, waitForDiagnostics, workspaceUri, writeModel } from './helpers';

const DRIFT = 'threatmodel drift';
const CONFIG = ['drift-repo', '.mcp.json'];

const driftOf = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === DRIFT);

suite('drift', () => {
  suiteTeardown(async () => {
    await vscode.workspace.fs.delete(workspaceUri(...CONFIG)).then(undefined, () => undefined);
    await closeAll();
  });

  test('an undeclared MCP server is a warning on the model; the quick fix adds it, undo takes it back', async () => {
    await api();
    await vscode.workspace.fs.createDirectory(workspaceUri('drift-repo'));
    await vscode.workspace.fs.writeFile(workspaceUri(...CONFIG), new TextEncoder().encode(
      '{\n  "mcpServers": {\n    "tickets": { "command": "npx", "env": { "TICKETS_TOKEN": "not-a-real-token" } }\n  }\n}\n'));
    const { document: doc } = await writeModel('drift.threatmodel.yaml',
      '# drift test\nthreatmodel: 1\nsystem:\n  name: Drift\ncomponents:\n  - id: web\n    kind: service\n');
    const original = doc.getText();

    const [warning] = await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => d.source === DRIFT && codeOf(d) === 'TM-DRIFT-MISSING'), 'drift warning', 20000)
      .then(() => driftOf(doc.uri));
    assert.ok(warning);
    assert.strictEqual(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(warning.range.start.line, 4, 'on components:');
    const related = warning.relatedInformation ?? [];
    assert.strictEqual(related.length, 1);
    assert.ok(related[0]!.location.uri.path.endsWith('/drift-repo/.mcp.json'), related[0]!.location.uri.toString());
    assert.strictEqual(related[0]!.location.range.start.line, 2);
    assert.ok(!related[0]!.message.includes('not-a-real-token'));

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, warning.range, vscode.CodeActionKind.QuickFix.value);
    const add = actions.find((a) => a.title === "Add mcp-server for MCP server 'tickets' to the model");
    assert.ok(add?.edit, `actions: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(add.edit));
    assert.ok(doc.getText().includes('  - id: tickets-mcp\n    name: tickets\n    kind: mcp-server\n    transport: stdio\n'), doc.getText());
    await waitForDiagnostics(doc.uri, (ds) => !ds.some((d) => d.source === DRIFT && codeOf(d) === 'TM-DRIFT-MISSING'), 'drift resolved', 20000);

    await vscode.commands.executeCommand('undo');
    assert.strictEqual(doc.getText(), original, 'one undo restores the model');
    await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => d.source === DRIFT && codeOf(d) === 'TM-DRIFT-MISSING'), 'drift back after undo', 20000);
  });
});
