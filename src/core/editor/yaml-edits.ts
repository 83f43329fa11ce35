/**
 * Text edits that quick fixes and commands make to a model: tracking entries, suppressions, controls, new
 * elements. Each returns small edits against the current text (never a rewrite of the whole file), so comments
 * and formatting survive and the editor can undo them as one step. Values the user typed are quoted when YAML
 * would read them as anything but a string.
 */
import type { TrackingEntry } from '../model/types';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type YAMLMap } from 'yaml';
import { makeRange } from '../problem';
import type { TextEditData } from './rename';
import { section, type ElementSection, type ModelIndex } from './yaml-index';

export type EditResult = { edits: TextEditData[] } | { error: string };

/** A YAML scalar for a user-supplied string: plain when unambiguous, double-quoted otherwise. */
export function yamlString(value: string): string {
  const plain = /^[A-Za-z0-9_./@-][A-Za-z0-9 _.,/@()'-]*$/.test(value)
    && !/^(true|false|yes|no|on|off|null|~|y|n)$/i.test(value)
    && !/^[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan)$/i.test(value)
    && !value.endsWith(' ') && !value.startsWith('-');
  return plain ? value : JSON.stringify(value);
}

/** Positions from offsets, for edits computed on raw text. */
class Positions {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  at(offset: number): { line: number; character: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo]! };
  }
  edit(start: number, end: number, newText: string): TextEditData {
    const s = this.at(start);
    const e = this.at(end);
    return { start, end, range: makeRange(s.line, s.character, e.line, e.character), newText };
  }
}

function trimmedEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1]!)) e--;
  return e;
}

function indentLines(lines: readonly string[], indent: string): string {
  return lines.map((l) => (l === '' ? l : indent + l)).join('\n');
}

/**
 * Adds an item to a top-level section (a list or a mapping), creating the section at the end of the file when
 * it is missing. `item` is the item's lines relative to the item's own column.
 */
export function appendToSection(text: string, index: ModelIndex, key: string, item: readonly string[]): EditResult {
  const pos = new Positions(text);
  const s = section(index, key);
  const unit = ' '.repeat(index.indentUnit);
  if (!s) {
    const lead = text.length === 0 || text.endsWith('\n') ? '' : '\n';
    return { edits: [pos.edit(text.length, text.length, `${lead}${key}:\n${indentLines(item, unit)}\n`)] };
  }
  if ((s.style === 'block-seq' || s.style === 'block-map') && s.valueSpan) {
    const at = trimmedEnd(text, s.valueSpan.start, s.valueSpan.end);
    return { edits: [pos.edit(at, at, `\n${indentLines(item, ' '.repeat(s.itemIndent ?? index.indentUnit))}`)] };
  }
  if (s.style === 'empty' || s.items === 0) {
    const colon = text.indexOf(':', s.keySpan.end);
    if (colon < 0) return { error: `cannot find the ':' after '${key}'` };
    const end = s.valueSpan ? trimmedEnd(text, s.valueSpan.start, s.valueSpan.end) : colon + 1;
    return { edits: [pos.edit(colon, Math.max(colon + 1, end), `:\n${indentLines(item, unit)}`)] };
  }
  return { error: `'${key}' is written in flow style ([...] or {...}); write it as a block list or mapping to edit it from the editor` };
}

/** A tracking entry as the editor writes it (status as typed, before the schema checks it). */
export type TrackingFields = Omit<TrackingEntry, 'status'> & { status: string };

function fieldLines(fields: TrackingFields): string[] {
  const order: Array<keyof TrackingFields> = ['status', 'owner', 'due', 'ticket', 'justification', 'reviewedBy', 'reviewedOn'];
  return order.filter((k) => fields[k] !== undefined && fields[k] !== '').map((k) => `${k}: ${yamlString(fields[k]!)}`);
}

/** Writes the tracking entry of a finding: replaces an existing entry for the same id, or adds one. */
export function setTrackingEntry(text: string, index: ModelIndex, findingId: string, fields: TrackingFields): EditResult {
  const unit = ' '.repeat(index.indentUnit);
  const keyText = /^[A-Za-z0-9][A-Za-z0-9_.@>-]*$/.test(findingId) ? findingId : JSON.stringify(findingId);
  const body = fieldLines(fields).map((l) => unit + l);
  const existing = index.tracking.find((t) => t.key === findingId);
  if (existing) {
    const pos = new Positions(text);
    const column = existing.pairSpan.range.start.character;
    const replacement = [`${keyText}:`, ...body.map((l) => ' '.repeat(column) + l)].join('\n');
    return { edits: [pos.edit(existing.pairSpan.start, existing.pairSpan.end, replacement)] };
  }
  return appendToSection(text, index, 'tracking', [`${keyText}:`, ...body]);
}

/** Adds a suppression of a rule on one element, with the justification. */
export function addSuppression(text: string, index: ModelIndex, ruleId: string, elementId: string, justification: string): EditResult {
  return appendToSection(text, index, 'suppressions', [
    `- rule: ${yamlString(ruleId)}`,
    `  elements: [${yamlString(elementId)}]`,
    `  justification: ${yamlString(justification)}`,
  ]);
}

/** Adds a control that implements a mitigation and covers an element. */
export function addControl(text: string, index: ModelIndex, control: { id: string; name?: string; implements: string[]; covers: string[] }): EditResult {
  return appendToSection(text, index, 'controls', [
    `- id: ${yamlString(control.id)}`,
    ...(control.name ? [`  name: ${yamlString(control.name)}`] : []),
    `  implements: [${control.implements.map(yamlString).join(', ')}]`,
    ...(control.covers.length > 0 ? [`  covers: [${control.covers.map(yamlString).join(', ')}]`] : []),
    '  status: implemented',
  ]);
}

