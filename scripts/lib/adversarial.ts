/**
 * Adversarial model and rule shapes from the reliability audit (docs/limits.md): inputs that are valid, or
 * nearly so, and made analysis or output blow up before the engine bounded its work. Used by `npm run bench`
 * (growth figures) and by the unit tests (each shape must finish with bounded output). Deterministic.
 */

/** N agents that all share the same M tools and one model endpoint (audit D3: was N·M·N). */
export function sharedToolsModel(agents: number, tools: number): string {
  const out = ['threatmodel: 1', 'system: {name: Shared tools, exposure: internet}', 'components:',
    '  - {id: inbox, kind: external-service, contentTrust: untrusted}', '  - {id: llm, kind: model-endpoint}'];
  const toolIds = Array.from({ length: tools }, (_, j) => `tool-${j}`);
  for (const id of toolIds) out.push(`  - {id: ${id}, kind: tool, effects: [send]}`);
  for (let i = 0; i < agents; i++) out.push(`  - {id: agent-${i}, kind: agent, model: llm, tools: [${toolIds.join(', ')}]}`);
  out.push('flows:', '  - {from: inbox, to: agent-0}');
  return out.join('\n') + '\n';
}

/** A chain of N agents, each delegating to the next, all using one effectful tool (audit D3: 3,001-id paths). */
export function delegationChainModel(agents: number): string {
  const out = ['threatmodel: 1', 'system: {name: Delegation chain, exposure: internet}', 'components:',
    '  - {id: inbox, kind: external-service, contentTrust: untrusted}', '  - {id: llm, kind: model-endpoint}',
    '  - {id: shell, kind: tool, effects: [execute]}'];
  for (let i = 0; i < agents; i++) {
    const next = i + 1 < agents ? `, delegatesTo: [agent-${i + 1}]` : '';
    out.push(`  - {id: agent-${i}, kind: agent, model: llm, tools: [shell]${next}}`);
  }
  out.push('flows:', '  - {from: inbox, to: agent-0}');
  return out.join('\n') + '\n';
}

/** N boundaries, each nested in the previous one, with a service in the innermost (audit D4: stack overflow). */
export function deepBoundariesModel(depth: number): string {
  const out = ['threatmodel: 1', 'system: {name: Deep boundaries}', 'boundaries:'];
  for (let i = 0; i < depth; i++) out.push(`  - {id: b${i}, kind: network${i ? `, parent: b${i - 1}` : ''}}`);
  out.push('components:', `  - {id: s, kind: service, boundary: b${depth - 1}}`, '  - {id: u, kind: user}', 'flows:', '  - {from: u, to: s}');
  return out.join('\n') + '\n';
}

/** `nodes` services, every ordered pair joined by a flow (audit D2's model). */
export function completeFlowsModel(nodes: number): string {
  const out = ['threatmodel: 1', 'system: {name: Every pair}', 'components:'];
  for (let i = 0; i < nodes; i++) out.push(`  - {id: s${i}, kind: service}`);
  out.push('flows:');
  for (let i = 0; i < nodes; i++) for (let j = 0; j < nodes; j++) if (i !== j) out.push(`  - {id: f${i}-${j}, from: s${i}, to: s${j}}`);
  return out.join('\n') + '\n';
}

/** The condition `flowsIn: {peer: flowsIn: {peer: … {property: name, equals: s0}}}`, `depth` levels (audit D2). */
export function nestedPeerCondition(depth: number, leaf = "{property: id, equals: s0}"): string {
  let cond = leaf;
  for (let i = 0; i < depth; i++) cond = `{flowsIn: {peer: ${cond}}}`;
  return cond;
}

/** A complete rule file whose `when` is the nested condition (flow style, so 40 levels stay one line). */
export function nestedPeerRule(depth: number, id = 'NESTED-PEER', leaf?: string): string {
  return `id: ${id}
title: Nested peers
description: "{{name}} is reached through ${depth} levels of flows"
stride: [tampering]
frameworks: { cwe: [CWE-20] }
appliesTo: [service]
likelihood: { base: medium }
impact: { base: medium }
mitigations:
  - { id: M-${id}, title: Review }
when: ${nestedPeerCondition(depth, leaf)}
`;
}
