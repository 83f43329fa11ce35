/**
 * Analysis is bounded (audit D2, D3; docs/limits.md): nested peer conditions are evaluated once per element
 * and sub-condition, reachability over shared tools and long delegation chains is near-linear, evidence
 * paths keep their ends and count the rest, and a rule that needs more work than the budget is stopped with
 * a placed TM-ANALYSIS-BUDGET problem instead of hanging. Without the fixes these inputs take minutes or more.
 */
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/core/catalog/builtin';
import { analyze } from '../../src/core/engine/analyze';
import { PATH_HEAD, PATH_TAIL } from '../../src/core/catalog/reach';
import { completeFlowsModel, deepBoundariesModel, delegationChainModel, nestedPeerRule, sharedToolsModel } from '../../scripts/lib/adversarial';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './helpers/cli';
import { catalogOf, model, rule } from './helpers/engine';

describe('condition evaluation is memoised (D2)', () => {
  it('a rule nesting flowsIn.peer 18 deep on a 4-service model finishes and fires where it holds', () => {
    // Unmemoised this is 3^18 evaluations per element (the audit killed it after 900 s).
    const { findings, problems } = analyze(model(completeFlowsModel(4)), catalogOf(nestedPeerRule(18)));
    expect(problems).toEqual([]);
    // Every service has a flow in from a service that has a flow in ... from s0, so all four hold.
    expect(findings.map((f) => f.id)).toEqual(['NESTED-PEER@s0', 'NESTED-PEER@s1', 'NESTED-PEER@s2', 'NESTED-PEER@s3']);
  });

  it('a rule that needs more work than its budget is stopped with a placed problem and reports nothing', () => {
    const { findings, problems } = analyze(model(completeFlowsModel(12)), catalogOf(nestedPeerRule(10, 'NESTED-PEER', '{property: id, equals: nowhere}'), rule('PLAIN-RULE', 'service')), { ruleBudget: 200 });
    expect(problems).toHaveLength(1);
    const p = problems[0]!;
    expect(p).toMatchObject({ code: 'TM-ANALYSIS-BUDGET', severity: 'error', file: 'rule-0.yaml' });
    expect(p.range.start.line).toBe(0); // the rule's `id:` line
    expect(p.message).toContain("rule 'NESTED-PEER' was stopped");
    expect(p.message).toContain('docs/limits.md');
    // The rule stopped half-way reports no partial set; the next rule still runs.
    expect(findings.filter((f) => f.ruleId === 'NESTED-PEER')).toEqual([]);
    expect(findings.filter((f) => f.ruleId === 'PLAIN-RULE')).toHaveLength(12);
  });

  it('when the whole analysis budget is spent, the remaining rules are named as not applied', () => {
    const never = '{property: id, equals: nowhere}'; // never holds, so every flow is looked at
    const rules = ['A-NESTED', 'B-NESTED', 'C-NESTED'].map((id) => nestedPeerRule(6, id, never));
    const { findings, problems } = analyze(model(completeFlowsModel(12)), catalogOf(...rules), { totalBudget: 1500 });
    expect(problems.map((p) => p.code)).toEqual(['TM-ANALYSIS-BUDGET']);
    expect(problems[0]!.message).toMatch(/whole work budget .* the \d after it were not applied/);
    expect(findings).toEqual([]);
  });
});

describe('reachability is near-linear and its evidence bounded (D3)', () => {
  it('400 agents sharing 400 tools: the tools are reached, but not across agents through a shared tool', () => {
    // The audit measured 27 s and 528 MB for this valid model (N·M·N states and steps).
    const { findings, problems } = analyze(model(sharedToolsModel(400, 400)), builtinCatalog().catalog);
    expect(problems.filter((p) => p.code === 'TM-ANALYSIS-BUDGET')).toEqual([]);
    expect(findings.length).toBeGreaterThan(400);
  });

  it('a 3,000-agent delegation chain: every path keeps its ends, at most head + tail ids, with the count left out', () => {
    const m = model(delegationChainModel(3000));
    const { findings, problems } = analyze(m, builtinCatalog().catalog);
    expect(problems.filter((p) => p.code === 'TM-ANALYSIS-BUDGET')).toEqual([]);
    const withPath = findings.filter((f) => f.why.path);
    // at least one finding with a path per agent (the shell tool only executes, so it has no argument-schema finding)
    expect(withPath.length).toBeGreaterThanOrEqual(3000);
    for (const f of withPath) expect(f.why.path!.length).toBeLessThanOrEqual(PATH_HEAD + PATH_TAIL + 2);
    // The last agent is reached from the inbox through the whole chain: 3,001 ids, shown as its two ends.
    const last = withPath.find((f) => f.elementId === 'agent-2999' && f.why.path![0] === 'inbox')!;
    expect(last).toBeDefined();
    expect(last.why.path!.at(-1)).toBe('agent-2999');
    expect(last.why.pathOmitted!.count + last.why.path!.length).toBe(3001);
    expect(last.why.path![last.why.pathOmitted!.at]).toBe(`agent-${3000 - PATH_TAIL}`);
    // Output stays linear: the audit's 261 MB of JSON came from 4.5M path ids.
    const json = JSON.stringify(findings);
    expect(json.length).toBeLessThan(60 * 1024 * 1024);
    expect(findings.some((f) => f.why.factors.some((x) => x.detail.includes('more …')))).toBe(true);
  });
});

describe('deep boundaries (D4)', () => {
  it('6,000 nested boundaries (valid): diagram and Markdown export succeed instead of overflowing the stack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-deep-'));
    writeFileSync(join(dir, 'deep.threatmodel.yaml'), deepBoundariesModel(6000));
    const diagram = await cli(['diagram', 'deep.threatmodel.yaml'], dir);
    expect(diagram.stderr).not.toContain('internal error');
    expect(diagram.code).toBe(0);
    const md = await cli(['export', 'deep.threatmodel.yaml', '--format', 'md', '-o', 'deep.md'], dir);
    expect(md.stderr).not.toContain('internal error');
    expect(md.code).toBe(0);
  });
});
