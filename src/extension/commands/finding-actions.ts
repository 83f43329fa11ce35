/**
 * The actions on a finding (quick fixes, Threats view context menu): accept the risk, mark it mitigated by a
 * control, suppress it with a justification. Each asks what the model needs, then writes it as one
 * WorkspaceEdit the user can undo; the file is left unsaved like any other edit.
 */
import * as vscode from 'vscode';
import type { Finding } from '../../core/engine/types';
import { ID_PATTERN } from '../../core/editor/rename';
import { addControl, addSuppression, extendControl, setTrackingEntry, type EditResult } from '../../core/editor/yaml-edits';
import { findDeclaration } from '../../core/editor/yaml-index';
import type { DocumentAnalyzer } from '../analysis/document-analyzer';
import { toWorkspaceEdit } from '../convert';
import { ask, CommandError, pick } from './failable';

/** A finding as commands receive it: (uri, findingId) from code actions and lenses, or a tree node. */
export interface FindingRef {
  uri: vscode.Uri;
  findingId: string;
  /** Answers given up front (scripts, tests): the matching prompts are skipped. */
  answers?: Answers;
}

export interface Answers {
  owner?: string;
  due?: string;
  justification?: string;
  mitigation?: string;
  /** An existing control id, or a new one to create. */
  control?: string;
}

/** A URI as commands may receive it: a Uri, its string, or its JSON form (`{ scheme, path, ... }`). */
export function asUri(v: unknown): vscode.Uri | undefined {
  if (v instanceof vscode.Uri) return v;
  if (typeof v === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(v)) return vscode.Uri.parse(v);
  if (v && typeof v === 'object' && typeof (v as { scheme?: unknown }).scheme === 'string' && typeof (v as { path?: unknown }).path === 'string') {
    return vscode.Uri.from(v as { scheme: string; path: string });
  }
  return undefined;
}

