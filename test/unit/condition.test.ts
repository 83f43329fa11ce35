/**
 * The condition language (docs/conditions.md): every operator on small models, reachability with its path
 * as evidence, and the named predicates.
 */
import { describe, expect, it } from 'vitest';
import { holds, model } from './helpers/engine';

const M = model(`threatmodel: 1
system:
  name: Shop assistant
  exposure: internet
  tenancy: multi-tenant
  criticality: high
boundaries:
  - { id: cloud, kind: cloud-account }
  - { id: vpc, kind: network, parent: cloud }
  - { id: vendor, kind: third-party }
data:
  - { id: question, classification: confidential, categories: [prompts, personal-data] }
  - { id: card, classification: secret, categories: [financial] }
  - { id: api-key, classification: secret, categories: [credentials] }
providers:
  - { id: llm-co, kind: model-vendor, hosting: multi-tenant-saas, trainsOnCustomerData: false }
components:
  - { id: shopper, kind: user }
  - { id: staff, kind: user, trust: trusted }
  - { id: web, kind: client, platform: web }
  - { id: api, kind: service, boundary: vpc, authentication: oidc, rendersOutputAs: [markdown, html] }
  - { id: agent, kind: agent, boundary: vpc, model: llm, tools: [refund, search], autonomy: autonomous, triggers: [user, email] }
  - { id: llm, kind: model-endpoint, boundary: vendor, provider: llm-co, hosting: provider-hosted }
  - { id: refund, kind: tool, boundary: vpc, effects: [payment], credentialScope: broad }
  - { id: search, kind: tool, boundary: vpc, effects: [read, network-egress] }
  - { id: payments-db, kind: datastore, boundary: vpc, stores: [card] }
  - { id: shield, kind: guardrail, boundary: vpc, checks: [prompt-injection], protects: [llm] }
  - { id: vault, kind: secret-store, boundary: cloud, stores: [api-key] }
flows:
  - { from: shopper, to: web, data: [question] }
  - { from: web, to: api, data: [question], encrypted: true, authenticated: true }
  - { from: api, to: agent, data: [question], encrypted: true }
  - { from: refund, to: payments-db, data: [card] }
  - { from: vault, to: refund, data: [api-key] }
  - { id: back-office, from: staff, to: api }
`);

describe('conditions: combinators and property tests', () => {
  it('all, any and not', () => {
    expect(holds(M, 'refund', { all: [{ kind: 'tool' }, { property: 'effects', includes: 'payment' }] }).holds).toBe(true);
    expect(holds(M, 'refund', { all: [{ kind: 'tool' }, { property: 'effects', includes: 'write' }] }).holds).toBe(false);
    expect(holds(M, 'refund', { any: [{ kind: 'agent' }, { kind: 'tool' }] }).holds).toBe(true);
    expect(holds(M, 'refund', { not: { kind: 'tool' } }).holds).toBe(false);
  });

  it('kind takes one kind or a list', () => {
    expect(holds(M, 'llm', { kind: 'model-endpoint' }).holds).toBe(true);
    expect(holds(M, 'llm', { kind: ['agent', 'model-endpoint'] }).holds).toBe(true);
    expect(holds(M, 'back-office', { kind: 'flow' }).holds).toBe(true);
    expect(holds(M, 'card', { kind: 'data' }).holds).toBe(true);
  });

  it('equals, notEquals, in, notIn: a missing property fails the positive tests and passes the negative ones', () => {
    expect(holds(M, 'agent', { property: 'autonomy', equals: 'autonomous' }).holds).toBe(true);
    expect(holds(M, 'agent', { property: 'identity', equals: 'service-account' }).holds).toBe(false);
    expect(holds(M, 'agent', { property: 'identity', notEquals: 'service-account' }).holds).toBe(true);
    expect(holds(M, 'api', { property: 'authentication', in: ['oidc', 'oauth'] }).holds).toBe(true);
    expect(holds(M, 'api', { property: 'authentication', notIn: ['oidc'] }).holds).toBe(false);
    expect(holds(M, 'web', { property: 'authentication', notIn: ['oidc'] }).holds).toBe(true);
  });

  it('exists, includes, includesAny, excludes, atLeast, atMost (lists count their length)', () => {
    expect(holds(M, 'agent', { property: 'maxIterations', exists: false }).holds).toBe(true);
    expect(holds(M, 'agent', { property: 'tools', exists: true }).holds).toBe(true);
    expect(holds(M, 'api', { property: 'rendersOutputAs', includesAny: ['html', 'sql'] }).holds).toBe(true);
    expect(holds(M, 'api', { property: 'rendersOutputAs', excludes: ['shell'] }).holds).toBe(true);
    expect(holds(M, 'web', { property: 'rendersOutputAs', excludes: ['shell'] }).holds).toBe(true);
    expect(holds(M, 'agent', { property: 'tools', atLeast: 2 }).holds).toBe(true);
    expect(holds(M, 'agent', { property: 'tools', atMost: 1 }).holds).toBe(false);
  });

  it('system and provider tests', () => {
    expect(holds(M, 'refund', { system: { property: 'tenancy', equals: 'multi-tenant' } }).holds).toBe(true);
    expect(holds(M, 'llm', { provider: { property: 'hosting', equals: 'multi-tenant-saas' } }).holds).toBe(true);
    expect(holds(M, 'llm', { provider: { all: [{ property: 'trainsOnCustomerData', equals: false }, { property: 'kind', equals: 'model-vendor' }] } }).holds).toBe(true);
    expect(holds(M, 'llm', { provider: { any: [{ property: 'dataRetention', equals: 'indefinite' }] } }).holds).toBe(false);
    expect(holds(M, 'refund', { provider: { property: 'hosting', exists: true } }).holds).toBe(false);
  });
});

