/**
 * Framework ids read as names with links wherever a finding shows them (hover, Threats view, report,
 * register, checklist): "LLM01:2025 Prompt Injection", linked to the framework's page for that id.
 */
import { describe, expect, it } from 'vitest';
import { frameworkRef, frameworkRefs, refLabel } from '../../src/core/catalog/frameworks';
import { builtinCatalog } from '../../src/core/catalog/builtin';
import { FRAMEWORKS } from '../../src/core/catalog/frameworks';
import { findingMarkdown } from '../../src/core/editor/findings-view';

describe('framework ids with names and links', () => {
  it('every id the built-in catalog cites has a title and a link', () => {
    const missing: string[] = [];
    for (const { rule } of builtinCatalog().catalog.rules) {
      for (const r of frameworkRefs(rule.frameworks)) if (!r.name || !r.url?.startsWith('https://')) missing.push(`${rule.id}: ${r.framework} ${r.id}`);
    }
    expect(missing).toEqual([]);
  });

  it('links each id to its own page where the framework has one', () => {
    expect(frameworkRef('owaspLlm', 'LLM01:2025')).toEqual({ framework: 'owaspLlm', id: 'LLM01:2025', name: 'Prompt Injection', url: 'https://genai.owasp.org/llmrisk/llm01-prompt-injection/' });
    expect(frameworkRef('owaspLlm', 'LLM08:2025').url).toBe('https://genai.owasp.org/llmrisk/llm082025-vector-and-embedding-weaknesses/');
    expect(frameworkRef('atlas', 'AML.T0051.001').url).toBe('https://atlas.mitre.org/techniques/AML.T0051.001');
    expect(frameworkRef('atlas', 'AML.M0015').url).toBe('https://atlas.mitre.org/mitigations/AML.M0015');
    expect(frameworkRef('cwe', 'CWE-502')).toMatchObject({ name: 'Deserialization of Untrusted Data', url: 'https://cwe.mitre.org/data/definitions/502.html' });
  });

  it('an id a custom catalog cites outside the pinned lists shows bare, linked only where the id itself makes the address', () => {
    expect(frameworkRef('cosai', 'riskMadeUp')).toEqual({ framework: 'cosai', id: 'riskMadeUp' });
    expect(refLabel(frameworkRef('cwe', 'CWE-99999'))).toBe('CWE-99999');
    expect(frameworkRef('atlas', 'not an id"><script>')).toEqual({ framework: 'atlas', id: 'not an id"><script>' });
  });

  it('lists OWASP LLM first and ids in order, whatever order the rule wrote them in', () => {
    const refs = frameworkRefs({ cwe: ['CWE-77'], atlas: ['AML.T0070', 'AML.T0051.001'], owaspLlm: ['LLM06:2025', 'LLM01:2025'] });
    expect(refs.map((r) => r.id)).toEqual(['LLM01:2025', 'LLM06:2025', 'AML.T0051.001', 'AML.T0070', 'CWE-77']);
    expect(FRAMEWORKS[0].key).toBe('owaspLlm');
  });

  it('the hover shows titles as links, one framework per line, and a hostile custom id stays inert code', () => {
    const md = findingMarkdown({
      id: 'X@a', ruleId: 'X', title: 't', description: 'd', severity: 'high', status: 'open', likelihood: 'high', impact: 'high',
      why: { factors: [] }, frameworks: { owaspLlm: ['LLM01:2025'], cwe: ['CWE-1427](javascript:alert(1))'] }, mitigations: [], mitigatedBy: [], elementId: 'a', stride: [],
    } as never);
    expect(md).toContain('- OWASP LLM Top 10: [`LLM01:2025` Prompt Injection](https://genai.owasp.org/llmrisk/llm01-prompt-injection/)');
    expect(md).toContain('- CWE: `CWE-1427](javascript:alert(1))`');
    expect(md).not.toContain('(javascript:alert(1))`](');
  });
});
