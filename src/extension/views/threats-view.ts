/**
 * The Threats view (activity bar): findings of every analysed model, grouped by severity, component or
 * framework, with status icons. A click reveals the element; the context menu has the finding actions.
 * Can be filtered to one element (CodeLens "3 open threats" opens it that way).
 */
import * as vscode from 'vscode';
import { isOpen, type Finding } from '../../core/engine/types';
import { applyFindingSettings, findingMarkdown } from '../../core/editor/findings-view';
import { groupFindings, type GroupBy } from '../../core/editor/threat-groups';
import type { DocumentAnalyzer } from '../analysis/document-analyzer';
import type { Settings } from '../settings';
import { testCoverage, testLabel, type FindingTest } from '../../core/tests/index';
import type { TestSuites } from './test-suites';

export type ThreatNode =
  | { type: 'file'; uri: vscode.Uri; count: number }
  | { type: 'group'; uri: vscode.Uri; key: string; label: string; findings: Finding[]; parent?: ThreatNode }
  | { type: 'finding'; uri: vscode.Uri; finding: Finding; parent: ThreatNode; test?: FindingTest; hasSuite?: boolean };

const STATUS_ICON: Record<string, [string, string?]> = {
  mitigated: ['pass', 'testing.iconPassed'],
  accepted: ['check'],
  transferred: ['arrow-right'],
  'false-positive': ['circle-slash'],
  suppressed: ['eye-closed'],
  'in-progress': ['sync'],
};
const SEVERITY_ICON: Record<string, [string, string]> = {
  critical: ['error', 'errorForeground'],
  high: ['warning', 'list.warningForeground'],
  medium: ['info', 'notificationsInfoIcon.foreground'],
  low: ['circle-outline', 'descriptionForeground'],
};

export function findingIcon(f: Finding): vscode.ThemeIcon {
  const [icon, color] = STATUS_ICON[f.status] ?? SEVERITY_ICON[f.severity] ?? ['circle-outline'];
  return new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
}

