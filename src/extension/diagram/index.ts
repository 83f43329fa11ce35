/**
 * The diagram feature (runtime: extension host): "Show diagram" beside the YAML, live as the user types,
 * two-way navigation, and SVG/PNG export. `registerDiagram` is its one entry for the composition root.
 */
import * as vscode from 'vscode';
import type { Finding } from '../../core/engine/types';
import type { ExportFormat } from '../../shared/protocol';
import { DiagramPanel, saveExport, VIEW_TYPE } from './panel';

export interface DiagramDeps {
  /** Findings of a document's latest analysis; undefined before the first. */
  findingsOf(uri: vscode.Uri): readonly Finding[] | undefined;
  /** Fires after each analysis (the diagram restyles with the new findings). */
  onDidAnalyze: vscode.Event<{ uri: vscode.Uri }>;
  /** A tree whose selected items carry `finding` (the Threats view): selecting one highlights its path. */
  threats?: { onDidChangeSelection: vscode.Event<{ readonly selection: readonly unknown[] }> };
  /** Fires when a finding is revealed (clicking its row, even one already selected): highlights its path. */
  onDidRevealFinding?: vscode.Event<Finding>;
  log?: (line: string) => void;
}

export interface DiagramApi {
  /** The open panel of a model, if any (tests read `lastRendered`). */
  panelFor(uri: vscode.Uri): DiagramPanel | undefined;
}

const isModel = (doc: vscode.TextDocument | undefined): doc is vscode.TextDocument =>
  !!doc && (doc.languageId === 'threatmodel' || /\.threatmodel\.ya?ml$/i.test(doc.uri.path));

function findingIn(item: unknown): Finding | undefined {
  const f = (item as { finding?: Finding } | undefined)?.finding;
  return f && typeof f.elementId === 'string' && typeof f.file === 'string' ? f : undefined;
}

export function registerDiagram(context: vscode.ExtensionContext, deps: DiagramDeps): DiagramApi {
  const log = deps.log ?? (() => undefined);
  const panels = new Map<string, DiagramPanel>();
  let lastActive: DiagramPanel | undefined;

  const modelUri = (arg: unknown): vscode.Uri | undefined => {
    if (arg instanceof vscode.Uri) return arg;
    if (typeof arg === 'string' && arg) return vscode.Uri.parse(arg);
    const active = vscode.window.activeTextEditor?.document;
    if (isModel(active)) return active.uri;
    return lastActive?.uri ?? vscode.window.visibleTextEditors.map((e) => e.document).find(isModel)?.uri;
  };

  const show = (uri: vscode.Uri): DiagramPanel => {
    const key = uri.toString();
    const open = panels.get(key);
    if (open) {
      open.panel.reveal(undefined, true);
      return open;
    }
    const webviewPanel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Diagram', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      // Keeps layout, pan and zoom while the panel is in a background tab; a re-layout costs up to a second.
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist'), vscode.Uri.joinPath(context.extensionUri, 'media')],
    });
    const panel = new DiagramPanel(webviewPanel, uri, context.extensionUri, { findingsOf: deps.findingsOf, log });
    panels.set(key, panel);
    lastActive = panel;
    webviewPanel.onDidChangeViewState((e) => { if (e.webviewPanel.active) lastActive = panel; });
    panel.onDidDispose(() => {
      panels.delete(key);
      if (lastActive === panel) lastActive = undefined;
    });
    return panel;
  };

  const exportAs = async (format: ExportFormat, arg: unknown): Promise<void> => {
    const uri = modelUri(arg);
    if (!uri) throw new Error('open a *.threatmodel.yaml file or its diagram first');
    const panel = panels.get(uri.toString()) ?? show(uri);
    const data = await panel.requestExport(format);
    await saveExport(uri, format, data);
  };

  const command = (id: string, run: (arg: unknown) => unknown): vscode.Disposable =>
    vscode.commands.registerCommand(id, async (arg: unknown) => {
      try {
        return await run(arg);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        log(`${id} failed: ${message}`);
        void vscode.window.showErrorMessage(`Diagram: ${message}`);
        return undefined;
      }
    });

  context.subscriptions.push(
    command('threatmodel.showDiagram', (arg) => {
      const uri = modelUri(arg);
      if (!uri) throw new Error('open a *.threatmodel.yaml file first');
      show(uri);
    }),
    command('threatmodel.exportDiagramSvg', (arg) => exportAs('svg', arg)),
    command('threatmodel.exportDiagramPng', (arg) => exportAs('png', arg)),
    deps.onDidAnalyze((e) => panels.get(e.uri.toString())?.render()),
    { dispose: () => { for (const p of [...panels.values()]) p.dispose(); } },
  );
  if (deps.threats) {
    context.subscriptions.push(deps.threats.onDidChangeSelection((e) => {
      const f = findingIn(e.selection[0]);
      if (f) for (const p of panels.values()) p.highlightFinding(f);
    }));
  }
  if (deps.onDidRevealFinding) {
    context.subscriptions.push(deps.onDidRevealFinding((f) => { for (const p of panels.values()) p.highlightFinding(f); }));
  }
  return { panelFor: (uri) => panels.get(uri.toString()) };
}
