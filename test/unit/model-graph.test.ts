/**
 * The resolved graph that rules, diagram and exports query: sorted collections, links implied by properties,
 * information edges, boundary chains and crossings, data at a component, and source locations.
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/core/model/load';

const MODEL = `threatmodel: 1
system:
  name: Support assistant
  exposure: internet
boundaries:
  - id: cloud
    kind: cloud-account
  - id: vpc
    kind: network
    parent: cloud
  - id: vendor
    kind: third-party
data:
  - id: tickets
    classification: confidential
    categories: [personal-data]
  - id: prompts
    classification: internal
providers:
  - id: llm-vendor
    trainsOnCustomerData: false
components:
  - id: customer
    kind: user
  - id: chat-api
    kind: service
    boundary: vpc
  - id: llm
    kind: model-endpoint
    boundary: vendor
    provider: llm-vendor
  - id: support-agent
    kind: agent
    boundary: vpc
    model: llm
    tools: [ticket-mcp]
  - id: ticket-mcp
    kind: mcp-server
    boundary: vpc
    tools: [create-ticket]
  - id: create-ticket
    kind: tool
    boundary: vpc
    effects: [write]
  - id: kb
    kind: vector-store
    boundary: vpc
    stores: [tickets]
  - id: kb-retriever
    kind: retriever
    boundary: vpc
    store: kb
  - id: wiki
    kind: external-service
    contentTrust: untrusted
  - id: kb-ingest
    kind: ingestion-pipeline
    boundary: vpc
    sources:
      - component: wiki
        trust: untrusted
rag:
  - id: kb-rag
    sources: [wiki]
    ingestion: kb-ingest
    store: kb
    retriever: kb-retriever
    consumers: [support-agent]
    accessControl: tenant-filter
flows:
  - from: customer
    to: chat-api
    data: [prompts]
  - id: api-to-agent
    from: chat-api
    to: support-agent
    data: [prompts, tickets]
`;

describe('resolved model graph', () => {
  const { model, problems } = loadModel(MODEL, 'm.threatmodel.yaml');
  const m = model!;

  it('loads without problems', () => {
    expect(problems).toEqual([]);
  });

  it('sorts every collection by id', () => {
    expect([...m.components.keys()]).toEqual([...m.components.keys()].sort());
    expect(m.flows.map((f) => f.id)).toEqual(['api-to-agent', 'customer->chat-api']);
  });

  it('derives links from properties and RAG pipelines', () => {
    const links = m.links.map((l) => `${l.from} -${l.kind}-> ${l.to}`);
    expect(links).toEqual(expect.arrayContaining([
      'support-agent -model-> llm',
      'support-agent -tool-> ticket-mcp',
      'ticket-mcp -exposes-> create-ticket',
      'kb -store-> kb-retriever',
      'wiki -source-> kb-ingest',
      'kb-ingest -rag-ingest-> kb',
      'kb -rag-retrieve-> kb-retriever',
      'kb-retriever -rag-consume-> support-agent',
      'llm -provider-> llm-vendor',
    ]));
  });

  it('information edges run both ways on calls and one way on flows', () => {
    const from = (id: string) => m.edgesFrom(id).map((e) => `${e.to} via ${e.via}`);
    expect(from('create-ticket')).toEqual(['ticket-mcp via link:exposes']);
    expect(from('customer')).toEqual(['chat-api via flow:customer->chat-api']);
    expect(from('chat-api')).toEqual(['support-agent via flow:api-to-agent']);
    expect(m.edges.some((e) => e.via === 'link:provider')).toBe(false);
  });

  it('untrusted wiki content can reach the agent along the RAG pipeline', () => {
    const seen = new Set(['wiki']);
    const queue = ['wiki'];
    while (queue.length) for (const e of m.edgesFrom(queue.shift()!)) if (!seen.has(e.to)) { seen.add(e.to); queue.push(e.to); }
    expect(seen.has('support-agent')).toBe(true);
    expect(seen.has('create-ticket')).toBe(true);
  });

  it('boundary chains go innermost first; crossings are the symmetric difference', () => {
    expect(m.boundaryChain('chat-api')).toEqual(['vpc', 'cloud']);
    expect(m.boundaryChain('customer')).toEqual([]);
    expect(m.crossedBoundaries('customer', 'chat-api')).toEqual(['cloud', 'vpc']);
    expect(m.crossedBoundaries('chat-api', 'support-agent')).toEqual([]);
    expect(m.flows.find((f) => f.id === 'customer->chat-api')!.crossedBoundaries).toEqual(['cloud', 'vpc']);
    expect(m.componentsIn('cloud')).toContain('kb');
  });

  it('neighbours join flows and links in both directions', () => {
    expect(m.neighbours('support-agent')).toEqual(['chat-api', 'kb-retriever', 'llm', 'ticket-mcp']);
    expect(m.flowsIn('support-agent').map((f) => f.id)).toEqual(['api-to-agent']);
    expect(m.linksFrom('support-agent', 'tool').map((l) => l.to)).toEqual(['ticket-mcp']);
    expect(m.linksTo('create-ticket').map((l) => l.from)).toEqual(['ticket-mcp']);
  });

  it('data at a component: stored, received and sent', () => {
    expect(m.dataAt('kb')).toEqual(['tickets']);
    expect(m.dataAt('support-agent')).toEqual(['prompts', 'tickets']);
  });

  it('locates every element: the whole node and its id', () => {
    const lines = MODEL.split('\n');
    const lineOf = (text: string) => lines.findIndex((l) => l.includes(text));
    const loc = m.locate('support-agent')!;
    const line = lineOf('- id: support-agent');
    expect(loc.idRange).toEqual({ start: { line, character: 8 }, end: { line, character: 21 } });
    expect(loc.range.start).toEqual({ line, character: 4 });
    expect(loc.range.end.line).toBe(lineOf('tools: [ticket-mcp]') + 1);
    expect(m.locate('customer->chat-api')!.idRange.start).toEqual({ line: lineOf('- from: customer'), character: 10 });
    expect(m.locate('api-to-agent')!.idRange.start.line).toBe(lineOf('id: api-to-agent'));
    expect(m.rangeAt(['components', 3, 'model'])).toEqual({ start: { line: lineOf('model: llm'), character: 11 }, end: { line: lineOf('model: llm'), character: 14 } });
  });

  it('drops dangling references from the graph so later layers can trust ids', () => {
    const broken = loadModel(MODEL.replace('tools: [ticket-mcp]', 'tools: [ticket-mpc]'), 'm');
    expect(broken.problems.map((p) => p.code)).toEqual(['TM-REF-UNKNOWN']);
    expect(broken.model!.linksFrom('support-agent', 'tool')).toEqual([]);
  });

  it('keeps elements with schema errors out of the graph, without reporting references to them again', () => {
    const broken = loadModel(MODEL.replace('  - id: kb\n    kind: vector-store', '  - id: kb\n    kind: vectorstore'), 'm');
    expect(broken.problems.map((p) => p.code)).toEqual(['TM-SCHEMA-ENUM']);
    expect(broken.model!.components.has('kb')).toBe(false);
    expect(broken.model!.links.some((l) => l.from === 'kb' || l.to === 'kb')).toBe(false);
  });
});
