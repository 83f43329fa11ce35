/**
 * Seeded generators for the analysis fuzz target (test/unit/fuzz-analysis.test.ts): random models (components
 * of many kinds, flows, agents with tools, memory and delegates, nested boundaries) and random rule conditions
 * over the whole condition language, nested up to a few levels. Deterministic for a seed.
 */
import type { Condition } from '../../src/core/catalog/types';

/** mulberry32: a small, fast, seedable PRNG (no Math.random, so every failure reproduces from its seed). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const KINDS = ['user', 'client', 'service', 'api-gateway', 'datastore', 'external-service', 'model-endpoint', 'agent', 'tool', 'memory', 'vector-store', 'retriever', 'guardrail'] as const;
const EFFECTS = ['read', 'write', 'delete', 'send', 'execute', 'payment', 'deploy', 'network-egress'];

/** A valid model of about `size` components with random structure. */
export function randomModel(r: () => number, size: number): string {
  const out = ['threatmodel: 1', `system: {name: Fuzz, exposure: ${pick(r, ['internal', 'partner', 'internet'])}, tenancy: ${pick(r, ['single-tenant', 'multi-tenant'])}}`, 'boundaries:'];
  const boundaries = 1 + Math.floor(r() * 4);
  for (let b = 0; b < boundaries; b++) out.push(`  - {id: b${b}, kind: ${pick(r, ['network', 'cloud-account', 'third-party', 'internet'])}${b > 0 && r() < 0.6 ? `, parent: b${Math.floor(r() * b)}` : ''}}`);
  out.push('data:', '  - {id: d-secret, classification: secret, categories: [credentials]}', '  - {id: d-pii, classification: confidential, categories: [personal-data]}');
  const ids: Array<{ id: string; kind: string }> = [];
  const kinds = Array.from({ length: size }, () => pick(r, KINDS));
  if (!kinds.includes('model-endpoint')) kinds.push('model-endpoint');
  kinds.forEach((kind, i) => ids.push({ id: `${kind}-${i}`, kind }));
  const ofKind = (k: string) => ids.filter((x) => x.kind === k).map((x) => x.id);
  out.push('components:');
  for (const { id, kind } of ids) {
    const extra: string[] = [];
    if (r() < 0.7) extra.push(`boundary: b${Math.floor(r() * boundaries)}`);
    if (kind === 'agent') {
      extra.push(`model: ${pick(r, ofKind('model-endpoint'))}`);
      const tools = ofKind('tool').filter(() => r() < 0.4);
      if (tools.length) extra.push(`tools: [${tools.join(', ')}]`);
      const mem = ofKind('memory').filter(() => r() < 0.3);
      if (mem.length) extra.push(`memory: [${mem.join(', ')}]`);
      const dels = ofKind('agent').filter((a) => a !== id && r() < 0.3);
      if (dels.length) extra.push(`delegatesTo: [${dels.join(', ')}]`);
      extra.push(`autonomy: ${pick(r, ['human-in-the-loop', 'supervised', 'autonomous'])}`);
    }
    if (kind === 'tool') extra.push(`effects: [${EFFECTS.filter(() => r() < 0.3).join(', ')}]`, `approvalRequired: ${r() < 0.5}`);
    if (kind === 'external-service') extra.push(`contentTrust: ${pick(r, ['trusted', 'untrusted'])}`);
    if (kind === 'datastore' && r() < 0.5) extra.push(`stores: [${pick(r, ['d-secret', 'd-pii'])}]`);
    out.push(`  - {id: ${id}, kind: ${kind}${extra.length ? `, ${extra.join(', ')}` : ''}}`);
  }
  out.push('flows:');
  const flows = new Set<string>();
  for (let n = 0; n < size * 1.5; n++) {
    const a = pick(r, ids).id;
    const b = pick(r, ids).id;
    if (a === b || flows.has(`${a}>${b}`)) continue;
    flows.add(`${a}>${b}`);
    out.push(`  - {from: ${a}, to: ${b}, encrypted: ${r() < 0.5}${r() < 0.3 ? `, data: [${pick(r, ['d-secret', 'd-pii'])}]` : ''}}`);
  }
  if (flows.size === 0) out.pop();
  return out.join('\n') + '\n';
}

/** A random condition, `depth` levels deep at most, over the whole condition language. */
export function randomCondition(r: () => number, depth: number): Condition {
  const leaf = (): Condition => pick(r, [
    () => ({ kind: pick(r, KINDS) }),
    () => ({ property: 'effects', includes: pick(r, EFFECTS) }),
    () => ({ property: 'autonomy', in: ['supervised', 'autonomous'] }),
    () => ({ is: pick(r, ['untrusted-source', 'effectful-tool', 'third-party'] as const) }),
    () => ({ inBoundary: [pick(r, ['network', 'third-party', 'internet'] as const)] }),
    () => ({ carries: { classificationAtLeast: 'restricted' } }),
    () => ({ dataReachable: { classificationAtLeast: 'confidential' } }),
    () => ({ system: { property: 'exposure', equals: 'internet' } }),
  ] as Array<() => Condition>)();
  if (depth <= 0 || r() < 0.25) return leaf();
  const sub = () => randomCondition(r, depth - 1);
  return pick(r, [
    () => ({ all: [sub(), sub()] }),
    () => ({ any: [sub(), sub()] }),
    () => ({ not: sub() }),
    () => ({ flowsIn: { peer: sub() } }),
    () => ({ flowsOut: { peer: sub(), encrypted: r() < 0.5 } }),
    () => ({ linksTo: { kind: pick(r, ['tool', 'model', 'memory', 'delegates'] as const), to: sub() } }),
    () => ({ linkedFrom: { kind: pick(r, ['tool', 'model', 'delegates'] as const), from: sub() } }),
    () => ({ reachableFrom: sub() }),
    () => ({ reaches: sub() }),
    () => ({ reachableThrough: { from: sub(), through: sub() } }),
    () => ({ reachesThrough: { to: sub(), through: sub() } }),
  ] as Array<() => Condition>)();
}

/**
 * A condition exactly `depth` levels deep: a chain of random neighbour, flow, link, reachability and logical
 * steps, each holding the next (with a random leaf beside it in `all`/`any`), down to a random leaf. The shape
 * the audit's exponential rule had (D2), over the whole language.
 */
export function deepCondition(r: () => number, depth: number): Condition {
  let cond = randomCondition(r, 0);
  for (let i = 0; i < depth; i++) {
    const sub = cond;
    const leaf = () => randomCondition(r, 0);
    cond = pick(r, [
      () => ({ flowsIn: { peer: sub } }),
      () => ({ flowsOut: { peer: sub } }),
      () => ({ linksTo: { kind: pick(r, ['tool', 'model', 'memory', 'delegates'] as const), to: sub } }),
      () => ({ linkedFrom: { kind: pick(r, ['tool', 'model', 'delegates'] as const), from: sub } }),
      () => ({ reachableFrom: sub }),
      () => ({ reaches: sub }),
      () => ({ reachableThrough: { from: sub, through: leaf() } }),
      () => ({ not: sub }),
      () => ({ all: r() < 0.5 ? [sub, leaf()] : [leaf(), sub] }),
      () => ({ any: r() < 0.5 ? [sub, leaf()] : [leaf(), sub] }),
    ] as Array<() => Condition>)();
  }
  return cond;
}
