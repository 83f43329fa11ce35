/**
 * Models and findings for the diagram tests and the benchmark: generated models of any size (realistic mix of
 * kinds, nested boundaries, flows and agent tools), hostile labels, and findings without running the catalog
 * (so diagram tests do not change when rules do).
 */
import type { Level } from '../../src/core/catalog/types';
import type { Finding, FindingStatus } from '../../src/core/engine/types';
import { makeRange } from '../../src/core/problem';

const KINDS = [
  'service', 'agent', 'tool', 'model-endpoint', 'datastore', 'vector-store', 'retriever', 'mcp-server', 'queue',
  'cache', 'guardrail', 'log-store', 'api-gateway', 'external-service', 'memory', 'client',
] as const;
const CLASSES = ['public', 'internal', 'confidential', 'restricted', 'secret'] as const;
const BOUNDARY_KINDS = ['cloud-account', 'network', 'cluster', 'container', 'third-party'] as const;

/** A deterministic pseudo-random sequence (mulberry32), so generated models are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(3, '0');

/**
 * A valid model with `n` components in about n/8 boundaries (one level of nesting), about 1.5 flows per
 * component, and agents that name tools (implied links).
 */
export function generateModel(n: number, seed = 1): string {
  const rand = rng(seed);
  const nb = Math.max(2, Math.round(n / 8));
  const out: string[] = ['threatmodel: 1', 'system:', `  name: Generated system ${n}`, '  exposure: internet', 'boundaries:'];
  for (let b = 0; b < nb; b++) {
    out.push(`  - id: zone-${pad(b)}`, `    name: Zone ${b}`, `    kind: ${BOUNDARY_KINDS[b % BOUNDARY_KINDS.length]}`);
    if (b >= 2 && b % 3 === 0) out.push(`    parent: zone-${pad(b - 1)}`);
  }
  out.push('data:');
  for (let d = 0; d < 5; d++) out.push(`  - id: data-${d}`, `    name: Data ${d}`, `    classification: ${CLASSES[d]}`);
  out.push('components:');
  const kinds: string[] = [];
  const zoneOf: number[] = [];
  for (let i = 0; i < n; i++) {
    const kind = KINDS[Math.floor(rand() * KINDS.length)]!;
    kinds.push(kind);
    zoneOf.push(i % 17 === 5 ? -1 : Math.floor(rand() * nb));
    out.push(`  - id: comp-${pad(i)}`, `    name: Component ${i}`, `    kind: ${kind}`);
    if (zoneOf[i]! >= 0) out.push(`    boundary: zone-${pad(zoneOf[i]!)}`);
  }
  const tools = kinds.flatMap((k, i) => (k === 'tool' ? [i] : []));
  const models = kinds.flatMap((k, i) => (k === 'model-endpoint' ? [i] : []));
  // Most flows stay inside a boundary, as in real systems; the rest cross to anywhere.
  const peer = (i: number, below: number): number => {
    const local = [...Array(below).keys()].filter((j) => zoneOf[j] === zoneOf[i]);
    return local.length > 0 && rand() < 0.7 ? local[Math.floor(rand() * local.length)]! : Math.floor(rand() * below);
  };
  out.push('flows:');
  for (let i = 1; i < n; i++) {
    const a = peer(i, i);
    out.push(`  - id: flow-${pad(i)}a`, `    from: comp-${pad(a)}`, `    to: comp-${pad(i)}`, `    data: [data-${Math.floor(rand() * 5)}]`);
    if (rand() < 0.5) {
      const b = peer(i, n);
      if (b !== i) out.push(`  - id: flow-${pad(i)}b`, `    from: comp-${pad(i)}`, `    to: comp-${pad(b)}`);
    }
  }
  let text = out.join('\n');
  // Agents reason with a model endpoint and name a tool: implied links, drawn dotted.
  text = text.replace(/(  - id: (comp-\d+)\n    name: [^\n]*\n    kind: agent\n)/g, (m, _all, id: string) => {
    const i = Number(id.slice(5));
    const extra = [
      ...(models.length > 0 ? [`    model: comp-${pad(models[i % models.length]!)}`] : []),
      ...(tools.length > 0 ? [`    tools: [comp-${pad(tools[i % tools.length]!)}]`] : []),
    ];
    return `${m}${extra.map((l) => `${l}\n`).join('')}`;
  });
  return `${text}\n`;
}

/** Labels that try to break out of mermaid text or the SVG: each must be drawn as the text it is. */
export const HOSTILE_NAMES = [
  '<img src=x onerror=alert(1)>',
  '"]; click c_a call alert(1) %%',
  '%%{init: {"securityLevel": "loose"}}%%',
  '</text><script>alert(1)</script>',
  'a --> b; style c_x fill:#f00',
  'Q&A #quot; #60; &lt;b&gt; `tick` {curly} [square] |pipe| \\back',
];

/** A small model whose component and boundary names are the hostile labels. */
export function hostileModel(): string {
  const q = (s: string) => JSON.stringify(s);
  return [
    'threatmodel: 1',
    'system:',
    `  name: ${q(HOSTILE_NAMES[0]!)}`,
    'boundaries:',
    `  - { id: zone, name: ${q(HOSTILE_NAMES[2]!)}, kind: network }`,
    'data:',
    '  - { id: secret-data, classification: secret }',
    'components:',
    ...HOSTILE_NAMES.map((name, i) => `  - { id: h${i}, name: ${q(name)}, kind: service${i % 2 === 0 ? ', boundary: zone' : ''} }`),
    'flows:',
    ...HOSTILE_NAMES.slice(1).map((_, i) => `  - { from: h${i}, to: h${i + 1}, data: [secret-data] }`),
    '',
  ].join('\n');
}

/** A finding as the engine would report it, with only what the diagram reads filled in meaningfully. */
export function fakeFinding(elementId: string, severity: Level, opts: { status?: FindingStatus; flowId?: string; rule?: string; path?: string[] } = {}): Finding {
  const rule = opts.rule ?? `TEST-${severity.toUpperCase()}`;
  return {
    id: `${rule}@${elementId}${opts.flowId ? `@${opts.flowId}` : ''}`, ruleId: rule, title: `${severity} test finding`,
    description: 'test', elementId: opts.flowId ?? elementId, ...(opts.flowId ? { flowId: opts.flowId } : {}),
    stride: ['tampering'], frameworks: {}, likelihood: severity, impact: severity, severity,
    why: { factors: [], ...(opts.path ? { path: opts.path } : {}) }, mitigations: [], status: opts.status ?? 'open',
    mitigatedBy: [], file: 'test.threatmodel.yaml', range: makeRange(0, 0, 0, 0),
  };
}

/** Deterministic findings on about a third of a generated model's components. */
export function generatedFindings(componentIds: readonly string[], seed = 7): Finding[] {
  const rand = rng(seed);
  const levels: Level[] = ['low', 'medium', 'high', 'critical'];
  return componentIds.flatMap((id) => (rand() < 0.35 ? [fakeFinding(id, levels[Math.floor(rand() * 4)]!)] : []));
}
