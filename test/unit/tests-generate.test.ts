/**
 * `threatmodel tests`: the promptfoo suite generated from a model's findings, as a user relies on it.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { modelFindings } from '../../src/core/export/pipeline';
import { isOpen } from '../../src/core/engine/types';
import { generateSuite, isTestable, TESTABLE_RULES } from '../../src/core/tests/index';
import { cli } from './helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'tm-tests-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TEMPLATES = readdirSync('templates').filter((f) => f.endsWith('.threatmodel.yaml')).map((f) => `templates/${f}`);
const analysed = (file: string) => {
  const r = modelFindings(readFileSync(file, 'utf8'), file);
  if (!r.model) throw new Error(`${file} did not load`);
  return { model: r.model, findings: r.findings };
};

interface PfTest { description: string; vars: { prompt: string }; assert: Array<{ type: string; value: string }>; metadata: Record<string, unknown> }

describe('generated promptfoo suite', () => {
  it('has at least one test for every open finding of a testable rule in every template, each naming its finding', () => {
    let total = 0;
    for (const file of TEMPLATES) {
      const { model, findings } = analysed(file);
      const suite = generateSuite(model, findings, { modelPath: file });
      const tests = parse(suite.files.find((f) => f.name === 'threatmodel.tests.yaml')!.content) as PfTest[];
      const tested = new Set(tests.map((t) => t.metadata.findingId));
      for (const f of findings.filter((x) => isOpen(x) && isTestable(x))) expect(tested, `${file}: ${f.id}`).toContain(f.id);
      for (const t of tests) {
        expect(t.metadata.caseId).toBe(`${t.metadata.findingId}#${t.metadata.probe}`);
        expect(t.description.startsWith(`${t.metadata.caseId}: `)).toBe(true);
        expect(findings.some((f) => f.id === t.metadata.findingId && f.ruleId === t.metadata.ruleId)).toBe(true);
        expect(t.assert.length).toBeGreaterThan(0);
        for (const a of t.assert) expect(['not-contains', 'not-icontains', 'not-regex']).toContain(a.type);
        for (const a of t.assert.filter((x) => x.type === 'not-regex')) expect(() => new RegExp(a.value)).not.toThrow();
      }
      total += tests.length;
    }
    expect(total).toBeGreaterThan(10);
  });

  it('maps only rules that exist in the catalog', () => {
    const ruleIds = new Set(readdirSync('catalog/rules').map((f) => f.replace(/\.yaml$/, '')));
    for (const id of Object.keys(TESTABLE_RULES)) expect(ruleIds, id).toContain(id);
  });

  it('is deterministic, and a case id and its canary stay the same when other findings change', () => {
    const file = 'templates/rag-support-assistant.threatmodel.yaml';
    const { model, findings } = analysed(file);
    const a = generateSuite(model, findings, { modelPath: file });
    const b = generateSuite(model, [...findings].reverse(), { modelPath: file });
    expect(b.files).toEqual(a.files);
    const fewer = generateSuite(model, findings.slice(1), { modelPath: file });
    for (const c of fewer.cases) expect(a.cases.find((x) => x.id === c.id)).toEqual(c);
  });

  it('keeps canary tokens unique per case, and plants them where the case says', () => {
    const { model, findings } = analysed('templates/multi-agent-workflow.threatmodel.yaml');
    const cases = generateSuite(model, findings, { modelPath: 'm' }).cases;
    const canaries = cases.flatMap((c) => (c.canary ? [c.canary.token] : []));
    expect(new Set(canaries).size).toBe(canaries.length);
    for (const c of cases.filter((x) => x.canary)) expect(c.assertions).toContainEqual({ type: 'not-contains', value: c.canary!.token });
  });

  it('writes no secret and a placeholder target when none is given; --target sets the URL', () => {
    const file = 'examples/support-assistant.threatmodel.yaml';
    const { model, findings } = analysed(file);
    const config = parse(generateSuite(model, findings, { modelPath: file }).files.find((f) => f.name === 'promptfooconfig.yaml')!.content);
    expect(config.providers[0].config.url).toMatch(/replace-with-your/);
    expect(config.tests).toEqual(['file://threatmodel.tests.yaml']);
    expect(JSON.stringify(config)).not.toMatch(/api[_-]?key|authorization|bearer/i);
    const targeted = parse(generateSuite(model, findings, { modelPath: file, targetUrl: 'http://127.0.0.1:1234/chat' }).files[1]!.content);
    expect(targeted.providers[0].config.url).toBe('http://127.0.0.1:1234/chat');
  });

  it('a mitigated finding keeps its cases (the evidence that its control works); an accepted one has none', () => {
    const file = 'examples/support-assistant.threatmodel.yaml';
    const { model, findings } = analysed(file);
    const testable = findings.find((f) => isTestable(f) && isOpen(f))!;
    const tweak = (status: 'mitigated' | 'accepted') => generateSuite(model, findings.map((f) => (f.id === testable.id ? { ...f, status } : f)), { modelPath: file }).cases;
    expect(tweak('mitigated').some((c) => c.findingId === testable.id)).toBe(true);
    expect(tweak('accepted').some((c) => c.findingId === testable.id)).toBe(false);
  });
});

describe('hostile model text', () => {
  const HOSTILE = `x"\n  assert: []\nevil: &a { "__proto__": 1 } # not a comment\n- description: injected\n  metadata: {caseId: fake}\n'quoted' {{prompt}} *a !!js/function`;
  const model = `threatmodel: 1
system:
  name: ${JSON.stringify(HOSTILE)}
  tenancy: multi-tenant
  exposure: internet
components:
  - id: user
    kind: user
    trust: untrusted
  - id: chat-model
    kind: model-endpoint
    name: ${JSON.stringify(HOSTILE)}
    description: ${JSON.stringify(HOSTILE)}
flows:
  - id: ask
    from: user
    to: chat-model
`;

  it('stays data: no extra test, key or assertion, and the text comes back unchanged', async () => {
    const file = join(dir, 'hostile.threatmodel.yaml');
    writeFileSync(file, model);
    const out = join(dir, 'hostile-out');
    const r = await cli(['tests', file, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const tests = parse(readFileSync(join(out, 'threatmodel.tests.yaml'), 'utf8')) as PfTest[];
    const { model: m, findings } = analysed(file);
    const expected = generateSuite(m, findings, { modelPath: file }).cases;
    expect(tests.length).toBe(expected.length);
    expect(tests.length).toBeGreaterThan(0);
    for (const [i, t] of tests.entries()) {
      expect(Object.keys(t).sort()).toEqual(['assert', 'description', 'metadata', 'vars']);
      expect(Object.keys(t.vars)).toEqual(['prompt']);
      expect(t.assert).toEqual(expected[i]!.assertions);
      expect(t.metadata.caseId).toBe(expected[i]!.id);
      if (t.metadata.elementId === 'chat-model') expect(t.metadata.elementName).toBe(HOSTILE);
    }
    expect(tests.some((t) => t.metadata.elementName === HOSTILE)).toBe(true);
    const config = parse(readFileSync(join(out, 'promptfooconfig.yaml'), 'utf8'));
    expect(Object.keys(config).sort()).toEqual(['description', 'prompts', 'providers', 'tests']);
    expect(config.description).toBe(`Security tests for ${HOSTILE.replace(/\n/g, ' ')}`); // one line, still all of it
    expect(Object.prototype.hasOwnProperty.call(config, '__proto__')).toBe(false);
    expect(config.tests).toEqual(['file://threatmodel.tests.yaml']);
  });
});

describe('threatmodel tests (CLI)', () => {
  const example = 'examples/support-assistant.threatmodel.yaml';

  it('regenerating rewrites the generated cases and keeps the edited promptfooconfig.yaml', async () => {
    const out = join(dir, 'keep');
    expect((await cli(['tests', example, '-o', out, '--redteam'])).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['promptfooconfig.redteam.yaml', 'promptfooconfig.yaml', 'threatmodel.tests.yaml']);
    const mine = `${readFileSync(join(out, 'promptfooconfig.yaml'), 'utf8')}\n  - description: my own case\n    vars: { prompt: hi }\n`;
    writeFileSync(join(out, 'promptfooconfig.yaml'), mine);
    writeFileSync(join(out, 'threatmodel.tests.yaml'), 'stale');
    const again = await cli(['tests', example, '-o', out]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('kept promptfooconfig.yaml');
    expect(readFileSync(join(out, 'promptfooconfig.yaml'), 'utf8')).toBe(mine);
    expect(readFileSync(join(out, 'threatmodel.tests.yaml'), 'utf8')).toMatch(/^# Generated by/);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes to security-tests/ next to the model by default', async () => {
    const sub = join(dir, 'default');
    rmSync(sub, { recursive: true, force: true });
    const file = join(sub, 'm.threatmodel.yaml');
    mkdirSync(sub, { recursive: true });
    writeFileSync(file, readFileSync(example));
    expect((await cli(['tests', file])).code).toBe(0);
    expect(readdirSync(join(sub, 'security-tests')).sort()).toEqual(['promptfooconfig.yaml', 'threatmodel.tests.yaml']);
  });

  it('reads promptfoo results back: a failed case fails the run and names its finding; passes are evidence', async () => {
    const { model, findings } = analysed(example);
    const cases = generateSuite(model, findings, { modelPath: example }).cases;
    expect(cases.length).toBeGreaterThan(1);
    const rows = (fail: string | undefined) => ({ results: { results: [
      ...cases.map((c) => ({ success: c.id !== fail, testCase: { metadata: { caseId: c.id, findingId: c.findingId } } })),
      { success: true, testCase: { metadata: {} } },
    ] } });
    const failing = join(dir, 'failing.json');
    writeFileSync(failing, JSON.stringify(rows(cases[0]!.id)));
    const r = await cli(['tests', example, '--results', failing]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`✗ ${cases[0]!.findingId}`);
    expect(r.stdout).toContain('TEST FAILED');
    expect(r.stdout).toContain('1 result(s) of your own tests');
    const passing = join(dir, 'passing.json');
    writeFileSync(passing, JSON.stringify(rows(undefined)));
    const ok = await cli(['tests', example, '--results', passing]);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain(`✓ ${cases[0]!.findingId}`);
  });

  it('rejects bad input with a clear message', async () => {
    expect((await cli(['tests'])).code).toBe(2);
    expect((await cli(['tests', example, '--format', 'junit'])).code).toBe(2);
    const t = await cli(['tests', example, '--target', 'file:///etc/passwd']);
    expect(t.code).toBe(2);
    expect(t.stderr).toContain('--target must be an http');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"nope": 1}');
    const b = await cli(['tests', example, '--results', bad]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('no results array');
    expect((await cli(['tests', example, '--results', join(dir, 'missing.json')])).code).toBe(2);
  });
});
