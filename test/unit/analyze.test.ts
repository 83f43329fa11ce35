/**
 * Analysis: finding identity and order, one finding per rule and element, severity with its factors,
 * controls, tracking and suppressions (docs/severity.md, docs/tracking.md).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/engine/analyze';
import { severityOf, SEVERITY_MATRIX } from '../../src/core/engine/severity';
import { catalogOf, model, rule } from './helpers/engine';

const BASE = `threatmodel: 1
system:
  name: Support bot
  exposure: internet
  criticality: high
boundaries:
  - { id: vpc, kind: network }
components:
  - { id: customer, kind: user }
  - { id: api, kind: service, boundary: vpc }
  - { id: bot, kind: agent, boundary: vpc, model: llm, tools: [mailer], autonomy: autonomous }
  - { id: llm, kind: model-endpoint, boundary: vpc }
  - { id: mailer, kind: tool, boundary: vpc, effects: [send] }
  - { id: docs, kind: datastore, boundary: vpc }
flows:
  - { from: customer, to: api, encrypted: true }
  - { from: api, to: bot, encrypted: true }
  - { id: plain, from: docs, to: api, encrypted: false }
`;

const UNTRUSTED_REACHES = rule('PI-TEST', 'model-endpoint, agent', 'when:\n  reachableFrom: { is: untrusted-source }\n',
  'likelihood: { base: medium, factors: [internet-exposed, untrusted-input] }\nimpact: { base: low, factors: [tool-effects, critical-system, sensitive-data] }');
const FLOW_RULE = rule('FLOW-PLAIN', 'flow', 'when:\n  flow: { encrypted: false }\n');
const SYSTEM_RULE = rule('SYS-ALWAYS', 'system');

describe('findings', () => {
  it('ids are RULE@element, and RULE@from@flow for flows; sorted by id; one per rule and element', () => {
    const { findings, problems } = analyze(model(BASE), catalogOf(UNTRUSTED_REACHES, FLOW_RULE, SYSTEM_RULE));
    expect(problems).toEqual([]);
    expect(findings.map((f) => f.id)).toEqual(['FLOW-PLAIN@docs@plain', 'PI-TEST@bot', 'PI-TEST@llm', 'SYS-ALWAYS@system']);
    const flow = findings[0]!;
    expect(flow).toMatchObject({ elementId: 'plain', flowId: 'plain', ruleId: 'FLOW-PLAIN', status: 'open', mitigatedBy: [] });
    expect(flow.range.start.line).toBe(17);
  });

  it('the description is written for the element; the range is its id', () => {
    const { findings } = analyze(model(BASE), catalogOf(UNTRUSTED_REACHES));
    const llm = findings.find((f) => f.id === 'PI-TEST@llm')!;
    expect(llm.description).toBe('llm (model-endpoint llm) is at risk');
    expect(llm.range).toEqual({ start: { line: 11, character: 10 }, end: { line: 11, character: 13 } });
  });

  it('a rule with no condition fires on every element it applies to; disabled rules do not fire', () => {
    const m = model(`${BASE}analysis:\n  disable: [PI-TEST]\n`);
    const { findings } = analyze(m, catalogOf(UNTRUSTED_REACHES, rule('EVERY-TOOL', 'tool')));
    expect(findings.map((f) => f.id)).toEqual(['EVERY-TOOL@mailer']);
  });
});

describe('severity', () => {
  it('the matrix: likelihood rows × impact columns', () => {
    expect(SEVERITY_MATRIX).toHaveLength(4);
    expect(severityOf('low', 'low')).toBe('low');
    expect(severityOf('medium', 'medium')).toBe('medium');
    expect(severityOf('high', 'high')).toBe('high');
    expect(severityOf('high', 'critical')).toBe('critical');
    expect(severityOf('low', 'critical')).toBe('medium');
    expect(severityOf('critical', 'low')).toBe('medium');
  });

  it('applicable factors raise their level one step (they do not compound) and are each explained', () => {
    const { findings } = analyze(model(BASE), catalogOf(UNTRUSTED_REACHES));
    const llm = findings.find((f) => f.id === 'PI-TEST@llm')!;
    // likelihood medium + internet-exposed (untrusted-input comes from the same users: not counted twice)
    expect(llm.likelihood).toBe('high');
    // impact low + tool-effects + critical-system (no sensitive data): one step, not two
    expect(llm.impact).toBe('medium');
    expect(llm.severity).toBe('medium');
    expect(llm.why.factors).toEqual([
      { factor: 'internet-exposed', applies: 'likelihood', detail: 'an untrusted user reaches it: customer → api → bot → llm' },
      { factor: 'tool-effects', applies: 'impact', detail: "it can reach 'mailer' (effects: send): llm → bot → mailer" },
      { factor: 'critical-system', applies: 'impact', detail: "the system's criticality is high" },
    ]);
    expect(llm.why.path).toEqual(['customer', 'api', 'bot', 'llm']);
  });

  it('analysis.severity overrides the computed severity and says so', () => {
    const m = model(`${BASE}analysis:\n  severity: { PI-TEST: low }\n`);
    const llm = analyze(m, catalogOf(UNTRUSTED_REACHES)).findings.find((f) => f.id === 'PI-TEST@llm')!;
    expect(llm.severity).toBe('low');
    expect(llm.why.severityOverride).toEqual({ computed: 'medium', setting: 'analysis.severity.PI-TEST' });
  });

  it('unknown rule ids in analysis settings are warnings with a did-you-mean', () => {
    const m = model(`${BASE}analysis:\n  disable: [PI-TSET]\n`);
    const { problems } = analyze(m, catalogOf(UNTRUSTED_REACHES));
    expect(problems).toMatchObject([{ code: 'TM-ANALYSIS-UNKNOWN-RULE', severity: 'warning', suggestion: { text: 'PI-TEST' }, range: { start: { line: 19 } } }]);
  });
});

describe('controls', () => {
  const catalog = catalogOf(UNTRUSTED_REACHES, FLOW_RULE);
  it('an implemented control that covers the element and implements a mitigation marks the finding mitigated', () => {
    const m = model(`${BASE}controls:\n  - { id: guard, implements: [M-PI-TEST], covers: [llm] }\n  - { id: later, implements: [M-PI-TEST], status: planned }\n`);
    const { findings } = analyze(m, catalog);
    const llm = findings.find((f) => f.id === 'PI-TEST@llm')!;
    expect(llm.status).toBe('mitigated');
    expect(llm.mitigatedBy).toEqual(['guard']);
    expect(llm.why.controls).toEqual([
      { control: 'guard', status: 'implemented', implements: ['M-PI-TEST'] },
      { control: 'later', status: 'planned', implements: ['M-PI-TEST'] },
    ]);
    const bot = findings.find((f) => f.id === 'PI-TEST@bot')!;
    expect(bot.status).toBe('open');
    expect(bot.mitigatedBy).toEqual([]);
    expect(bot.why.controls).toEqual([{ control: 'later', status: 'planned', implements: ['M-PI-TEST'] }]);
  });

  it('a control without covers covers the whole system; covering a boundary covers what is inside it', () => {
    const m = model(`${BASE}controls:\n  - { id: everywhere, implements: [M-FLOW-PLAIN] }\n  - { id: in-vpc, implements: [M-PI-TEST], covers: [vpc] }\n`);
    const { findings } = analyze(m, catalog);
    expect(findings.map((f) => [f.id, f.status, f.mitigatedBy])).toEqual([
      ['FLOW-PLAIN@docs@plain', 'mitigated', ['everywhere']],
      ['PI-TEST@bot', 'mitigated', ['in-vpc']],
      ['PI-TEST@llm', 'mitigated', ['in-vpc']],
    ]);
  });
});

describe('tracking', () => {
  const catalog = catalogOf(UNTRUSTED_REACHES);
  it('an entry sets status, owner, due date, ticket, justification and reviewer', () => {
    const m = model(`${BASE}tracking:
  PI-TEST@llm: { status: accepted, owner: ana, due: 2026-03-01, ticket: SEC-1, justification: Internal beta only, reviewedBy: bo, reviewedOn: 2026-01-10 }
`);
    const llm = analyze(m, catalog).findings.find((f) => f.id === 'PI-TEST@llm')!;
    expect(llm.status).toBe('accepted');
    expect(llm.tracking).toEqual({ owner: 'ana', due: '2026-03-01', ticket: 'SEC-1', justification: 'Internal beta only', reviewedBy: 'bo', reviewedOn: '2026-01-10' });
  });

  it('tracking overrides a control: a reviewer can reopen a mitigated finding', () => {
    const m = model(`${BASE}controls:\n  - { id: guard, implements: [M-PI-TEST] }\ntracking:\n  PI-TEST@llm: { status: in-progress }\n`);
    const f = analyze(m, catalog).findings.find((x) => x.id === 'PI-TEST@llm')!;
    expect([f.status, f.mitigatedBy]).toEqual(['in-progress', ['guard']]);
  });

  it('after an element rename the stale entry is a warning with a did-you-mean for the new id, never a failure', () => {
    const renamed = BASE.replace('id: llm,', 'id: chat-llm,').replace('model: llm', 'model: chat-llm');
    const m = model(`${renamed}tracking:\n  PI-TEST@llm: { status: in-progress, owner: ana }\n`);
    const { findings, problems } = analyze(m, catalog);
    expect(findings.map((f) => [f.id, f.status])).toEqual([['PI-TEST@bot', 'open'], ['PI-TEST@chat-llm', 'open']]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      code: 'TM-TRACKING-UNMATCHED', severity: 'warning', range: { start: { line: 19, character: 2 } },
      suggestion: { text: 'PI-TEST@chat-llm' },
    });
    expect(problems[0]!.message).toContain("did you mean 'PI-TEST@chat-llm'?");
  });

  it('accepted, transferred or false-positive without a justification is a warning', () => {
    const m = model(`${BASE}tracking:\n  PI-TEST@llm: { status: false-positive }\n`);
    const { problems } = analyze(m, catalog);
    expect(problems.map((p) => [p.code, p.severity])).toEqual([['TM-TRACKING-NO-JUSTIFICATION', 'warning']]);
  });
});

describe('suppressions', () => {
  const catalog = catalogOf(UNTRUSTED_REACHES);
  it('a justified suppression keeps the finding in the list as suppressed, per element or for every element', () => {
    const one = model(`${BASE}suppressions:\n  - { rule: PI-TEST, elements: [bot], justification: The bot only echoes canned answers }\n`);
    expect(analyze(one, catalog).findings.map((f) => [f.id, f.status])).toEqual([['PI-TEST@bot', 'suppressed'], ['PI-TEST@llm', 'open']]);
    const all = model(`${BASE}suppressions:\n  - { rule: PI-TEST, justification: Demo system }\n`);
    const r = analyze(all, catalog);
    expect(r.findings.map((f) => f.status)).toEqual(['suppressed', 'suppressed']);
    expect(r.findings[0]!.tracking?.justification).toBe('Demo system');
  });

  it('a suppression that matches nothing, or names an unknown rule, is a warning with a did-you-mean', () => {
    const m = model(`${BASE}suppressions:\n  - { rule: PI-TEST, elements: [mailer], justification: x }\n  - { rule: PI-TST, justification: y }\n`);
    const { problems } = analyze(m, catalog);
    expect(problems.map((p) => [p.code, p.severity, p.range.start.line, p.suggestion?.text])).toEqual([
      ['TM-SUPPRESSION-UNMATCHED', 'warning', 19, undefined],
      ['TM-SUPPRESSION-UNKNOWN-RULE', 'warning', 20, 'PI-TEST'],
    ]);
  });
});
