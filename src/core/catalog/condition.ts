/**
 * The interpreter of the condition language (docs/conditions.md) over a ResolvedModel. A closed vocabulary
 * walked as data: nothing in a rule is ever executed. Work is bounded: every (sub-condition, element) pair is
 * evaluated once and memoised, reachability is a breadth-first search computed once per (condition,
 * direction), and all work is charged to a budget (`AnalysisBudget`): when it runs out, evaluation stops with
 * `BudgetExceeded`, which the analysis turns into a placed problem (docs/limits.md).
 */
import type { InfoEdge, ResolvedFlow, ResolvedModel } from '../model/graph';
import { CLASSIFICATIONS, type Component, type DataAsset, type Provider, type RagPipeline, type SystemInfo, type TrustBoundary } from '../model/types';
import { backwardSteps, forwardSteps, PATH_HEAD, PATH_TAIL, reverseChain, search, type Chain, type Reach, type Steps } from './reach';
import { inRagHolds } from './condition-rag';
import type { Condition, DataTest, FlowTest, NamedPredicate, PropertyTest, Scalar } from './types';

/** The element a condition is evaluated on. */
export type Element =
  | { type: 'component'; id: string; value: Component }
  | { type: 'flow'; id: string; value: ResolvedFlow }
  | { type: 'data'; id: string; value: DataAsset }
  | { type: 'provider'; id: string; value: Provider }
  | { type: 'boundary'; id: string; value: TrustBoundary }
  | { type: 'rag'; id: string; value: RagPipeline }
  | { type: 'system'; id: string; value: SystemInfo };

/** Whether a condition holds and, for reachability, the path of element ids that shows it. */
export interface Outcome {
  holds: boolean;
  path?: string[];
  /** Set when the path was too long to keep whole: `count` ids were left out just before `path[at]`. */
  pathOmitted?: { at: number; count: number };
}

/** Thrown (and caught by the analysis) when evaluation would exceed its budget or nesting limit. */
export class BudgetExceeded extends Error {
  constructor(readonly reason: 'work' | 'depth') {
    super(reason === 'work' ? 'analysis work budget exceeded' : 'condition nested too deeply');
  }
}

/**
 * Work units (one per condition evaluated, flow or link looked at, search state and step) an evaluator may
 * spend. `limit` is reset by the analysis for each rule; see docs/limits.md.
 */
export class AnalysisBudget {
  spent = 0;
  constructor(public limit = Infinity) {}
  charge(units: number): void {
    this.spent += units;
    if (this.spent > this.limit) throw new BudgetExceeded('work');
  }
}

const NO: Outcome = { holds: false };
const YES: Outcome = { holds: true };
const EFFECTFUL = new Set(['write', 'delete', 'send', 'execute', 'payment', 'deploy']);
/** Conditions nested deeper than this stop evaluation (the loader rejects them; this guards hand-built rules). */
const MAX_DEPTH = 64;
/** Components that pass an inbound message on to an agent without being its origin. */
const RELAY_KINDS = new Set<string>(['queue', 'service', 'api-gateway', 'guardrail']);


export class ConditionEvaluator {
  private readonly forward: Steps;
  private readonly backward: Steps;
  private readonly flowsById = new Map<string, ResolvedFlow>();
  private readonly flowPairs = new Set<string>();
  private readonly reachFromMemo = new WeakMap<object, Reach>();
  private readonly reachToMemo = new WeakMap<object, Reach>();
  private readonly dataReachMemo = new Map<string, Reach>();
  /**
   * Outcome per (condition object, element): nested `peer`/`to` conditions are evaluated once per element.
   * Keyed by the element's value object (one per element), which costs no string per lookup.
   */
  private readonly memo = new WeakMap<object, Map<unknown, Outcome>>();
  private untrustedIngestionSources?: Set<string>;
  private readonly triggerOrigins = new Map<string, boolean>();

