/**
 * Catalog fixtures: small models under test/fixtures/catalog annotated with `# expect: RULE-ID` (the rule
 * must fire on the element declared on the next non-comment line) and `# ok: RULE-ID` (it must not).
 * Several ids may follow one marker, separated by commas or spaces.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedModel } from '../../../src/core/model/graph';

export const FIXTURE_DIR = 'test/fixtures/catalog';

export interface Annotation {
  kind: 'expect' | 'ok';
  ruleId: string;
  /** 0-based line of the comment. */
  line: number;
  /** 0-based line of the next non-comment, non-blank line (-1 when the file ends first). */
  target: number;
}

export function fixtureFiles(): string[] {
  return readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.threatmodel.yaml')).sort().map((f) => join(FIXTURE_DIR, f));
}

export function readFixture(file: string): string {
  return readFileSync(file, 'utf8');
}

const MARKER = /^\s*#\s*(expect|ok)\s*:\s*(.*)$/;

export function annotations(text: string): Annotation[] {
  const lines = text.split(/\r?\n/);
  const out: Annotation[] = [];
  lines.forEach((line, i) => {
    const m = MARKER.exec(line);
    if (!m) return;
    let target = -1;
    for (let j = i + 1; j < lines.length; j++) {
      const t = lines[j]!.trim();
      if (t !== '' && !t.startsWith('#')) { target = j; break; }
    }
    for (const ruleId of m[2]!.split(/[\s,]+/).filter(Boolean)) out.push({ kind: m[1] as 'expect' | 'ok', ruleId, line: i, target });
  });
  return out;
}

/**
 * The element declared at a line: the innermost component, flow, data asset, provider, boundary or RAG
 * pipeline whose declaration contains it (`system` for the `system:` key).
 */
export function elementAtLine(model: ResolvedModel, text: string, line: number): string | undefined {
  if (/^\s*system\s*:/.test(text.split(/\r?\n/)[line] ?? '')) return 'system';
  const ids = [
    ...model.components.keys(), ...model.flows.map((f) => f.id), ...model.data.keys(), ...model.providers.keys(),
    ...model.boundaries.keys(), ...model.rag.map((r) => r.id),
  ];
  let best: { id: string; size: number } | undefined;
  for (const id of ids) {
    const r = model.locate(id)?.range;
    if (!r || line < r.start.line || line > r.end.line || (line === r.end.line && r.end.character === 0 && r.end.line > r.start.line)) continue;
    const size = r.end.line - r.start.line;
    if (!best || size < best.size) best = { id, size };
  }
  return best?.id;
}