export function toFindingRef(args: unknown[]): FindingRef {
  const [first, b, c] = args;
  const a = asUri(first) ?? first;
  const answers = c && typeof c === 'object' ? { answers: c as Answers } : {};
  if (a instanceof vscode.Uri && typeof b === 'string') return { uri: a, findingId: b, ...answers };
  if (a && typeof a === 'object' && 'uri' in a && 'finding' in a) {
    const n = a as { uri: vscode.Uri; finding: Finding };
    return { uri: n.uri, findingId: n.finding.id };
  }
  throw new CommandError('select a finding in the Threats view or use the quick fix on a threat in the editor');
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class FindingActions {
  constructor(private readonly analyzer: DocumentAnalyzer) {}

  private async load(ref: FindingRef) {
    const doc = await vscode.workspace.openTextDocument(ref.uri);
    const snap = await this.analyzer.current(doc);
    if (!snap) throw new CommandError('the model could not be analysed; see the Problems panel');
    const finding = snap.analysis.findings.find((f) => f.id === ref.findingId);
    if (!finding) throw new CommandError(`finding '${ref.findingId}' is not in the current analysis of ${vscode.workspace.asRelativePath(ref.uri)}`);
    return { doc, snap, finding };
  }

  private async apply(doc: vscode.TextDocument, version: number, result: EditResult, label: string): Promise<void> {
    if ('error' in result) throw new CommandError(result.error);
    // The edits were computed on this version's text; if the user typed meanwhile, do not guess.
    if (doc.version !== version) throw new CommandError('the file changed while you were answering; run the action again');
    const ok = await vscode.workspace.applyEdit(toWorkspaceEdit(doc.uri, result.edits, label));
    if (!ok) throw new CommandError('VS Code refused the edit (is the file read-only?)');
  }

  async acceptRisk(ref: FindingRef): Promise<void> {
    const { finding } = await this.load(ref);
    const given = ref.answers ?? {};
    const owner = given.owner ?? await ask({
      title: `Accept risk: ${finding.title}`, prompt: 'Who owns this accepted risk? (a team or a person)',
      value: finding.tracking?.owner ?? '', validateInput: (v) => (v.trim() === '' ? 'An accepted risk needs an owner.' : undefined),
    });
    const due = given.due ?? await ask({
      title: `Accept risk: ${finding.title}`, prompt: 'Review or expiry date, YYYY-MM-DD (leave empty for none)',
      value: finding.tracking?.due ?? '', validateInput: (v) => (v.trim() === '' || DATE.test(v.trim()) ? undefined : 'Write the date as YYYY-MM-DD.'),
    });
    const justification = given.justification ?? await ask({
      title: `Accept risk: ${finding.title}`, prompt: 'Why is this risk acceptable? (a sentence a reviewer can check)',
      value: finding.tracking?.justification ?? '', validateInput: (v) => (v.trim().length < 10 ? 'Write at least a sentence (10 characters or more).' : undefined),
    });
    const { doc, snap } = await this.load(ref);
    await this.apply(doc, snap.version, setTrackingEntry(doc.getText(), snap.analysis.index, finding.id, {
      status: 'accepted', owner, ...(due ? { due } : {}), justification,
    }), `Accept risk ${finding.id}`);
    void vscode.window.showInformationMessage(`Risk accepted: ${finding.id} (owner ${owner}). Save the file to keep it.`);
  }

  async markMitigated(ref: FindingRef): Promise<void> {
    const { snap, finding } = await this.load(ref);
    if (finding.mitigations.length === 0) throw new CommandError(`rule ${finding.ruleId} lists no mitigations to implement`);
    const given = ref.answers ?? {};
    const preset = given.mitigation ? finding.mitigations.find((m) => m.id === given.mitigation) : undefined;
    if (given.mitigation && !preset) throw new CommandError(`${given.mitigation} is not a mitigation of ${finding.ruleId}`);
    const mitigation = preset ?? (finding.mitigations.length === 1 ? finding.mitigations[0]! : (await pick(
      finding.mitigations.map((m) => ({ label: m.id, description: m.title, m })),
      { title: `Mark mitigated: ${finding.title}`, placeHolder: 'Which mitigation is in place?' },
    )).m);
    const controls = snap.analysis.index.declarations.filter((d) => d.section === 'controls');
    const NEW = '$(add) New control…';
    const existing = given.control ? controls.find((c) => c.id === given.control) : undefined;
    const choice = given.control ? { label: existing ? existing.id : NEW } : await pick(
      [{ label: NEW, description: `implements ${mitigation.id}, covers ${finding.elementId}` }, ...controls.map((c) => ({ label: c.id, description: c.name ?? 'existing control' }))],
      { title: `Mark mitigated by control: ${mitigation.title}`, placeHolder: 'Record it on a new control, or add it to an existing one' },
    );
    let controlId: string | undefined;
    if (choice.label === NEW) {
      controlId = given.control ?? await ask({
        title: 'New control', prompt: 'Control id', value: `ctl-${mitigation.id.replace(/^M-/, '').toLowerCase()}`,
        validateInput: (v) => (!ID_PATTERN.test(v.trim()) ? 'Letters, digits, _ . - (start with a letter or digit).'
          : findDeclaration(snap.analysis.index, v.trim()) ? 'That id is already used in this model.' : undefined),
      });
    }
    const { doc, snap: now } = await this.load(ref);
    const result = controlId
      ? addControl(doc.getText(), now.analysis.index, { id: controlId, name: mitigation.title, implements: [mitigation.id], covers: [finding.elementId] })
      : extendControl(doc.getText(), choice.label, mitigation.id, finding.elementId);
    await this.apply(doc, now.version, result, `Mitigate ${finding.id}`);
    void vscode.window.showInformationMessage(`Control '${controlId ?? choice.label}' now implements ${mitigation.id} for '${finding.elementId}'.`);
  }

  async suppress(ref: FindingRef): Promise<void> {
    const { finding } = await this.load(ref);
    const justification = ref.answers?.justification ?? await ask({
      title: `Suppress ${finding.ruleId} on '${finding.elementId}'`, prompt: 'Why does this rule not apply here? (stays visible as suppressed)',
      validateInput: (v) => (v.trim().length < 10 ? 'Write at least a sentence (10 characters or more).' : undefined),
    });
    const { doc, snap } = await this.load(ref);
    await this.apply(doc, snap.version, addSuppression(doc.getText(), snap.analysis.index, finding.ruleId, finding.elementId, justification), `Suppress ${finding.id}`);
    void vscode.window.showInformationMessage(`Suppressed ${finding.ruleId} on '${finding.elementId}'.`);
  }
}