export class ThreatsView implements vscode.TreeDataProvider<ThreatNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ThreatNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<ThreatNode>;
  private groupBy: GroupBy = 'severity';
  private filter?: { uri: vscode.Uri; elementId: string };
  private roots: ThreatNode[] = [];
  private readonly subs: vscode.Disposable[];

  constructor(private readonly analyzer: DocumentAnalyzer, private readonly settings: () => Settings, memento: vscode.Memento, private readonly suites?: TestSuites) {
    this.groupBy = memento.get<GroupBy>('threatmodel.groupBy', 'severity');
    this.memento = memento;
    this.view = vscode.window.createTreeView('threatmodel.threats', { treeDataProvider: this, showCollapseAll: true });
    this.subs = [analyzer.onDidAnalyze(() => this.refresh()), analyzer.onDidForget(() => this.refresh())];
    if (suites) this.subs.push(suites.onDidChange(() => this.refresh()));
    this.updateDescription();
  }

  private readonly memento: vscode.Memento;

  refresh(): void {
    this.roots = this.build();
    this.updateDescription();
    this.changed.fire(undefined);
  }

  setGroupBy(by: GroupBy): void {
    this.groupBy = by;
    void this.memento.update('threatmodel.groupBy', by);
    this.refresh();
  }

  getGroupBy(): GroupBy {
    return this.groupBy;
  }

  /** Shows only the findings of one element (undefined: all). */
  setFilter(filter?: { uri: vscode.Uri; elementId: string }): void {
    this.filter = filter;
    void vscode.commands.executeCommand('setContext', 'threatmodel.threatsFiltered', !!filter);
    this.refresh();
  }

  private updateDescription(): void {
    this.view.description = this.filter ? `${this.filter.elementId} · by ${this.groupBy}` : `by ${this.groupBy}`;
    const stale = this.analyzer.all().filter((s) => s.analysis.stale).map((s) => vscode.workspace.asRelativePath(s.uri));
    const staleNote = stale.length > 0 ? `Stale: ${stale.join(', ')} ${stale.length === 1 ? 'has' : 'have'} a YAML syntax error; showing the last version that parsed.` : '';
    const filterNote = this.filter ? `Threats of '${this.filter.elementId}'. Clear the filter from the view's title bar.` : '';
    this.view.message = [staleNote, filterNote].filter(Boolean).join(' ') || undefined;
  }

  private findingsOf(uri: vscode.Uri): Finding[] {
    const snap = this.analyzer.latest(uri);
    if (!snap) return [];
    const all = applyFindingSettings(snap.analysis.findings, this.settings());
    if (!this.filter) return all;
    return this.filter.uri.toString() === uri.toString() ? all.filter((f) => f.elementId === this.filter!.elementId) : [];
  }

  private build(): ThreatNode[] {
    const snaps = this.analyzer.all().filter((s) => this.findingsOf(s.uri).length > 0 || !this.filter);
    const withFindings = snaps.filter((s) => this.findingsOf(s.uri).length > 0);
    if (withFindings.length > 1) {
      return withFindings.map((s) => ({ type: 'file', uri: s.uri, count: this.findingsOf(s.uri).filter(isOpen).length }));
    }
    const only = withFindings[0];
    return only ? this.groups(only.uri) : [];
  }

  private groups(uri: vscode.Uri, parent?: ThreatNode): ThreatNode[] {
    return groupFindings(this.findingsOf(uri), this.groupBy).map((g) => ({ type: 'group', uri, key: g.key, label: g.label, findings: g.findings, ...(parent ? { parent } : {}) }));
  }

  getChildren(node?: ThreatNode): ThreatNode[] {
    if (!node) return this.roots;
    if (node.type === 'file') return this.groups(node.uri, node);
    if (node.type === 'group') {
      // Tests against the suite on disk (security-tests/ beside the model); without one, every testable
      // finding shows that it has no test yet.
      const ids = this.suites?.caseIds(node.uri);
      const tests = testCoverage(node.findings, { suite: ids ?? new Set() }).byFinding;
      return node.findings.map((finding) => ({ type: 'finding', uri: node.uri, finding, parent: node, test: tests.get(finding.id), hasSuite: !!ids }));
    }
    return [];
  }

  resolveTreeItem(item: vscode.TreeItem, node: ThreatNode): vscode.TreeItem {
    if (node.type === 'finding' && !item.tooltip) {
      const md = new vscode.MarkdownString(`${findingMarkdown(node.finding)}\n\n${testMarkdown(node)}`);
      md.isTrusted = false;
      item.tooltip = md;
    }
    return item;
  }

  getParent(node: ThreatNode): ThreatNode | undefined {
    return node.type === 'file' ? undefined : node.parent;
  }

  getTreeItem(node: ThreatNode): vscode.TreeItem {
    if (node.type === 'file') {
      const item = new vscode.TreeItem(vscode.workspace.asRelativePath(node.uri), vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${node.count} open${this.analyzer.latest(node.uri)?.analysis.stale ? ' (stale)' : ''}`;
      item.resourceUri = node.uri;
      item.iconPath = vscode.ThemeIcon.File;
      item.contextValue = 'file';
      return item;
    }
    if (node.type === 'group') {
      const expanded = this.filter || node.key === 'critical' || node.key === 'high' || this.groupBy !== 'severity';
      const item = new vscode.TreeItem(node.label, expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `${node.uri.toString()}#${this.groupBy}#${node.key}`;
      item.contextValue = 'group';
      return item;
    }
    const f = node.finding;
    const item = new vscode.TreeItem(f.title, vscode.TreeItemCollapsibleState.None);
    item.id = `${node.uri.toString()}#${this.groupBy}#${node.parent.type === 'group' ? node.parent.key : ''}#${f.id}`;
    item.description = `${f.elementId} · ${f.severity}${isOpen(f) ? '' : ` · ${f.status}`}${testBadge(node.test)}`;
    item.iconPath = findingIcon(f);
    // The tooltip (the finding in full) is built on hover, in resolveTreeItem: hundreds of findings stay cheap.
    item.contextValue = `${isOpen(f) ? 'finding.open' : 'finding.handled'}${node.test && node.test.state !== 'not-testable' ? '.testable' : ''}`;
    item.command = { command: 'threatmodel.revealElement', title: 'Reveal in model', arguments: [node.uri, f.elementId, f.id] };
    return item;
  }

  /** What the view shows, as text (for tests and the output channel). */
  snapshot(): string[] {
    const lines: string[] = [];
    const walk = (nodes: ThreatNode[], depth: number): void => {
      for (const n of nodes) {
        const item = this.getTreeItem(n);
        const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
        lines.push(`${'  '.repeat(depth)}${label}${item.description ? ` — ${String(item.description)}` : ''}`);
        walk(this.getChildren(n), depth + 1);
      }
    };
    walk(this.roots, 0);
    return lines;
  }

  /** Focuses the view and expands the first group. */
  async show(): Promise<void> {
    await vscode.commands.executeCommand('threatmodel.threats.focus');
    const first = this.roots[0];
    if (first) await this.view.reveal(first, { expand: 2, focus: false, select: false }).then(undefined, () => undefined);
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.view.dispose();
    this.changed.dispose();
  }
}

/** The short test state after a finding in the tree: only for findings a running system can be tested for. */
function testBadge(t: FindingTest | undefined): string {
  switch (t?.state) {
    case 'generated': return ' · test ✓';
    case 'passed': return ' · test passed';
    case 'failed': return ' · test FAILED';
    case 'missing': return ' · no test';
    default: return '';
  }
}

function testMarkdown(node: Extract<ThreatNode, { type: 'finding' }>): string {
  const t = node.test;
  if (!t || t.state === 'not-testable') return '**Security test:** not testable against a running system; review it.';
  if (t.state === 'untested') return '**Security test:** none (the finding is not open).';
  if (t.state === 'missing') {
    return `**Security test:** ${node.hasSuite ? 'not in security-tests/threatmodel.tests.yaml (regenerate it)' : 'none yet'}: run *Generate Security Tests*.`;
  }
  return `**Security test:** ${testLabel(t)}: ${t.caseIds.map((id) => `\`${id.replace(/`/g, '')}\``).join(', ')} in security-tests/threatmodel.tests.yaml.`;
}
