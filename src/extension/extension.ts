/**
 * The extension's entry (runtime: VS Code extension host, node). `activate` is the composition root: it builds
 * each feature and hands every registration to `context.subscriptions`. Activation stays cheap: the engine
 * runs in a worker thread that starts on the first analysis, never on the typing path.
 */
// First import: marks the start of the bundle's module initialisation.
import { loadStartedAt } from './load-time';
import * as vscode from 'vscode';
import type { DocumentAnalysis } from '../core/editor/analyze-document';
import type { Finding } from '../core/engine/types';
import { GROUP_BYS, type GroupBy } from '../core/editor/threat-groups';
import { findDeclaration } from '../core/editor/yaml-index';
import { DocumentAnalyzer, type LatencySample } from './analysis/document-analyzer';
import { EngineClient } from './analysis/engine-client';
import { analyzeWorkspace, MODEL_GLOB, summary } from './commands/analyze-workspace';
import { CommandError, pick, registerFailable } from './commands/failable';
import { registerExportCommands } from './export/export-command';
import { registerDiagram } from './diagram';
import { asUri, FindingActions, toFindingRef } from './commands/finding-actions';
import { newModelFromTemplate } from './commands/new-model';
import { generatedMessage, generateSecurityTests } from './commands/generate-tests';
import { EDITABLE_SCHEMES, isModelDocument, toRange } from './convert';
import { DiagnosticsPublisher, ruleDocsUri } from './diagnostics';
import { DriftMonitor } from './drift';
import { CodeActionProvider } from './language/code-actions';
import { CodeLensProvider } from './language/codelens-provider';
import { CompletionProvider } from './language/completion-provider';
import { HoverProvider } from './language/hover-provider';
import { DocumentParseCache } from './parse-cache';
import { NavigationProvider } from './language/navigation';
import { readSettings, type Settings } from './settings';
import { StatusBar } from './status-bar';
import { ThreatsView } from './views/threats-view';
import { TestSuites } from './views/test-suites';

/** What the extension exports to other extensions and to its tests. */
export interface ThreatModelApi {
  /** Milliseconds from the bundle's first module initialising to the end of `activate`. */
  readonly activationMs: number;
  /** The analysis of a document's current text (waits for it). */
  analysisOf(uri: vscode.Uri): Promise<DocumentAnalysis | undefined>;
  /** Engine and edit-to-result times of the latest analyses. */
  latencies(): LatencySample[];
  engineStats(): EngineClient['stats'];
  /** The Threats view as indented text lines, and its grouping. */
  threatsView(): { groupBy: GroupBy; lines: string[] };
  statusBarText(): string | undefined;
}

const SELECTOR: vscode.DocumentSelector = [...EDITABLE_SCHEMES].map((scheme) => ({ language: 'threatmodel', scheme }));

