/**
 * The extension's settings (`threatmodel.*`), read once per change and handed to features as plain values.
 */
import * as vscode from 'vscode';
import type { Level } from '../core/catalog/types';
import { LEVEL_ORDER, type FindingSettings } from '../core/editor/findings-view';

export interface Settings extends FindingSettings {
  /** Extra catalog paths, resolved against the first workspace folder. */
  catalogs: string[];
  /** Delay after the last keystroke before the model is analysed again. */
  debounceMs: number;
  codeLens: boolean;
}

function level(v: unknown, fallback: Level): Level {
  return typeof v === 'string' && (LEVEL_ORDER as readonly string[]).includes(v) ? (v as Level) : fallback;
}

export function readSettings(scope?: vscode.Uri): Settings {
  // The settings are resource-scoped: read them for a resource (the first folder when none is given), never
  // without one (VS Code logs a warning per setting read without a resource, at every activation).
  const c = vscode.workspace.getConfiguration('threatmodel', scope ?? vscode.workspace.workspaceFolders?.[0]?.uri ?? null);
  const overridesRaw = c.get<Record<string, unknown>>('findings.severityOverrides') ?? {};
  const severityOverrides: Settings['severityOverrides'] = {};
  for (const [rule, v] of Object.entries(overridesRaw)) {
    if (v === 'off' || (typeof v === 'string' && (LEVEL_ORDER as readonly string[]).includes(v))) severityOverrides[rule] = v as Level | 'off';
  }
  const folder = scope ? vscode.workspace.getWorkspaceFolder(scope) : vscode.workspace.workspaceFolders?.[0];
  const catalogs = (c.get<unknown[]>('catalogs') ?? [])
    .filter((p): p is string => typeof p === 'string' && p.trim() !== '')
    .map((p) => (/^([/\\]|[A-Za-z]:[\\/])/.test(p) || !folder ? p : vscode.Uri.joinPath(folder.uri, p).fsPath));
  const debounce = c.get<number>('analysis.debounceMs') ?? 200;
  return {
    minimumSeverity: level(c.get('findings.minimumSeverity'), 'low'),
    severityOverrides,
    catalogs,
    debounceMs: Math.max(0, Math.min(5000, Number.isFinite(debounce) ? debounce : 200)),
    // Window-scoped (one choice for the whole window): read without a resource.
    codeLens: vscode.workspace.getConfiguration('threatmodel').get<boolean>('codeLens.enabled') ?? true,
  };
}
