/**
 * The catalog audit's probe models (../shared/research/catalog-audit.md §3, copied to
 * test/fixtures/catalog-audit-probes/) analysed with the built-in catalog: each gives the finding the audit
 * expected, and a lower trust level lowers a threat's likelihood instead of removing it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/core/catalog/builtin';
import { analyze } from '../../src/core/engine/analyze';
import type { Finding } from '../../src/core/engine/types';
import { loadModel } from '../../src/core/model/load';

const DIR = 'test/fixtures/catalog-audit-probes';
const { catalog } = builtinCatalog();
const LEVELS = ['low', 'medium', 'high', 'critical'];

function findingsOf(text: string, file: string): Finding[] {
  const { model, problems } = loadModel(text, file);
  expect(problems.filter((p) => p.severity === 'error').map((p) => `${p.code} ${p.message}`)).toEqual([]);
  return analyze(model!, catalog).findings;
}
const probe = (name: string): string => readFileSync(join(DIR, `${name}.threatmodel.yaml`), 'utf8');
/** The finding of `ruleId` on `element`, also when merged into another finding of its merge group. */
function find(findings: Finding[], ruleId: string, element: string): Finding | undefined {
  return findings.find((f) => f.elementId === element && (f.ruleId === ruleId || (f.merged ?? []).some((m) => m.ruleId === ruleId)));
}
const level = (f: Finding | undefined): number => LEVELS.indexOf(f?.likelihood ?? 'none');

interface Expectation { fires?: Array<[string, string]>; silent?: Array<[string, string]> }
const EXPECTED: Record<string, Expectation & { audit: string }> = {
  'p1-partially-trusted-rag': {
    audit: '§3 #1, #2, #13',
    fires: [['MODEL-DIRECT-PROMPT-INJECTION', 'llm'], ['PROMPT-INJECTION-INDIRECT-RAG', 'llm'], ['RAG-INGESTION-UNTRUSTED-UNSANITIZED', 'loader']],
    silent: [['VECTOR-STORE-NO-TENANT-ISOLATION', 'index'], ['RETRIEVAL-WITHOUT-ACCESS-CONTROL', 'retr']],
  },
  'p1b-retriever-filter': {
    audit: '§3 #13',
    fires: [['MODEL-DIRECT-PROMPT-INJECTION', 'llm'], ['PROMPT-INJECTION-INDIRECT-RAG', 'llm']],
    silent: [['VECTOR-STORE-NO-TENANT-ISOLATION', 'index'], ['RETRIEVAL-WITHOUT-ACCESS-CONTROL', 'retr']],
  },
  'p2-remote-third-party-mcp': {
    audit: '§3 #8',
    fires: [['MCP-SERVER-TOOL-POISONING', 'weather-mcp']],
  },
  'p2b-local-third-party-mcp': {
    audit: '§3 #8',
    fires: [['MCP-SERVER-TOOL-POISONING', 'weather-mcp'], ['MCP-SERVER-LOCAL-UNSANDBOXED', 'weather-mcp']],
  },
  'p3-backoffice-keras': {
    audit: '§3 #11, #15, other defects',
    fires: [['ARTIFACT-UNSAFE-DESERIALIZATION', 'kerasart'], ['SENSITIVE-DATA-TO-THIRD-PARTY-MODEL', 'llm']],
    silent: [['MISINFORMATION-HIGH-STAKES-ADVICE', 'llm'], ['MISINFORMATION-HIGH-STAKES-ADVICE', 'batch-agent'], ['AGENT-MEMORY-SHARED-ACROSS-USERS', 'notes-mem']],
  },
  'p3b-with-provider': {
    audit: '§3 #11, #15, other defects',
    fires: [['ARTIFACT-UNSAFE-DESERIALIZATION', 'kerasart'], ['SENSITIVE-DATA-TO-THIRD-PARTY-MODEL', 'llm']],
    silent: [['MISINFORMATION-HIGH-STAKES-ADVICE', 'llm'], ['AGENT-MEMORY-SHARED-ACROSS-USERS', 'notes-mem']],
  },
  'p4-hitl-analyst': {
    audit: '§3 #3, #4, #5, #10, other defects',
    fires: [['AGENT-TOOL-EXFILTRATION-CHAIN', 'agent'], ['AGENT-MEMORY-POISONING', 'mem'], ['CODE-SANDBOX-SHARED-KERNEL', 'pyexec']],
    silent: [['AGENT-UNBOUNDED-ITERATIONS', 'agent'], ['TOOL-ARGUMENTS-UNVALIDATED', 'pyexec']],
  },
  'p5-spa-renders-agent': {
    audit: '§3 #12',
    fires: [['OUTPUT-MARKDOWN-EXFILTRATION', 'spa'], ['OUTPUT-TO-HTML-XSS', 'spa']],
  },
};

