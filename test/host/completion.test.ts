import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, copyFixture, positionOf } from './helpers';

async function complete(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos);
  return list.items;
}

function labels(items: vscode.CompletionItem[]): string[] {
  return items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

suite('completion', () => {
  test('keys of the component kind, with the schema description', async () => {
    const editor = await copyFixture('support-assistant.threatmodel.yaml', 'complete-keys.threatmodel.yaml');
    const doc = editor.document;
    await (await api()).analysisOf(doc.uri);
    const at = positionOf(doc, '    identity: service-account');
    await editor.edit((b) => b.insert(at, '    \n'));
    const items = await complete(doc, new vscode.Position(at.line, 4));
    const names = labels(items);
    for (const k of ['maxIterations', 'delegatesTo', 'auditLogged', 'memory']) assert.ok(names.includes(k), `${k} missing from ${names.join(', ')}`);
    assert.ok(!names.includes('autonomy'), 'keys already present are not offered again');
    assert.ok(!names.includes('effects'), 'tool keys are not offered on an agent');
    const doc1 = items.find((i) => i.label === 'maxIterations')!.documentation as vscode.MarkdownString;
    assert.ok(doc1.value.length > 10, 'has the schema description');
  });

  test('enum values and ids of the right kind', async () => {
    const editor = await copyFixture('support-assistant.threatmodel.yaml', 'complete-values.threatmodel.yaml');
    const doc = editor.document;
    await (await api()).analysisOf(doc.uri);
    const values = labels(await complete(doc, positionOf(doc, 'autonomy: autonomous', 0, 'autonomy: '.length)));
    assert.deepStrictEqual(['suggest-only', 'human-in-the-loop', 'supervised', 'autonomous'].filter((v) => values.includes(v)).length, 4, values.join(', '));
    const tools = await complete(doc, positionOf(doc, 'tools: [ticket-search, send-email]', 0, 'tools: ['.length));
    const first = tools.sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1)).map((i) => i.label);
    assert.ok(first.indexOf('ticket-search') >= 0 || first.indexOf('send-email') >= 0, first.join(', '));
    const model = labels(await complete(doc, positionOf(doc, 'model: llm', 0, 'model: '.length)));
    assert.deepStrictEqual(model, ['llm'], 'an agent\'s model can only be a model endpoint');
    const boundary = labels(await complete(doc, positionOf(doc, 'boundary: cloud', 0, 'boundary: '.length)));
    assert.deepStrictEqual([...boundary].sort(), ['cloud', 'internet', 'vendor']);
  });

  test('finding ids as tracking keys', async () => {
    const editor = await copyFixture('support-assistant.threatmodel.yaml', 'complete-tracking.threatmodel.yaml');
    const doc = editor.document;
    await editor.edit((b) => b.insert(doc.positionAt(doc.getText().length), '\ntracking:\n  \n'));
    await (await api()).analysisOf(doc.uri);
    const items = labels(await complete(doc, new vscode.Position(doc.lineCount - 2, 2)));
    assert.ok(items.includes('AGENT-TOOL-EXFILTRATION-CHAIN@assistant'), items.join(', '));
  });
});