  constructor(readonly model: ResolvedModel, readonly budget = new AnalysisBudget()) {
    for (const f of model.flows) {
      this.flowsById.set(f.id, f);
      this.flowPairs.add(`${f.from}\u0000${f.to}`);
    }
    this.forward = forwardSteps(model);
    this.backward = backwardSteps(model);
  }

  /** The element with this id (component, flow, data, provider, boundary or rag), if any. */
  element(id: string): Element | undefined {
    const m = this.model;
    const c = m.components.get(id);
    if (c) return { type: 'component', id, value: c };
    const f = this.flowsById.get(id);
    if (f) return { type: 'flow', id, value: f };
    const d = m.data.get(id);
    if (d) return { type: 'data', id, value: d };
    const p = m.providers.get(id);
    if (p) return { type: 'provider', id, value: p };
    const b = m.boundaries.get(id);
    if (b) return { type: 'boundary', id, value: b };
    const r = m.rag.find((x) => x.id === id);
    if (r) return { type: 'rag', id, value: r };
    return undefined;
  }

  /**
   * Whether the condition holds on the element. Throws `BudgetExceeded` only when the budget runs out.
   *
   * `memoize: false` is for a rule's own condition on the element the rule is evaluated on: that condition and
   * the parts reached from it through all/any/not are evaluated once per element anyway, so remembering them
   * only costs (a memo entry per rule, element and sub-condition; skipping them saves about 5 % of a whole
   * `analyze` at 1,000 components). Conditions reached through another element (a flow's peer, a link, a
   * reach) are memoised: those are the ones a model can make the engine evaluate again and again. A catalog
   * that shares one sub-condition object many times over (YAML aliases) is still bounded: every evaluation
   * is charged to the work budget.
   */
  evaluate(cond: Condition, el: Element, depth = 0, memoize = true): Outcome {
    if (cond === null || typeof cond !== 'object') return NO;
    if (depth > MAX_DEPTH) throw new BudgetExceeded('depth');
    const c = cond as Record<string, unknown>;
    // Property and kind tests cost less than a memo lookup: evaluated directly (still charged).
    if ('property' in c) {
      this.budget.charge(1);
      return bool(propertyHolds(el.value as unknown as Record<string, unknown>, cond as PropertyTest));
    }
    if ('kind' in c) {
      this.budget.charge(1);
      return bool(Array.isArray(c.kind) ? (c.kind as string[]).includes(kindOf(el)) : c.kind === kindOf(el));
    }
    if (!memoize) {
      this.budget.charge(1);
      return this.evaluateOnce(cond, el, depth, false);
    }
    let byElement = this.memo.get(cond);
    if (!byElement) {
      byElement = new Map();
      this.memo.set(cond, byElement);
    }
    const key = typeof el.value === 'object' && el.value !== null ? el.value : `${el.type}\u0000${el.id}`;
    const known = byElement.get(key);
    if (known) return known;
    this.budget.charge(1);
    const outcome = this.evaluateOnce(cond, el, depth, true);
    byElement.set(key, outcome);
    return outcome;
  }