describe('conditions: neighbours, flows, boundaries, data', () => {
  it('inBoundary looks at every enclosing boundary', () => {
    expect(holds(M, 'refund', { inBoundary: ['cloud-account'] }).holds).toBe(true);
    expect(holds(M, 'refund', { inBoundary: ['third-party'] }).holds).toBe(false);
  });

  it('flowsIn and flowsOut with encryption, authentication, boundary crossing, data and peer tests', () => {
    expect(holds(M, 'api', { flowsIn: { encrypted: true, authenticated: true, peer: { kind: 'client' } } }).holds).toBe(true);
    expect(holds(M, 'agent', { flowsIn: { authenticated: true } }).holds).toBe(false);
    expect(holds(M, 'refund', { flowsOut: { carries: { classificationAtLeast: 'secret' } } }).holds).toBe(true);
    expect(holds(M, 'vault', { flowsOut: { crossesBoundary: true } }).holds).toBe(true);
    expect(holds(M, 'refund', { flowsOut: { crossesBoundary: true } }).holds).toBe(false);
  });

  it('flow, from and to test a flow element and its ends', () => {
    expect(holds(M, 'back-office', { flow: { encrypted: false } }).holds).toBe(true);
    expect(holds(M, 'back-office', { from: { property: 'trust', equals: 'trusted' } }).holds).toBe(true);
    expect(holds(M, 'back-office', { to: { kind: 'service' } }).holds).toBe(true);
    expect(holds(M, 'api', { from: { kind: 'user' } }).holds).toBe(false);
  });

  it('linksTo and linkedFrom follow the links properties imply', () => {
    expect(holds(M, 'agent', { linksTo: { kind: 'tool', to: { property: 'effects', includes: 'payment' } } }).holds).toBe(true);
    expect(holds(M, 'agent', { linksTo: { kind: 'memory' } }).holds).toBe(false);
    expect(holds(M, 'refund', { linkedFrom: { kind: 'tool', from: { property: 'autonomy', equals: 'autonomous' } } }).holds).toBe(true);
  });

  it('carries tests the data at an element; guardedBy the guardrails protecting it', () => {
    expect(holds(M, 'api', { carries: { categoriesAny: ['personal-data'] } }).holds).toBe(true);
    expect(holds(M, 'api', { carries: { classificationAtLeast: 'restricted' } }).holds).toBe(false);
    expect(holds(M, 'llm', { guardedBy: ['prompt-injection', 'pii'] }).holds).toBe(true);
    expect(holds(M, 'llm', { guardedBy: ['pii'] }).holds).toBe(false);
  });
});

