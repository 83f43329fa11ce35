/**
 * "Generate Security Tests" (runtime: VS Code extension host): writes the promptfoo suite for a model's
 * findings into `security-tests/` beside it, exactly as `threatmodel tests` does. The generated cases file is
 * rewritten; the team's `promptfooconfig.yaml` is written only when absent, so their target and their own
 * tests survive. Nothing is run: the extension writes files, promptfoo runs them (in CI or by hand).
 */
import * as vscode from 'vscode';
import { modelFindings } from '../../core/export/pipeline';
import { generateSuite } from '../../core/tests/index';
import { CommandError } from './failable';
import { engineFileName } from '../convert';
import { chooseModel, fsCatalogHost, modelText, writeAtomically } from '../export/export-command';
import type { Settings } from '../settings';
import { SUITE_FOLDER, type TestSuites } from '../views/test-suites';

export interface GeneratedSuite {
  folder: vscode.Uri;
  written: string[];
  /** Files that already existed and belong to the team (never overwritten). */
  kept: string[];
  cases: number;
  findings: number;
  notTestable: number;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return Promise.resolve(vscode.workspace.fs.stat(uri)).then(() => true, () => false);
}

export async function generateSecurityTests(getSettings: () => Settings, suites: TestSuites, modelArg?: unknown): Promise<GeneratedSuite> {
  const uri = await chooseModel(modelArg, 'Generate security tests for which threat model?');
  const settings = getSettings();
  const disable = Object.entries(settings.severityOverrides).filter(([, v]) => v === 'off').map(([k]) => k);
  const result = modelFindings(await modelText(uri), engineFileName(uri), { catalogs: settings.catalogs, host: fsCatalogHost(), disable });
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (!result.model || errors.length > 0) {
    throw new CommandError(`${vscode.workspace.asRelativePath(uri)} has ${errors.length || 'unreadable'} error${errors.length === 1 ? '' : 's'}; fix them first (see the Problems panel)`);
  }
  const folder = vscode.Uri.joinPath(uri, '..', SUITE_FOLDER);
  // The model's path as the generated file's header names it: workspace-relative, as the CLI run from the root.
  const modelPath = vscode.workspace.asRelativePath(uri, false).split('\\').join('/');
  const suite = generateSuite(result.model, result.findings, { modelPath });
  await vscode.workspace.fs.createDirectory(folder);
  const written: string[] = [];
  const kept: string[] = [];
  for (const f of suite.files) {
    const target = vscode.Uri.joinPath(folder, f.name);
    if (!f.overwrite && await exists(target)) { kept.push(f.name); continue; }
    await writeAtomically(target, new TextEncoder().encode(f.content));
    written.push(f.name);
  }
  suites.invalidate(uri);
  return { folder, written, kept, cases: suite.cases.length, findings: new Set(suite.cases.map((c) => c.findingId)).size, notTestable: suite.notTestable.length };
}

export function generatedMessage(g: GeneratedSuite): string {
  const where = vscode.workspace.asRelativePath(g.folder);
  const kept = g.kept.length ? ` (kept your ${g.kept.join(', ')})` : '';
  return `Wrote ${g.cases} security test case${g.cases === 1 ? '' : 's'} for ${g.findings} finding${g.findings === 1 ? '' : 's'} to ${where}${kept}; ${g.notTestable} open finding${g.notTestable === 1 ? '' : 's'} cannot be tested against a running system. Run: npx promptfoo eval -c ${where}/promptfooconfig.yaml`;
}