  private evaluateOnce(cond: Condition, el: Element, depth: number, memoize: boolean): Outcome {
    const c = cond as Record<string, unknown>;
    if ('property' in c) return bool(propertyHolds(el.value as unknown as Record<string, unknown>, cond as PropertyTest));
    if ('all' in c) {
      let withPath: Outcome | undefined;
      for (const sub of c.all as Condition[]) {
        const r = this.evaluate(sub, el, depth + 1, memoize);
        if (!r.holds) return NO;
        if (!withPath && r.path) withPath = r;
      }
      return withPath ?? YES;
    }
    if ('any' in c) {
      for (const sub of c.any as Condition[]) {
        const r = this.evaluate(sub, el, depth + 1, memoize);
        if (r.holds) return r;
      }
      return NO;
    }
    if ('not' in c) return bool(!this.evaluate(c.not as Condition, el, depth + 1, memoize).holds);
    if ('kind' in c) {
      const kinds = Array.isArray(c.kind) ? (c.kind as string[]) : [c.kind as string];
      return bool(kinds.includes(kindOf(el)));
    }
    if ('system' in c) return bool(propertyHolds(this.model.system as unknown as Record<string, unknown>, c.system as PropertyTest));
    if ('provider' in c) return bool(this.providerHolds(el, c.provider as PropertyTest | { all: PropertyTest[] } | { any: PropertyTest[] }));
    if ('inBoundary' in c) return bool(this.boundaryKinds(el).some((k) => (c.inBoundary as string[]).includes(k)));
    if ('flowsIn' in c) return this.someFlow(el.type === 'component' ? this.model.flowsIn(el.id) : [], 'from', c.flowsIn as FlowTest, depth);
    if ('flowsOut' in c) return this.someFlow(el.type === 'component' ? this.model.flowsOut(el.id) : [], 'to', c.flowsOut as FlowTest, depth);
    if ('flow' in c) return el.type === 'flow' ? this.someFlow([el.value], 'to', c.flow as FlowTest, depth) : NO;
    if ('linksTo' in c || 'linkedFrom' in c) return this.linkHolds(el, c, depth);
    if ('carries' in c) return bool(this.dataOf(el).some((d) => dataHolds(this.model.data.get(d), c.carries as DataTest)));
    if ('reachableFrom' in c) return this.reachableFrom(c.reachableFrom as Condition, el, undefined, depth);
    if ('reaches' in c) return this.reaches(c.reaches as Condition, el, undefined, depth);
    if ('reachableThrough' in c) {
      const spec = c.reachableThrough as { from: Condition; through: Condition };
      return this.reachableFrom(spec.from, el, spec, depth);
    }
    if ('reachesThrough' in c) {
      const spec = c.reachesThrough as { to: Condition; through: Condition };
      return this.reaches(spec.to, el, spec, depth);
    }
    if ('dataReachable' in c) return this.dataReachable(c.dataReachable as DataTest, el);
    if ('is' in c) return bool(this.is(c.is as NamedPredicate, el));
    if ('from' in c || 'to' in c) {
      if (el.type !== 'flow') return NO;
      const end = this.element('from' in c ? el.value.from : el.value.to);
      return end ? this.evaluate(('from' in c ? c.from : c.to) as Condition, end, depth + 1) : NO;
    }
    if ('guardedBy' in c) return bool(this.guardedBy(el, c.guardedBy as string[]));
    if ('inRag' in c) return bool(el.type === 'component' && inRagHolds(this.model, el.id, c.inRag as PropertyTest));
    return NO; // unknown operator: the schema rejects it; never guess
  }

  // ------------------------------------------------------------------ named predicates

  /** `untrusted-source`, `effectful-tool`, `third-party`: see docs/conditions.md. */
  is(pred: NamedPredicate, el: Element): boolean {
    if (pred === 'third-party') return this.isThirdParty(el);
    if (el.type !== 'component') return false;
    const c = el.value as Component & Record<string, unknown>;
    if (pred === 'effectful-tool') {
      if (c.kind === 'tool') return isEffectfulTool(c);
      if (c.kind === 'mcp-server') {
        return this.model.linksFrom(el.id, 'exposes').some((l) => {
          const t = this.model.components.get(l.to);
          return t?.kind === 'tool' && isEffectfulTool(t);
        });
      }
      return false;
    }
    // untrusted-source
    switch (c.kind) {
      case 'user':
        return c.trust === 'untrusted' || (c.trust === undefined && this.model.system.exposure === 'internet');
      case 'external-service':
        if (c.contentTrust === 'untrusted') return true;
        break;
      case 'tool':
        if ((c.effects ?? []).includes('network-egress') && c.egressAllowlist !== true) return true;
        break;
      case 'agent':
        // An email or webhook trigger is outside content only when the model does not say where it comes from;
        // when an inbox or sender is modelled upstream, its own declared trust decides (it is a source itself).
        if ((c.triggers ?? []).some((t) => t === 'email' || t === 'webhook') && !this.triggerOriginModelled(el.id)) return true;
        break;
    }
    return this.untrustedIngestion().has(el.id);
  }