export function activate(context: vscode.ExtensionContext): ThreatModelApi {
  const output = vscode.window.createOutputChannel('AI Threat Model');
  const log = (line: string): void => output.appendLine(line);
  let settings: Settings = readSettings();
  const getSettings = (): Settings => settings;

  const client = new EngineClient(vscode.Uri.joinPath(context.extensionUri, 'dist', 'analysis-worker.js').fsPath, log);
  const analyzer = new DocumentAnalyzer(client, getSettings, log);
  const diagnostics = new DiagnosticsPublisher(analyzer, getSettings, context.extensionUri);
  const lenses = new CodeLensProvider(analyzer, getSettings);
  const suites = new TestSuites();
  const threats = new ThreatsView(analyzer, getSettings, context.workspaceState, suites);
  const status = new StatusBar(analyzer, getSettings);
  const actions = new FindingActions(analyzer);
  const navigation = new NavigationProvider(analyzer);
  /** One parse per model document version, for hover, completion and drift (parse-cache.ts). */
  const parses = new DocumentParseCache();
  const drift = new DriftMonitor(analyzer, context.extensionUri, log, parses);
  /** Files analysed by "Analyze workspace" stay in the view after their editor closes. */
  const workspaceFiles = new Set<string>();

  // Models on disk that "Analyze workspace" covers follow their files.
  const watcher = vscode.workspace.createFileSystemWatcher(MODEL_GLOB);
  const onDisk = async (uri: vscode.Uri): Promise<void> => {
    if (!workspaceFiles.has(uri.toString()) && workspaceFiles.size === 0) return;
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return;
    workspaceFiles.add(uri.toString());
    const text = await vscode.workspace.fs.readFile(uri).then((b) => new TextDecoder().decode(b), () => undefined);
    if (text !== undefined) await analyzer.analyzeFile(uri, text);
  };
  context.subscriptions.push(watcher, watcher.onDidChange(onDisk), watcher.onDidCreate(onDisk), watcher.onDidDelete((uri) => {
    workspaceFiles.delete(uri.toString());
    analyzer.forget(uri);
  }));

  context.subscriptions.push(
    output, { dispose: () => client.dispose() }, analyzer, diagnostics, lenses, suites, threats, status,
    vscode.languages.registerCompletionItemProvider(SELECTOR, new CompletionProvider(analyzer, parses), ...CompletionProvider.triggerCharacters),
    vscode.languages.registerHoverProvider(SELECTOR, new HoverProvider(analyzer, getSettings, parses)),
    vscode.languages.registerDefinitionProvider(SELECTOR, navigation),
    vscode.languages.registerReferenceProvider(SELECTOR, navigation),
    vscode.languages.registerRenameProvider(SELECTOR, navigation),
    vscode.languages.registerDocumentSymbolProvider(SELECTOR, navigation, { label: 'AI Threat Model' }),
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new CodeActionProvider(analyzer, diagnostics), CodeActionProvider.metadata),
    drift, vscode.languages.registerCodeActionsProvider(SELECTOR, { provideCodeActions: (doc, _r, ctx, token) => drift.codeActions(doc, ctx.diagnostics, token) }, CodeActionProvider.metadata),

    vscode.workspace.onDidOpenTextDocument((doc) => { if (isModelDocument(doc)) analyzer.opened(doc); }),
    { dispose: () => parses.clear() },
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) parses.invalidate(e.document.uri);
      if (e.contentChanges.length > 0 && isModelDocument(e.document)) analyzer.edited(e.document);
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      parses.invalidate(doc.uri);
      if (!isModelDocument(doc)) return;
      // Unsaved edits leave with the editor: a workspace file goes back to what is on disk.
      if (workspaceFiles.has(doc.uri.toString())) void onDisk(doc.uri);
      else analyzer.forget(doc.uri);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('threatmodel')) return;
      const before = settings;
      settings = readSettings();
      const reanalyse = JSON.stringify(before.catalogs) !== JSON.stringify(settings.catalogs)
        || JSON.stringify(before.severityOverrides) !== JSON.stringify(settings.severityOverrides);
      diagnostics.refresh(analyzer.all());
      threats.refresh();
      lenses.refresh();
      status.update();
      if (reanalyse) for (const doc of vscode.workspace.textDocuments) if (isModelDocument(doc)) analyzer.schedule(doc, 0);
    }),
  );

  const command = (id: string, title: string, run: (...args: unknown[]) => unknown): void => {
    context.subscriptions.push(registerFailable(id, title, run, log));
  };
  command('threatmodel.newFromTemplate', 'New threat model', (preset, fileName) => newModelFromTemplate(context.extensionUri,
    typeof preset === 'string' ? preset : undefined, typeof fileName === 'string' ? fileName : undefined));
  command('threatmodel.analyzeWorkspace', 'Analyze workspace', () => vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Analysing threat models…', cancellable: true },
    async (_p, token) => {
      const results = await analyzeWorkspace(analyzer, token);
      for (const r of results) workspaceFiles.add(r.uri.toString());
      if (results.length === 0) throw new CommandError('no *.threatmodel.yaml files in this workspace; create one with "New threat model from template"');
      threats.refresh();
      await threats.show();
      void vscode.window.showInformationMessage(summary(results));
      return results.length;
    },
  ));
  command('threatmodel.acceptRisk', 'Accept risk', (...args) => actions.acceptRisk(toFindingRef(args)));
  command('threatmodel.markMitigated', 'Mark mitigated', (...args) => actions.markMitigated(toFindingRef(args)));
  command('threatmodel.suppress', 'Suppress finding', (...args) => actions.suppress(toFindingRef(args)));
  command('threatmodel.showThreatsFor', 'Show threats', async (arg, elementId) => {
    const uri = asUri(arg);
    if (!uri || typeof elementId !== 'string') throw new CommandError('use the CodeLens above a component');
    threats.setFilter({ uri, elementId });
    await threats.show();
  });
  command('threatmodel.threats.clearFilter', 'Clear filter', () => threats.setFilter(undefined));
  command('threatmodel.threats.groupBy', 'Group threats', async (by) => {
    const choice = typeof by === 'string' && (GROUP_BYS as readonly string[]).includes(by) ? (by as GroupBy)
      : (await pick(GROUP_BYS.map((g) => ({ label: `by ${g}`, g, picked: g === threats.getGroupBy() })), { title: 'Group threats' })).g;
    threats.setGroupBy(choice);
  });
  // A finding's row in the Threats view passes its id: the diagram highlights the finding's path on every click,
  // including a second click on the row already selected (which fires no selection change).
  const revealedFinding = new vscode.EventEmitter<Finding>();
  context.subscriptions.push(revealedFinding);
  command('threatmodel.revealElement', 'Reveal element', async (arg, elementId, findingId) => {
    const uri = asUri(arg);
    if (!uri || typeof elementId !== 'string') throw new CommandError('no element to reveal');
    const doc = await vscode.workspace.openTextDocument(uri);
    const snap = await analyzer.current(doc);
    const decl = snap && findDeclaration(snap.analysis.index, elementId);
    const finding = typeof findingId === 'string' ? snap?.analysis.findings.find((f) => f.id === findingId) : undefined;
    // Before the cursor moves: the diagram then keeps the finding's path rather than the element under the cursor.
    if (finding) revealedFinding.fire(finding);
    const editor = await vscode.window.showTextDocument(doc, { preserveFocus: false });
    if (!decl) throw new CommandError(`'${elementId}' is not declared in ${vscode.workspace.asRelativePath(uri)} any more`);
    const range = toRange((decl.idSpan ?? decl.span).range);
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  });
  command('threatmodel.openRuleDocs', 'Rule documentation', async (arg) => {
    const ruleId = typeof arg === 'string' ? arg : (arg as { finding?: { ruleId?: string } } | undefined)?.finding?.ruleId;
    if (!ruleId) throw new CommandError('select a finding first');
    await vscode.commands.executeCommand('markdown.showPreview', ruleDocsUri(context.extensionUri, ruleId)).then(undefined,
      () => vscode.window.showTextDocument(ruleDocsUri(context.extensionUri, ruleId)));
  });
  command('threatmodel.copyFindingId', 'Copy finding id', async (...args) => {
    const ref = toFindingRef(args);
    await vscode.env.clipboard.writeText(ref.findingId);
  });
  command('threatmodel.generateSecurityTests', 'Generate security tests', async (...args) => {
    // From the palette, the editor title (a model URI), the Threats view (a finding node) or a quick fix.
    const arg = args[0] as { uri?: unknown } | undefined;
    const model = arg instanceof vscode.Uri ? arg : arg && typeof arg === 'object' && arg.uri instanceof vscode.Uri ? arg.uri : undefined;
    const g = await generateSecurityTests(getSettings, suites, model);
    log(`security tests: ${generatedMessage(g)}`);
    const open = 'Open';
    void vscode.window.showInformationMessage(generatedMessage(g), open).then((choice) => {
      if (choice === open) void vscode.window.showTextDocument(vscode.Uri.joinPath(g.folder, 'threatmodel.tests.yaml'));
    });
    return g;
  });
  command('threatmodel.showOutput', 'Show output', () => output.show(true));
  command('threatmodel.openWalkthrough', 'Getting started', () => vscode.commands.executeCommand(
    'workbench.action.openWalkthrough', `${context.extension.id}#threatmodel.gettingStarted`, false));

  // Diagram (src/extension/diagram) and exports (src/extension/export) register themselves here.
  registerExportCommands(context, getSettings, log);
  registerDiagram(context, { findingsOf: (uri) => analyzer.latest(uri)?.analysis.findings, onDidAnalyze: analyzer.onDidAnalyze, threats: threats.view, onDidRevealFinding: revealedFinding.event, log });

  // Models already open: their first diagnostics are timed from the extension starting to load.
  for (const doc of vscode.workspace.textDocuments) if (isModelDocument(doc)) analyzer.opened(doc, loadStartedAt);

  const activationMs = performance.now() - loadStartedAt;
  log(`activated in ${activationMs.toFixed(1)} ms`);
  return {
    activationMs,
    analysisOf: async (uri) => (await analyzer.current(await vscode.workspace.openTextDocument(uri)))?.analysis,
    latencies: () => [...analyzer.latencies],
    engineStats: () => ({ ...client.stats }),
    threatsView: () => ({ groupBy: threats.getGroupBy(), lines: threats.snapshot() }),
    statusBarText: () => (status.item.text ? status.item.text : undefined),
  };
}

export function deactivate(): void {}
