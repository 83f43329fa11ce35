/**
 * Schema validation: ajv (all errors) against schemas/threatmodel.schema.json, each error mapped from its
 * instance path back to the YAML node's range, in words a person understands.
 */
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { validateModel } from 'virtual:schema-validators';
import { isMap, isPair, isScalar, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { Problem, Range } from '../problem';
import { closest } from '../text/similar';
import { toRange } from './parse';
import { COMPONENT_KINDS } from './types';

/** The model schema's validator, generated at build time by ajv standalone (scripts/schema-validators.mjs). */
export function modelValidator(): ValidateFunction {
  return validateModel;
}

export interface SchemaResult {
  problems: Problem[];
  /** JSON pointers of values that failed the schema; resolve ignores them so later layers can trust types. */
  invalidPaths: Set<string>;
  /** JSON pointers of objects missing a required property: their ids count, but they stay out of the graph. */
  incomplete: Set<string>;
}

type Segment = string | number;

export function validateSchema(value: unknown, doc: Document.Parsed, lc: LineCounter, file: string): SchemaResult {
  const validate = modelValidator();
  const result: SchemaResult = { problems: [], invalidPaths: new Set(), incomplete: new Set() };
  if (validate(value)) return result;
  const errors = (validate.errors ?? []).filter((e) => !NOISE.has(e.keyword));
  const seen = new Set<string>();
  for (const e of errors) {
    const path = pointerToPath(e.instancePath);
    const p = describe(e, path, value, doc, lc, file);
    const key = `${p.code}|${p.range.start.line}:${p.range.start.character}|${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.problems.push(p);
    if (e.keyword === 'additionalProperties') {
      result.invalidPaths.add(`${e.instancePath}/${escapePointer(String((e.params as { additionalProperty: string }).additionalProperty))}`);
    } else if (e.keyword === 'required') {
      result.incomplete.add(e.instancePath);
    } else {
      result.invalidPaths.add(e.instancePath);
    }
  }
  return result;
}

/** Keywords that only echo another error (`if` says "must match then", composition says "some branch failed"). */
const NOISE = new Set(['if', 'then', 'else', 'anyOf', 'oneOf', 'allOf', 'not', '$ref']);

function pointerToPath(pointer: string): Segment[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => {
    const t = s.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^(0|[1-9]\d*)$/.test(t) ? Number(t) : t;
  });
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function get(value: unknown, path: Segment[]): unknown {
  let v = value;
  for (const s of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Object.prototype.hasOwnProperty.call(v, s) ? (v as Record<string, unknown>)[s as string] : undefined;
  }
  return v;
}

const SECTION_NOUN: Record<string, string> = {
  boundaries: 'boundary', data: 'data asset', providers: 'provider', rag: 'RAG pipeline', controls: 'control',
  suppressions: 'suppression',
};

/** "tool 'create-ticket'", "flow 'api->llm'", "the system block": the element that owns a path. */
export function ownerName(value: unknown, path: Segment[]): string {
  const [section, index] = path;
  if (section === undefined) return 'the model';
  if (section === 'system' || section === 'analysis') return `the ${section} block`;
  if (section === 'tracking') return index === undefined ? 'the tracking block' : `tracking entry '${String(index)}'`;
  if (typeof index !== 'number') return `the ${String(section)} list`;
  const item = get(value, [section, index]) as Record<string, unknown> | undefined;
  const id = item && typeof item === 'object' && typeof item.id === 'string' ? item.id : undefined;
  if (section === 'components') {
    const kind = item && typeof item.kind === 'string' && (COMPONENT_KINDS as readonly string[]).includes(item.kind) ? item.kind : 'component';
    return id ? `${kind} '${id}'` : `component #${index + 1}`;
  }
  if (section === 'flows') {
    const label = id ?? (item && typeof item.from === 'string' && typeof item.to === 'string' ? `${item.from}->${item.to}` : undefined);
    return label ? `flow '${label}'` : `flow #${index + 1}`;
  }
  const noun = SECTION_NOUN[section as string] ?? String(section);
  return id ? `${noun} '${id}'` : `${noun} #${index + 1}`;
}

function propertyName(path: Segment[]): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return String(path[i]);
  return 'value';
}

function nodeAt(doc: Document.Parsed, path: Segment[]): Node | undefined {
  if (path.length === 0) return doc.contents ?? undefined;
  const n = doc.getIn(path, true);
  return n && typeof n === 'object' && 'range' in (n as object) ? (n as Node) : undefined;
}

function pairAt(doc: Document.Parsed, path: Segment[], key: string): Pair | undefined {
  const parent = nodeAt(doc, path);
  if (!isMap(parent)) return undefined;
  return parent.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key) as Pair | undefined;
}

function rangeOf(node: Node | undefined, lc: LineCounter, firstLineOnly = false): Range {
  const r = node?.range ?? [0, 0, 0];
  const range = toRange(lc, r[0], r[1]);
  if (firstLineOnly && range.end.line > range.start.line) {
    return { start: range.start, end: { line: range.start.line, character: range.start.character + 1 } };
  }
  return range;
}

/** The range to report at for a value: the value's node, else its key, else the owning map's first line. */
function valueRange(doc: Document.Parsed, lc: LineCounter, path: Segment[]): Range {
  const node = nodeAt(doc, path);
  if (node) return rangeOf(node, lc, isMap(node));
  return rangeOf(nodeAt(doc, path.slice(0, -1)), lc, true);
}

