/**
 * `threatmodel validate`: clickable problem lines, JSON output, folders, and the exit codes CI relies on.
 */
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'tm-validate-'));
const good = join(dir, 'good.threatmodel.yaml');
const bad = join(dir, 'sub', 'bad.threatmodel.yaml');
writeFileSync(good, 'threatmodel: 1\nsystem:\n  name: Good\n');
mkdirSync(join(dir, 'sub'));
writeFileSync(bad, 'threatmodel: 1\nsystem:\n  name: Bad\ncomponents:\n  - id: t\n    kind: tool\n    efects: [write]\n');

describe('threatmodel validate', () => {
  it('exit 0 and a summary for a valid file', async () => {
    const r = await cli(['validate', good]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('1 file valid\n');
  });

  it('exit 1 with file:line:col: severity code message lines (1-based) for problems', async () => {
    const r = await cli(['validate', 'sub/bad.threatmodel.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toEqual([
      "sub/bad.threatmodel.yaml:5:9: warning TM-TOOL-UNUSED tool 't' is not used by any agent (list it in an agent's 'tools', directly or through an MCP server's 'tools')",
      "sub/bad.threatmodel.yaml:7:5: error TM-SCHEMA-UNKNOWN-PROPERTY unknown property 'efects' on tool 't' (did you mean 'effects'?)",
      '1 error, 1 warning in 1 file',
      '',
    ]);
  });

  it('--format json gives every problem with 0-based ranges and a summary', async () => {
    const r = await cli(['validate', '--format', 'json', good, bad]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.summary).toEqual({ files: 2, invalid: 1, errors: 1, warnings: 1 });
    expect(json.files[1].problems[1]).toMatchObject({ code: 'TM-SCHEMA-UNKNOWN-PROPERTY', range: { start: { line: 6, character: 4 } } });
  });

  it('a folder stands for every model file below it', async () => {
    const r = await cli(['validate', '--format', 'json', dir]);
    expect(JSON.parse(r.stdout).files.map((f: { file: string }) => f.file)).toEqual([good, bad].sort());
  });

  it('--strict makes warnings fail', async () => {
    writeFileSync(join(dir, 'warn.yaml'), 'threatmodel: 1\nsystem:\n  name: W\ncomponents:\n  - id: t\n    kind: tool\n');
    expect((await cli(['validate', join(dir, 'warn.yaml')])).code).toBe(0);
    expect((await cli(['validate', '--strict', join(dir, 'warn.yaml')])).code).toBe(1);
  });

  it('exit 2 for a missing file, an unreadable path, or bad usage', async () => {
    const missing = await cli(['validate', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yaml: no such file');
    expect((await cli(['validate'])).code).toBe(2);
    expect((await cli(['validate', '--format', 'xml', good])).code).toBe(2);
    expect((await cli(['validate', '--bogus', good])).stderr).toContain("unknown option '--bogus'");
    // A path through a regular file cannot be read by anyone, root included.
    const through = await cli(['validate', join(good, 'x.threatmodel.yaml')]);
    expect(through.code).toBe(2);
    expect(through.stderr).toContain('x.threatmodel.yaml');
  });

  it('--help for the command and for the tool', async () => {
    const r = await cli(['validate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: threatmodel validate');
    const top = await cli(['--help']);
    expect(top.stdout).toContain('validate');
    expect((await cli(['frobnicate'])).code).toBe(2);
  });

  it('problem lines stay one line whatever the model text contains', async () => {
    const f = join(dir, 'nl.threatmodel.yaml');
    writeFileSync(f, 'threatmodel: 1\nsystem:\n  name: x\nflows:\n  - from: "a\\nb"\n    to: c\n');
    const r = await cli(['validate', f]);
    expect(r.stdout.trim().split('\n').every((l) => l.startsWith(f) || /error|warning/.test(l))).toBe(true);
  });
});
