import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, openDoc, workspaceUri } from './helpers';

suite('export', () => {
  test('Export writes every format next to the model, whole, with no temporary file left', async () => {
    const { document: doc } = await openDoc('support-assistant.threatmodel.yaml');
    await api();
    const folder = workspaceUri('exports');
    await vscode.workspace.fs.createDirectory(folder);
    for (const [format, name] of [['csv', 'r.csv'], ['xlsx', 'r.xlsx'], ['json', 'r.json'], ['md', 'c.md'], ['sarif', 'f.sarif'], ['html', 'r.html']] as const) {
      const target = vscode.Uri.joinPath(folder, name);
      const written = await vscode.commands.executeCommand<vscode.Uri>('threatmodel.export', doc.uri, format, target);
      assert.strictEqual(written?.toString(), target.toString(), `${format}: command returned the target`);
      const bytes = await vscode.workspace.fs.readFile(target);
      assert.ok(bytes.length > 500, `${format}: ${bytes.length} bytes`);
    }
    const text = (name: string) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, name)).then((b) => new TextDecoder().decode(b));
    const csv = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'r.csv'));
    assert.deepStrictEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'CSV starts with a UTF-8 byte-order mark');
    assert.match(await text('r.csv'), /^ID,Priority,Risk Description/); // TextDecoder drops the BOM
    assert.strictEqual(JSON.parse(await text('f.sarif')).version, '2.1.0');
    assert.match(await text('r.html'), /<svg xmlns/);
    assert.match(await text('c.md'), /- \[ \] `M-/);
    const xlsx = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'r.xlsx'));
    assert.strictEqual(String.fromCharCode(xlsx[0]!, xlsx[1]!), 'PK');
    const left = (await vscode.workspace.fs.readDirectory(folder)).map(([n]) => n).filter((n) => n.endsWith('.tmp'));
    assert.deepStrictEqual(left, []);
  });

  test('Export of a model with errors fails with a message and writes nothing', async () => {
    const { document: doc } = await openDoc('broken.threatmodel.yaml');
    const target = workspaceUri('exports', 'broken.csv');
    const result = await vscode.commands.executeCommand('threatmodel.export', doc.uri, 'csv', target);
    assert.strictEqual(result, undefined);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(target)));
  });
});
