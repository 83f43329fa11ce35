/**
 * Merged findings (engine/merge.ts, docs/tracking.md "Merged findings"): rules in one merge group that fire on
 * the same element are one finding, kept under the lowest-ranked rule's id, listing the other paths; tracking
 * entries on the merged-away ids still apply and are reported as TM-TRACKING-MERGED with a rename fix.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/core/catalog/builtin';
import { findingMarkdown, relatedElements } from '../../src/core/editor/findings-view';
import { analyze } from '../../src/core/engine/analyze';
import type { Finding } from '../../src/core/engine/types';
import type { Range } from '../../src/core/problem';
import { cli } from './helpers/cli';
import { catalogOf, model, rule } from './helpers/engine';

const BASE = `threatmodel: 1
system: { name: Inbox agent, exposure: internet }
components:
  - { id: sender, kind: user, trust: untrusted }
  - { id: bot, kind: agent, model: llm, autonomy: autonomous }
  - { id: helper, kind: agent, model: llm, autonomy: autonomous }
  - { id: llm, kind: model-endpoint }
flows:
  - { from: sender, to: bot }
  - { from: bot, to: helper }
`;

const grouped = (id: string, rank: number, when: string, scoring?: string): string =>
  rule(id, 'agent', `${when}merge: { group: payload, rank: ${rank} }\n`, scoring);
const ON_BOT = 'when:\n  reachableFrom: { is: untrusted-source }\n';
const A = grouped('PAYLOAD-A', 1, ON_BOT);
const B = grouped('PAYLOAD-B', 2, ON_BOT, 'likelihood: { base: high }\nimpact: { base: critical }');
const C = grouped('PAYLOAD-C', 3, 'when:\n  property: id\n  equals: bot\n');
const OTHER = rule('NOT-GROUPED', 'agent', 'when:\n  property: id\n  equals: bot\n');
const CATALOG = catalogOf(A, B, C, OTHER);

/** Applies a problem's suggestion (what the editor's quick fix does) to the text. */
function applySuggestion(text: string, s: { text: string; range: Range }): string {
  const lines = text.split('\n');
  const offset = (p: Range['start']) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(0, offset(s.range.start)) + s.text + text.slice(offset(s.range.end));
}

function run(extra = '') {
  const r = analyze(model(BASE + extra), CATALOG);
  const bot = r.findings.find((f) => f.id === 'PAYLOAD-A@bot');
  return { ...r, bot: bot!, ids: r.findings.map((f) => f.id) };
}

