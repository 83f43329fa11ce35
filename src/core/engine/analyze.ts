/**
 * Analysis: every enabled catalog rule applied to every element of its targets → sorted findings.
 * One finding per rule per element (several paths to the same element aggregate into one; the shortest is
 * the evidence), and one per merge group per element (merge.ts). Finding ids: `RULE-ID@element-id`, and `RULE-ID@from-id@flow-id` for flow findings.
 * Controls, tracking and suppressions are applied afterwards (`status.ts`). Never throws on a model.
 */
import type { Catalog } from '../catalog/catalog';
import { AnalysisBudget, BudgetExceeded, ConditionEvaluator, kindOf, type Element } from '../catalog/condition';
import type { LoadedRule } from '../catalog/load';
import type { Level } from '../catalog/types';
import type { ResolvedModel } from '../model/graph';
import { cmp, ZERO_RANGE, type Problem, type Range } from '../problem';
import { quoteValue } from '../text/quote';
import { closest } from '../text/similar';
import { collapseMerged, mergePlan } from './merge';
import { NotStatedTier } from './not-stated';
import { FactorEvaluator, severityOf } from './severity';
import { applyStatus } from './status';
import type { Finding } from './types';

export interface AnalyzeOptions {
  /** Rule ids switched off in addition to the model's `analysis.disable` (e.g. from editor settings). */
  disable?: readonly string[];
  /** Work units one rule may spend on one model (default `RULE_WORK_BUDGET`; docs/limits.md). */
  ruleBudget?: number;
  /** Work units the whole analysis may spend (default `ANALYSIS_WORK_BUDGET`). */
  totalBudget?: number;
}

/**
 * Work budgets, in evaluator units (one per condition evaluation, flow or link looked at, search state and
 * step; roughly a microsecond each). The built-in catalog spends at most 2.2 million per rule (4.2 million in
 * all) on 600 agents sharing 600 tools, a 3.6 MB model; these leave room for real models up to the 10 MB input
 * limit and stop a hostile rule or model in seconds rather than hours (docs/limits.md).
 */
export const RULE_WORK_BUDGET = 10_000_000;
export const ANALYSIS_WORK_BUDGET = 40_000_000;

export interface AnalysisResult {
  findings: Finding[];
  problems: Problem[];
}

/** Element id used for findings on the system block. */
export const SYSTEM_ELEMENT = 'system';

/** The finding id for a rule on an element (for a flow: its source, then the flow id). */
export function findingId(ruleId: string, el: Pick<Element, 'type' | 'id'> & { value?: unknown }): string {
  if (el.type === 'flow') return `${ruleId}@${(el.value as { from: string }).from}@${el.id}`;
  return `${ruleId}@${el.id}`;
}

