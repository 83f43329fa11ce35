/**
 * Loading catalog rules: YAML text → schema-checked `Rule`s. A broken rule is a Problem at its file, line
 * and column, never a throw. Layering (built-in, organisation, project) is in `catalog.ts`.
 */
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { validateRule } from 'virtual:schema-validators';
import { LineCounter, parseDocument } from 'yaml';
import type { Problem, Range } from '../problem';
import { quoteValue, safeMessage } from '../text/quote';
import { closest } from '../text/similar';
import { LEVELS, type Level, type Rule } from './types';
import { jsonPointerToPath, offsetsToRange, rangeAtPath } from './yaml-ranges';

/** One rule as loaded: the rule, where it came from, and the catalog layer it belongs to. */
export interface LoadedRule {
  rule: Rule;
  file: string;
  /** The range of the rule's `id` value (the whole document when absent). */
  range: Range;
  /** `built-in`, or the catalog path the rule came from. */
  layer: string;
}

/** Rule files above this size are refused: a rule is a page of YAML, not megabytes. */
const MAX_RULE_BYTES = 256 * 1024;
const FIRST_LINE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The rule schema's validator, generated at build time (scripts/schema-validators.mjs): no compile at run time. */
function validate(): ValidateFunction {
  return validateRule;
}

function problem(code: string, message: string, file: string, range: Range, severity: Problem['severity'] = 'error'): Problem {
  return { code, severity, message, file, range };
}

/** Parses and validates the text of one rule file. */
export function parseRule(text: string, file: string, layer = 'built-in'): { rule?: LoadedRule; problems: Problem[] } {
  if (text.length > MAX_RULE_BYTES) {
    return { problems: [problem('TM-CATALOG-TOO-LARGE', `rule file is larger than ${MAX_RULE_BYTES / 1024} KiB`, file, FIRST_LINE)] };
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = [];
  for (const e of doc.errors) {
    problems.push(problem('TM-CATALOG-YAML', safeMessage(e.message.split('\n')[0]!), file, offsetsToRange(lc, e.pos[0], e.pos[1])));
  }
  if (problems.length > 0) return { problems };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // Alias bombs and similar hostile input end here, as a problem.
    return { problems: [problem('TM-CATALOG-YAML', safeMessage(err instanceof Error ? err.message : String(err)), file, FIRST_LINE)] };
  }
  if (value === null || value === undefined) {
    return { problems: [problem('TM-CATALOG-SCHEMA', 'rule file is empty', file, FIRST_LINE)] };
  }
  const shape = nestingProblem(value);
  if (shape) return { problems: [problem('TM-CATALOG-SCHEMA', shape, file, FIRST_LINE)] };
  const check = validate();
  let valid: boolean;
  try {
    valid = check(value) as boolean;
  } catch (err) {
    return { problems: [problem('TM-CATALOG-SCHEMA', `the rule cannot be checked: ${err instanceof Error ? err.message : String(err)}`, file, FIRST_LINE)] };
  }
  if (!valid) {
    for (const p of schemaProblems(check.errors ?? [], doc, lc, file)) problems.push(p);
    return { problems };
  }
  const rule = value as Rule;
  const range = rangeAtPath(doc, lc, ['id']);
  const seen = new Set<string>();
  rule.mitigations.forEach((m, i) => {
    if (seen.has(m.id)) {
      problems.push(problem('TM-CATALOG-DUPLICATE-MITIGATION', `mitigation '${m.id}' is listed twice`, file, rangeAtPath(doc, lc, ['mitigations', i, 'id'])));
    }
    seen.add(m.id);
  });
  if (problems.length > 0) return { problems };
  return { rule: { rule, file, range, layer }, problems };
}

/** Conditions deeper than this are refused: real rules nest a handful of levels. */
const MAX_NESTING = 40;

