/**
 * The "not stated" tier: a finding that holds only because the model leaves a safeguard unsaid (a flow with no
 * `encrypted`, a tool with no `sandbox`, `authentication: unknown`) is kept, but marked with the facts it rests
 * on, so reviewers can see it apart from findings the model's stated facts confirm (docs/not-stated.md).
 *
 * How: the model is rebuilt with every unstated safeguard set to the value a model stating it would give
 * (the "stated-safe" model) and the rule is evaluated again on the same element. If it no longer holds, the
 * finding depends on something the model does not state. Stated values, including unsafe ones, are never
 * changed, so a finding on `encrypted: false` stays confirmed.
 */
import { AnalysisBudget, BudgetExceeded, ConditionEvaluator, type Element } from '../catalog/condition';
import type { Condition } from '../catalog/types';
import type { ResolvedModel } from '../model/graph';
import { ModelGraph } from '../model/model-graph';
import type { Component, Provider } from '../model/types';

type Safeguards = Readonly<Record<string, unknown>>;

/**
 * Per component kind (`*`: every kind): safeguard properties whose absence is "not stated", each with the value
 * that states the safeguard. Only safeguards: properties whose absence has a documented meaning of its own
 * (`task` absent = generation, `approvalRequired` absent = no approval, `egressAllowlist` absent = open egress,
 * user `trust`) are not listed.
 */
const COMPONENT_SAFEGUARDS: Record<string, Safeguards> = {
  '*': { encryptedAtRest: true, authentication: 'oidc' },
  service: { rateLimited: true, sandbox: 'vm', resourceLimits: true, credentialStorage: 'secret-store', dependenciesPinned: true, routingConfigProtected: true },
  'api-gateway': { rateLimited: true, quotas: true, routingConfigProtected: true },
  'model-endpoint': { rateLimited: true, structuredOutput: true, versionPinned: true, maxOutputTokens: 4096, adaptersVerified: true },
  agent: { maxIterations: 50, auditLogged: true, credentialStorage: 'secret-store', dependenciesPinned: true, killSwitch: true },
  tool: { credentialScope: 'least-privilege', sandbox: 'vm', inputValidation: true, resourceLimits: true },
  'mcp-server': { pinned: true },
  'log-store': { retentionDays: 30, redaction: true, erasure: true, immutable: true },
  datastore: { tenantIsolation: 'separate-index', erasure: true },
  'vector-store': { tenantIsolation: 'separate-index', erasure: true },
  cache: { erasure: true },
  memory: { writeValidation: true, erasure: true },
  retriever: { accessControl: 'document-acl' },
  'ingestion-pipeline': { sanitization: true, dependenciesPinned: true },
  dataset: { provenanceTracked: true },
  'training-pipeline': { isolated: true, dependenciesPinned: true, secureAggregation: true },
  'model-registry': { requiresSigning: true },
  'model-artifact': { signed: true, pinnedHash: true },
  guardrail: { failureMode: 'fail-closed' },
};
const PROVIDER_SAFEGUARDS: Safeguards = { dataProcessingAgreement: true, trainsOnCustomerData: false, dataRetention: 'limited' };
const FLOW_SAFEGUARDS: Safeguards = { encrypted: true, authenticated: true };
/** Explicit values that say "we do not know", treated like an absent property. */
const UNKNOWN = 'unknown';

/** The safeguards an object leaves unstated, and the object with them stated. */
function fill<T extends object>(value: T, safeguards: Safeguards[]): { filled: T; unstated: string[] } {
  const v = value as Record<string, unknown>;
  const unstated: string[] = [];
  const out: Record<string, unknown> = { ...v };
  for (const s of safeguards) {
    for (const [prop, safe] of Object.entries(s)) {
      if (v[prop] === undefined || v[prop] === null || v[prop] === UNKNOWN) {
        out[prop] = safe;
        unstated.push(prop);
      }
    }
  }
  return { filled: out as T, unstated };
}

/** Marks findings that rest on unstated safeguards. Builds the stated-safe model on first use. */
export class NotStatedTier {
  private safe?: { ev: ConditionEvaluator; unstated: Map<string, string[]> };
  /** Properties each rule's condition reads, worked out once per rule rather than once per finding. */
  private readonly mentioned = new WeakMap<object, Set<string>>();