/** Applies the catalog to a resolved model. */
export function analyze(model: ResolvedModel, catalog: Catalog, options: AnalyzeOptions = {}): AnalysisResult {
  const problems: Problem[] = [];
  const ruleIds = new Set(catalog.rules.map((r) => r.rule.id));
  const disabled = new Set([...(options.disable ?? []), ...(catalog.settings?.disable ?? []).map((d) => d.rule), ...(model.analysis.disable ?? [])]);
  checkSettings(model, catalog, ruleIds, problems);
  const severity = severityOverrides(model, catalog);

  const budget = new AnalysisBudget();
  const ruleBudget = options.ruleBudget ?? RULE_WORK_BUDGET;
  const totalBudget = options.totalBudget ?? ANALYSIS_WORK_BUDGET;
  const ev = new ConditionEvaluator(model, budget);
  const factors = new FactorEvaluator(ev);
  const tier = new NotStatedTier(model, ruleBudget);
  const elements = elementsByTarget(model);
  const findings: Finding[] = [];
  const rules = catalog.rules.filter((r) => !disabled.has(r.rule.id));
  for (let i = 0; i < rules.length; i++) {
    const loaded = rules[i]!;
    const before = budget.spent;
    budget.limit = Math.min(before + ruleBudget, totalBudget);
    const ruleFindings: Finding[] = [];
    try {
      for (const target of new Set(loaded.rule.appliesTo)) {
        for (const el of elements.get(target) ?? []) {
          const f = evaluateRule(loaded, el, model, ev, factors, severity.get(loaded.rule.id), tier);
          if (f) ruleFindings.push(f);
        }
      }
    } catch (err) {
      if (!(err instanceof BudgetExceeded)) throw err;
      const total = budget.spent > totalBudget;
      problems.push(budgetProblem(loaded, model, err, total ? rules.length - i : 1, ruleBudget, totalBudget));
      if (total) break;
      continue; // a rule stopped half-way reports nothing rather than a partial, misleading set
    }
    for (const f of ruleFindings) findings.push(f);
  }
  const byId = new Map<string, Finding>();
  for (const f of findings) if (!byId.has(f.id)) byId.set(f.id, f); // defensive: one finding per id
  const sorted = [...byId.values()].sort((a, b) => cmp(a.id, b.id));
  const rulesById = new Map(rules.map((r) => [r.rule.id, r.rule]));
  const plan = mergePlan(sorted, rulesById, model.flows, (id) => model.locate(id)?.range.start.line ?? 0); // one payload on several paths, one link both ways: one finding (merge.ts)
  applyStatus(model, sorted, ruleIds, problems, plan);
  return { findings: collapseMerged(sorted, plan, rulesById), problems };
}

function evaluateRule(
  loaded: LoadedRule, el: Element, model: ResolvedModel, ev: ConditionEvaluator, factors: FactorEvaluator,
  override: { level: Level; setting: string } | undefined, tier: NotStatedTier,
): Finding | undefined {
  const rule = loaded.rule;
  const outcome = rule.when ? ev.evaluate(rule.when, el, 0, false) : { holds: true };
  if (!outcome.holds) return undefined;
  const likelihood = factors.score(rule.likelihood, 'likelihood', el);
  const impact = factors.score(rule.impact, 'impact', el);
  const computed = severityOf(likelihood.level, impact.level);
  const why: Finding['why'] = { factors: [...likelihood.factors, ...impact.factors] };
  if (outcome.path && outcome.path.length > 0) why.path = [...outcome.path];
  if (outcome.pathOmitted && why.path) why.pathOmitted = { ...outcome.pathOmitted };
  if (override && override.level !== computed) why.severityOverride = { computed, setting: override.setting };
  const notStated = rule.when ? tier.unstatedFacts(rule.when, el, outcome.path) : undefined;
  return {
    id: findingId(rule.id, el),
    ruleId: rule.id,
    title: rule.title,
    description: fillTemplate(rule.description, el),
    elementId: el.id,
    ...(el.type === 'flow' ? { flowId: el.id } : {}),
    stride: [...rule.stride],
    frameworks: rule.frameworks,
    likelihood: likelihood.level,
    impact: impact.level,
    severity: override?.level ?? computed,
    why,
    mitigations: rule.mitigations,
    status: 'open',
    mitigatedBy: [],
    file: model.file,
    range: rangeOf(model, el),
    ...(notStated ? { notStated } : {}),
  };
}

/** TM-ANALYSIS-BUDGET: placed at the rule, naming the model, saying what was not analysed. */
function budgetProblem(loaded: LoadedRule, model: ResolvedModel, err: BudgetExceeded, skipped: number, ruleBudget: number, totalBudget: number): Problem {
  const what = err.reason === 'depth'
    ? 'its condition is nested too deeply to evaluate'
    : skipped > 1
      ? `the analysis of ${model.file} used its whole work budget (${totalBudget.toLocaleString('en-US')} steps) here`
      : `it needs more than ${ruleBudget.toLocaleString('en-US')} steps on ${model.file}`;
  const tail = skipped > 1 ? `; this rule and the ${skipped - 1} after it were not applied` : '; its findings are not reported';
  return {
    code: 'TM-ANALYSIS-BUDGET', severity: 'error', file: loaded.file, range: loaded.range,
    message: `rule '${loaded.rule.id}' was stopped: ${what}${tail} (see docs/limits.md)`,
  };
}