/** A self-referencing alias or absurd nesting, described; undefined when the value is a sane tree. */
function nestingProblem(value: unknown): string | undefined {
  const onPath = new Set<unknown>();
  const walk = (v: unknown, depth: number): string | undefined => {
    if (v === null || typeof v !== 'object') return undefined;
    if (onPath.has(v)) return 'the rule refers to itself through a YAML alias; write the condition out';
    if (depth > MAX_NESTING) return `the rule nests deeper than ${MAX_NESTING} levels; simplify the condition`;
    onPath.add(v);
    for (const child of Object.values(v)) {
      const p = walk(child, depth + 1);
      if (p) return p;
    }
    onPath.delete(v);
    return undefined;
  };
  return walk(value, 0);
}

/** Turns ajv errors into readable problems at the offending key or value; drops noise from if/anyOf branches. */
function schemaProblems(errors: ErrorObject[], doc: ReturnType<typeof parseDocument>, lc: LineCounter, file: string): Problem[] {
  const enumAt = new Set(errors.filter((e) => e.keyword === 'enum' && e.propertyName === undefined).map((e) => e.instancePath));
  const badNameAt = new Set(errors.filter((e) => e.propertyName !== undefined).map((e) => e.instancePath));
  const unknownAt = new Set(errors.filter((e) => e.keyword === 'additionalProperties').map((e) => e.instancePath));
  const out = new Map<string, Problem>();
  for (const e of errors) {
    if (e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'propertyNames') continue;
    if (e.keyword === 'type' && enumAt.has(e.instancePath)) continue; // `kind: typo` reports the enum, not "must be array"
    if (e.keyword === 'maxProperties' && badNameAt.has(e.instancePath)) continue; // the stray key is reported itself
    // A misspelt key (`propety`) is reported once, not again as "too many operators" or "needs a property".
    if ((e.keyword === 'maxProperties' || e.keyword === 'dependentRequired') && unknownAt.has(e.instancePath)) continue;
    const path = jsonPointerToPath(e.instancePath);
    const where = path.length > 0 ? quoteValue(path.join('.'), 160) : 'the rule';
    let message: string;
    let range: Range;
    switch (e.keyword) {
      case 'additionalProperties': {
        const name = String(e.params.additionalProperty);
        const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
        const hint = closest(name, allowed);
        message = `unknown property ${quoteValue(name)} in ${where}${hint ? `; did you mean '${hint}'?` : ''}`;
        range = rangeAtPath(doc, lc, [...path, name], true);
        break;
      }
      case 'required':
        message = `${where} is missing the required property ${quoteValue(e.params.missingProperty)}`;
        range = path.length > 0 ? rangeAtPath(doc, lc, path, true) : FIRST_LINE;
        break;
      case 'dependentRequired':
        message = `${quoteValue(e.params.property)} in ${where} needs a 'property' to test`;
        range = rangeAtPath(doc, lc, [...path, String(e.params.property)], true);
        break;
      case 'enum': {
        const allowed = (e.params.allowedValues as unknown[]).map(String);
        if (e.propertyName !== undefined) {
          const name = e.propertyName;
          message = `${quoteValue(name)} cannot be combined with a property test in ${where}: a property test is 'property' plus one operator`;
          range = rangeAtPath(doc, lc, [...path, name], true);
          break;
        }
        const hint = closest(String(e.data), allowed);
        message = `${where} must be one of ${allowed.join(', ')} (got ${quoteValue(e.data)})${hint ? `; did you mean '${hint}'?` : ''}`;
        range = rangeAtPath(doc, lc, path);
        break;
      }
      case 'pattern':
        message = `${where}: ${quoteValue(e.data)} does not match ${String(e.params.pattern)}${describe(e)}`;
        range = rangeAtPath(doc, lc, path);
        break;
      case 'maxProperties':
      case 'minProperties': {
        const keys = e.data && typeof e.data === 'object' ? Object.keys(e.data) : [];
        const isCondition = path[0] === 'when' && !['carries', 'dataReachable', 'frameworks'].includes(String(path[path.length - 1]));
        message = isCondition
          ? keys.length === 0
            ? `${where} is an empty condition: give one operator (docs/conditions.md)`
            : `${where} must have exactly one operator (or 'property' plus one test); found ${keys.slice(0, 8).map((k) => quoteValue(k)).join(', ')}${keys.length > 8 ? ` and ${keys.length - 8} more` : ''}`
          : `${where} ${e.message ?? 'has the wrong number of properties'}`;
        range = rangeAtPath(doc, lc, path, true);
        break;
      }
      default:
        message = `${where} ${e.message ?? 'is invalid'}`;
        range = rangeAtPath(doc, lc, path);
    }
    const key = `${range.start.line}:${range.start.character}:${message}`;
    if (!out.has(key)) out.set(key, problem('TM-CATALOG-SCHEMA', message, file, range));
  }
  return [...out.values()];
}