  private isThirdParty(el: Element): boolean {
    if (el.type === 'provider') return el.value.hosting !== 'self-hosted';
    if (el.type !== 'component') return false;
    const c = el.value as Component & Record<string, unknown>;
    if (c.origin === 'third-party') return true;
    if (c.kind === 'model-artifact' && (c.source === 'public-hub' || c.source === 'vendor')) return true;
    // A provider-hosted endpoint runs on someone else's infrastructure, whether or not the provider is modelled.
    if (c.kind === 'model-endpoint' && c.hosting === 'provider-hosted') return true;
    if (c.kind === 'dataset' && (c.origin === 'licensed' || c.origin === 'public' || c.origin === 'scraped')) return true;
    if (c.provider !== undefined) {
      const p = this.model.providers.get(c.provider);
      if (p && p.hosting !== 'self-hosted' && !(c.kind === 'model-endpoint' && c.hosting === 'self-hosted')) return true;
    }
    return this.model.boundaryChain(el.id).some((b) => this.model.boundaries.get(b)?.kind === 'third-party');
  }

  /**
   * Whether an external service (an inbox, a webhook sender) reaches the agent along flows, through intermediaries
   * that only pass messages on (queues, services, gateways, guardrails). Memoised per agent; charged per flow.
   */
  private triggerOriginModelled(agentId: string): boolean {
    const known = this.triggerOrigins.get(agentId);
    if (known !== undefined) return known;
    const seen = new Set<string>([agentId]);
    const queue = [agentId];
    let found = false;
    for (let i = 0; i < queue.length && !found; i++) {
      for (const f of this.model.flowsIn(queue[i]!)) {
        this.budget.charge(1);
        const from = this.model.components.get(f.from);
        if (!from || seen.has(f.from)) continue;
        seen.add(f.from);
        if (from.kind === 'external-service') {
          found = true;
          break;
        }
        if (RELAY_KINDS.has(from.kind)) queue.push(f.from);
      }
    }
    this.triggerOrigins.set(agentId, found);
    return found;
  }

  private untrustedIngestion(): Set<string> {
    if (!this.untrustedIngestionSources) {
      const set = new Set<string>();
      for (const c of this.model.components.values()) {
        if (c.kind !== 'ingestion-pipeline') continue;
        for (const s of c.sources ?? []) if (s.trust === 'untrusted') set.add(s.component);
      }
      this.untrustedIngestionSources = set;
    }
    return this.untrustedIngestionSources;
  }

  // ------------------------------------------------------------------ reachability

  /**
   * Some component satisfying `cond` can send information to the element (the element itself counts).
   * With `through`, every component strictly between the two ends must satisfy `through.through`.
   */
  reachableFrom(cond: Condition, el: Element, through?: { through: Condition }, depth = 0): Outcome {
    const target = el.type === 'flow' ? el.value.from : el.type === 'component' ? el.id : undefined;
    if (target === undefined) return this.viaOperated(el, (id) => this.reachableFrom(cond, this.element(id)!, through, depth));
    const key: object = through ?? cond;
    let reach = this.reachFromMemo.get(key);
    if (!reach) {
      reach = search(this.sources(cond, depth), this.forward, through && this.passable(through.through, depth), this.charge);
      this.reachFromMemo.set(key, reach);
    }
    if (!reach.has(target)) return NO;
    const chain = this.withUpstream(reverseChain(reach.chain(target)), cond, depth);
    if (el.type === 'flow') chain.ids.push(el.value.to);
    return found(chain);
  }

