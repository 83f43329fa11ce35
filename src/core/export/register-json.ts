/**
 * The risk register as JSON, validated by `schemas/risk-register.schema.json` (a test checks every
 * golden file against it). Same rows as CSV and XLSX, with lists kept as arrays.
 */
import { buildRegister, type RegisterRow } from './register';
import type { ExportInput } from './input';

export const REGISTER_FORMAT = 'ai-threatmodel-risk-register';

export interface RegisterDocument {
  format: typeof REGISTER_FORMAT;
  version: 1;
  system: { name: string; owner?: string; model: string };
  risks: RegisterRow[];
}

export function registerDocument(input: Pick<ExportInput, 'model' | 'findings' | 'displayPath' | 'tests'>): RegisterDocument {
  const system: RegisterDocument['system'] = { name: input.model.system.name, model: input.displayPath ?? input.model.file };
  if (input.model.system.owner) system.owner = input.model.system.owner;
  return { format: REGISTER_FORMAT, version: 1, system, risks: buildRegister(input) };
}

export function registerJson(input: Pick<ExportInput, 'model' | 'findings' | 'displayPath' | 'tests'>): string {
  return `${JSON.stringify(registerDocument(input), null, 2)}\n`;
}
