/**
 * `threatmodel analyze`: findings grouped by severity with the why, JSON output, --catalog layers, and the
 * exit codes CI relies on (--fail-on).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'tm-analyze-'));
// An internet-facing chat: untrusted users reach the model directly (MODEL-DIRECT-PROMPT-INJECTION).
const chat = `threatmodel: 1
system:
  name: Public chat
  exposure: internet
components:
  - { id: visitor, kind: user }
  - { id: app, kind: service }
  - { id: llm, kind: model-endpoint }
flows:
  - { from: visitor, to: app }
  - { from: app, to: llm }
`;
writeFileSync(join(dir, 'chat.threatmodel.yaml'), chat);
writeFileSync(join(dir, 'quiet.threatmodel.yaml'), 'threatmodel: 1\nsystem:\n  name: Quiet\n');
writeFileSync(join(dir, 'broken.threatmodel.yaml'), 'threatmodel: 1\nsystem:\n  name: Broken\ncomponents:\n  - { id: x, kind: nonsense }\n');
writeFileSync(join(dir, 'tracked.threatmodel.yaml'), `${chat}tracking:\n  MODEL-DIRECT-PROMPT-INJECTION@llm: { status: accepted, justification: Closed beta, owner: ana }\n`);
mkdirSync(join(dir, 'org'));
writeFileSync(join(dir, 'org', 'settings.yaml'), 'severity: { MODEL-DIRECT-PROMPT-INJECTION: low }\n');
writeFileSync(join(dir, 'org', 'BROKEN-RULE.yaml'), 'id: BROKEN-RULE\ntitle: x\n');

describe('threatmodel analyze', () => {
  it('prints findings grouped by severity, critical first, each with its factors and path', async () => {
    const r = await cli(['analyze', 'chat.threatmodel.yaml'], dir);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^chat\.threatmodel\.yaml: \d+ findings?, \d+ open \(\d+ critical, \d+ high, \d+ medium, \d+ low\)(; \d+ of them not stated)?$/);
    const groups = lines.filter((l) => /^(CRITICAL|HIGH|MEDIUM|LOW) \(\d+\)$/.test(l)).map((l) => l.split(' ')[0]);
    expect(groups).toEqual([...groups].sort((a, b) => ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'].indexOf(a!) - ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'].indexOf(b!)));
    const at = lines.findIndex((l) => l.includes('MODEL-DIRECT-PROMPT-INJECTION@llm'));
    expect(at).toBeGreaterThan(0);
    const block = lines.slice(at, at + 8).join('\n');
    expect(block).toContain('at chat.threatmodel.yaml:8:11');
    expect(block).toContain('+ internet-exposed (likelihood): an untrusted user reaches it: visitor → app → llm');
    expect(block).toContain('path: visitor → app → llm');
  });

  it('exit 1 when an open finding is at or above --fail-on (default high), 0 below it or with none', async () => {
    expect((await cli(['analyze', 'chat.threatmodel.yaml'], dir)).code).toBe(1);
    expect((await cli(['analyze', '--fail-on', 'critical', 'chat.threatmodel.yaml'], dir)).code).toBe(0);
    expect((await cli(['analyze', '--fail-on', 'none', 'chat.threatmodel.yaml'], dir)).code).toBe(0);
    expect((await cli(['analyze', 'quiet.threatmodel.yaml'], dir)).code).toBe(0);
  });

  it('accepted findings are not open: they do not fail the run, and show their tracking', async () => {
    const r = await cli(['analyze', 'tracked.threatmodel.yaml'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('MODEL-DIRECT-PROMPT-INJECTION@llm  [accepted]');
    expect(r.stdout).toContain('justification: Closed beta');
    // The breakdown counts open findings only: the accepted finding is not in it.
    const plain = (await cli(['analyze', 'chat.threatmodel.yaml'], dir)).stdout.split('\n')[0]!;
    const head = r.stdout.split('\n')[0]!;
    const breakdown = (line: string) => [...line.matchAll(/(\d+) (critical|high|medium|low)/g)].map((m) => Number(m[1]));
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(breakdown(head))).toBe(Number(/(\d+) open/.exec(head)![1]));
    expect(sum(breakdown(head))).toBe(sum(breakdown(plain)) - 1);
    const json = JSON.parse((await cli(['analyze', '--format', 'json', 'tracked.threatmodel.yaml'], dir)).stdout);
    expect(sum(Object.values(json.summary.bySeverity) as number[])).toBe(json.summary.open);
    expect(json.summary.byStatus.accepted).toBe(1);
  });

  it('an invalid model exits 1 and prints its problems as file:line:col: severity code message', async () => {
    const r = await cli(['analyze', '--fail-on', 'none', 'broken.threatmodel.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^broken\.threatmodel\.yaml:5:\d+: error TM-/m);
  });

  it('--format json gives findings with their why and a summary', async () => {
    const r = await cli(['analyze', '--format', 'json', 'chat.threatmodel.yaml', 'quiet.threatmodel.yaml'], dir);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.failOn).toBe('high');
    expect(json.files.map((f: { file: string }) => f.file)).toEqual(['chat.threatmodel.yaml', 'quiet.threatmodel.yaml']);
    const f = json.files[0].findings.find((x: { id: string }) => x.id === 'MODEL-DIRECT-PROMPT-INJECTION@llm');
    expect(f).toMatchObject({ ruleId: 'MODEL-DIRECT-PROMPT-INJECTION', elementId: 'llm', status: 'open', why: { path: ['visitor', 'app', 'llm'] } });
    expect(json.summary.files).toBe(2);
    expect(json.summary.failing).toBeGreaterThan(0);
  });

  it('--catalog layers rules and settings; a broken custom rule is a problem with its file and line', async () => {
    const r = await cli(['analyze', '--catalog', 'org', '--format', 'json', 'chat.threatmodel.yaml'], dir);
    const json = JSON.parse(r.stdout);
    const f = json.files[0].findings.find((x: { id: string }) => x.id === 'MODEL-DIRECT-PROMPT-INJECTION@llm');
    expect(f.severity).toBe('low');
    expect(json.files[0].problems).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'TM-CATALOG-SCHEMA', file: 'org/BROKEN-RULE.yaml' })]));
    expect(r.code).toBe(1); // the broken rule is an error
  });

  it('exit 2 on usage and I/O errors', async () => {
    expect((await cli(['analyze'], dir)).code).toBe(2);
    expect((await cli(['analyze', '--fail-on', 'severe', 'chat.threatmodel.yaml'], dir)).code).toBe(2);
    expect((await cli(['analyze', 'missing.threatmodel.yaml'], dir))).toMatchObject({ code: 2, stderr: expect.stringContaining('missing.threatmodel.yaml') });
    expect((await cli(['analyze', '--catalog', 'nowhere', 'chat.threatmodel.yaml'], dir))).toMatchObject({ code: 2, stderr: expect.stringContaining('nowhere') });
  });
});
