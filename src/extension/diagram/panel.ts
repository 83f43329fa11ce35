/**
 * The diagram panel of one model file (runtime: extension host). It loads the document's current text (debounced
 * as the user types), builds the diagram with the latest findings, and keeps the webview in step: clicks reveal
 * YAML, the cursor highlights the element under it, a selected finding highlights its path. When the model
 * does not load, the webview keeps its last good diagram and shows the problems.
 */
import * as vscode from 'vscode';
import { buildDiagram } from '../../core/diagram/build';
import type { Diagram } from '../../core/diagram/types';
import type { Finding } from '../../core/engine/types';
import { findingHighlight } from '../../core/editor/finding-highlight';
import type { ResolvedModel } from '../../core/model/graph';
import { loadModel } from '../../core/model/load';
import type { Problem } from '../../core/problem';
import { parseWebviewMessage, type ExportFormat, type HostMessage, type ViewOptions, type WebviewMessage } from '../../shared/protocol';
import { boundaryChoices, elementAt } from './choices';
import { diagramPageHtml, newNonce } from './html';

export const VIEW_TYPE = 'threatmodel.diagram';

export interface PanelDeps {
  /** Findings of the document's latest analysis (any version); undefined before the first one. */
  findingsOf(uri: vscode.Uri): readonly Finding[] | undefined;
  log(line: string): void;
}

/** The file name the engine reports problems under (as the rest of the extension uses). */
const engineFile = (uri: vscode.Uri): string => (uri.scheme === 'file' ? uri.fsPath : uri.toString());

const TYPING_DELAY_MS = 250;

export class DiagramPanel implements vscode.Disposable {
  private readonly subs: vscode.Disposable[] = [];
  private options: ViewOptions = { view: 'auto' };
  private seq = 0;
  private model: ResolvedModel | undefined;
  private diagram: Diagram | undefined;
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** An edit arrived while the panel was hidden: redraw when it is shown again. */
  private staleWhileHidden = false;
  private exportWaiters: Array<{ format: ExportFormat; resolve: (data: string) => void }> = [];
  /** The last `rendered` report from the webview (tests and the output channel read it). */
  lastRendered: Extract<WebviewMessage, { type: 'rendered' }> | undefined;
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;