  constructor(private readonly model: ResolvedModel, private readonly ruleBudget: number) {}

  /**
   * The unstated facts (`element: property`, sorted) a finding of this condition on this element rests on,
   * or undefined when the model's stated facts confirm it. `path` is the finding's evidence path.
   */
  unstatedFacts(when: Condition, el: Element, path: readonly string[] | undefined): string[] | undefined {
    const safe = this.safeModel();
    if (!safe) return undefined;
    const safeEl = el.type === 'system' ? el : safe.ev.element(el.id);
    if (!safeEl) return undefined;
    let holds: boolean;
    try {
      safe.ev.budget.spent = 0;
      holds = safe.ev.evaluate(when, safeEl, 0, false).holds;
    } catch (err) {
      if (err instanceof BudgetExceeded) return undefined; // cannot tell: leave it confirmed
      throw err;
    }
    if (holds) return undefined;
    let mentioned = this.mentioned.get(when);
    if (!mentioned) this.mentioned.set(when, (mentioned = mentionedProperties(when)));
    const around = [el.id, ...(path ?? []), ...this.flowsOf(el)];
    const facts = new Set<string>();
    for (const id of around) {
      for (const prop of safe.unstated.get(id) ?? []) if (mentioned.has(prop)) facts.add(`${id}: ${prop}`);
    }
    return facts.size > 0 ? [...facts].sort() : ['a safeguard upstream of this element'];
  }

  /** A component's flows; a flow's two ends. */
  private flowsOf(el: Element): string[] {
    if (el.type === 'flow') return [el.value.from, el.value.to];
    if (el.type !== 'component') return [];
    return [...this.model.flowsIn(el.id), ...this.model.flowsOut(el.id)].map((f) => f.id);
  }

  private safeModel(): { ev: ConditionEvaluator; unstated: Map<string, string[]> } | undefined {
    if (this.safe) return this.safe;
    const m = this.model;
    if (!(m instanceof ModelGraph)) return undefined;
    const unstated = new Map<string, string[]>();
    const components: Component[] = [];
    for (const c of m.components.values()) {
      const r = fill(c, [COMPONENT_SAFEGUARDS['*']!, COMPONENT_SAFEGUARDS[c.kind] ?? {}]);
      if (r.unstated.length > 0) unstated.set(c.id, r.unstated);
      components.push(r.filled);
    }
    const providers: Provider[] = [];
    for (const p of m.providers.values()) {
      const r = fill(p, [PROVIDER_SAFEGUARDS]);
      if (r.unstated.length > 0) unstated.set(p.id, r.unstated);
      providers.push(r.filled);
    }
    const flows = m.flows.map((f) => {
      const { crossedBoundaries: _ignored, ...rest } = f;
      const r = fill(rest, [FLOW_SAFEGUARDS]);
      if (r.unstated.length > 0) unstated.set(f.id, r.unstated);
      return r.filled;
    });
    const graph = new ModelGraph({
      file: m.file, document: m.document, system: m.system, components, boundaries: [...m.boundaries.values()],
      data: [...m.data.values()], providers, flows, rag: [...m.rag], controls: [...m.controls], tracking: [...m.tracking],
      suppressions: [...m.suppressions], analysis: m.analysis, links: [...m.links], locations: new Map(), rangeAt: () => undefined,
    });
    this.safe = { ev: new ConditionEvaluator(graph, new AnalysisBudget(this.ruleBudget)), unstated };
    return this.safe;
  }
}

/** Property names (first path segment) and flow safeguards a condition reads, at any depth. */
function mentionedProperties(cond: unknown, out = new Set<string>(), depth = 0): Set<string> {
  if (depth > 64 || cond === null || typeof cond !== 'object') return out;
  if (Array.isArray(cond)) {
    for (const c of cond) mentionedProperties(c, out, depth + 1);
    return out;
  }
  for (const [k, v] of Object.entries(cond)) {
    if (k === 'property' && typeof v === 'string') out.add(v.split('.')[0]!);
    else if ((k === 'encrypted' || k === 'authenticated') && typeof v === 'boolean') out.add(k);
    else mentionedProperties(v, out, depth + 1);
  }
  return out;
}
