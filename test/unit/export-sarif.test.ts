/**
 * SARIF: valid against the official SARIF 2.1.0 schema (vendored, see test/fixtures/sarif/README.md), with
 * the YAML location of each finding and what GitHub code scanning reads (rules, help, security-severity).
 */
import { describe, expect, it } from 'vitest';
import { sarifLog } from '../../src/core/export/sarif';
import { fixtureFindings, fixtureModel, HOSTILE } from '../golden/exports/fixtures';
import { sarifValidator } from '../golden/exports/sarif-validator';

const input = () => ({ model: fixtureModel(), findings: fixtureFindings(), displayPath: 'models/support assistant.threatmodel.yaml' });
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('SARIF', () => {
  const validate = sarifValidator();

  it('validates against the SARIF 2.1.0 schema', () => {
    const log = JSON.parse(JSON.stringify(sarifLog(input())));
    expect(validate(log), JSON.stringify(validate.errors, null, 1)).toBe(true);
    expect(log.version).toBe('2.1.0');
  });

  it('the schema check is real: a result without a message fails it', () => {
    const log = JSON.parse(JSON.stringify(sarifLog(input()))) as Json;
    delete log.runs[0].results[0].message;
    expect(validate(log)).toBe(false);
  });

  it('points each result at the element in the YAML file, 1-based, with a relative URI', () => {
    const log = sarifLog(input()) as Json;
    const result = log.runs[0].results.find((r: Json) => r.properties.findingId === 'AI-PI-DIRECT@agent');
    const loc = result.locations[0].physicalLocation;
    expect(loc.artifactLocation).toEqual({ uri: 'models/support%20assistant.threatmodel.yaml', uriBaseId: '%SRCROOT%' });
    expect(loc.region).toEqual({ startLine: 21, startColumn: 5, endLine: 21, endColumn: 21 });
    expect(result.level).toBe('error');
    expect(result.partialFingerprints).toEqual({ 'threatmodelFindingId/v1': 'AI-PI-DIRECT@agent' });
  });

  it('describes each rule once, with help text and GitHub security-severity', () => {
    const log = sarifLog(input()) as Json;
    const rules = log.runs[0].tool.driver.rules as Json[];
    expect(rules.map((r) => r.id)).toEqual(['AI-PI-DIRECT', 'AI-TLS', 'AI-TOOL-APPROVAL', 'AI-VENDOR-RETENTION']);
    const pi = rules[0]!;
    expect(pi.properties['security-severity']).toBe('9.5');
    expect(pi.properties.tags).toEqual(expect.arrayContaining(['security', 'LLM01:2025', 'AML.T0051.000', 'CWE-1427']));
    expect(pi.help.text).toContain('M-GUARDRAIL: Screen input with a guardrail');
    expect(pi.help.markdown).toContain('Screen input with a guardrail');
    for (const r of log.runs[0].results as Json[]) expect(rules[r.ruleIndex]!.id).toBe(r.ruleId);
    // Code scanning links the rule to a page about it, and names the cited framework ids with their titles.
    expect(pi.helpUri).toBe('https://genai.owasp.org/llmrisk/llm01-prompt-injection/');
    expect(pi.help.markdown).toContain('[LLM01:2025 Prompt Injection](https://genai.owasp.org/llmrisk/llm01-prompt-injection/)');
    // One analysis category per model file, so several models' results stay apart.
    expect(log.runs[0].automationDetails.id).toMatch(/^threatmodel\/.+\.yaml\/$/);
  });

  it('marks findings that are not open as suppressed, with the reason', () => {
    const log = sarifLog(input()) as Json;
    const byId = new Map((log.runs[0].results as Json[]).map((r) => [r.properties.findingId, r]));
    expect(byId.get('AI-PI-DIRECT@agent')!.suppressions).toBeUndefined();
    expect(byId.get('AI-TOOL-APPROVAL@refund')!.suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'Status: mitigated. Mitigated by control(s): ctl-approval.' }]);
    expect(byId.get('AI-VENDOR-RETENTION@llm')!.suppressions[0].justification).toContain('DPA signed');
  });

  it('keeps hostile model text as inert data (no control characters, markdown escaped in help)', () => {
    const text = JSON.stringify(sarifLog(input()));
    expect(text).not.toContain('\\u0007');
    const log = sarifLog(input()) as Json;
    const msg = log.runs[0].results.find((r: Json) => r.properties.findingId === 'AI-PI-DIRECT@agent').message.text as string;
    expect(msg).toContain(HOSTILE.slice(0, 20));
  });
});