describe('conditions: reachability', () => {
  it('reachableFrom gives the shortest path from the source as evidence', () => {
    expect(holds(M, 'llm', { reachableFrom: { kind: 'user' } })).toEqual({ holds: true, path: ['staff', 'api', 'agent', 'llm'] });
    const r = holds(M, 'llm', { reachableFrom: { all: [{ kind: 'user' }, { is: 'untrusted-source' }] } });
    expect(r).toEqual({ holds: true, path: ['shopper', 'web', 'api', 'agent', 'llm'] });
  });

  it('reaches follows agent links both ways: the model output reaches the agent, then its tools', () => {
    expect(holds(M, 'llm', { reaches: { property: 'effects', includes: 'payment' } })).toEqual({ holds: true, path: ['llm', 'agent', 'refund'] });
    expect(holds(M, 'payments-db', { reaches: { kind: 'user' } }).holds).toBe(false);
  });

  it('the element itself counts, with a one-id path', () => {
    expect(holds(M, 'shopper', { reachableFrom: { kind: 'user' } })).toEqual({ holds: true, path: ['shopper'] });
  });

  it('reachableThrough only passes through components that satisfy `through`', () => {
    const direct = { from: { kind: 'user' as const }, through: { kind: ['client', 'service', 'agent'] as ['client', 'service', 'agent'] } };
    expect(holds(M, 'llm', { reachableThrough: direct }).holds).toBe(true);
    expect(holds(M, 'payments-db', { reachableThrough: direct }).holds).toBe(false); // only via the refund tool
    expect(holds(M, 'payments-db', { reachableFrom: { kind: 'user' } }).holds).toBe(true);
    expect(holds(M, 'llm', { reachesThrough: { to: { kind: 'datastore' }, through: { kind: 'agent' } } }).holds).toBe(false);
    expect(holds(M, 'llm', { reachesThrough: { to: { kind: 'datastore' }, through: { kind: ['agent', 'tool'] } } })).toEqual({ holds: true, path: ['llm', 'agent', 'refund', 'payments-db'] });
  });

  it('dataReachable: data moves along flows that declare it and along links; credentials stay where they are delivered', () => {
    expect(holds(M, 'refund', { dataReachable: { classificationAtLeast: 'secret' } }).holds).toBe(true);
    expect(holds(M, 'agent', { dataReachable: { categoriesAny: ['financial'] } })).toEqual({ holds: true, path: ['refund', 'agent'] });
    expect(holds(M, 'agent', { dataReachable: { categoriesAny: ['credentials'] } }).holds).toBe(false);
    expect(holds(M, 'llm', { dataReachable: { categoriesAny: ['personal-data'] } }).path).toEqual(['agent', 'llm']);
  });

  it('a provider answers reachability through the components it operates', () => {
    expect(holds(M, 'llm-co', { dataReachable: { categoriesAny: ['personal-data'] } }).holds).toBe(true);
  });
});

describe('conditions: named predicates', () => {
  it('untrusted-source: users without trust in an internet system, email-triggered agents, egress tools; not trusted staff', () => {
    expect(holds(M, 'shopper', { is: 'untrusted-source' }).holds).toBe(true);
    expect(holds(M, 'staff', { is: 'untrusted-source' }).holds).toBe(false);
    expect(holds(M, 'agent', { is: 'untrusted-source' }).holds).toBe(true);
    expect(holds(M, 'search', { is: 'untrusted-source' }).holds).toBe(true);
    expect(holds(M, 'refund', { is: 'untrusted-source' }).holds).toBe(false);
  });

  it('untrusted-source: external services with untrusted content and untrusted ingestion sources', () => {
    const m = model(`threatmodel: 1
system: { name: RAG }
components:
  - { id: wiki, kind: external-service, contentTrust: partially-trusted }
  - { id: forum, kind: external-service, contentTrust: untrusted }
  - { id: tickets, kind: datastore }
  - { id: ingest, kind: ingestion-pipeline, sources: [{ component: tickets, trust: untrusted }, { component: wiki, trust: trusted }] }
flows:
  - { from: forum, to: ingest }
`);
    expect(holds(m, 'forum', { is: 'untrusted-source' }).holds).toBe(true);
    expect(holds(m, 'tickets', { is: 'untrusted-source' }).holds).toBe(true);
    expect(holds(m, 'wiki', { is: 'untrusted-source' }).holds).toBe(false);
  });

  it('effectful-tool: write/delete/send/execute/payment tools, and MCP servers exposing one', () => {
    expect(holds(M, 'refund', { is: 'effectful-tool' }).holds).toBe(true);
    expect(holds(M, 'search', { is: 'effectful-tool' }).holds).toBe(false);
    const m = model(`threatmodel: 1
system: { name: MCP }
components:
  - { id: a, kind: agent, model: m, tools: [srv] }
  - { id: m, kind: model-endpoint }
  - { id: srv, kind: mcp-server, transport: stdio, tools: [rm] }
  - { id: rm, kind: tool, effects: [delete] }
`);
    expect(holds(m, 'srv', { is: 'effectful-tool' }).holds).toBe(true);
  });

  it('third-party: vendor-operated components, third-party boundaries and origins, external providers', () => {
    expect(holds(M, 'llm', { is: 'third-party' }).holds).toBe(true);
    expect(holds(M, 'llm-co', { is: 'third-party' }).holds).toBe(true);
    expect(holds(M, 'api', { is: 'third-party' }).holds).toBe(false);
  });
});
