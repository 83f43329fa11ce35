/**
 * Quick fixes that change the design, not the bookkeeping: a rule that fires because the element does not
 * state a safeguard (`property: auditLogged, notEquals: true` among the conditions that must all hold) is closed
 * by stating it. Derived from the rule's own condition, so custom catalog rules written that way get the fix
 * too, and a fix never claims more than the condition says.
 */
import type { Rule } from '../catalog/types';

export interface DesignFix {
  /** The element's own property the rule reads (no dotted paths). */
  property: string;
  value: true;
}

/** The fix for a rule, when one of the conditions that must all hold is "this property is not true". */
export function designFixOf(rule: Pick<Rule, 'when'>): DesignFix | undefined {
  const when = rule.when as unknown;
  const all = isObj(when) && Array.isArray(when.all) ? when.all : [when];
  for (const c of all) {
    if (!isObj(c) || typeof c.property !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(c.property)) continue;
    if (c.notEquals === true || c.equals === false) return { property: c.property, value: true };
  }
  return undefined;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