  constructor(readonly panel: vscode.WebviewPanel, readonly uri: vscode.Uri, extensionUri: vscode.Uri, private readonly deps: PanelDeps) {
    const webview = panel.webview;
    webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
    webview.html = diagramPageHtml({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'diagram.css')).toString(),
    });
    this.subs.push(
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.staleWhileHidden) this.schedule(0);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === this.uri.toString() && e.contentChanges.length > 0) this.schedule(TYPING_DELAY_MS);
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document.uri.toString() === this.uri.toString()) this.cursorMoved(e.selections[0]?.active);
      }),
    );
  }

  private document(): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.uri.toString());
  }

  private post(m: HostMessage): void {
    if (this.ready) void this.panel.webview.postMessage(m);
  }

  /** Rebuild after `delay` ms (typing), or now. */
  schedule(delay = 0): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.update();
    }, delay);
  }

  private async update(): Promise<void> {
    // Loading the model runs on the extension host's thread: don't pay for it while nobody sees the diagram.
    if (!this.panel.visible && this.diagram !== undefined) {
      this.staleWhileHidden = true;
      return;
    }
    this.staleWhileHidden = false;
    const doc = this.document() ?? (await vscode.workspace.openTextDocument(this.uri).then((d) => d, () => undefined));
    if (!doc) {
      this.post({ type: 'problems', seq: ++this.seq, message: `${vscode.workspace.asRelativePath(this.uri)} cannot be read.` });
      return;
    }
    const loaded = loadModel(doc.getText(), engineFile(this.uri));
    const errors = loaded.problems.filter((p) => p.severity === 'error');
    if (!loaded.model || errors.length > 0) {
      this.post({ type: 'problems', seq: ++this.seq, message: problemsMessage(errors, this.diagram !== undefined) });
      return;
    }
    this.model = loaded.model;
    this.render();
  }

  /** Draws the last good model with the current findings and options. */
  render(): void {
    if (!this.model) return;
    const findings = this.deps.findingsOf(this.uri) ?? [];
    this.diagram = buildDiagram(this.model, findings, { ...this.options, mode: 'interactive' });
    this.panel.title = `Diagram: ${this.model.system.name || vscode.workspace.asRelativePath(this.uri)}`;
    this.post({
      type: 'render', seq: ++this.seq, diagram: this.diagram, options: this.options,
      boundaries: boundaryChoices(this.model), title: this.panel.title,
    });
  }

  private receive(raw: unknown): void {
    const m = parseWebviewMessage(raw);
    if (!m) {
      this.deps.log(`diagram: ignored a malformed message from the webview`);
      return;
    }
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (m.direction && !this.options.direction) this.options = { ...this.options, direction: m.direction };
        this.schedule(0);
        break;
      case 'reveal':
        void this.reveal(m.ref.id);
        break;
      case 'options':
        this.options = m.options;
        this.render();
        break;
      case 'exported': {
        const waiter = this.exportWaiters.findIndex((w) => w.format === m.format);
        if (waiter >= 0) this.exportWaiters.splice(waiter, 1)[0]!.resolve(m.data);
        else void saveExport(this.uri, m.format, m.data).catch((err) => vscode.window.showErrorMessage(`Export diagram: ${err instanceof Error ? err.message : String(err)}`));
        break;
      }
      case 'rendered':
        this.lastRendered = m;
        for (const w of this.drawnWaiters.splice(0)) w();
        this.deps.log(`diagram: ${m.layout ? 'laid out' : 'restyled'} ${m.nodes} nodes, ${m.edges} edges (${m.view}) in ${m.ms} ms`);
        break;
      case 'renderError':
        this.deps.log(`diagram: ${m.message}`);
        break;
    }
  }

  /** Selects an element's id in the YAML editor (beside the diagram). */
  async reveal(id: string): Promise<void> {
    const ref = id ? this.model?.locate(id) : undefined;
    if (!ref) return;
    const doc = this.document() ?? (await vscode.workspace.openTextDocument(this.uri));
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.uri.toString());
    const range = new vscode.Range(ref.idRange.start.line, ref.idRange.start.character, ref.idRange.end.line, ref.idRange.end.character);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private lastCursorId: string | undefined = '';
  /** The element of the finding highlighted last: selecting a finding also moves the cursor there. */
  private findingElement: string | undefined;

  private cursorMoved(pos: vscode.Position | undefined): void {
    if (!this.model || !pos) return;
    const id = elementAt(this.model, { line: pos.line, character: pos.character });
    if (id === this.lastCursorId) return;
    this.lastCursorId = id;
    // Selecting a finding reveals its element; keep the finding's path highlighted while the cursor stays there.
    if (id !== undefined && id === this.findingElement) return;
    this.findingElement = undefined;
    this.post({ type: 'highlight', ids: id ? [id] : [], paths: [], source: 'cursor' });
  }

  /** Highlights a finding's element and every path of it, merged ones included (from the Threats view). */
  highlightFinding(f: Finding): void {
    if (f.file !== engineFile(this.uri)) return;
    this.findingElement = f.elementId;
    this.post({ type: 'highlight', ...findingHighlight(f), source: 'finding' });
  }

  private drawnWaiters: Array<() => void> = [];

  /** Resolves once the webview has drawn a diagram (right away if it has). */
  private drawn(): Promise<void> {
    return this.lastRendered ? Promise.resolve() : new Promise((resolve) => this.drawnWaiters.push(resolve));
  }

  /** Asks the webview for the current view as SVG or PNG (waiting for a panel that just opened to draw first). */
  requestExport(format: ExportFormat): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the diagram did not answer: it may not have been drawn (see the errors in the panel)')), 30_000);
      void this.drawn().then(() => {
        this.exportWaiters.push({ format, resolve: (d) => { clearTimeout(timer); resolve(d); } });
        this.post({ type: 'export', format });
      });
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subs.splice(0)) s.dispose();
    this.disposed.fire();
    this.disposed.dispose();
    this.panel.dispose();
  }
}

function problemsMessage(errors: readonly Problem[], hasDiagram: boolean): string {
  const head = hasDiagram ? 'The model has errors; showing the last diagram that loaded.' : 'The model has errors; no diagram yet.';
  const lines = errors.slice(0, 5).map((p) => `line ${p.range.start.line + 1}: ${p.message}`);
  const more = errors.length > 5 ? [`… and ${errors.length - 5} more (see the Problems panel)`] : [];
  return [head, ...lines, ...more].join('\n');
}

/** Asks where to save an export and writes it. */
export async function saveExport(model: vscode.Uri, format: ExportFormat, data: string): Promise<vscode.Uri | undefined> {
  const base = model.path.replace(/^.*\//, '').replace(/\.threatmodel\.ya?ml$/i, '');
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(model, '..', `${base}.diagram.${format}`),
    filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
    title: `Export diagram as ${format.toUpperCase()}`,
  });
  if (!target) return undefined;
  const bytes = format === 'svg' ? new TextEncoder().encode(data) : Buffer.from(data, 'base64');
  await vscode.workspace.fs.writeFile(target, bytes);
  void vscode.window.showInformationMessage(`Diagram exported to ${vscode.workspace.asRelativePath(target)}`);
  return target;
}
