/**
 * The evidence path a finding shows is the one that carries the threat: it starts at the untrusted source, not at
 * the component the content passed through (an ingestion pipeline, an e-mail-triggered agent whose inbox is
 * modelled), and it is the same on every run.
 */
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/core/catalog/builtin';
import { analyze } from '../../src/core/engine/analyze';
import { holds, model } from './helpers/engine';

const RAG = `threatmodel: 1
system: {name: Help centre}
components:
  - id: public-forum
    kind: external-service
    contentTrust: untrusted
  - id: kb-ingest
    kind: ingestion-pipeline
    sources: [{component: public-forum, trust: untrusted}]
  - id: kb-store
    kind: vector-store
  - id: kb-retriever
    kind: retriever
    store: kb-store
  - id: llm
    kind: model-endpoint
  - id: helper
    kind: agent
    model: llm
flows:
  - {from: public-forum, to: kb-ingest}
  - {from: kb-ingest, to: kb-store}
  - {from: kb-store, to: kb-retriever}
  - {from: kb-retriever, to: helper}
`;

const INBOX = `threatmodel: 1
system: {name: Accounts payable}
components:
  - id: vendor-inbox
    kind: external-service
    contentTrust: untrusted
  - id: intake-queue
    kind: queue
  - id: llm
    kind: model-endpoint
  - id: pay
    kind: tool
    effects: [payment]
  - id: orchestrator
    kind: agent
    model: llm
    triggers: [email]
    delegatesTo: [payer]
  - id: payer
    kind: agent
    model: llm
    tools: [pay]
flows:
  - {from: vendor-inbox, to: intake-queue}
  - {from: intake-queue, to: orchestrator}
`;

const { catalog } = builtinCatalog();

describe('evidence paths', () => {
  it('a retrieval finding starts at the untrusted source that feeds the ingestion pipeline', () => {
    const f = analyze(model(RAG), catalog).findings.find((x) => x.id === 'PROMPT-INJECTION-INDIRECT-RAG@helper');
    expect(f?.why.path).toEqual(['public-forum', 'kb-ingest', 'kb-store', 'kb-retriever', 'helper']);
  });

  it('an e-mail-triggered agent whose inbox is modelled is not the source: the inbox is', () => {
    const m = model(INBOX);
    expect(holds(m, 'orchestrator', { is: 'untrusted-source' }).holds).toBe(false);
    const f = analyze(m, catalog).findings.find((x) => x.id === 'AGENT-COMMUNICATION-POISONING@payer');
    expect(f?.why.path).toEqual(['vendor-inbox', 'intake-queue', 'orchestrator', 'payer']);
  });

  it('without a modelled inbox the e-mail trigger itself is the source', () => {
    const m = model(INBOX.replace(/flows:[\s\S]*$/, ''));
    expect(holds(m, 'orchestrator', { is: 'untrusted-source' }).holds).toBe(true);
  });

  it('is the same on every run', () => {
    const paths = () => analyze(model(INBOX), catalog).findings.map((f) => `${f.id} ${f.why.path?.join('>') ?? ''}`);
    expect(paths()).toEqual(paths());
  });
});
