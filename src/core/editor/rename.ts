/**
 * Go to definition, find references and rename for element ids. Ids share one namespace across the model, so
 * every occurrence of the id counts: its declaration, every reference the schema marks as one, and the element
 * and flow parts of tracking keys. A flow without an explicit id is named `from->to`, so renaming either end
 * renames the flow too, and references to that flow (tracking keys, `covers`, suppressions) follow.
 */
import type { Range } from '../problem';
import { findDeclaration, idAt, type ModelIndex, type Span } from './yaml-index';

export interface TextEditData {
  start: number;
  end: number;
  range: Range;
  newText: string;
}

/** Must match the schema's `id` pattern. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Every place an id occurs: declaration(s) first, then references and tracking-key parts in text order. */
export function occurrences(index: ModelIndex, id: string): Array<{ span: Span; role: 'declaration' | 'reference' | 'tracking' }> {
  const out: Array<{ span: Span; role: 'declaration' | 'reference' | 'tracking' }> = [];
  for (const d of index.declarations) if (d.id === id && d.idSpan) out.push({ span: d.idSpan, role: 'declaration' });
  const rest: typeof out = [];
  for (const r of index.references) if (r.id === id && r.kind !== 'rule' && r.kind !== 'mitigation' && r.kind !== 'finding') rest.push({ span: r.span, role: 'reference' });
  for (const t of index.tracking) for (const p of t.parts) if (p.role !== 'rule' && p.text === id) rest.push({ span: p.span, role: 'tracking' });
  rest.sort((a, b) => a.span.start - b.span.start);
  return [...out, ...rest];
}

export type PrepareResult = { id: string; span: Span } | { error: string };

/** Whether the offset is on a renameable id, and which. */
export function prepareRename(index: ModelIndex, offset: number): PrepareResult {
  const at = idAt(index, offset);
  if (!at) return { error: 'Put the cursor on an element id (its declaration, a reference to it, or a tracking key).' };
  if (at.at === 'tracking' && at.role === 'rule') return { error: 'Rule ids come from the catalog and cannot be renamed here.' };
  if (at.at === 'reference' && (at.reference.kind === 'rule' || at.reference.kind === 'mitigation' || at.reference.kind === 'finding')) {
    return { error: 'Rule, mitigation and finding ids come from the catalog and cannot be renamed here.' };
  }
  const decl = findDeclaration(index, at.id);
  if (!decl) return { error: `'${at.id}' is not declared in this model, so there is nothing to rename.` };
  if (!decl.idSpan) return { error: `The flow '${at.id}' has no id of its own; rename one of its ends, or give it an id.` };
  return { id: at.id, span: at.span };
}

/** The edits that rename `id` to `newId` everywhere, or why it cannot be done. */
export function renameEdits(index: ModelIndex, id: string, newId: string): { edits: TextEditData[] } | { error: string } {
  if (newId === id) return { edits: [] };
  if (!ID_PATTERN.test(newId) || newId.length > 128) {
    return { error: `'${newId}' is not a valid id: start with a letter or digit, then letters, digits, '_', '.' or '-'.` };
  }
  if (findDeclaration(index, newId)) return { error: `'${newId}' is already used by another element; ids are unique across the model.` };
  const edits = new Map<number, TextEditData>();
  const put = (span: Span, text: string): void => {
    edits.set(span.start, { start: span.start, end: span.end, range: span.range, newText: text });
  };
  for (const o of occurrences(index, id)) put(o.span, newId);
  // Flows named after their ends change name with them.
  for (const d of index.declarations) {
    if (d.idSpan || !d.flow || (d.flow.from !== id && d.flow.to !== id)) continue;
    const renamed = `${d.flow.from === id ? newId : d.flow.from}->${d.flow.to === id ? newId : d.flow.to}`;
    for (const o of occurrences(index, d.id)) put(o.span, renamed);
  }
  // A tracking key's flow part may name a flow that is gone; keep its ends in step anyway.
  for (const t of index.tracking) {
    for (const p of t.parts) {
      if (p.role !== 'flow' || !p.text.includes('->') || edits.has(p.span.start)) continue;
      const ends = p.text.split('->');
      if (!ends.includes(id)) continue;
      put(p.span, ends.map((e) => (e === id ? newId : e)).join('->'));
    }
  }
  return { edits: [...edits.values()].sort((a, b) => a.start - b.start) };
}