  /**
   * The evidence starts where the threat does: when the start of a chain qualified through a path of its own
   * (an ingestion pipeline that untrusted content reaches, a store that outsiders write), that path is put in
   * front, so the path shows the untrusted source rather than the component it passed through. Only short,
   * whole chains that do not revisit a component are joined; the result stays bounded.
   */
  private withUpstream(chain: Chain, cond: Condition, depth: number): Chain {
    const start = chain.ids[0];
    if (start === undefined || chain.omitted) return chain;
    const value = this.model.components.get(start);
    if (!value) return chain;
    const up = this.evaluate(cond, { type: 'component', id: start, value }, depth + 1);
    const path = up.path;
    if (!path || up.pathOmitted || path.length < 2 || path[path.length - 1] !== start) return chain;
    const before = path.slice(0, -1);
    if (before.length + chain.ids.length > PATH_HEAD + PATH_TAIL + 1 || before.some((id) => chain.ids.includes(id))) return chain;
    return { ids: [...before, ...chain.ids] };
  }

  /** The element can send information to some component satisfying `cond` (the element itself counts). */
  reaches(cond: Condition, el: Element, through?: { through: Condition }, depth = 0): Outcome {
    const start = el.type === 'flow' ? el.value.to : el.type === 'component' ? el.id : undefined;
    if (start === undefined) return this.viaOperated(el, (id) => this.reaches(cond, this.element(id)!, through, depth));
    const key: object = through ?? cond;
    let reach = this.reachToMemo.get(key);
    if (!reach) {
      reach = search(this.sources(cond, depth), this.backward, through && this.passable(through.through, depth), this.charge);
      this.reachToMemo.set(key, reach);
    }
    if (!reach.has(start)) return NO;
    const chain = reach.chain(start);
    if (el.type === 'flow') {
      chain.ids.unshift(el.value.from);
      if (chain.omitted) chain.omitted.at++;
    }
    return found(chain);
  }

  private readonly charge = (units: number): void => this.budget.charge(units);

  /**
   * Data satisfying the test is at the element or can reach it: from any component holding the asset, along
   * links (which carry anything) and along flows that declare the asset or declare no data at all.
   */
  dataReachable(test: DataTest, el: Element): Outcome {
    const target = el.type === 'flow' ? el.value.to : el.type === 'component' ? el.id : undefined;
    if (el.type === 'data') return bool(dataHolds(el.value, test));
    if (target === undefined) return this.viaOperated(el, (id) => this.dataReachable(test, this.element(id)!));
    let best: Chain | undefined;
    for (const asset of this.model.data.values()) {
      if (!dataHolds(asset, test)) continue;
      const reach = this.dataReach(asset.id);
      if (!reach.has(target)) continue;
      const chain = reverseChain(reach.chain(target));
      if (!best || chainLength(chain) < chainLength(best)) best = chain;
    }
    return best ? found(best) : NO;
  }

  private dataReach(assetId: string): Reach {
    let reach = this.dataReachMemo.get(assetId);
    if (!reach) {
      const holders = [...this.model.components.keys()].filter((id) => this.model.dataAt(id).includes(assetId));
      this.budget.charge(this.model.components.size);
      reach = search(holders, forwardSteps(this.model, (e) => this.edgeCarries(e, assetId)), undefined, this.charge);
      this.dataReachMemo.set(assetId, reach);
    }
    return reach;
  }

  /**
   * A flow carries what it declares (or anything, when it declares nothing). A link carries anything, except
   * where a flow between the same two components says what moves, and except credentials, which are used
   * where they are delivered rather than passed on in calls and results.
   */
  private edgeCarries(e: InfoEdge, assetId: string): boolean {
    if (e.via.startsWith('flow:')) {
      const f = this.flowsById.get(e.via.slice(5));
      return !f || f.data.length === 0 || f.data.includes(assetId);
    }
    if ((this.model.data.get(assetId)?.categories ?? []).includes('credentials')) return false;
    return !this.flowPairs.has(`${e.from}\u0000${e.to}`);
  }