describe('catalog audit probes give the finding the audit expected', () => {
  it.each(Object.keys(EXPECTED))('%s', (name) => {
    const e = EXPECTED[name]!;
    const findings = findingsOf(probe(name), `${name}.threatmodel.yaml`);
    const ids = findings.map((f) => f.id).join(', ');
    for (const [rule, element] of e.fires ?? []) {
      expect(find(findings, rule, element), `${name} (${e.audit}): ${rule} should fire on '${element}'; findings: ${ids}`).toBeDefined();
    }
    for (const [rule, element] of e.silent ?? []) {
      expect(find(findings, rule, element), `${name} (${e.audit}): ${rule} must not fire on '${element}'`).toBeUndefined();
    }
  });
});

describe('trust lowers likelihood, it does not remove the threat (audit §3 #1, #2; §5 fix 4)', () => {
  it('a partially-trusted ingestion source gives RAG injection a lower likelihood than an untrusted one', () => {
    const partial = find(findingsOf(probe('p1-partially-trusted-rag'), 'p1.threatmodel.yaml'), 'PROMPT-INJECTION-INDIRECT-RAG', 'llm');
    const untrustedText = probe('p1-partially-trusted-rag')
      .replace('contentTrust: partially-trusted', 'contentTrust: untrusted')
      .replace(/(component: community-forum\n\s+trust:) partially-trusted/, '$1 untrusted');
    expect(untrustedText).toContain('component: community-forum\n        trust: untrusted');
    const untrusted = find(findingsOf(untrustedText, 'p1-untrusted.threatmodel.yaml'), 'PROMPT-INJECTION-INDIRECT-RAG', 'llm');
    expect(partial).toBeDefined();
    expect(untrusted).toBeDefined();
    expect(level(partial)).toBeLessThan(level(untrusted));
  });

  it('partially-trusted users give direct injection a lower likelihood than untrusted users (internal system)', () => {
    const internal = probe('p1-partially-trusted-rag').replace('exposure: internet', 'exposure: internal');
    const partial = find(findingsOf(internal, 'p1-internal.threatmodel.yaml'), 'MODEL-DIRECT-PROMPT-INJECTION', 'llm');
    const untrustedText = internal.replace(/(kind: user\n\s+trust:) partially-trusted/, '$1 untrusted');
    expect(untrustedText).toMatch(/kind: user\n\s+trust: untrusted/);
    const untrusted = find(findingsOf(untrustedText, 'p1-internal-untrusted.threatmodel.yaml'), 'MODEL-DIRECT-PROMPT-INJECTION', 'llm');
    expect(partial).toBeDefined();
    expect(untrusted).toBeDefined();
    expect(level(partial)).toBeLessThan(level(untrusted));
  });

  it('trusted users switch direct injection off; logged-in customers on an internet SaaS keep it', () => {
    const p1 = probe('p1-partially-trusted-rag');
    expect(find(findingsOf(p1, 'p1.threatmodel.yaml'), 'MODEL-DIRECT-PROMPT-INJECTION', 'llm')).toBeDefined();
    const trusted = p1.replace(/(kind: user\n\s+trust:) partially-trusted/, '$1 trusted');
    expect(find(findingsOf(trusted, 'p1-trusted.threatmodel.yaml'), 'MODEL-DIRECT-PROMPT-INJECTION', 'llm')).toBeUndefined();
  });
});
