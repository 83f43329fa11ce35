/**
 * The "not stated" tier: a finding that holds only because the model leaves a safeguard unsaid is marked with
 * the facts it rests on; one the stated facts confirm is not. The CLI shows, hides or isolates the tier, and
 * SARIF, HTML and the editor's texts say so.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/core/catalog/builtin';
import { analyze } from '../../src/core/engine/analyze';
import { diagnosticMessage, findingMarkdown } from '../../src/core/editor/findings-view';
import { sarifLog } from '../../src/core/export/sarif';
import { cli } from './helpers/cli';
import { catalogOf, model, rule } from './helpers/engine';

const SANDBOX_RULE = rule('TEST-UNSANDBOXED', 'tool', `when:
  property: sandbox
  notIn: [container, vm]`);

const TOOLS = `threatmodel: 1
system: { name: Sandboxes }
components:
  - { id: llm, kind: model-endpoint }
  - { id: agent, kind: agent, model: llm, tools: [silent, none, vm] }
  - { id: silent, kind: tool, effects: [execute] }
  - { id: none, kind: tool, effects: [execute], sandbox: none }
  - { id: vm, kind: tool, effects: [execute], sandbox: vm }
`;

describe('not-stated tier (engine)', () => {
  it('marks a finding that rests on an absent safeguard, with the fact, and leaves a stated unsafe value confirmed', () => {
    const { findings } = analyze(model(TOOLS), catalogOf(SANDBOX_RULE));
    expect(findings.map((f) => [f.id, f.notStated])).toEqual([
      ['TEST-UNSANDBOXED@none', undefined],
      ['TEST-UNSANDBOXED@silent', ['silent: sandbox']],
    ]);
  });

  it("treats 'unknown' like an absent value", () => {
    const text = `threatmodel: 1
system: { name: Auth }
components:
  - { id: a, kind: datastore, authentication: unknown }
  - { id: b, kind: datastore, authentication: none }
`;
    const r = rule('NO-AUTH', 'datastore', `when:
  property: authentication
  notIn: [oidc, mtls]`);
    const { findings } = analyze(model(text), catalogOf(r));
    expect(findings.map((f) => [f.id, f.notStated])).toEqual([['NO-AUTH@a', ['a: authentication']], ['NO-AUTH@b', undefined]]);
  });

  it('marks flow findings on unstated encryption, not on stated plain text', () => {
    const text = `threatmodel: 1
system: { name: Flows }
components:
  - { id: a, kind: service }
  - { id: b, kind: service }
  - { id: c, kind: service }
flows:
  - { from: a, to: b }
  - { from: a, to: c, encrypted: false }
`;
    const r = rule('TEST-PLAIN', 'flow', `when:
  flow: { encrypted: false }`);
    const { findings } = analyze(model(text), catalogOf(r));
    expect(findings.map((f) => [f.id, f.notStated])).toEqual([['TEST-PLAIN@a@a->b', ['a->b: encrypted']], ['TEST-PLAIN@a@a->c', undefined]]);
  });

  it('leaves a rule that reads no safeguard confirmed, and keeps finding ids and severities as they were', () => {
    const r = rule('TEST-ANY-TOOL', 'tool');
    const { findings } = analyze(model(TOOLS), catalogOf(r));
    expect(findings.every((f) => f.notStated === undefined)).toBe(true);
    const tiered = analyze(model(TOOLS), catalogOf(SANDBOX_RULE)).findings.find((f) => f.id === 'TEST-UNSANDBOXED@silent')!;
    expect([tiered.severity, tiered.status]).toEqual(['medium', 'open']);
  });

  it('the built-in catalog on the bundled example: only safeguard rules land in the tier', () => {
    const { catalog } = builtinCatalog();
    const { findings } = analyze(model(TOOLS), catalog);
    const tiered = findings.filter((f) => f.notStated).map((f) => f.ruleId);
    expect(tiered).toContain('CODE-EXECUTION-NO-RESOURCE-LIMITS');
    expect(findings.find((f) => f.id === 'TOOL-CODE-EXECUTION-UNSANDBOXED@none')?.notStated).toBeUndefined();
    expect(findings.find((f) => f.id === 'TOOL-CODE-EXECUTION-UNSANDBOXED@silent')?.notStated).toEqual(['silent: sandbox']);
  });
});

describe('not-stated tier (faces)', () => {
  const m = model(TOOLS, 'tools.threatmodel.yaml');
  const { findings } = analyze(m, catalogOf(SANDBOX_RULE));
  const silent = findings.find((f) => f.id === 'TEST-UNSANDBOXED@silent')!;

  it('the editor says which facts are missing, in the diagnostic and the hover', () => {
    expect(diagnosticMessage(silent)).toBe('MEDIUM: TEST-UNSANDBOXED title [not stated: silent: sandbox]');
    expect(findingMarkdown(silent)).toContain('*Not stated in the model:* `silent: sandbox`');
  });

  it('SARIF results carry the tier as a property and a tag', () => {
    const sarif = sarifLog({ model: m, findings }) as unknown as {
      runs: Array<{ results: Array<{ properties: Record<string, unknown>; message: { text: string } }> }>;
    };
    const byId = new Map(sarif.runs[0]!.results.map((r) => [r.properties.findingId, r]));
    expect(byId.get('TEST-UNSANDBOXED@silent')!.properties).toMatchObject({ tier: 'not-stated', notStated: ['silent: sandbox'], tags: ['not-stated'] });
    expect(byId.get('TEST-UNSANDBOXED@silent')!.message.text).toContain('Not stated in the model: silent: sandbox.');
    expect(byId.get('TEST-UNSANDBOXED@none')!.properties.tier).toBeUndefined();
  });
});

describe('threatmodel analyze --not-stated', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tm-not-stated-'));
  const file = join(dir, 'tools.threatmodel.yaml');
  writeFileSync(file, TOOLS);

  it('show (default) lists the tier in its own section after the confirmed findings', async () => {
    const r = await cli(['analyze', file, '--fail-on', 'none']);
    expect(r.code).toBe(0);
    const section = r.stdout.indexOf('NOT STATED (');
    expect(section).toBeGreaterThan(0);
    expect(r.stdout.indexOf('TOOL-CODE-EXECUTION-UNSANDBOXED@none')).toBeLessThan(section);
    expect(r.stdout.indexOf('TOOL-CODE-EXECUTION-UNSANDBOXED@silent')).toBeGreaterThan(section);
    expect(r.stdout).toContain('not stated: silent: sandbox');
  });

  it('hide leaves the tier out of the output and the gate; only keeps just the tier', async () => {
    const hidden = await cli(['analyze', file, '--not-stated', 'hide', '--format', 'json', '--fail-on', 'none']);
    const h = JSON.parse(hidden.stdout) as { files: Array<{ findings: Array<{ id: string; notStated?: string[] }> }>; summary: { notStated: number } };
    expect(h.files[0]!.findings.some((f) => f.notStated)).toBe(false);
    expect(h.files[0]!.findings.map((f) => f.id)).toContain('TOOL-CODE-EXECUTION-UNSANDBOXED@none');
    expect(h.summary.notStated).toBe(0);
    const only = await cli(['analyze', file, '--not-stated', 'only', '--format', 'json', '--fail-on', 'none']);
    const o = JSON.parse(only.stdout) as typeof h;
    expect(o.files[0]!.findings.length).toBeGreaterThan(0);
    expect(o.files[0]!.findings.every((f) => f.notStated && f.notStated.length > 0)).toBe(true);
    expect(o.summary.notStated).toBe(o.files[0]!.findings.length);
  });

  it('rejects an unknown mode with exit 2 and documents the flag in --help', async () => {
    const bad = await cli(['analyze', file, '--not-stated', 'maybe']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--not-stated must be one of show, hide, only');
    const help = await cli(['analyze', '--help']);
    expect(help.stdout).toContain('--not-stated show|hide|only');
  });
});