  /** A provider answers reachability through the components it operates (the first that holds, by id). */
  private viaOperated(el: Element, test: (componentId: string) => Outcome): Outcome {
    if (el.type !== 'provider') return NO;
    let best: Outcome = NO;
    for (const l of this.model.linksTo(el.id, 'provider')) {
      const r = test(l.from);
      if (r.holds && (!best.holds || outcomeLength(r) < outcomeLength(best))) best = r;
    }
    return best;
  }

  /** A test for components a search may pass through. */
  private passable(cond: Condition, depth: number): (id: string) => boolean {
    return (id) => {
      const value = this.model.components.get(id);
      return value !== undefined && this.evaluate(cond, { type: 'component', id, value }, depth + 1).holds;
    };
  }

  /** Component ids satisfying a condition, sorted (the start set of a search). */
  private sources(cond: Condition, depth: number): string[] {
    const out: string[] = [];
    for (const [id, value] of this.model.components) {
      if (this.evaluate(cond, { type: 'component', id, value }, depth + 1).holds) out.push(id);
    }
    return out.sort();
  }

  // ------------------------------------------------------------------ neighbours, flows, data, boundaries

  private someFlow(flows: readonly ResolvedFlow[], peerEnd: 'from' | 'to', test: FlowTest, depth: number): Outcome {
    for (const f of flows) {
      this.budget.charge(1);
      if (test.encrypted !== undefined && (f.encrypted === true) !== test.encrypted) continue;
      if (test.authenticated !== undefined && (f.authenticated === true) !== test.authenticated) continue;
      if (test.crossesBoundary !== undefined && (f.crossedBoundaries.length > 0) !== test.crossesBoundary) continue;
      if (test.carries && !f.data.some((d) => dataHolds(this.model.data.get(d), test.carries!))) continue;
      if (test.peer) {
        const peer = this.element(f[peerEnd]);
        if (!peer || !this.evaluate(test.peer, peer, depth + 1).holds) continue;
      }
      return YES;
    }
    return NO;
  }

  private linkHolds(el: Element, c: Record<string, unknown>, depth: number): Outcome {
    const out = 'linksTo' in c;
    const spec = (out ? c.linksTo : c.linkedFrom) as { kind: Parameters<ResolvedModel['linksFrom']>[1]; to?: Condition; from?: Condition };
    const links = out ? this.model.linksFrom(el.id, spec.kind) : this.model.linksTo(el.id, spec.kind);
    const sub = out ? spec.to : spec.from;
    for (const l of links) {
      if (!sub) return YES;
      this.budget.charge(1);
      const other = this.element(out ? l.to : l.from);
      if (other && this.evaluate(sub, other, depth + 1).holds) return YES;
    }
    return NO;
  }

  /** Data asset ids at an element: a component's, a flow's, a data asset itself, a provider's components'. */
  dataOf(el: Element): readonly string[] {
    switch (el.type) {
      case 'component': return this.model.dataAt(el.id);
      case 'flow': return el.value.data;
      case 'data': return [el.id];
      case 'provider': return [...new Set(this.model.linksTo(el.id, 'provider').flatMap((l) => this.model.dataAt(l.from)))].sort();
      default: return [];
    }
  }

  private boundaryKinds(el: Element): string[] {
    let chain: readonly string[] = [];
    if (el.type === 'component') chain = this.model.boundaryChain(el.id);
    else if (el.type === 'flow') chain = this.model.boundaryChain(el.value.from);
    else if (el.type === 'boundary') {
      const seen: string[] = [];
      for (let b: string | undefined = el.value.parent; b !== undefined && !seen.includes(b) && this.model.boundaries.has(b); b = this.model.boundaries.get(b)!.parent) seen.push(b);
      chain = seen;
    }
    return chain.map((b) => this.model.boundaries.get(b)?.kind ?? '');
  }

  private providerHolds(el: Element, test: PropertyTest | { all: PropertyTest[] } | { any: PropertyTest[] }): boolean {
    let p: Provider | undefined;
    if (el.type === 'provider') p = el.value;
    else if (el.type === 'component' && el.value.provider !== undefined) p = this.model.providers.get(el.value.provider);
    if (!p) return false;
    const obj = p as unknown as Record<string, unknown>;
    if ('all' in test) return test.all.every((t) => propertyHolds(obj, t));
    if ('any' in test) return test.any.some((t) => propertyHolds(obj, t));
    return propertyHolds(obj, test);
  }

