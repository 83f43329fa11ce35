/**
 * "Export…" (runtime: VS Code extension host): pick a model, a format and a destination; the engine writes
 * the risk register, checklist, SARIF or HTML report. The file is written whole or not at all: the bytes go
 * to a temporary file in the destination folder, which is then renamed over the target.
 * Tests (and other extensions) may pass the model URI, the format and the target URI to skip the pickers.
 */
import * as vscode from 'vscode';
import type { CatalogHost } from '../../core/catalog/catalog';
import { nodeCatalogHost } from '../../node/catalog-host';
import { defaultOutputName, EXPORT_FORMATS, exportAs, formatInfo, type ExportFormat } from '../../core/export/index';
import { exportInput, modelFindings } from '../../core/export/pipeline';
import { CommandError, pick, registerFailable, UserCancelled } from '../commands/failable';
import { engineFileName, isModelDocument } from '../convert';
import type { Settings } from '../settings';

/** User catalogs from disk, bounded and confined like the analysis worker's (src/node/catalog-host.ts). */
export function fsCatalogHost(): CatalogHost {
  return nodeCatalogHost({ cwd: process.cwd(), roots: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath) });
}

/** Writes bytes to `target` through a temporary sibling and a rename, so a failure never leaves half a file. */
export async function writeAtomically(target: vscode.Uri, bytes: Uint8Array): Promise<void> {
  const name = target.path.slice(target.path.lastIndexOf('/') + 1);
  const tmp = vscode.Uri.joinPath(target, '..', `.${name}.${process.pid}.${Date.now()}.tmp`);
  try {
    await vscode.workspace.fs.writeFile(tmp, bytes);
    await vscode.workspace.fs.rename(tmp, target, { overwrite: true });
  } catch (err) {
    await Promise.resolve(vscode.workspace.fs.delete(tmp)).catch(() => undefined);
    throw err;
  }
}

export async function chooseModel(arg: unknown, title = 'Export which threat model?'): Promise<vscode.Uri> {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document;
  if (active && isModelDocument(active)) return active.uri;
  const files = await vscode.workspace.findFiles('**/*.threatmodel.{yaml,yml}', '**/node_modules/**', 200);
  if (files.length === 0) throw new CommandError('open a *.threatmodel.yaml file first');
  if (files.length === 1) return files[0]!;
  const sorted = files.sort((a, b) => a.path.localeCompare(b.path));
  return (await pick(sorted.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })), { title })).uri;
}

export async function modelText(uri: vscode.Uri): Promise<string> {
  // An open editor's text, unsaved edits included: the export shows what the user sees.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** Runs the export and returns the written URI; Escape in a picker ends it with UserCancelled. */
export async function exportModel(getSettings: () => Settings, modelArg?: unknown, formatArg?: unknown, targetArg?: unknown): Promise<vscode.Uri> {
  const uri = await chooseModel(modelArg);
  const format: ExportFormat = typeof formatArg === 'string' && formatInfo(formatArg)
    ? (formatArg as ExportFormat)
    : (await pick(EXPORT_FORMATS.map((f) => ({ label: f.label, description: f.suffix, format: f.format })), { title: 'Export as' })).format;

  const settings = getSettings();
  const file = engineFileName(uri);
  const disable = Object.entries(settings.severityOverrides).filter(([, v]) => v === 'off').map(([k]) => k);
  const result = modelFindings(await modelText(uri), file, { catalogs: settings.catalogs, host: fsCatalogHost(), disable });
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (!result.model || errors.length > 0) {
    throw new CommandError(`${vscode.workspace.asRelativePath(uri)} has ${errors.length || 'unreadable'} error${errors.length === 1 ? '' : 's'}; fix them first (see the Problems panel)`);
  }

  let target: vscode.Uri;
  if (targetArg instanceof vscode.Uri) target = targetArg;
  else {
    const info = formatInfo(format)!;
    const chosen = await vscode.window.showSaveDialog({
      title: `Export ${info.label}`,
      defaultUri: vscode.Uri.joinPath(uri, '..', defaultOutputName(uri.path, format)),
      filters: { [info.label]: [info.suffix.slice(info.suffix.lastIndexOf('.') + 1)] },
    });
    if (!chosen) throw new UserCancelled();
    target = chosen;
  }

  const displayPath = vscode.workspace.asRelativePath(uri, false).split('\\').join('/');
  const content = await exportAs(format, exportInput({ ...result, model: result.model }, displayPath));
  await writeAtomically(target, typeof content === 'string' ? new TextEncoder().encode(content) : content);
  return target;
}

/** Registers `threatmodel.export`. One line in extension.ts calls this. */
export function registerExportCommands(context: vscode.ExtensionContext, getSettings: () => Settings, log: (line: string) => void): void {
  context.subscriptions.push(registerFailable('threatmodel.export', 'Export', async (model, format, target) => {
    const written = await exportModel(getSettings, model, format, target);
    log(`exported ${written.toString()}`);
    if (!(target instanceof vscode.Uri)) {
      const open = 'Open';
      void vscode.window.showInformationMessage(`Exported ${vscode.workspace.asRelativePath(written)}`, open).then((choice) => {
        if (choice !== open) return;
        if (/\.(xlsx|html)$/i.test(written.path)) void vscode.env.openExternal(written);
        else void vscode.window.showTextDocument(written);
      });
    }
    return written;
  }, log));
}