/** Starting properties for a new element, so the model validates right after the fix. */
export function newElementLines(sectionKey: ElementSection, id: string, kind?: string): string[] {
  switch (sectionKey) {
    case 'components': return [`- id: ${yamlString(id)}`, `  kind: ${kind ?? 'service'}`];
    case 'data': return [`- id: ${yamlString(id)}`, '  classification: internal'];
    case 'boundaries': return [`- id: ${yamlString(id)}`, `  kind: ${kind ?? 'network'}`];
    case 'providers': return [`- id: ${yamlString(id)}`];
    default: return [`- id: ${yamlString(id)}`];
  }
}

export function addElement(text: string, index: ModelIndex, sectionKey: ElementSection, id: string, kind?: string): EditResult {
  return appendToSection(text, index, sectionKey, newElementLines(sectionKey, id, kind));
}

/** The component kind a dangling reference most likely means, from the property that holds it. */
export function kindForReference(property: string): string {
  const table: Record<string, string> = {
    model: 'model-endpoint', tools: 'tool', memory: 'memory', delegatesTo: 'agent', store: 'vector-store',
    retriever: 'retriever', ingestion: 'ingestion-pipeline', datasets: 'dataset', baseModel: 'model-artifact',
    produces: 'model-artifact', artifact: 'model-artifact', registry: 'model-registry', consumers: 'agent',
  };
  return table[property] ?? 'service';
}

/**
 * Adds a mitigation to an existing control's `implements`, and the element to its `covers` when the control
 * lists what it covers (a control without `covers` already covers the whole system).
 */
export function extendControl(text: string, controlId: string, mitigationId: string, elementId: string): EditResult {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, strict: false });
  const controls = doc.get('controls', true);
  if (!isSeq(controls)) return { error: 'the model has no controls list' };
  const control = controls.items.find((c) => isMap(c) && c.get('id') === controlId) as YAMLMap | undefined;
  if (!control) return { error: `control '${controlId}' not found` };
  const pos = new Positions(text);
  const edits: TextEditData[] = [];
  for (const [key, value] of [['implements', mitigationId], ['covers', elementId]] as const) {
    const pair = control.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
    if (!pair) {
      if (key === 'covers') continue;
      const last = control.items[control.items.length - 1];
      const keyNode = control.items[0]?.key as { range?: number[] } | undefined;
      if (!last || !keyNode?.range) return { error: `control '${controlId}' has an unexpected shape` };
      const column = lc.linePos(keyNode.range[0]!).col - 1;
      const end = trimmedEnd(text, 0, ((last.value ?? last.key) as { range?: number[] }).range?.[2] ?? text.length);
      edits.push(pos.edit(end, end, `\n${' '.repeat(column)}${key}: [${yamlString(value)}]`));
      continue;
    }
    const list = pair.value;
    if (!isSeq(list)) return { error: `'${key}' of control '${controlId}' is not a list` };
    if (list.items.some((i) => isScalar(i) && i.value === value)) continue;
    const r = list.range!;
    if (list.flow) {
      const close = text.lastIndexOf(']', r[1]);
      if (close < 0) return { error: `cannot find the end of '${key}'` };
      const insertAt = trimmedEnd(text, r[0], close);
      edits.push(pos.edit(insertAt, insertAt, `${list.items.length > 0 ? ', ' : ''}${yamlString(value)}`));
    } else {
      const first = list.items[0] as { range?: number[] } | undefined;
      const column = first?.range ? lc.linePos(first.range[0]!).col - 1 - 2 : 0;
      const end = trimmedEnd(text, r[0], r[2] ?? r[1]);
      edits.push(pos.edit(end, end, `\n${' '.repeat(column)}- ${yamlString(value)}`));
    }
  }
  return { edits };
}

/**
 * Sets `property: true|false` on the element with this id (in any section): replaces the value when the key is
 * there, else adds the key as the element's last line, aligned with its other keys. One minimal edit.
 */
export function setElementProperty(text: string, elementId: string, property: string, value: boolean): EditResult {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, strict: false });
  if (!isMap(doc.contents)) return { error: 'the model is not a mapping' };
  let element: YAMLMap | undefined;
  for (const pair of doc.contents.items) {
    if (!isSeq(pair.value)) continue;
    element = pair.value.items.find((i) => isMap(i) && (i as YAMLMap).get('id') === elementId) as YAMLMap | undefined;
    if (element) break;
  }
  if (!element) return { error: `'${elementId}' is not declared` };
  const pos = new Positions(text);
  const existing = element.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === property);
  if (existing) {
    const r = (existing.value as { range?: number[] } | null)?.range;
    if (!r) return { error: `'${property}' of '${elementId}' has no value to replace` };
    return { edits: [pos.edit(r[0]!, r[1]!, String(value))] };
  }
  const keyNode = element.items[0]?.key as { range?: number[] } | undefined;
  const last = element.items[element.items.length - 1];
  if (!keyNode?.range || !last) return { error: `'${elementId}' has an unexpected shape` };
  if (element.flow) return { error: `'${elementId}' is written in flow style; add '${property}: ${value}' by hand` };
  const column = lc.linePos(keyNode.range[0]!).col - 1;
  const end = trimmedEnd(text, 0, ((last.value ?? last.key) as { range?: number[] }).range?.[2] ?? text.length);
  return { edits: [pos.edit(end, end, `\n${' '.repeat(column)}${property}: ${value}`)] };
}
