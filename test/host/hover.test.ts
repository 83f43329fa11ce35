import * as assert from 'assert';
import * as vscode from 'vscode';
import { hoverText, openDoc, positionOf } from './helpers';

async function hover(doc: vscode.TextDocument, pos: vscode.Position): Promise<string> {
  return hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos));
}

suite('hover', () => {
  test('a key shows its schema description', async () => {
    const { document: doc } = await openDoc('support-assistant.threatmodel.yaml');
    const text = await hover(doc, positionOf(doc, 'approvalRequired', 0, 2));
    assert.ok(/approvalRequired/.test(text) && /approves/i.test(text), text);
  });

  test('an element shows its kind, flows in and out, and its findings', async () => {
    const { document: doc } = await openDoc('support-assistant.threatmodel.yaml');
    const text = await hover(doc, positionOf(doc, '- id: assistant', 0, 8));
    assert.ok(text.includes('agent'), text);
    assert.ok(/Flows in:.*api/.test(text), text);
    assert.ok(text.includes('AGENT-TOOL-EXFILTRATION-CHAIN'), text);
    assert.ok(/Mitigations/.test(text) && /Frameworks/.test(text) && /Why/.test(text), text);
  });

  test('a reference shows the element it points to', async () => {
    const { document: doc } = await openDoc('support-assistant.threatmodel.yaml');
    const text = await hover(doc, positionOf(doc, 'model: llm', 0, 'model: '.length + 1));
    assert.ok(text.includes('model-endpoint') && text.includes('MODEL-DIRECT-PROMPT-INJECTION'), text);
  });
});
