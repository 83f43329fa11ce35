/**
 * Severity: likelihood and impact each start at the rule's base level and rise one step when any listed
 * factor holds for the element (capped at critical; several factors are all shown but do not compound, or
 * most AI findings would saturate at critical); the matrix below combines them. docs/severity.md
 * documents every factor and the matrix; each finding carries the factors that applied, in words.
 */
import type { ConditionEvaluator, Element, Outcome } from '../catalog/condition';
import { pathText } from './path-text';
import { LEVELS, type Condition, type Level, type Scoring } from '../catalog/types';
import type { SeverityFactor } from './types';

/** Rows: likelihood low..critical; columns: impact low..critical. */
export const SEVERITY_MATRIX: readonly (readonly Level[])[] = [
  ['low', 'low', 'medium', 'medium'],
  ['low', 'medium', 'medium', 'high'],
  ['medium', 'medium', 'high', 'critical'],
  ['medium', 'high', 'critical', 'critical'],
];

export function severityOf(likelihood: Level, impact: Level): Level {
  return SEVERITY_MATRIX[LEVELS.indexOf(likelihood)]![LEVELS.indexOf(impact)]!;
}

export function raise(level: Level, steps: number): Level {
  return LEVELS[Math.min(LEVELS.length - 1, LEVELS.indexOf(level) + steps)]!;
}

export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

// Condition objects used by factors: module constants, so the evaluator's per-condition memo is shared.
const UNTRUSTED: Condition = { is: 'untrusted-source' };
const UNTRUSTED_USER: Condition = { all: [{ kind: 'user' }, { is: 'untrusted-source' }] };
const ANY_USER: Condition = { kind: ['user', 'client'] };
/** The request path: components a user's request passes through (not stores, tools or external services). */
const REQUEST_PATH: Condition = { kind: ['client', 'api-gateway', 'service', 'queue', 'cache', 'guardrail', 'agent', 'model-endpoint'] };
const UNTRUSTED_USER_REQUEST = { from: UNTRUSTED_USER, through: REQUEST_PATH };
const ANY_USER_REQUEST = { from: ANY_USER, through: REQUEST_PATH };
const UNTRUSTED_NON_USER: Condition = { all: [{ not: { kind: 'user' } }, { is: 'untrusted-source' }] };
/** Effectful tools a model can drive without a person approving each call. */
const EFFECTFUL: Condition = { all: [{ is: 'effectful-tool' }, { property: 'approvalRequired', notEquals: true }] };
const SENSITIVE = { classificationAtLeast: 'restricted' } as const;
const PERSONAL = new Set(['personal-data', 'sensitive-personal-data', 'health']);
const BROAD = new Set(['broad', 'admin']);

const arrow = (o: Outcome): string => pathText(o.path ?? [], o.pathOmitted);

/** Computes severity factors for elements; results are cached per (factor, element) for one analysis run. */
export class FactorEvaluator {
  private readonly cache = new Map<string, string | null>();

  constructor(private readonly ev: ConditionEvaluator) {}

  /** Likelihood or impact for one rule on one element, with the factors that raised it. */
  score(scoring: Scoring, applies: 'likelihood' | 'impact', el: Element): { level: Level; factors: SeverityFactor[] } {
    const factors: SeverityFactor[] = [];
    const listed = scoring.factors ?? [];
    for (const factor of listed) {
      // An untrusted user on the internet is one fact: when it already made the element internet-exposed,
      // it does not raise likelihood a second time as untrusted input.
      if (factor === 'untrusted-input' && listed.includes('internet-exposed') && this.untrustedInputIsOnlyUsers(el)) continue;
      const detail = this.detail(factor, el);
      if (detail !== undefined) factors.push({ factor, applies, detail });
    }
    return { level: raise(scoring.base, Math.min(1, factors.length)), factors };
  }

  /** Why a factor holds for the element, in words, or undefined when it does not hold. */
  detail(factor: string, el: Element): string | undefined {
    const key = `${factor}\u0000${el.type}\u0000${el.id}`;
    let d = this.cache.get(key);
    if (d === undefined) {
      d = this.compute(factor, el) ?? null;
      this.cache.set(key, d);
    }
    return d ?? undefined;
  }

