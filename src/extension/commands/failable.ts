/**
 * Command registration where every failure becomes a readable message (and a line in the output channel),
 * never a silent no-op. A `UserCancelled` ends a command quietly: the user pressed Escape.
 */
import * as vscode from 'vscode';

export class UserCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** A failure whose message is written for the user (no stack, no "Error:" prefix). */
export class CommandError extends Error {}

export function registerFailable(
  id: string,
  title: string,
  run: (...args: unknown[]) => unknown,
  log: (line: string) => void,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await run(...args);
    } catch (err) {
      if (err instanceof UserCancelled) return undefined;
      const message = err instanceof Error ? err.message : String(err);
      log(`${id} failed: ${err instanceof Error && !(err instanceof CommandError) ? err.stack ?? message : message}`);
      console.warn(`[threatmodel] ${id} failed: ${message}`);
      void vscode.window.showErrorMessage(`${title}: ${message}`);
      return undefined;
    }
  });
}

/** An input box that throws UserCancelled on Escape. */
export async function ask(options: vscode.InputBoxOptions): Promise<string> {
  const v = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  if (v === undefined) throw new UserCancelled();
  return v.trim();
}

/** A quick pick that throws UserCancelled on Escape. */
export async function pick<T extends vscode.QuickPickItem>(items: T[], options: vscode.QuickPickOptions): Promise<T> {
  const v = await vscode.window.showQuickPick(items, { ignoreFocusOut: true, ...options });
  if (v === undefined) throw new UserCancelled();
  return v;
}