const TYPE_WORDS: Record<string, string> = {
  array: 'a list', object: 'a mapping (key: value)', string: 'text', integer: 'a whole number', number: 'a number',
  boolean: 'true or false', null: 'empty',
};

function typeOfValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `text '${truncate(v)}'`;
  return `${typeof v} ${String(v)}`;
}

function truncate(s: string, n = 60): string {
  const clean = s.replace(/[\r\n\t]/g, ' ');
  return clean.length > n ? `${clean.slice(0, n)}…` : clean;
}

function describe(e: ErrorObject, path: Segment[], value: unknown, doc: Document.Parsed, lc: LineCounter, file: string): Problem {
  const owner = ownerName(value, path);
  const base = { severity: 'error' as const, file };
  const actual = get(value, path);
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys(((e.parentSchema as { properties?: object })?.properties) ?? {});
      const guess = closest(prop, allowed);
      const pair = pairAt(doc, path, prop);
      const range = pair?.key ? rangeOf(pair.key as Node, lc) : valueRange(doc, lc, path);
      const where = path.length === 0 ? 'at the top level' : `on ${owner}`;
      // Keys of keyed maps are ids, not properties: say what a valid key looks like.
      if (path.length === 1 && path[0] === 'tracking') {
        return { ...base, code: 'TM-SCHEMA-PATTERN', range, message: `'${truncate(prop)}' is not a finding id: tracking keys are RULE-ID@element-id (RULE-ID@from-id@flow-id for flows)` };
      }
      if (path.length === 2 && path[0] === 'analysis' && path[1] === 'severity') {
        return { ...base, code: 'TM-SCHEMA-PATTERN', range, message: `'${truncate(prop)}' is not a rule id (upper-case words joined by '-', e.g. MODEL-DIRECT-PROMPT-INJECTION)` };
      }
      return {
        ...base, code: 'TM-SCHEMA-UNKNOWN-PROPERTY', range,
        message: `unknown property '${truncate(prop)}' ${where}${guess ? ` (did you mean '${guess}'?)` : ''}`,
        ...(guess ? { suggestion: { text: guess, range } } : {}),
      };
    }
    case 'required': {
      const prop = String((e.params as { missingProperty: string }).missingProperty);
      return {
        ...base, code: 'TM-SCHEMA-MISSING-PROPERTY', range: valueRange(doc, lc, path),
        message: path.length === 0 ? `missing required top-level property '${prop}'` : `${owner} is missing required property '${prop}'`,
      };
    }
    case 'enum': {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const guess = typeof actual === 'string' ? closest(actual, allowed) : undefined;
      const range = valueRange(doc, lc, path);
      const prop = propertyName(path);
      return {
        ...base, code: 'TM-SCHEMA-ENUM', range,
        message: `${typeof actual === 'string' ? `'${truncate(actual)}'` : typeOfValue(actual)} is not a valid value of '${prop}' on ${owner}; expected one of: ${allowed.join(', ')}${guess ? ` (did you mean '${guess}'?)` : ''}`,
        ...(guess ? { suggestion: { text: guess, range } } : {}),
      };
    }
    case 'const': {
      if (path.length === 1 && path[0] === 'threatmodel') {
        return { ...base, code: 'TM-SCHEMA-VERSION', range: valueRange(doc, lc, path), message: `unsupported format version ${typeOfValue(actual)}; this tool reads 'threatmodel: 1'` };
      }
      return { ...base, code: 'TM-SCHEMA-VALUE', range: valueRange(doc, lc, path), message: `${propertyName(path)} on ${owner} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}` };
    }
    case 'type': {
      const want = String((e.params as { type: string }).type).split(',').map((t) => TYPE_WORDS[t] ?? t).join(' or ');
      const prop = propertyName(path);
      const subject = typeof path[path.length - 1] === 'number' ? `item ${Number(path[path.length - 1]) + 1} of '${prop}'` : `'${prop}'`;
      return { ...base, code: 'TM-SCHEMA-TYPE', range: valueRange(doc, lc, path), message: `${path.length === 0 ? 'the model' : `${subject} on ${owner}`} must be ${want}, not ${typeOfValue(actual)}` };
    }
    case 'pattern': {
      const prop = propertyName(path);
      const pattern = String((e.params as { pattern: string }).pattern);
      const hint = /\\d\{4\}-/.test(pattern) ? 'a date written YYYY-MM-DD'
        : prop === 'id' || /A-Za-z0-9/.test(pattern) ? "an id of letters, digits, '-', '_' and '.', starting with a letter or digit"
        : `text matching ${pattern}`;
      return { ...base, code: 'TM-SCHEMA-PATTERN', range: valueRange(doc, lc, path), message: `${typeof actual === 'string' ? `'${truncate(actual)}'` : 'value'} is not a valid ${prop} on ${owner}: expected ${hint}` };
    }
    case 'propertyNames': {
      return { ...base, code: 'TM-SCHEMA-PATTERN', range: valueRange(doc, lc, path), message: `${owner} has a key that is not valid: ${e.message ?? 'bad key'}` };
    }
    default: {
      return { ...base, code: 'TM-SCHEMA-VALUE', range: valueRange(doc, lc, path), message: `${propertyName(path)} on ${owner} ${e.message ?? 'is not valid'}` };
    }
  }
}