/** Fills `{{name}}`, `{{id}}` and `{{kind}}`; other placeholders stay as written. */
export function fillTemplate(text: string, el: Element): string {
  const v = el.value as { name?: string; from?: string; to?: string };
  const name = el.type === 'flow' ? `${v.from} → ${v.to}` : v.name ?? el.id;
  return text.replace(/\{\{\s*(name|id|kind)\s*\}\}/g, (_, key: string) => (key === 'name' ? name : key === 'id' ? el.id : kindOf(el)));
}

function rangeOf(model: ResolvedModel, el: Element): Range {
  const ref = model.locate(el.type === 'system' ? SYSTEM_ELEMENT : el.id);
  if (ref) return ref.idRange;
  if (el.type === 'system') return model.rangeAt(['system', 'name']) ?? model.rangeAt(['system']) ?? ZERO_RANGE;
  return ZERO_RANGE;
}

/** Every element, grouped by the rule target it answers to (component kinds, flow, data ...). Sorted by id. */
function elementsByTarget(model: ResolvedModel): Map<string, Element[]> {
  const m = new Map<string, Element[]>();
  const add = (target: string, el: Element): void => {
    const list = m.get(target);
    if (list) list.push(el);
    else m.set(target, [el]);
  };
  for (const [id, value] of model.components) add(value.kind, { type: 'component', id, value });
  for (const value of model.flows) add('flow', { type: 'flow', id: value.id, value });
  for (const [id, value] of model.data) add('data', { type: 'data', id, value });
  for (const [id, value] of model.providers) add('provider', { type: 'provider', id, value });
  for (const [id, value] of model.boundaries) add('boundary', { type: 'boundary', id, value });
  for (const value of model.rag) add('rag', { type: 'rag', id: value.id, value });
  add('system', { type: 'system', id: SYSTEM_ELEMENT, value: model.system });
  return m;
}

/** Severity set per rule: catalog layer settings in order, then the model's `analysis.severity` (last wins). */
function severityOverrides(model: ResolvedModel, catalog: Catalog): Map<string, { level: Level; setting: string }> {
  const m = new Map<string, { level: Level; setting: string }>();
  for (const s of catalog.settings?.severity ?? []) m.set(s.rule, { level: s.level, setting: `${s.file}: severity.${s.rule}` });
  for (const [id, level] of Object.entries(model.analysis.severity ?? {}).sort()) m.set(id, { level: level as Level, setting: `analysis.severity.${id}` });
  return m;
}

/** Disable and severity settings naming a rule the catalog does not have: a warning with a did-you-mean. */
function checkSettings(model: ResolvedModel, catalog: Catalog, ruleIds: ReadonlySet<string>, problems: Problem[]): void {
  const warn = (id: string, file: string, range: Range, what: string): void => {
    const hint = closest(id, ruleIds);
    problems.push({
      code: 'TM-ANALYSIS-UNKNOWN-RULE', severity: 'warning', file, range,
      message: `${what} names rule ${quoteValue(id)}, which no catalog defines${hint ? `; did you mean '${hint}'?` : ''}`,
      ...(hint ? { suggestion: { text: hint, range } } : {}),
    });
  };
  const at = (path: Array<string | number>): Range => model.rangeAt(path) ?? ZERO_RANGE;
  (model.analysis.disable ?? []).forEach((id, i) => { if (!ruleIds.has(id)) warn(id, model.file, at(['analysis', 'disable', i]), 'analysis.disable'); });
  for (const id of Object.keys(model.analysis.severity ?? {}).sort()) {
    if (!ruleIds.has(id)) warn(id, model.file, at(['analysis', 'severity', id]), 'analysis.severity');
  }
  for (const d of catalog.settings?.disable ?? []) if (!ruleIds.has(d.rule)) warn(d.rule, d.file, d.range, "the catalog settings' disable");
  for (const s of catalog.settings?.severity ?? []) if (!ruleIds.has(s.rule)) warn(s.rule, s.file, s.range, "the catalog settings' severity");
}
