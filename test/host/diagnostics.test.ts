import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, codeOf, copyFixture, diagnosticsOf, openDoc, waitForDiagnostics, workspaceUri } from './helpers';

suite('diagnostics', () => {
  test('model problems appear at their exact ranges with codes linking to their documentation', async () => {
    const { document: doc } = await openDoc('broken.threatmodel.yaml');
    const diags = await diagnosticsOf(doc);
    const unknown = diags.find((d) => d.message.includes("'serach'"));
    assert.ok(unknown, `no diagnostic for 'serach' in ${diags.map((d) => d.message).join(' | ')}`);
    assert.strictEqual(codeOf(unknown), 'TM-REF-UNKNOWN');
    assert.deepStrictEqual([unknown.range.start.line, unknown.range.start.character, unknown.range.end.character], [9, 12, 18]);
    assert.strictEqual(unknown.severity, vscode.DiagnosticSeverity.Error);
    // A broken model's problems and a model's threats have their own sources: the Problems panel keeps them apart.
    assert.strictEqual(unknown.source, 'threatmodel');
    const target = (unknown.code as { target: vscode.Uri }).target;
    assert.ok(target.path.endsWith('/docs/problems.md') && target.fragment === 'TM-REF-UNKNOWN', target.toString());
    const key = diags.find((d) => codeOf(d) === 'TM-SCHEMA-UNKNOWN-PROPERTY');
    assert.ok(key && key.message.includes('efects'), 'misspelt key reported');
  });

  test('open findings appear with the rule id linking to the catalog and related path elements', async () => {
    const { document: doc } = await openDoc('support-assistant.threatmodel.yaml');
    const diags = await diagnosticsOf(doc);
    const exfil = diags.find((d) => codeOf(d) === 'AGENT-TOOL-EXFILTRATION-CHAIN');
    assert.ok(exfil, `no exfiltration finding among ${diags.map(codeOf).join(', ')}`);
    // The finding sits on the agent's id.
    assert.strictEqual(doc.getText(exfil.range), 'assistant');
    assert.strictEqual(exfil.source, 'threatmodel threat');
    assert.ok(/^(CRITICAL|HIGH|MEDIUM|LOW): Agent can be steered/.test(exfil.message), exfil.message);
    const target = (exfil.code as { target: vscode.Uri }).target;
    assert.ok(target.path.endsWith('/docs/catalog.md') && target.fragment === 'agent-tool-exfiltration-chain', target.toString());
    const related = (exfil.relatedInformation ?? []).map((r) => doc.getText(r.location.range));
    assert.deepStrictEqual(related, ['customer', 'web-app', 'api']);
  });

  test('settings: minimum severity hides lower findings, per-rule override changes severity', async () => {
    const { document: doc } = await openDoc('support-assistant.threatmodel.yaml');
    const config = vscode.workspace.getConfiguration('threatmodel');
    try {
      await config.update('findings.minimumSeverity', 'critical', vscode.ConfigurationTarget.Global);
      let diags = await waitForDiagnostics(doc.uri, (d) => !d.some((x) => /^(HIGH|MEDIUM|LOW): /.test(x.message)), 'lower findings hidden');
      const critical = (await (await api()).analysisOf(doc.uri))!.findings.filter((f) => f.severity === 'critical' && f.status === 'open');
      assert.strictEqual(diags.filter((d) => d.message.startsWith('CRITICAL: ')).length, critical.length);
      await config.update('findings.severityOverrides', { 'AGENT-UNBOUNDED-ITERATIONS': 'off', 'AGENT-ACTIONS-UNAUDITED': 'low' }, vscode.ConfigurationTarget.Global);
      diags = await waitForDiagnostics(doc.uri, (d) => !d.some((x) => codeOf(x) === 'AGENT-UNBOUNDED-ITERATIONS') && !d.some((x) => codeOf(x) === 'AGENT-ACTIONS-UNAUDITED'), 'overrides applied');
      assert.ok(diags.length > 0);
    } finally {
      await config.update('findings.minimumSeverity', undefined, vscode.ConfigurationTarget.Global);
      await config.update('findings.severityOverrides', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === 'AGENT-UNBOUNDED-ITERATIONS'), 'settings reset');
  });

  test('typing updates the diagnostics (debounced), and only for the latest text', async () => {
    const editor = await copyFixture('support-assistant.threatmodel.yaml', 'typing.threatmodel.yaml');
    const doc = editor.document;
    await diagnosticsOf(doc);
    // Type a misspelt property character by character under the agent.
    const at = doc.positionAt(doc.getText().indexOf('    autonomy: autonomous'));
    await editor.edit((b) => b.insert(at, '    \n'));
    for (const ch of 'maxIteration: 5') {
      const line = doc.lineAt(at.line);
      await editor.edit((b) => b.insert(line.range.end, ch), { undoStopBefore: false, undoStopAfter: false });
    }
    const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => x.message.includes("'maxIteration'")), 'unknown key reported');
    const d = diags.find((x) => x.message.includes("'maxIteration'"))!;
    assert.strictEqual(d.range.start.line, at.line);
    const stats = (await api()).engineStats();
    assert.ok(stats.superseded + stats.completed >= 2, JSON.stringify(stats));
  });
});

suite('settings: catalogs', () => {
  test('a catalog folder from the settings adds its rules to the analysis', async () => {
    const rule = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(
      vscode.extensions.getExtension('tmac.ai-threatmodel')!.extensionUri, 'catalog', 'rules', 'AGENT-ACTIONS-UNAUDITED.yaml')))
      .replace(/^id: .*$/m, 'id: ORG-AGENT-AUDIT').replace(/^title: .*$/m, 'title: Organisation rule on agents');
    const dir = workspaceUri('scratch', 'org-catalog');
    await vscode.workspace.fs.createDirectory(dir);
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, 'ORG-AGENT-AUDIT.yaml'), new TextEncoder().encode(rule));
    const { document: doc } = await openDoc('support-assistant.threatmodel.yaml');
    const config = vscode.workspace.getConfiguration('threatmodel');
    try {
      await config.update('catalogs', ['scratch/org-catalog'], vscode.ConfigurationTarget.Global);
      const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === 'ORG-AGENT-AUDIT'), 'the organisation rule fires');
      assert.ok(diags.find((x) => codeOf(x) === 'ORG-AGENT-AUDIT')!.message.includes('Organisation rule on agents'));
    } finally {
      await config.update('catalogs', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitForDiagnostics(doc.uri, (d) => !d.some((x) => codeOf(x) === 'ORG-AGENT-AUDIT'), 'the rule is gone with the setting');
  });
});
