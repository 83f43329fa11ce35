/**
 * The extension's entry (runtime: VS Code extension host, node). `activate` is the composition root: it builds
 * each feature and hands every registration to `context.subscriptions`. Activation stays cheap: the engine
 * runs in a worker thread that starts on first use.
 */
import * as vscode from 'vscode';

const loadedAt = performance.now();

export interface ThreatModelApi {
  /** Milliseconds from this module's load to the end of `activate`. */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): ThreatModelApi {
  const output = vscode.window.createOutputChannel('AI Threat Model');
  context.subscriptions.push(output);
  const activationMs = performance.now() - loadedAt;
  output.appendLine(`activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs };
}

export function deactivate(): void {}