  private guardedBy(el: Element, checks: string[]): boolean {
    return this.model.linksTo(el.id, 'protects').some((l) => {
      const g = this.model.components.get(l.from);
      return g?.kind === 'guardrail' && (g.checks ?? []).some((x) => checks.includes(x));
    });
  }
}

// ------------------------------------------------------------------ pure helpers

function bool(b: boolean): Outcome {
  return b ? YES : NO;
}

function found(chain: Chain): Outcome {
  return chain.omitted ? { holds: true, path: chain.ids, pathOmitted: chain.omitted } : { holds: true, path: chain.ids };
}

/** The real length of a path, counting the ids left out of it. */
function chainLength(c: Chain): number {
  return c.ids.length + (c.omitted?.count ?? 0);
}

function outcomeLength(o: Outcome): number {
  return (o.path?.length ?? 0) + (o.pathOmitted?.count ?? 0);
}

export function kindOf(el: Element): string {
  return el.type === 'component' ? el.value.kind : el.type;
}

function isEffectfulTool(t: { effects?: string[] }): boolean {
  return (t.effects ?? []).some((e) => EFFECTFUL.has(e));
}


/** Resolves a dotted property path; through lists of objects it collects the values (flattened). */
export function propertyValue(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const seg of path.split('.')) {
    if (cur === null || cur === undefined) return undefined;
    if (Array.isArray(cur)) {
      cur = cur.flatMap((x) => (x !== null && typeof x === 'object' && Object.hasOwn(x, seg) ? [(x as Record<string, unknown>)[seg]] : [])).flat();
    } else if (typeof cur === 'object' && Object.hasOwn(cur, seg)) {
      cur = (cur as Record<string, unknown>)[seg];
    } else {
      return undefined;
    }
  }
  return cur;
}

/** Evaluates one property test (docs/conditions.md: a missing property fails all but the negative operators). */
export function propertyHolds(obj: Record<string, unknown>, t: PropertyTest): boolean {
  const v = propertyValue(obj, t.property);
  const present = v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
  const list: unknown[] = Array.isArray(v) ? v : present ? [v] : [];
  if (t.exists !== undefined) return present === t.exists;
  if (t.notEquals !== undefined) return !present || Array.isArray(v) || v !== t.notEquals;
  if (t.notIn !== undefined) return !present || Array.isArray(v) || !t.notIn.includes(v as Scalar);
  if (t.excludes !== undefined) return !list.some((x) => t.excludes!.includes(x as Scalar));
  if (!present) return false;
  if (t.equals !== undefined) return !Array.isArray(v) && v === t.equals;
  if (t.in !== undefined) return !Array.isArray(v) && t.in.includes(v as Scalar);
  if (t.includes !== undefined) return list.includes(t.includes);
  if (t.includesAny !== undefined) return list.some((x) => t.includesAny!.includes(x as Scalar));
  const n = Array.isArray(v) ? v.length : typeof v === 'number' ? v : undefined;
  if (t.atLeast !== undefined) return n !== undefined && n >= t.atLeast;
  if (t.atMost !== undefined) return n !== undefined && n <= t.atMost;
  return false;
}

/** A data asset satisfies a data test: classification at or above, and/or one of the categories. */
export function dataHolds(asset: DataAsset | undefined, t: DataTest): boolean {
  if (!asset) return false;
  if (t.classificationAtLeast !== undefined && CLASSIFICATIONS.indexOf(asset.classification) < CLASSIFICATIONS.indexOf(t.classificationAtLeast)) return false;
  if (t.categoriesAny !== undefined && !(asset.categories ?? []).some((c) => t.categoriesAny!.includes(c))) return false;
  return true;
}
