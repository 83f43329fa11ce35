/**
 * The model pipeline: text → YAML document → schema check → resolved graph, reporting every problem at once.
 * Never throws: any unexpected failure becomes a TM-INTERNAL problem, so one bad file cannot take down the
 * editor or a CI run.
 */
import { capProblems, compareProblems, makeRange, type Problem } from '../problem';
import type { ResolvedModel } from './graph';
import { decodeUtf8, parseText } from './parse';
import { resolveModel } from './resolve';
import { validateSchema } from './validate';

export interface LoadResult {
  /** Undefined only when the input is not a YAML mapping at all (binary, too large, syntax errors, a list ...). */
  model?: ResolvedModel;
  /** Every problem, sorted by position. */
  problems: Problem[];
}

/** Loads a model from text (or raw bytes, which are checked to be UTF-8). `file` names it in every problem. */
export function loadModel(input: string | Uint8Array, file: string): LoadResult {
  try {
    return load(input, file);
  } catch (err) {
    return {
      problems: [{
        code: 'TM-INTERNAL', severity: 'error', file, range: makeRange(0, 0, 0, 0),
        message: `internal error while reading the model (please report it): ${err instanceof Error ? err.message : String(err)}`,
      }],
    };
  }
}

function load(input: string | Uint8Array, file: string): LoadResult {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    const decoded = decodeUtf8(input, file);
    if (decoded.problem) return { problems: [decoded.problem] };
    text = decoded.text!;
  }
  const parsed = parseText(text, file);
  const problems = [...parsed.problems];
  if (!parsed.doc || parsed.value === undefined) return { problems: problems.sort(compareProblems) };
  if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    problems.push(notAMapping(file, parsed.value));
    return { problems: problems.sort(compareProblems) };
  }
  const value = capLists(parsed.value, 0);
  const schema = validateSchema(value, parsed.doc, parsed.lineCounter, file);
  for (const p of schema.problems) problems.push(p);
  const resolved = resolveModel({
    file, value, doc: parsed.doc, lineCounter: parsed.lineCounter,
    invalidPaths: schema.invalidPaths, incomplete: schema.incomplete,
  });
  for (const p of resolved.problems) problems.push(p);
  return { model: resolved.model, problems: capProblems(problems.sort(compareProblems), file) };
}

/**
 * No list in the format allows more than 10,000 items (the schema's largest `maxItems`). Longer lists are cut
 * to one item over that before the schema check and resolve, so the schema still reports "too many items"
 * once, while the work (ajv with all errors is quadratic in the errors it collects) stays bounded. The value
 * is copied only where a list was cut; the YAML document keeps every item for ranges.
 */
export const MAX_LIST_ITEMS = 10_001;

function capLists(v: unknown, depth: number): unknown {
  if (v === null || typeof v !== 'object' || depth > 100) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined = v.length > MAX_LIST_ITEMS ? v.slice(0, MAX_LIST_ITEMS) : undefined;
    const src = out ?? v;
    for (let i = 0; i < src.length; i++) {
      const c = capLists(src[i], depth + 1);
      if (c !== src[i]) {
        out ??= [...v.slice(0, MAX_LIST_ITEMS)];
        out[i] = c;
      }
    }
    return out ?? v;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [k, x] of Object.entries(v)) {
    const c = capLists(x, depth + 1);
    if (c !== x) {
      copy ??= { ...(v as Record<string, unknown>) };
      Object.defineProperty(copy, k, { value: c, enumerable: true, writable: true, configurable: true });
    }
  }
  return copy ?? v;
}

function notAMapping(file: string, value: unknown): Problem {
  const empty = value === null || value === undefined;
  return {
    code: empty ? 'TM-MODEL-EMPTY' : 'TM-YAML-NOT-A-MAPPING', severity: 'error', file, range: makeRange(0, 0, 0, 0),
    message: empty
      ? "the file is empty; a model starts with 'threatmodel: 1' and a 'system:' block (see templates/)"
      : `the model must be a YAML mapping (key: value) starting with 'threatmodel: 1', not ${Array.isArray(value) ? 'a list' : 'a single value'}`,
  };
}
