/**
 * `register import`: read an edited register, plan the tracking edits against the model's current
 * findings, and apply them to the model text. The model stays the source of truth: only status, owner,
 * due date, ticket and justification of tracking entries change, and nothing at all when the edit cannot be
 * made safely.
 */
import type { Finding } from '../../engine/types';
import type { TrackingEntry } from '../../model/types';
import { makeRange, type Problem } from '../../problem';
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
  return { text: applied.text, changes: plan.changes, problems };
}

export type { FieldChange } from './plan';
export type { ReadResult, RegisterEntry } from './read-register';
