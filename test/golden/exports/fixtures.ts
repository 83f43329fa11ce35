/**
 * Hand-made export inputs: a small model and findings, one of them full of hostile text (formulas, HTML,
 * Markdown, control characters, newlines). Used by the export unit tests before and besides the
 * template goldens, which run the real loader and engine.
 */
import type { Finding } from '../../../src/core/engine/types';
import type { ExportModel } from '../../../src/core/export/input';
import type { Component, TrustBoundary } from '../../../src/core/model/types';
import type { ResolvedFlow } from '../../../src/core/model/graph';

export const HOSTILE = '=HYPERLINK("http://evil.example","x")<script>alert(1)</script> **bold** [a](javascript:x) | `tick` @team #1 $x$\r\nline2\u0007';

const range = (line: number) => ({ start: { line, character: 4 }, end: { line, character: 20 } });

export function fixtureModel(): ExportModel {
  const components: Component[] = [
    { id: 'user', kind: 'user', name: 'Customer', trust: 'untrusted' },
    { id: 'web', kind: 'client', name: 'Web chat', boundary: 'dmz' },
    { id: 'agent', kind: 'agent', name: HOSTILE, boundary: 'app', model: 'llm', tools: ['refund'] },
    { id: 'llm', kind: 'model-endpoint', name: 'LLM', boundary: 'vendor' },
    { id: 'refund', kind: 'tool', name: 'Refund tool', boundary: 'app', effects: ['payment'] },
  ];
  const boundaries: TrustBoundary[] = [
    { id: 'cloud', kind: 'cloud-account', name: 'Cloud account' },
    { id: 'dmz', kind: 'network', name: 'DMZ', parent: 'cloud' },
    { id: 'app', kind: 'cluster', name: 'App cluster', parent: 'cloud' },
    { id: 'vendor', kind: 'third-party', name: 'Model vendor' },
  ];
  const flows: ResolvedFlow[] = [
    { id: 'user->web', from: 'user', to: 'web', data: ['chat'], crossedBoundaries: ['cloud', 'dmz'] },
    { id: 'web->agent', from: 'web', to: 'agent', data: ['chat'], crossedBoundaries: ['app', 'dmz'] },
    { id: 'agent->llm', from: 'agent', to: 'llm', data: ['chat'], crossedBoundaries: ['app', 'cloud', 'vendor'] },
  ];
  return {
    file: 'fixtures/support.threatmodel.yaml',
    system: { name: 'Support <assistant>', owner: 'team-ai', criticality: 'high', exposure: 'internet', tenancy: 'multi-tenant', description: 'Answers *customer* questions.' },
    components: new Map(components.map((c) => [c.id, c])),
    boundaries: new Map(boundaries.map((b) => [b.id, b])),
    data: new Map([['chat', { id: 'chat', classification: 'confidential', name: 'Chat transcripts' }]]),
    providers: new Map(),
    flows,
    rag: [],
    links: [{ kind: 'model', from: 'agent', to: 'llm' }, { kind: 'tool', from: 'agent', to: 'refund' }],
    controls: [{ id: 'ctl-approval', implements: ['M-APPROVAL'], covers: ['refund'] }],
  };
}

function finding(partial: Partial<Finding> & Pick<Finding, 'ruleId' | 'elementId'>): Finding {
  return {
    id: `${partial.ruleId}@${partial.elementId}${partial.flowId ? `@${partial.flowId}` : ''}`,
    title: 'A threat',
    description: 'It applies here.',
    stride: ['tampering'],
    frameworks: {},
    likelihood: 'medium',
    impact: 'medium',
    severity: 'medium',
    why: { factors: [] },
    mitigations: [{ id: 'M-GENERIC', title: 'Do the right thing' }],
    status: 'open',
    mitigatedBy: [],
    file: 'fixtures/support.threatmodel.yaml',
    range: range(10),
    ...partial,
  };
}

export function fixtureFindings(): Finding[] {
  return [
    finding({
      ruleId: 'AI-PI-DIRECT', elementId: 'agent', title: 'Direct prompt injection', description: `Users can instruct ${HOSTILE}.`,
      stride: ['tampering', 'elevation-of-privilege'], frameworks: { owaspLlm: ['LLM01:2025'], atlas: ['AML.T0051.000'], cwe: ['CWE-1427'], owaspAsi: ['ASI01'] },
      likelihood: 'high', impact: 'critical', severity: 'critical',
      why: { factors: [{ factor: 'internet-exposed', applies: 'likelihood', detail: 'The system is exposed to the internet.' }], path: ['user', 'web', 'agent'] },
      mitigations: [{ id: 'M-GUARDRAIL', title: 'Screen input with a guardrail' }, { id: 'M-PRIVILEGE', title: 'Least privilege for tools' }],
      range: range(20),
      tracking: { owner: '@attacker', due: '2025-07-01', ticket: '+SEC-1', justification: HOSTILE },
    }),
    finding({
      ruleId: 'AI-TOOL-APPROVAL', elementId: 'refund', title: 'Payment without approval', severity: 'high', likelihood: 'medium', impact: 'high',
      frameworks: { owaspAgentic: ['T2'], owaspAsi: ['ASI02'] }, mitigations: [{ id: 'M-APPROVAL', title: 'Human approval' }],
      status: 'mitigated', mitigatedBy: ['ctl-approval'], range: range(30),
    }),
    finding({
      ruleId: 'AI-VENDOR-RETENTION', elementId: 'llm', title: 'Vendor retains prompts', severity: 'low', likelihood: 'low', impact: 'medium',
      frameworks: { owaspLlm: ['LLM02:2025'] }, status: 'accepted', range: range(40),
      tracking: { owner: 'dpo', justification: 'DPA signed, zero retention.', reviewedBy: 'alice', reviewedOn: '2025-05-02' },
    }),
    finding({
      ruleId: 'AI-TLS', elementId: 'web->agent', flowId: 'web->agent', title: 'Unencrypted flow', severity: 'medium',
      frameworks: { cwe: ['CWE-319'] }, status: 'in-progress', range: range(50), tracking: { owner: 'netops', ticket: 'NET-7' },
    }),
  ];
}
