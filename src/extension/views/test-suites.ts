/**
 * The security test suites on disk (`security-tests/threatmodel.tests.yaml` next to each model, as
 * `threatmodel tests` and "Generate Security Tests" write it), read once and re-read when the file changes,
 * so the Threats view shows which findings have a test without blocking a render on the file system.
 */
import * as vscode from 'vscode';
import { GENERATED_TESTS_FILE, suiteCaseIds } from '../../core/tests/index';

export const SUITE_FOLDER = 'security-tests';

/** Where the suite of a model lives: `security-tests/threatmodel.tests.yaml` beside it. */
export function suiteUri(modelUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(modelUri, '..', SUITE_FOLDER, GENERATED_TESTS_FILE);
}

export class TestSuites implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Suite uri → its case ids, `null` when there is no (readable) suite, a promise while reading. */
  private readonly cache = new Map<string, Set<string> | null | Promise<void>>();
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly subs: vscode.Disposable[];

  constructor() {
    this.watcher = vscode.workspace.createFileSystemWatcher(`**/${SUITE_FOLDER}/${GENERATED_TESTS_FILE}`);
    const forget = (uri: vscode.Uri): void => {
      if (this.cache.delete(uri.toString())) this.changed.fire();
    };
    this.subs = [this.watcher, this.watcher.onDidChange(forget), this.watcher.onDidCreate(forget), this.watcher.onDidDelete(forget)];
  }

  /**
   * The case ids of a model's suite: a set, `null` when it has none, `undefined` while it is being read
   * (`onDidChange` fires when the read completes).
   */
  caseIds(modelUri: vscode.Uri): Set<string> | null | undefined {
    const key = suiteUri(modelUri).toString();
    const hit = this.cache.get(key);
    if (hit instanceof Promise) return undefined;
    if (hit !== undefined) return hit;
    this.cache.set(key, this.read(suiteUri(modelUri)).then((ids) => {
      this.cache.set(key, ids);
      this.changed.fire();
    }));
    return undefined;
  }

  /** Forget a suite after writing it, so the next look reads the new file. */
  invalidate(modelUri: vscode.Uri): void {
    this.cache.delete(suiteUri(modelUri).toString());
    this.changed.fire();
  }

  private async read(uri: vscode.Uri): Promise<Set<string> | null> {
    try {
      const parsed = suiteCaseIds(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
      return parsed.error ? null : parsed.caseIds;
    } catch {
      return null;
    }
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.changed.dispose();
  }
}