describe('merging the findings of one merge group on one element', () => {
  it('keeps the lowest-ranked rule\'s id and lists the other paths with their ids, paths and severities', () => {
    const { ids, bot, problems } = run();
    expect(problems).toEqual([]);
    // helper is reached too, by A and B: merged separately per element; the ungrouped rule is untouched.
    expect(ids).toEqual(['NOT-GROUPED@bot', 'PAYLOAD-A@bot', 'PAYLOAD-A@helper']);
    expect(bot.merged?.map((m) => [m.id, m.ruleId, m.severity, m.status])).toEqual([
      ['PAYLOAD-B@bot', 'PAYLOAD-B', 'critical', 'open'],
      ['PAYLOAD-C@bot', 'PAYLOAD-C', 'medium', 'open'],
    ]);
    expect(bot.why.path).toEqual(['sender', 'bot']);
    expect(bot.merged?.[0]?.path).toEqual(['sender', 'bot']);
    expect(bot.merged?.[1]?.path).toBeUndefined();
  });

  it('is as severe as its worst path, and lists every path\'s mitigations', () => {
    const { bot } = run();
    expect([bot.likelihood, bot.impact, bot.severity]).toEqual(['high', 'critical', 'critical']);
    expect(bot.mitigations.map((m) => m.id)).toEqual(['M-PAYLOAD-A', 'M-PAYLOAD-B', 'M-PAYLOAD-C']);
  });

  it('is mitigated by controls only when every path is', () => {
    const partial = run('controls:\n  - { id: shield, implements: [M-PAYLOAD-A] }\n').bot;
    expect(partial.status).toBe('open');
    expect(partial.mitigatedBy).toEqual([]);
    expect(partial.why.controls?.map((c) => c.control)).toEqual(['shield']);
    expect(partial.merged?.map((m) => m.status)).toEqual(['open', 'open']);
    const whole = run('controls:\n  - { id: shield, implements: [M-PAYLOAD-A, M-PAYLOAD-B, M-PAYLOAD-C] }\n').bot;
    expect([whole.status, whole.mitigatedBy]).toEqual(['mitigated', ['shield']]);
  });

  it('a tracking entry on the surviving id covers every path', () => {
    const { bot, problems } = run('tracking:\n  PAYLOAD-A@bot: { status: accepted, owner: ana, justification: Sandbox only }\n');
    expect(problems).toEqual([]);
    expect(bot.status).toBe('accepted');
    expect(bot.tracking).toEqual({ owner: 'ana', justification: 'Sandbox only' });
    expect(bot.merged?.map((m) => m.status)).toEqual(['accepted', 'accepted']);
  });

  it('an entry on a merged-away id still applies to its path, with an info problem and a rename fix', () => {
    const { bot, problems } = run('tracking:\n  PAYLOAD-B@bot: { status: accepted, owner: bo, justification: Old decision }\n');
    // Path A was open on its own and stays open: merging never closes a path.
    expect(bot.status).toBe('open');
    expect(bot.merged?.[0]?.status).toBe('accepted');
    expect(problems.map((p) => [p.code, p.severity, p.suggestion?.text])).toEqual([['TM-TRACKING-MERGED', 'info', 'PAYLOAD-A@bot']]);
    expect(problems[0]!.message).toContain("tracking entry 'PAYLOAD-B@bot' now belongs to finding 'PAYLOAD-A@bot'");
    // The editor shows the fix under this title (code-actions.ts uses a suggestion's own title when it has one).
    expect(problems[0]!.suggestion?.title).toBe("Rename tracking entry to 'PAYLOAD-A@bot' (the merged finding)");
    expect(problems[0]!.range.start.line).toBe(BASE.split('\n').length); // at the key, the line after `tracking:`
  });

  it.each([
    ['a plain key', 'PAYLOAD-B@bot'],
    ['a quoted key', '"PAYLOAD-B@bot"'],
  ])('the rename fix on %s rewrites it to the surviving id: the entry then covers every path and the problem goes', (_, key) => {
    const tracking = `tracking:\n  ${key}: { status: accepted, owner: bo, justification: Old decision }\n`;
    const { problems } = run(tracking);
    expect(problems.map((p) => p.code)).toEqual(['TM-TRACKING-MERGED']);
    const fixed = applySuggestion(BASE + tracking, problems[0]!.suggestion!);
    expect(fixed.slice(BASE.length)).toMatch(/^tracking:\n  "?PAYLOAD-A@bot"?: \{ status: accepted, owner: bo, justification: Old decision \}\n$/);
    const after = run(fixed.slice(BASE.length));
    expect(after.problems).toEqual([]);
    expect(after.bot.status).toBe('accepted');
    expect(after.bot.tracking).toEqual({ owner: 'bo', justification: 'Old decision' });
    expect(after.bot.merged?.map((m) => m.status)).toEqual(['accepted', 'accepted']);
  });

  it('with entries on the survivor and a merged-away id, the most open status wins and carries its tracking fields', () => {
    const { bot, problems } = run('tracking:\n  PAYLOAD-A@bot: { status: mitigated }\n  PAYLOAD-C@bot: { status: in-progress, owner: cy, ticket: SEC-9 }\n');
    expect(bot.status).toBe('in-progress');
    expect(bot.tracking).toEqual({ owner: 'cy', ticket: 'SEC-9' });
    expect(bot.merged?.map((m) => m.status)).toEqual(['mitigated', 'in-progress']);
    // The survivor has an entry, so renaming would duplicate the key: the message asks to fold them together.
    expect(problems.map((p) => [p.code, p.suggestion])).toEqual([['TM-TRACKING-MERGED', undefined]]);
    expect(problems[0]!.message).toContain("fold it into the entry for 'PAYLOAD-A@bot'");
  });

  it('offers the rename only once per survivor, so two old entries cannot both become the same key', () => {
    const { bot, problems } = run('tracking:\n  PAYLOAD-B@bot: { status: mitigated }\n  PAYLOAD-C@bot: { status: mitigated }\n  PAYLOAD-A@helper: { status: mitigated }\n');
    expect(problems.map((p) => p.suggestion?.text)).toEqual(['PAYLOAD-A@bot', undefined]);
    expect(bot.status).toBe('open'); // path A itself is untracked
  });

  it('suppressing one rule closes only its path; suppressing all closes the finding', () => {
    const one = run('suppressions:\n  - { rule: PAYLOAD-A, elements: [bot], justification: Reviewed }\n').bot;
    expect([one.status, one.merged?.map((m) => m.status)]).toEqual(['open', ['open', 'open']]);
    const all = run(['A', 'B', 'C'].map((x) => `  - { rule: PAYLOAD-${x}, elements: [bot], justification: Reviewed }\n`).join('').replace(/^/, 'suppressions:\n')).bot;
    expect(all.status).toBe('suppressed');
  });

  it('a stale key is not pointed at a merged-away id (it no longer exists in any output)', () => {
    const { problems } = run('tracking:\n  PAYLOAD-B@bott: { status: open }\n');
    expect(problems.map((p) => [p.code, p.suggestion?.text])).toEqual([['TM-TRACKING-UNMATCHED', 'PAYLOAD-A@bot']]);
  });
});

