/**
 * Applies tracking edits to a model's YAML text as targeted text splices, so every byte outside the edited
 * values stays as it was: comments, key order, quoting, blank lines, line endings. The `yaml` package only
 * locates nodes; it never re-prints the document. The result is parsed again and compared with what was
 * intended, and refused when anything else would change.
 */
import { isMap, isScalar, parse, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';

export interface TrackingEdit {
  /** Finding id: the key under `tracking:`. */
  id: string;
  /** Keys to set (`status`, `owner`, `due`, `ticket`, `justification`) and their new values. */
  set: Record<string, string>;
  /** Keys to remove (a cleared cell). */
  remove: string[];
}

export type EditResult = { ok: true; text: string } | { ok: false; message: string };

/** `after`: inserted after any other insertion at the same place (a new entry after a new key of the last entry). */
interface Splice { start: number; end: number; text: string; after?: boolean }

function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

/** The start of the line after the one `pos` is on (or `pos` itself when it already starts a line). */
function nextLineStart(text: string, pos: number): number {
  if (pos > 0 && text[pos - 1] === '\n') return pos;
  const nl = text.indexOf('\n', pos);
  return nl === -1 ? text.length : nl + 1;
}

const PLAIN_SAFE = /^[A-Za-z0-9][A-Za-z0-9 _.,/()@+>-]*$/;

/** A scalar as YAML text: plain when it reads back as the same string, double-quoted otherwise. */
export function yamlScalar(value: string): string {
  if (PLAIN_SAFE.test(value) && !value.endsWith(' ') && !value.includes(' #') && !value.includes(': ')) {
    try {
      const back = parse(`k: ${value}\n`) as { k?: unknown };
      if (back?.k === value) return value;
    } catch { /* fall through to quoting */ }
  }
  // A JSON string is a valid YAML double-quoted scalar.
  return JSON.stringify(value);
}

function flowMap(entries: Array<[string, string]>): string {
  return `{ ${entries.map(([k, v]) => `${yamlScalar(k)}: ${yamlScalar(v)}`).join(', ')} }`;
}

function blockLines(entries: Array<[string, string]>, indent: string, eol: string): string {
  return entries.map(([k, v]) => `${indent}${yamlScalar(k)}: ${yamlScalar(v)}${eol}`).join('');
}

function pairKey(p: Pair): string | undefined {
  return isScalar(p.key) ? String(p.key.value) : undefined;
}

function column(text: string, node: Node | Pair['key']): number {
  const start = (node as Node).range![0];
  return start - lineStart(text, start);
}

/** Sorted-key JSON, to compare two parsed documents regardless of key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

function expected(original: Record<string, unknown>, edits: readonly TrackingEdit[]): Record<string, unknown> {
  const out = JSON.parse(JSON.stringify(original)) as Record<string, unknown>;
  const tracking = (out.tracking && typeof out.tracking === 'object' ? out.tracking : {}) as Record<string, Record<string, unknown> | null>;
  for (const e of edits) {
    const entry = { ...(tracking[e.id] ?? {}) };
    for (const [k, v] of Object.entries(e.set)) entry[k] = v;
    for (const k of e.remove) delete entry[k];
    tracking[e.id] = entry;
  }
  out.tracking = tracking;
  return out;
}

/** Applies the edits; refuses (with a reason) rather than produce anything but the intended change. */
export function applyTrackingEdits(text: string, edits: readonly TrackingEdit[]): EditResult {
  if (edits.length === 0) return { ok: true, text };
  const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
  if (doc.errors.length > 0) return { ok: false, message: `the model has YAML errors: ${doc.errors[0]!.message}` };
  const root = doc.contents;
  if (!isMap(root) || root.flow) return { ok: false, message: 'the model is not a block mapping at the top level' };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const splices: Splice[] = [];

  // Indentation unit: the column of the first nested block-map key, else two spaces.
  const unit = (() => {
    for (const p of root.items) {
      const v = p.value;
      if (isMap(v) && !v.flow && v.items[0]) return Math.max(1, column(text, v.items[0].key as Node));
    }
    return 2;
  })();

  const trackingPair = root.items.find((p) => pairKey(p) === 'tracking');
  const tracking = trackingPair?.value;
  const newEntries: TrackingEdit[] = [];

  for (const edit of edits) {
    const entryPair = isMap(tracking) ? tracking.items.find((p) => pairKey(p) === edit.id) : undefined;
    if (!entryPair) { newEntries.push(edit); continue; }
    const entry = entryPair.value;
    if (isMap(entry) && !entry.flow && entry.items.length > 0) {
      editBlockEntry(text, entry, edit, eol, splices);
    } else {
      // A flow map (`{ status: open }`) or an empty value: rewrite just this value as a flow map.
      const current: Array<[string, string]> = isMap(entry)
        ? entry.items.flatMap((p) => (pairKey(p) !== undefined ? [[pairKey(p)!, String(isScalar(p.value) ? p.value.value : '')] as [string, string]] : []))
        : [];
      const merged = new Map(current);
      for (const [k, v] of Object.entries(edit.set)) merged.set(k, v);
      for (const k of edit.remove) merged.delete(k);
      const node = entry as Node | null;
      if (node && node.range && node.range[1] > node.range[0]) {
        splices.push({ start: node.range[0], end: node.range[1], text: flowMap([...merged]) });
      } else {
        const keyEnd = (entryPair.key as Node).range![1];
        const colon = text.indexOf(':', keyEnd);
        if (colon < 0) return { ok: false, message: `cannot locate the tracking entry '${edit.id}'` };
        splices.push({ start: colon + 1, end: colon + 1, text: ` ${flowMap([...merged])}` });
      }
    }
  }

  if (newEntries.length > 0) {
    const entryText = (indent: string) =>
      newEntries.map((e) => `${indent}${yamlScalar(e.id)}:${eol}${blockLines(Object.entries(e.set), indent + ' '.repeat(unit), eol)}`).join('');
    if (isMap(tracking) && !tracking.flow && tracking.items.length > 0) {
      const indent = ' '.repeat(column(text, tracking.items[0]!.key as Node));
      const last = tracking.items[tracking.items.length - 1]!;
      const end = ((last.value as Node | null)?.range ?? (last.key as Node).range!)[1];
      splices.push({ ...insertAt(text, nextLineStart(text, end), entryText(indent), eol), after: true });
    } else if (trackingPair && isMap(tracking)) {
      // `tracking: {}` or a flow map: rewrite the value as a flow map with every entry.
      const all = new Map<string, Array<[string, string]>>();
      for (const p of tracking.items) {
        const k = pairKey(p);
        if (k !== undefined && isMap(p.value)) all.set(k, p.value.items.map((q) => [pairKey(q) ?? '', String(isScalar(q.value) ? q.value.value : '')]));
      }
      // Edits of existing entries go into this one rewrite; splices inside it would overlap it.
      for (const e of edits) {
        const merged = new Map(all.get(e.id) ?? []);
        for (const [k, v] of Object.entries(e.set)) merged.set(k, v);
        for (const k of e.remove) merged.delete(k);
        all.set(e.id, [...merged]);
      }
      const r = (tracking as YAMLMap).range!;
      for (let i = splices.length - 1; i >= 0; i--) if (splices[i]!.start >= r[0] && splices[i]!.end <= r[1]) splices.splice(i, 1);
      splices.push({ start: r[0], end: r[1], text: `{ ${[...all].map(([k, v]) => `${yamlScalar(k)}: ${flowMap(v)}`).join(', ')} }` });
    } else if (trackingPair) {
      // `tracking:` with no value.
      const keyEnd = (trackingPair.key as Node).range![1];
      splices.push({ ...insertAt(text, nextLineStart(text, keyEnd), entryText(' '.repeat(unit)), eol), after: true });
    } else {
      const last = root.items[root.items.length - 1];
      const end = last ? ((last.value as Node | null)?.range ?? (last.key as Node).range!)[1] : text.length;
      splices.push({ ...insertAt(text, nextLineStart(text, end), `tracking:${eol}${entryText(' '.repeat(unit))}`, eol), after: true });
    }
  }

  // From the end backwards, so earlier offsets stay valid. At one offset, `after` splices go first: what is
  // inserted first ends up last (the order was undefined before, and a new key could land in the new entry).
  splices.sort((a, b) => b.start - a.start || b.end - a.end || Number(b.after ?? false) - Number(a.after ?? false));
  let out = text;
  for (const s of splices) out = out.slice(0, s.start) + s.text + out.slice(s.end);

  // Check: the new text parses, and differs from the old only by the intended tracking values.
  const after = parseDocument(out, { uniqueKeys: false });
  if (after.errors.length > 0) return { ok: false, message: `internal: the edited model would not parse (${after.errors[0]!.message})` };
  const want = expected(doc.toJS({ maxAliasCount: 1000 }) as Record<string, unknown>, edits);
  if (canonical(after.toJS({ maxAliasCount: 1000 })) !== canonical(want)) {
    return { ok: false, message: 'internal: the edit would change more than the tracking entries; nothing was written' };
  }
  return { ok: true, text: out };
}

function insertAt(text: string, pos: number, insert: string, eol: string): Splice {
  const needsBreak = pos === text.length && text.length > 0 && !text.endsWith('\n');
  return { start: pos, end: pos, text: needsBreak ? `${eol}${insert}` : insert };
}

function editBlockEntry(text: string, entry: YAMLMap, edit: TrackingEdit, eol: string, splices: Splice[]): void {
  const indent = ' '.repeat(column(text, entry.items[0]!.key as Node));
  const missing: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(edit.set)) {
    const pair = entry.items.find((p) => pairKey(p) === k);
    const value = pair?.value as Node | null | undefined;
    if (pair && value && value.range && value.range[1] > value.range[0]) {
      const old = text.slice(value.range[0], value.range[1]);
      // Keep a block scalar's line break; the replacement is a one-line scalar.
      splices.push({ start: value.range[0], end: value.range[1], text: yamlScalar(v) + (old.endsWith('\n') ? eol : '') });
    } else if (pair) {
      const keyEnd = (pair.key as Node).range![1];
      const colon = text.indexOf(':', keyEnd);
      splices.push({ start: colon + 1, end: colon + 1, text: ` ${yamlScalar(v)}` });
    } else {
      missing.push([k, v]);
    }
  }
  for (const k of edit.remove) {
    const pair = entry.items.find((p) => pairKey(p) === k);
    if (!pair) continue;
    const start = lineStart(text, (pair.key as Node).range![0]);
    const end = nextLineStart(text, ((pair.value as Node | null)?.range ?? (pair.key as Node).range!)[1]);
    splices.push({ start, end, text: '' });
  }
  if (missing.length > 0) {
    const last = entry.items[entry.items.length - 1]!;
    const end = ((last.value as Node | null)?.range ?? (last.key as Node).range!)[1];
    splices.push(insertAt(text, nextLineStart(text, end), blockLines(missing, indent, eol), eol));
  }
}
