/**
 * Reachability follows calls and their results: a result returns to its caller only, so a model or tool shared
 * by two agents does not carry one agent's untrusted input to the other. Memory and flows carry content on.
 */
import { describe, expect, it } from 'vitest';
import { ConditionEvaluator } from '../../src/core/catalog/condition';
import type { Condition } from '../../src/core/catalog/types';
import { loadModel } from '../../src/core/model/load';

const BASE = `threatmodel: 1
system: {name: Shared parts}
components:
  - id: inbox
    kind: external-service
    contentTrust: untrusted
  - id: mail-agent
    kind: agent
    model: shared-llm
    tools: [shared-search]
  - id: finance-agent
    kind: agent
    model: shared-llm
    tools: [shared-search, pay]
  - id: shared-llm
    kind: model-endpoint
  - id: shared-search
    kind: tool
    effects: [read]
  - id: pay
    kind: tool
    effects: [payment]
flows:
  - from: inbox
    to: mail-agent
`;

const UNTRUSTED: Condition = { is: 'untrusted-source' };

function reach(text: string, id: string) {
  const { model, problems } = loadModel(text, 'm');
  expect(problems).toEqual([]);
  const ev = new ConditionEvaluator(model!);
  return ev.evaluate({ reachableFrom: UNTRUSTED }, { type: 'component', id, value: model!.components.get(id)! });
}

describe('reachability through calls', () => {
  it('untrusted mail reaches the agent that reads it, and the model and tools it calls', () => {
    expect(reach(BASE, 'mail-agent')).toEqual({ holds: true, path: ['inbox', 'mail-agent'] });
    expect(reach(BASE, 'shared-llm')).toEqual({ holds: true, path: ['inbox', 'mail-agent', 'shared-llm'] });
    expect(reach(BASE, 'shared-search').holds).toBe(true);
  });

  it('does not pass from one caller of a shared model or tool to another caller', () => {
    expect(reach(BASE, 'finance-agent').holds).toBe(false);
    expect(reach(BASE, 'pay').holds).toBe(false);
  });

  it('shared memory does carry content from one agent to the next', () => {
    const withMemory = BASE
      .replace('    tools: [shared-search]\n', '    tools: [shared-search]\n    memory: [notes]\n')
      .replace('    tools: [shared-search, pay]\n', '    tools: [shared-search, pay]\n    memory: [notes]\n')
      .replace('flows:', '  - id: notes\n    kind: memory\n    scope: global\n    persistence: persistent\nflows:');
    expect(reach(withMemory, 'finance-agent')).toEqual({ holds: true, path: ['inbox', 'mail-agent', 'notes', 'finance-agent'] });
    expect(reach(withMemory, 'pay').holds).toBe(true);
  });

  it('a declared flow between the agents carries content as declared', () => {
    const withFlow = `${BASE}  - from: mail-agent\n    to: finance-agent\n`;
    expect(reach(withFlow, 'finance-agent')).toEqual({ holds: true, path: ['inbox', 'mail-agent', 'finance-agent'] });
  });

  it('content a tool fetches returns to every agent that calls it', () => {
    const fetching = BASE.replace('  - id: shared-search\n    kind: tool\n    effects: [read]\n', '  - id: shared-search\n    kind: tool\n    effects: [read, network-egress]\n');
    expect(reach(fetching, 'finance-agent')).toEqual({ holds: true, path: ['shared-search', 'finance-agent'] });
  });
});