describe('the built-in indirect prompt injection group', () => {
  const file = 'templates/rag-support-assistant.threatmodel.yaml';
  const { catalog } = builtinCatalog();

  it('reports a document upload and a poisoned corpus reaching one agent as one finding with both paths', () => {
    const m = model(readFileSync(file, 'utf8'), file);
    const { findings, problems } = analyze(m, catalog);
    expect(problems.filter((p) => p.code.startsWith('TM-TRACKING'))).toEqual([]);
    const onAgent = findings.filter((f) => f.elementId === 'support-agent' && /PROMPT-INJECTION-INDIRECT|GOAL-HIJACK|STORED-CONTENT/.test(f.ruleId));
    expect(onAgent.map((f) => f.id)).toEqual(['PROMPT-INJECTION-INDIRECT-RAG@support-agent']);
    const f = onAgent[0]!;
    expect(f.merged?.map((x) => x.id)).toEqual(['PROMPT-INJECTION-INDIRECT-DOCUMENT@support-agent']);
    expect(f.merged?.[0]?.path?.[f.merged[0].path.length - 1]).toBe('support-agent');
    // The template tracks the surviving id: its status and owner hold for the whole finding.
    expect([f.status, f.tracking?.owner]).toEqual(['in-progress', 'team-support-ai']);
  });

  it('the old document finding\'s tracking entry migrates to the merged finding', () => {
    const text = readFileSync(file, 'utf8').replace('tracking:\n', 'tracking:\n  PROMPT-INJECTION-INDIRECT-DOCUMENT@support-agent:\n    status: open\n    owner: doc-team\n');
    const { findings, problems } = analyze(model(text, file), catalog);
    const f = findings.find((x) => x.id === 'PROMPT-INJECTION-INDIRECT-RAG@support-agent')!;
    expect([f.status, f.tracking?.owner]).toEqual(['open', 'doc-team']);
    expect(problems.filter((p) => p.code.startsWith('TM-TRACKING')).map((p) => p.code)).toEqual(['TM-TRACKING-MERGED']);
  });
});

describe('merged paths in what users read', () => {
  const file = 'templates/rag-support-assistant.threatmodel.yaml';
  const doc = 'PROMPT-INJECTION-INDIRECT-DOCUMENT@support-agent';

  it('the hover lists each merged path with its id, severity and status', () => {
    const { bot } = run();
    const md = findingMarkdown(bot);
    expect(md).toContain('*Also reaches it (merged into this finding; tracking on these ids still applies):*');
    expect(md).toContain('- PAYLOAD-B title: `PAYLOAD-B@bot` (critical, open): `sender` → `bot`');
    expect(md).toContain('- PAYLOAD-C title: `PAYLOAD-C@bot` (medium, open)\n');
    expect(relatedElements(bot)).toEqual(['sender']);
  });

  it('threatmodel analyze prints the merged path, and --format json carries `merged`', async () => {
    const text = await cli(['analyze', file, '--fail-on', 'none'], '.');
    expect(text.stdout).toContain(`    also via ${doc} (high, in-progress): zendesk-api → kb-ingestion → kb-vectors → kb-retriever → support-agent`);
    const json = JSON.parse((await cli(['analyze', file, '--fail-on', 'none', '--format', 'json'], '.')).stdout) as { files: Array<{ findings: Finding[] }> };
    const f = json.files[0]!.findings.find((x) => x.id === 'PROMPT-INJECTION-INDIRECT-RAG@support-agent')!;
    expect(f.merged?.map((m) => m.id)).toEqual([doc]);
    expect(json.files[0]!.findings.some((x) => x.id === doc)).toBe(false);
  });
});

describe('both directions of one link', () => {
  const fixture = 'test/fixtures/catalog/SENSITIVE-FLOW-UNENCRYPTED.2.threatmodel.yaml';
  const { catalog } = builtinCatalog();
  const flowFindings = (text: string) => {
    const r = analyze(model(text, fixture), catalog);
    return { ...r, flows: r.findings.filter((f) => f.ruleId === 'SENSITIVE-FLOW-UNENCRYPTED') };
  };

  it('a request and its response are one finding on the flow written first; two flows the same way stay two', () => {
    const { flows } = flowFindings(readFileSync(fixture, 'utf8'));
    expect(flows.map((f) => f.id)).toEqual([
      'SENSITIVE-FLOW-UNENCRYPTED@frontend@ask',
      'SENSITIVE-FLOW-UNENCRYPTED@frontend@save',
      'SENSITIVE-FLOW-UNENCRYPTED@frontend@save-again',
    ]);
    expect(flows[0]!.merged?.map((m) => m.id)).toEqual(['SENSITIVE-FLOW-UNENCRYPTED@llm@answer']);
  });

  it('a tracking entry on the response\'s old id still applies, with the rename fix', () => {
    const text = `${readFileSync(fixture, 'utf8')}tracking:\n  SENSITIVE-FLOW-UNENCRYPTED@llm@answer: { status: in-progress, ticket: NET-7 }\n`;
    const { flows, problems } = flowFindings(text);
    // The request's own path is untracked and stays open; the response's path keeps its decision.
    expect([flows[0]!.status, flows[0]!.merged?.[0]?.status]).toEqual(['open', 'in-progress']);
    expect(problems.map((p) => [p.code, p.suggestion?.text])).toEqual([['TM-TRACKING-MERGED', 'SENSITIVE-FLOW-UNENCRYPTED@frontend@ask']]);
  });
});
