import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, copyFixture } from './helpers';

suite('security tests', () => {
  test('Generate Security Tests writes the promptfoo suite beside the model and keeps the team\'s config on regeneration', async () => {
    const { document: doc } = await copyFixture('support-assistant.threatmodel.yaml', 'sectests.threatmodel.yaml');
    await api();
    const folder = vscode.Uri.joinPath(doc.uri, '..', 'security-tests');
    const read = (name: string) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, name)).then((b) => new TextDecoder().decode(b));
    const first = await vscode.commands.executeCommand<{ cases: number; written: string[]; kept: string[] }>('threatmodel.generateSecurityTests', doc.uri);
    assert.ok(first && first.cases > 0, `cases: ${first?.cases}`);
    assert.deepStrictEqual(first.written.sort(), ['promptfooconfig.yaml', 'threatmodel.tests.yaml']);
    assert.match(await read('threatmodel.tests.yaml'), /findingId: MODEL-DIRECT-PROMPT-INJECTION@llm/);

    // The team points the config at their endpoint; regenerating must not lose that.
    const edited = (await read('promptfooconfig.yaml')).replace(/url: \S+/, 'url: https://chat.example.test/api');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'promptfooconfig.yaml'), new TextEncoder().encode(edited));
    const again = await vscode.commands.executeCommand<{ written: string[]; kept: string[] }>('threatmodel.generateSecurityTests', doc.uri);
    assert.deepStrictEqual(again?.kept, ['promptfooconfig.yaml']);
    assert.strictEqual(await read('promptfooconfig.yaml'), edited);
  });
});
