/**
 * CLI entry (runtime: node). Maps argv to a command and its exit code.
 */
import { runCli } from './run';

runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
}).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`threatmodel: internal error: ${err instanceof Error ? err.stack : String(err)}\n`); process.exitCode = 2; },
);
