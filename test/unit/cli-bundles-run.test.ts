/**
 * The built CLI as users run it: dist/cli.js loads each command from its own bundle (dist/cli-commands), so
 * anything shared between cli.js and a command exists twice at run time. In-process CLI tests import the
 * sources, where it exists once, and cannot see what goes wrong across bundles; these run the built files.
 *
 * - A usage error thrown inside a command bundle is a usage error (message, the command's help, exit 2), not an
 *   "internal error" with a stack trace.
 * - Writing and reading an XLSX register (the only path into exceljs and the bluebird library inside it)
 *   compiles no code from strings: both run under node's --disallow-code-generation-from-strings, which turns
 *   any `eval` or `new Function` into an exception.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, removeBuild } from './helpers/bounded-child';

let out: string;
let work: string;
const EXAMPLE = 'examples/support-assistant.threatmodel.yaml';

function cli(args: string[], nodeFlags: string[] = []) {
  return spawnSync(process.execPath, [...nodeFlags, join(out, 'cli.js'), ...args], { encoding: 'utf8', cwd: work });
}

beforeAll(() => {
  out = buildOnce();
  work = mkdtempSync(join(tmpdir(), 'tm-cli-run-'));
}, 300_000);

afterAll(() => {
  removeBuild();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the built CLI', () => {
  const model = () => join(process.cwd(), EXAMPLE);

  it.each([
    ['validate', ['--bogus'], "unknown option '--bogus'"],
    ['analyze', ['--fail-on', 'sometimes'], '--fail-on must be one of'],
    ['export', ['--format', 'register-xlsx'], '--format must be one of'],
    ['diagram', ['--bogus'], "unknown option '--bogus'"],
    ['register', ['import', 'register.csv', '--bogus'], "unknown option '--bogus'"],
  ])('%s: a bad option is a usage error with the command\'s help, exit 2', (command, args, message) => {
    const r = cli(command === 'register' ? [command, ...args, model()] : [command, model(), ...args]);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).toContain(`threatmodel ${command}: `);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(`Usage: threatmodel ${command}`);
    expect(r.status).toBe(2);
  });

  it('writes and reads back an XLSX register with code generation from strings disallowed', () => {
    const codegenOff = ['--disallow-code-generation-from-strings'];
    // The flag works: the same node refuses `new Function`, so a pass below means no code was compiled.
    const probe = spawnSync(process.execPath, [...codegenOff, '-e', 'new Function("return 1")'], { encoding: 'utf8' });
    expect(probe.status).not.toBe(0);
    expect(probe.stderr).toContain('Code generation from strings disallowed');

    const xlsx = join(work, 'register.xlsx');
    const written = cli(['export', model(), '--format', 'xlsx', '-o', xlsx], codegenOff);
    expect(written.stderr).not.toContain('internal error');
    expect(written.status, written.stderr).toBe(0);
    expect(existsSync(xlsx)).toBe(true);

    const copy = join(work, 'model.threatmodel.yaml');
    copyFileSync(model(), copy);
    const read = cli(['register', 'import', xlsx, copy, '--dry-run'], codegenOff);
    expect(read.stderr).not.toContain('internal error');
    expect(read.status, read.stderr).toBe(0);
  });
});
