// Runs the same extension-host suite (test/host) in a desktop VS Code through @vscode/test-electron, on a
// machine that can download VS Code. Not part of `npm test` or .ci/run: the CI machines cannot download the
// desktop binary (see docs/extension.md). Usage: npm run test:electron
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const root = path.resolve(import.meta.dirname, '..');
const suite = path.join(root, 'e2e', '.run', 'electron-host');
const built = spawnSync(process.execPath, [path.join(root, 'e2e', 'build-host.mjs'), suite], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(1);

const workspace = mkdtempSync(path.join(tmpdir(), 'tmac-electron-'));
cpSync(path.join(root, 'e2e', 'workspace'), workspace, { recursive: true });
try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(suite, 'index'),
    // Restricted Mode like the code-server run: the suite asserts that the workspace is untrusted.
    launchArgs: [workspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes'],
  });
} catch (err) {
  console.error(`test:electron failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
