/**
 * "New threat model from template": pick one of the bundled templates (real systems that validate), name the
 * file, and it is created with a WorkspaceEdit (undoable) and opened. Without a folder it opens untitled.
 */
import * as vscode from 'vscode';
import { ask, CommandError, pick } from './failable';

interface Template {
  file: string;
  title: string;
  summary: string;
}

/** The title and summary from a template's first comment line: `# Title: what it is.` */
export function describeTemplate(file: string, text: string): Template {
  const first = /^#\s*(.+)$/m.exec(text)?.[1] ?? file;
  const colon = first.indexOf(':');
  return colon > 0
    ? { file, title: first.slice(0, colon).trim(), summary: first.slice(colon + 1).trim() }
    : { file, title: file.replace(/\.threatmodel\.ya?ml$/, ''), summary: first.trim() };
}

const FILE_NAME = /^[^\\:*?"<>|]+\.threatmodel\.ya?ml$/;

/** `preset` (a template file name) and `fileName` skip the prompts (scripts, tests). */
export async function newModelFromTemplate(extensionUri: vscode.Uri, preset?: string, fileName?: string): Promise<vscode.Uri | undefined> {
  const dir = vscode.Uri.joinPath(extensionUri, 'templates');
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(dir);
  } catch {
    throw new CommandError('the extension\'s templates folder is missing; reinstall the extension');
  }
  const templates: Array<Template & { text: string }> = [];
  for (const [name] of entries.filter(([n]) => /\.threatmodel\.ya?ml$/.test(n)).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, name)));
    templates.push({ ...describeTemplate(name, text), text });
  }
  if (templates.length === 0) throw new CommandError('no templates found in the extension');
  const chosen = preset
    ? templates.find((t) => t.file === preset || t.file === `${preset}.threatmodel.yaml`) ?? (() => { throw new CommandError(`no template '${preset}'`); })()
    : (await pick(templates.map((t) => ({ label: t.title, description: t.file, detail: t.summary, t })), {
      title: 'New threat model from template', placeHolder: 'Pick a starting point (you can change everything)', matchOnDetail: true,
    })).t;

  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    const doc = await vscode.workspace.openTextDocument({ language: 'threatmodel', content: chosen.text });
    await vscode.window.showTextDocument(doc);
    return doc.uri;
  }
  const name = fileName ?? await ask({
    title: 'New threat model', prompt: `File name, relative to ${folder.name}`, value: chosen.file,
    valueSelection: [0, chosen.file.indexOf('.threatmodel')],
    validateInput: (v) => (FILE_NAME.test(v.trim()) ? undefined : 'End the name with .threatmodel.yaml so the editor recognises it.'),
  });
  if (!FILE_NAME.test(name)) throw new CommandError(`'${name}' must end with .threatmodel.yaml`);
  const uri = vscode.Uri.joinPath(folder.uri, ...name.split(/[\\/]+/).filter((s) => s && s !== '..'));
  const exists = await vscode.workspace.fs.stat(uri).then(() => true, () => false);
  if (exists) throw new CommandError(`${vscode.workspace.asRelativePath(uri)} already exists; choose another name`);
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { contents: new TextEncoder().encode(chosen.text) }, { label: `New threat model ${name}`, needsConfirmation: false });
  if (!(await vscode.workspace.applyEdit(edit))) throw new CommandError(`could not create ${name}`);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return uri;
}
