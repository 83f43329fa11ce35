import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, codeOf, copyFixture, diagnosticsOf, waitForDiagnostics, writeModel } from './helpers';

async function actionsAt(doc: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
  // Resolved, as VS Code does when one is chosen (design fixes compute their edit on resolve).
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, range, vscode.CodeActionKind.QuickFix.value, 100);
}

async function apply(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), 'edit applied');
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

suite('quick fixes', () => {
  test('did-you-mean fixes unknown references, enum values and misspelt keys; undo restores the text', async () => {
    const { document: doc } = await copyFixture('broken.threatmodel.yaml', 'fix-typos.threatmodel.yaml');
    const original = doc.getText();
    for (const [needle, fixed] of [["'serach'", 'search'], ["'autonomus'", 'autonomous'], ["'efects'", 'effects']] as const) {
      const diags = await diagnosticsOf(doc);
      const d = diags.find((x) => x.message.includes(needle));
      assert.ok(d, `diagnostic for ${needle} in ${diags.map((x) => x.message).join(' | ')}`);
      const action = (await actionsAt(doc, d.range)).find((a) => a.title === `Change to '${fixed}'`);
      assert.ok(action, `quick fix to '${fixed}'`);
      assert.ok(action.isPreferred);
      await apply(action);
      assert.strictEqual(doc.getText(new vscode.Range(d.range.start, d.range.start.translate(0, fixed.length))), fixed);
    }
    await waitForDiagnostics(doc.uri, (ds) => !ds.some((x) => /serach|autonomus|efects/.test(x.message)), 'typos gone');
    for (let i = 0; i < 3; i++) await vscode.commands.executeCommand('undo');
    assert.strictEqual(doc.getText(), original, 'three undos restore the file');
  });

  test('a tracking entry on a merged-away finding id is renamed to the merged finding\'s id', async () => {
    // The webhook trigger and the tool-output injection on the bot are one payload: one finding, kept under the
    // goal-hijack rule's id; the entry written for the old tool-output id gets TM-TRACKING-MERGED and a rename.
    const { document: doc } = await writeModel('fix-merged.threatmodel.yaml', [
      'threatmodel: 1',
      'system: { name: Release bot, exposure: internet }',
      'components:',
      '  - { id: chat, kind: external-service, contentTrust: untrusted }',
      '  - { id: llm, kind: model-endpoint }',
      '  - { id: bot, kind: agent, model: llm, triggers: [webhook], autonomy: autonomous, tools: [rollback] }',
      '  - { id: rollback, kind: tool, effects: [deploy], approvalRequired: true }',
      'flows:',
      '  - { from: chat, to: bot, encrypted: true, authenticated: true }',
      'tracking:',
      '  PROMPT-INJECTION-INDIRECT-TOOL-OUTPUT@bot:',
      '    status: accepted',
      '    owner: sec-team',
      '    justification: Only staff post in the channel.',
      '',
    ].join('\n'));
    const d = (await diagnosticsOf(doc)).find((x) => codeOf(x) === 'TM-TRACKING-MERGED');
    assert.ok(d, 'TM-TRACKING-MERGED on the entry');
    assert.strictEqual(doc.getText(d.range), 'PROMPT-INJECTION-INDIRECT-TOOL-OUTPUT@bot');
    const actions = await actionsAt(doc, d.range);
    const rename = actions.find((a) => a.title === "Rename tracking entry to 'AGENT-GOAL-HIJACK-UNTRUSTED-TRIGGER@bot' (the merged finding)");
    assert.ok(rename?.edit, `actions: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(rename.isPreferred);
    await apply(rename);
    assert.ok(doc.getText().endsWith('tracking:\n  AGENT-GOAL-HIJACK-UNTRUSTED-TRIGGER@bot:\n    status: accepted\n    owner: sec-team\n    justification: Only staff post in the channel.\n'), doc.getText());
    await waitForDiagnostics(doc.uri, (ds) => !ds.some((x) => codeOf(x) === 'TM-TRACKING-MERGED'), 'the entry now keys the merged finding');
    const a = await (await api()).analysisOf(doc.uri);
    const f = a?.findings.find((x) => x.id === 'AGENT-GOAL-HIJACK-UNTRUSTED-TRIGGER@bot');
    assert.strictEqual(f?.status, 'accepted');
    assert.deepStrictEqual(f?.merged?.map((m) => [m.id, m.status]), [['PROMPT-INJECTION-INDIRECT-TOOL-OUTPUT@bot', 'accepted']]);
  });

  test('"Add missing component" declares a dangling reference', async () => {
    const { document: doc } = await copyFixture('broken.threatmodel.yaml', 'fix-missing.threatmodel.yaml');
    const d = (await diagnosticsOf(doc)).find((x) => x.message.includes("'calendar'"))!;
    const action = (await actionsAt(doc, d.range)).find((a) => a.title.startsWith("Add missing component 'calendar'"));
    assert.ok(action, 'add-missing action offered');
    assert.strictEqual(action.title, "Add missing component 'calendar' (tool)");
    await apply(action);
    assert.ok(/- id: calendar\n\s+kind: tool/.test(doc.getText()), doc.getText());
    await waitForDiagnostics(doc.uri, (ds) => !ds.some((x) => x.message.includes("'calendar'")), 'calendar resolved');
  });

  test('on an element with several threats, the worst finding\'s actions come first, each finding\'s together', async () => {
    const { document: doc } = await copyFixture('support-assistant.threatmodel.yaml', 'fix-order.threatmodel.yaml');
    const a = await (await api()).analysisOf(doc.uri);
    const onAssistant = (a?.findings ?? []).filter((f) => f.elementId === 'assistant' && f.status === 'open');
    assert.ok(onAssistant.length >= 2, `findings on assistant: ${onAssistant.map((f) => f.id).join(', ')}`);
    const line = (await diagnosticsOf(doc)).find((x) => codeOf(x) === onAssistant[0]!.ruleId)!.range;
    const titles = (await actionsAt(doc, line)).map((x) => x.title).filter((t) => / on assistant\)$/.test(t));
    const rank: Record<string, number> = { low: 1, medium: 2, high: 3, critical: 4 };
    const severityOf = (t: string) => rank[onAssistant.find((f) => t.includes(`(${f.ruleId} on`))?.severity ?? 'low']!;
    assert.ok(titles.length >= 6, `several findings' actions at the element: ${titles.join(' | ')}`);
    const ranks = titles.map(severityOf);
    assert.deepStrictEqual(ranks, [...ranks].sort((x, y) => y - x), titles.join(' | '));
    for (let i = 0; i < titles.length; i += 3) {
      const rule = /\((\S+) on assistant\)$/.exec(titles[i]!)![1];
      assert.ok(titles.slice(i, i + 3).every((t) => t.includes(`(${rule} on`)), titles.join(' | '));
    }
  });

  test('a design fix states the safeguard the rule reads; the finding goes, undo brings it back', async () => {
    const { document: doc } = await copyFixture('support-assistant.threatmodel.yaml', 'fix-design.threatmodel.yaml');
    const d = (await diagnosticsOf(doc)).find((x) => codeOf(x) === 'AGENT-ACTIONS-UNAUDITED')!;
    assert.ok(d, 'AGENT-ACTIONS-UNAUDITED fires on the assistant');
    const actions = await actionsAt(doc, d.range);
    const fix = actions.find((a) => a.title === "Set auditLogged: true on 'assistant' (AGENT-ACTIONS-UNAUDITED)");
    assert.ok(fix?.edit, `actions: ${actions.map((a) => a.title).join(' | ')}`);
    const before = doc.getText();
    await apply(fix);
    assert.ok(/- id: assistant\n(    .*\n)*    auditLogged: true\n/.test(doc.getText()), doc.getText().slice(0, 1500));
    await waitForDiagnostics(doc.uri, (ds) => !ds.some((x) => codeOf(x) === 'AGENT-ACTIONS-UNAUDITED'), 'finding closed by the design');
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(doc.getText(), before);
  });

  test('accept risk writes a tracking entry, and the finding is no longer open', async () => {
    const { document: doc } = await copyFixture('support-assistant.threatmodel.yaml', 'fix-accept.threatmodel.yaml');
    const d = (await diagnosticsOf(doc)).find((x) => codeOf(x) === 'AGENT-UNBOUNDED-ITERATIONS')!;
    const actions = await actionsAt(doc, d.range);
    const accept = actions.find((a) => a.title === 'Accept risk… (AGENT-UNBOUNDED-ITERATIONS on assistant)');
    assert.ok(accept?.command, `actions: ${actions.map((a) => a.title).join(' | ')}`);
    await vscode.commands.executeCommand(accept.command.command, ...(accept.command.arguments ?? []),
      { owner: 'platform-team', due: '2027-06-30', justification: 'Bounded by the gateway timeout of 30 seconds.' });
    const text = doc.getText();
    assert.ok(text.includes('tracking:\n  AGENT-UNBOUNDED-ITERATIONS@assistant:\n    status: accepted\n    owner: platform-team\n    due: 2027-06-30\n    justification: Bounded by the gateway timeout of 30 seconds.'), text.slice(-400));
    await waitForDiagnostics(doc.uri, (ds) => !ds.some((x) => codeOf(x) === 'AGENT-UNBOUNDED-ITERATIONS'), 'accepted finding hidden');
    const a = await (await api()).analysisOf(doc.uri);
    assert.strictEqual(a?.findings.find((f) => f.id === 'AGENT-UNBOUNDED-ITERATIONS@assistant')?.status, 'accepted');
  });

  test('mark mitigated by a new control, and suppress with a justification', async () => {
    const { document: doc } = await copyFixture('support-assistant.threatmodel.yaml', 'fix-mitigate.threatmodel.yaml');
    await diagnosticsOf(doc);
    await vscode.commands.executeCommand('threatmodel.markMitigated', doc.uri, 'AGENT-ACTIONS-UNAUDITED@assistant', { mitigation: 'M-AUDIT-LOGGING', control: 'ctl-audit' });
    assert.ok(/controls:\n  - id: ctl-audit\n(.*\n)*?\s+implements: \[M-AUDIT-LOGGING\]\n\s+covers: \[assistant\]/.test(doc.getText()), doc.getText().slice(-300));
    await vscode.commands.executeCommand('threatmodel.suppress', doc.uri, 'MODEL-DIRECT-PROMPT-INJECTION@llm', { justification: 'The endpoint only sees text the api rewrote.' });
    assert.ok(doc.getText().includes('suppressions:\n  - rule: MODEL-DIRECT-PROMPT-INJECTION\n    elements: [llm]\n    justification: The endpoint only sees text the api rewrote.'), doc.getText().slice(-300));
    const a = await (await api()).analysisOf(doc.uri);
    const status = (id: string) => a?.findings.find((f) => f.id === id)?.status;
    assert.strictEqual(status('AGENT-ACTIONS-UNAUDITED@assistant'), 'mitigated');
    assert.strictEqual(status('MODEL-DIRECT-PROMPT-INJECTION@llm'), 'suppressed');
  });
});
