/**
 * `register import`: read an edited register, plan the tracking edits against the model's current
 * findings, and apply them to the model text. The model stays the source of truth: only status, owner,
 * due date, ticket and justification of tracking entries change, and nothing at all when the edit cannot be
 * made safely.
 */
import type { Finding } from '../../engine/types';
import type { TrackingEntry } from '../../model/types';
import { makeRange, type Problem } from '../../problem';
import { loadModel } from '../../model/load';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { planImport, type FieldChange } from './plan';
import { readRegisterCsv, readRegisterJson, type ReadResult } from './read-register';
import { readRegisterXlsx } from './read-register-xlsx';
import type { ExportModel } from '../input';
import { defaultOwner } from '../register';
import { applyTrackingEdits } from './yaml-edit';

export type RegisterFormat = 'csv' | 'xlsx' | 'json';

export function registerFormatOf(file: string): RegisterFormat | undefined {
  const m = /\.(csv|xlsx|json)$/i.exec(file);
  return m ? (m[1]!.toLowerCase() as RegisterFormat) : undefined;
}

/** Reads a register file's bytes in the given format. */
export async function readRegister(bytes: Uint8Array, format: RegisterFormat, file: string): Promise<ReadResult> {
  if (format === 'xlsx') return readRegisterXlsx(bytes, file);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return format === 'csv' ? readRegisterCsv(text, file) : readRegisterJson(text, file);
}

export interface ImportInput {
  modelText: string;
  modelFile: string;
  findings: readonly Finding[];
  tracking: ReadonlyMap<string, TrackingEntry>;
  /** The model's components, flows and system: the register's default owners come from them. */
  model: Pick<ExportModel, 'components' | 'flows' | 'system'>;
  register: ReadResult;
  registerFile: string;
}

export interface ImportResult {
  /** The new model text; equal to the input when nothing changed. Undefined when the edit was refused. */
  text?: string;
  changes: FieldChange[];
  problems: Problem[];
}

export function importRegister(input: ImportInput): ImportResult {
  const plan = planImport(input.register.entries, input.findings, input.tracking, input.registerFile, (f) => defaultOwner(input.model, f));
  const problems = [...input.register.problems, ...plan.problems];
  const applied = applyTrackingEdits(input.modelText, plan.edits);
  if (!applied.ok) {
    problems.push({ code: 'TM-REGISTER-EDIT-FAILED', severity: 'error', message: applied.message, file: input.modelFile, range: makeRange(0, 0, 0, 0) });
    return { changes: [], problems };
  }
  const invalid = newErrors(input, applied.text);
  if (invalid.length > 0) {
    for (const p of invalid) problems.push(p);
    problems.push({
      code: 'TM-REGISTER-EDIT-FAILED', severity: 'error', file: input.modelFile, range: makeRange(0, 0, 0, 0),
      message: `the imported values would make the model invalid (${invalid.length} problem${invalid.length === 1 ? '' : 's'} listed at the register rows); nothing was written`,
    });
    return { changes: [], problems };
  }
  return { text: applied.text, changes: plan.changes, problems };
}

/**
 * The model as it would be written is loaded again: any error it has that the current model does not (a value
 * over the schema's length, a file over the size limit) refuses the whole import, reported at the register
 * row of the tracking entry it is in (or at the register's first line when it cannot be placed).
 */
function newErrors(input: ImportInput, text: string): Problem[] {
  const key = (p: Problem) => `${p.code}|${p.message}`;
  const before = new Set(loadModel(input.modelText, input.modelFile).problems.filter((p) => p.severity === 'error').map(key));
  const after = loadModel(text, input.modelFile).problems.filter((p) => p.severity === 'error' && !before.has(key(p)));
  if (after.length === 0) return [];
  const entryAtLine = trackingEntryLines(text);
  const rowOf = new Map(input.register.entries.map((e) => [e.findingId, e.line]));
  return after.slice(0, 20).map((p) => {
    const id = entryAtLine(p.range.start.line);
    const row = id === undefined ? undefined : rowOf.get(id);
    return {
      code: 'TM-REGISTER-INVALID-VALUE', severity: 'error', file: input.registerFile, range: makeRange(row ?? 0, 0, row ?? 0, 0),
      message: `${id === undefined ? '' : `finding '${id}': `}the model would not validate: ${p.code} ${p.message}`,
    };
  });
}

/** Which tracking entry (finding id) a 0-based line of the model text falls in. */
function trackingEntryLines(text: string): (line: number) => string | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false });
  const spans: Array<{ id: string; from: number; to: number }> = [];
  const root = doc.contents;
  const tracking = isMap(root) ? root.get('tracking', true) : undefined;
  if (isMap(tracking)) {
    for (const pair of tracking.items) {
      const k = pair.key;
      const v = pair.value as { range?: [number, number, number] } | null;
      if (!isScalar(k) || !k.range) continue;
      const end = v?.range?.[1] ?? k.range[1];
      spans.push({ id: String(k.value), from: lc.linePos(k.range[0]).line - 1, to: lc.linePos(end).line - 1 });
    }
  }
  return (line) => spans.find((s) => line >= s.from && line <= s.to)?.id;
}

export type { FieldChange } from './plan';
export type { ReadResult, RegisterEntry } from './read-register';