function describe(e: ErrorObject): string {
  const d = (e.parentSchema as { description?: string } | undefined)?.description;
  return d ? ` (${d.replace(/\.$/, '')})` : '';
}

/**
 * Parses a layer settings file: `disable:` (a list of rule ids) and/or `severity:` (rule id → level). Rule
 * ids are checked against the finished catalog later (analysis warns about unknown ones).
 */
export function parseLayerSettings(text: string, file: string): {
  settings: { disable: Array<{ rule: string; file: string; range: Range }>; severity: Array<{ rule: string; level: Level; file: string; range: Range }> };
  problems: Problem[];
} {
  const settings = { disable: [] as Array<{ rule: string; file: string; range: Range }>, severity: [] as Array<{ rule: string; level: Level; file: string; range: Range }> };
  if (text.length > MAX_RULE_BYTES) {
    return { settings, problems: [problem('TM-CATALOG-TOO-LARGE', `settings file is larger than ${MAX_RULE_BYTES / 1024} KiB`, file, FIRST_LINE)] };
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = doc.errors.map((e) => problem('TM-CATALOG-YAML', safeMessage(e.message.split('\n')[0]!), file, offsetsToRange(lc, e.pos[0], e.pos[1])));
  if (problems.length > 0) return { settings, problems };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { settings, problems: [problem('TM-CATALOG-YAML', safeMessage(err instanceof Error ? err.message : String(err)), file, FIRST_LINE)] };
  }
  const bad = (path: Array<string | number>, message: string): void => { problems.push(problem('TM-CATALOG-SCHEMA', message, file, rangeAtPath(doc, lc, path))); };
  const obj = (value ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (key !== 'disable' && key !== 'severity') bad([key], `unknown property ${quoteValue(key)} in a catalog settings file (only 'disable' and 'severity')`);
  }
  if (obj.disable !== undefined) {
    if (!Array.isArray(obj.disable)) bad(['disable'], "'disable' must be a list of rule ids");
    else obj.disable.forEach((id, i) => {
      if (typeof id === 'string') settings.disable.push({ rule: id, file, range: rangeAtPath(doc, lc, ['disable', i]) });
      else bad(['disable', i], "'disable' must list rule ids");
    });
  }
  if (obj.severity !== undefined) {
    if (obj.severity === null || typeof obj.severity !== 'object' || Array.isArray(obj.severity)) bad(['severity'], "'severity' must map rule ids to low, medium, high or critical");
    else for (const [id, level] of Object.entries(obj.severity as Record<string, unknown>)) {
      if (LEVELS.includes(level as Level)) settings.severity.push({ rule: id, level: level as Level, file, range: rangeAtPath(doc, lc, ['severity', id], true) });
      else bad(['severity', id], `severity of ${quoteValue(id)} must be one of ${LEVELS.join(', ')} (got ${quoteValue(level)})`);
    }
  }
  return { settings, problems };
}
