import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, copyFixture, openDoc, waitFor, workspaceUri } from './helpers';

suite('commands and views', () => {
  test('New threat model from template creates, opens and analyses the file', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('threatmodel.newFromTemplate', 'rag-support-assistant.threatmodel.yaml', 'scratch/new-rag.threatmodel.yaml');
    assert.ok(uri, 'command returned the new file');
    assert.strictEqual(uri.toString(), workspaceUri('scratch', 'new-rag.threatmodel.yaml').toString());
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    const analysis = await (await api()).analysisOf(uri);
    assert.deepStrictEqual(analysis?.problems.filter((p) => p.severity === 'error'), [], 'the template validates');
    assert.ok((analysis?.findings.length ?? 0) > 0, 'the template has findings');
  });

  test('CodeLens above each component counts its open threats and opens the filtered Threats view', async () => {
    const { document: doc } = await openDoc('support-assistant.threatmodel.yaml');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
    const assistantLine = doc.getText().split('\n').findIndex((l) => l.includes('- id: assistant'));
    const lens = lenses.find((l) => l.range.start.line === assistantLine);
    assert.ok(lens?.command, `lenses on lines ${lenses.map((l) => l.range.start.line).join(',')}`);
    assert.match(lens.command.title, /^\d+ open threats \(\d+ (critical|high)/);
    const components = doc.getText().split('\n').filter((l) => /^ {2}- id: /.test(l)).length;
    assert.ok(lenses.length >= 8 && lenses.length <= components, `${lenses.length} lenses`);
    await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
    const view = (await api()).threatsView();
    assert.ok(view.lines.length > 0 && view.lines.every((l) => !/— (llm|api|send-email) ·/.test(l)), view.lines.join('\n'));
    assert.ok(view.lines.some((l) => /— assistant · (critical|high|medium|low)$/.test(l)), view.lines.join('\n'));
    await vscode.commands.executeCommand('threatmodel.threats.clearFilter');
  });

  test('Threats view groups by severity, component and framework', async () => {
    await openDoc('support-assistant.threatmodel.yaml');
    const a = await api();
    await vscode.commands.executeCommand('threatmodel.threats.groupBy', 'component');
    assert.ok(a.threatsView().lines.some((l) => /^\s*assistant \(\d+ open of \d+\)/.test(l)), a.threatsView().lines.join('\n'));
    await vscode.commands.executeCommand('threatmodel.threats.groupBy', 'framework');
    // OWASP LLM Top 10 comes first, each id with its title ("OWASP LLM01:2025 Prompt Injection (1 open)").
    const firstGroup = a.threatsView().lines.find((l) => /^\s*(OWASP|AML\.|CWE-|CoSAI)/.test(l)) ?? '';
    assert.match(firstGroup, /^\s*OWASP LLM0\d:2025 [A-Z]\w+/, a.threatsView().lines.join('\n'));
    await vscode.commands.executeCommand('threatmodel.threats.groupBy', 'severity');
    assert.ok(a.threatsView().lines.some((l) => /^\s*(Critical|High) \(\d+\)/.test(l)), a.threatsView().lines.join('\n'));
  });

  test('Analyze workspace covers every model file; the status bar counts open threats', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const count = await vscode.commands.executeCommand<number>('threatmodel.analyzeWorkspace');
    assert.ok(typeof count === 'number' && count >= 2, `analysed ${count}`);
    const lines = (await api()).threatsView().lines;
    assert.ok(lines.some((l) => l.startsWith('support-assistant.threatmodel.yaml')), lines.join('\n'));
    await openDoc('support-assistant.threatmodel.yaml');
    const text = await waitFor('status bar counts', vscode.window.onDidChangeActiveTextEditor, () => {
      const t = (vscode.extensions.getExtension('tmac.ai-threatmodel')!.exports as { statusBarText(): string | undefined }).statusBarText();
      return t && /\d+ (critical|high|medium|low)/.test(t) ? t : undefined;
    }).catch(async () => (await api()).statusBarText());
    assert.match(text ?? '', /^\$\(shield\) \d+ (critical|high|medium|low)( · \d+ (high|medium|low))*$/);
  });

  test('a command failure becomes a readable message, not an exception', async () => {
    const { document: doc } = await copyFixture('support-assistant.threatmodel.yaml', 'cmd-fail.threatmodel.yaml');
    const result = await vscode.commands.executeCommand('threatmodel.acceptRisk', doc.uri, 'NO-SUCH-RULE@assistant', { owner: 'x', due: '', justification: 'long enough text' });
    assert.strictEqual(result, undefined);
  });
});