  private compute(factor: string, el: Element): string | undefined {
    const ev = this.ev;
    const model = ev.model;
    const name = `'${el.id}'`;
    switch (factor) {
      case 'internet-exposed': {
        const internet = this.inInternetBoundary(el);
        if (internet) return `${name} sits in the internet boundary '${internet}'`;
        const u = ev.reachableFrom(UNTRUSTED_USER, el, UNTRUSTED_USER_REQUEST);
        if (u.holds) return `an untrusted user reaches it: ${arrow(u)}`;
        if (model.system.exposure === 'internet') {
          const a = ev.reachableFrom(ANY_USER, el, ANY_USER_REQUEST);
          if (a.holds) return `the system is internet-facing and ${arrow(a)} reaches it`;
        }
        return undefined;
      }
      case 'untrusted-input': {
        // Prefer showing content from untrusted systems (the indirect path); users are shown when they are the only source.
        const indirect = ev.reachableFrom(UNTRUSTED_NON_USER, el);
        const r = indirect.holds ? indirect : ev.reachableFrom(UNTRUSTED, el);
        if (!r.holds) return undefined;
        return r.path!.length === 1 ? `${name} is itself a source of untrusted content` : `untrusted content can reach it: ${arrow(r)}`;
      }
      case 'autonomous': {
        const own = autonomy(el.type === 'component' ? el.value : undefined);
        if (own) return `agent ${name} acts with autonomy '${own}'`;
        if (el.type !== 'component') return undefined;
        for (const l of model.linksTo(el.id)) {
          const a = model.components.get(l.from);
          const level = autonomy(a);
          if (level && l.kind !== 'protects') return `agent '${l.from}' (autonomy '${level}') uses it`;
        }
        return undefined;
      }
      case 'multi-tenant':
        return model.system.tenancy === 'multi-tenant' ? 'the system is multi-tenant' : undefined;
      case 'third-party':
        return ev.is('third-party', el) ? `${name} is third-party (origin, provider or third-party boundary)` : undefined;
      case 'no-authentication': {
        if (el.type === 'flow') return el.value.authenticated === true ? undefined : `the flow ${el.value.from} → ${el.value.to} is not authenticated`;
        if (el.type !== 'component') return undefined;
        const auth = el.value.authentication;
        if (auth === 'none') return `${name} declares authentication: none`;
        return auth === undefined ? `${name} declares no authentication` : undefined;
      }
      case 'sensitive-data': {
        const r = ev.dataReachable(SENSITIVE, el);
        if (!r.holds) return undefined;
        const asset = ev.dataOf(el).find((d) => { const a = model.data.get(d); return a && (a.classification === 'restricted' || a.classification === 'secret'); });
        if (asset) return `${model.data.get(asset)!.classification} data '${asset}' is at ${name}`;
        return `restricted or secret data can reach it: ${arrow(r)}`;
      }
      case 'personal-data': {
        const asset = ev.dataOf(el).find((d) => (model.data.get(d)?.categories ?? []).some((c) => PERSONAL.has(c)));
        return asset ? `personal data '${asset}' is at ${name}` : undefined;
      }
      case 'tool-effects': {
        const r = ev.reaches(EFFECTFUL, el);
        if (!r.holds) return undefined;
        const toolId = r.path![r.path!.length - 1]!;
        const effects = effectsOf(model.components.get(toolId), model, toolId);
        return r.path!.length === 1 ? `${name} has effects: ${effects}` : `it can reach '${toolId}' (effects: ${effects}): ${arrow(r)}`;
      }
      case 'critical-system': {
        const c = model.system.criticality;
        return c === 'high' || c === 'critical' ? `the system's criticality is ${c}` : undefined;
      }
      case 'broad-credentials':
        return this.broadCredentials(el);
      default:
        return undefined;
    }
  }

  /** Untrusted content reaches the element, but only from users who already count as internet exposure. */
  private untrustedInputIsOnlyUsers(el: Element): boolean {
    if (this.detail('internet-exposed', el) === undefined) return false;
    return !this.ev.reachableFrom(UNTRUSTED_NON_USER, el).holds;
  }

  private inInternetBoundary(el: Element): string | undefined {
    const id = el.type === 'component' ? el.id : el.type === 'flow' ? el.value.from : undefined;
    if (id === undefined) return undefined;
    return this.ev.model.boundaryChain(id).find((b) => this.ev.model.boundaries.get(b)?.kind === 'internet');
  }

  private broadCredentials(el: Element): string | undefined {
    if (el.type !== 'component') return undefined;
    const model = this.ev.model;
    const c = el.value as { kind: string; credentialScope?: string; identity?: string };
    if (c.kind === 'tool' && c.credentialScope && BROAD.has(c.credentialScope)) return `'${el.id}' holds ${c.credentialScope} credentials`;
    if (c.kind === 'agent' && c.identity === 'shared-admin') return `agent '${el.id}' acts with a shared admin identity`;
    if (c.kind === 'agent' || c.kind === 'mcp-server') {
      for (const l of model.linksFrom(el.id)) {
        if (l.kind !== 'tool' && l.kind !== 'exposes') continue;
        const t = model.components.get(l.to) as { credentialScope?: string } | undefined;
        if (t?.credentialScope && BROAD.has(t.credentialScope)) return `its tool '${l.to}' holds ${t.credentialScope} credentials`;
      }
    }
    return undefined;
  }
}

function autonomy(c: { kind: string; autonomy?: string } | undefined): string | undefined {
  return c?.kind === 'agent' && (c.autonomy === 'supervised' || c.autonomy === 'autonomous') ? c.autonomy : undefined;
}

function effectsOf(c: { kind: string; effects?: string[] } | undefined, model: ConditionEvaluator['model'], id: string): string {
  if (c?.kind === 'tool') return (c.effects ?? []).join(', ');
  // An MCP server: the effects of the tools it exposes.
  const set = new Set<string>();
  for (const l of model.linksFrom(id, 'exposes')) for (const e of (model.components.get(l.to) as { effects?: string[] } | undefined)?.effects ?? []) set.add(e);
  return [...set].sort().join(', ');
}
