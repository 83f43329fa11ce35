/**
 * The editor's index of a model file: where every element is declared, every place an id is referenced
 * (found through the schema's `componentRef`/`dataRef`/... definitions, not a hand-kept list), the tracking
 * keys split into rule, element and flow parts, and where each top-level section sits. Built from a tolerant
 * parse, so it stays useful while the file is half-typed and invalid. Plain data: it crosses a worker
 * boundary unchanged.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type Scalar } from 'yaml';
import { makeRange, type Range } from '../problem';
import type { RefKind, SchemaNav, SchemaNode } from './schema-nav';

/** Offsets into the text plus the same place as an LSP range. */
export interface Span {
  start: number;
  end: number;
  range: Range;
}

export type ElementSection = 'boundaries' | 'data' | 'providers' | 'components' | 'rag' | 'flows' | 'controls';
export const ELEMENT_SECTIONS: readonly ElementSection[] = ['boundaries', 'data', 'providers', 'components', 'rag', 'flows', 'controls'];

export interface Declaration {
  id: string;
  section: ElementSection;
  /** Component, boundary or provider kind; `flow`, `rag`, `control`, `data` otherwise. */
  kind: string;
  name?: string;
  /** The `id` value; absent for a flow named implicitly `from->to`. */
  idSpan?: Span;
  /** The whole item. */
  span: Span;
  /** For flows: the ends and the data carried. */
  flow?: { from: string; to: string; data: string[] };
}

export interface Reference {
  id: string;
  kind: RefKind;
  /** The id's text (inside quotes, for a quoted scalar). */
  span: Span;
  /** The property that holds it, e.g. `tools`, `from`, `covers`. */
  property: string;
  /** The element whose item holds the reference (its id), if any. */
  owner?: string;
  /** The kind of that element (component kind, `flow`, `rag`, ...). */
  ownerKind?: string;
}

export interface TrackingKey {
  key: string;
  span: Span;
  /** The whole `key: entry` pair. */
  pairSpan: Span;
  /** The `status` value, if given. */
  status?: string;
  parts: Array<{ role: 'rule' | 'element' | 'flow'; text: string; span: Span }>;
}

export interface SectionInfo {
  key: string;
  keySpan: Span;
  /** The value node, absent for `key:` with nothing after it. */
  valueSpan?: Span;
  style: 'block-seq' | 'block-map' | 'flow' | 'scalar' | 'empty';
  /** Column of the first item (the `-` of a block sequence, the key of a block mapping). */
  itemIndent?: number;
  items: number;
}

export interface ModelIndex {
  declarations: Declaration[];
  references: Reference[];
  tracking: TrackingKey[];
  sections: SectionInfo[];
  /** Characters in the text, and whether it ends with a newline (edits that append need to know). */
  length: number;
  endsWithNewline: boolean;
  /** The indentation step the file uses (2 unless the file says otherwise). */
  indentUnit: number;
}

export function emptyIndex(): ModelIndex {
  return { declarations: [], references: [], tracking: [], sections: [], length: 0, endsWithNewline: true, indentUnit: 2 };
}

type YNode = Node | null | undefined;

/** Builds the index of a model's text. Never throws; a text that is not a mapping gives an empty index. */
export function indexModel(text: string, nav: SchemaNav): ModelIndex {
  const index = emptyIndex();
  index.length = text.length;
  index.endsWithNewline = text.length === 0 || text.endsWith('\n');
  try {
    build(text, nav, index);
  } catch {
    // A tolerant parse of arbitrary text may hit shapes nobody planned for; an index with less in it is fine.
  }
  return index;
}

function build(text: string, nav: SchemaNav, index: ModelIndex): void {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, strict: false, prettyErrors: false });
  const span = (start: number, end: number): Span => {
    const s = lc.linePos(start);
    const e = lc.linePos(Math.max(start, end));
    return { start, end: Math.max(start, end), range: makeRange(s.line - 1, s.col - 1, e.line - 1, e.col - 1) };
  };
  const column = (offset: number): number => lc.linePos(offset).col - 1;
  const root = doc.contents;
  if (!isMap(root)) return;
  index.indentUnit = detectIndent(text);
  const rootNode = nav.rootNode();

  for (const pair of root.items) {
    if (!isPair(pair) || !isScalar(pair.key) || typeof pair.key.value !== 'string') continue;
    const key = pair.key.value;
    const keyRange = pair.key.range!;
    const value = pair.value as YNode;
    const info: SectionInfo = { key, keySpan: span(keyRange[0], keyRange[1]), style: 'empty', items: 0 };
    if (value && value.range && !(isScalar(value) && (value.value === null || value.value === '') && value.range[0] === value.range[1])) {
      info.valueSpan = span(value.range[0], value.range[2] ?? value.range[1]);
      if (isSeq(value) || isMap(value)) {
        info.items = value.items.length;
        info.style = value.flow ? 'flow' : isSeq(value) ? 'block-seq' : 'block-map';
        const first = value.items[0];
        const firstStart = isPair(first) ? (first.key as YNode)?.range?.[0] : (first as YNode)?.range?.[0];
        if (firstStart !== undefined && !value.flow) {
          // A block sequence item's node starts after its `- `; the dash sits two columns before.
          info.itemIndent = isSeq(value) ? Math.max(0, column(firstStart) - 2) : column(firstStart);
        }
      } else {
        info.style = 'scalar';
      }
    }
    index.sections.push(info);

    const sectionNode = nav.property(rootNode, key, undefined);
    if (key === 'tracking' && isMap(value)) {
      indexTracking(value, text, span, index);
      continue;
    }
    if ((ELEMENT_SECTIONS as readonly string[]).includes(key) && isSeq(value)) {
      const itemNode = sectionNode ? nav.items(sectionNode) : undefined;
      for (const item of value.items) {
        if (!isMap(item)) continue;
        const decl = declaration(key as ElementSection, item, text, span);
        if (decl) index.declarations.push(decl);
        if (itemNode) walk(item, itemNode, key, decl, nav, text, span, index);
      }
      continue;
    }
    if (sectionNode && value) walk(value, sectionNode, key, undefined, nav, text, span, index);
  }
}

function scalarString(n: unknown): string | undefined {
  if (!isScalar(n)) return undefined;
  const v = (n as Scalar).value;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** The span of a scalar's text without its quotes. */
function innerSpan(n: Scalar, span: (s: number, e: number) => Span): Span {
  const [s, e] = n.range!;
  const quoted = n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE';
  return quoted ? span(s + 1, Math.max(s + 1, e - 1)) : span(s, e);
}

function declaration(section: ElementSection, item: Node & { get: (k: string, keep?: boolean) => unknown }, text: string, span: (s: number, e: number) => Span): Declaration | undefined {
  const idNode = item.get('id', true);
  const id = scalarString(idNode);
  const r = item.range!;
  const whole = span(r[0], trimEnd(text, r[0], r[1]));
  const kindOf = section === 'components' || section === 'boundaries' || section === 'providers'
    ? scalarString(item.get('kind', true)) ?? 'unknown'
    : section === 'flows' ? 'flow' : section === 'rag' ? 'rag' : section === 'controls' ? 'control' : 'data';
  const name = scalarString(item.get('name', true));
  let flow: Declaration['flow'];
  if (section === 'flows') {
    const data = item.get('data', true);
    flow = {
      from: scalarString(item.get('from', true)) ?? '',
      to: scalarString(item.get('to', true)) ?? '',
      data: isSeq(data) ? data.items.map(scalarString).filter((x): x is string => !!x) : [],
    };
  }
  if (id !== undefined && id !== '') {
    return { id, section, kind: kindOf, ...(name ? { name } : {}), idSpan: innerSpan(idNode as Scalar, span), span: whole, ...(flow ? { flow } : {}) };
  }
  if (flow && flow.from && flow.to) return { id: `${flow.from}->${flow.to}`, section, kind: 'flow', span: whole, flow };
  return undefined;
}

/** Block items end at the next item's start; trailing blank lines and comments are not part of an element. */
function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1]!)) e--;
  return e;
}

function walk(
  node: unknown, schema: SchemaNode, property: string, owner: Declaration | undefined, nav: SchemaNav, text: string,
  span: (s: number, e: number) => Span, index: ModelIndex, depth = 0,
): void {
  if (depth > 12) return;
  if (isScalar(node)) {
    if (schema.refKind && node.range) {
      const id = scalarString(node);
      if (id !== undefined && id !== '') {
        index.references.push({
          id, kind: schema.refKind, span: innerSpan(node, span), property,
          ...(owner ? { owner: owner.id, ownerKind: owner.kind } : {}),
        });
      }
    }
    return;
  }
  if (isSeq(node)) {
    const items = nav.items(schema);
    if (!items) return;
    for (const it of node.items) walk(it, items, property, owner, nav, text, span, index, depth + 1);
    return;
  }
  if (isMap(node)) {
    const kind = scalarString(node.get('kind', true));
    const discriminator = kind !== undefined ? { kind } : {};
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = scalarString(pair.key);
      if (key === undefined || key === 'id') continue;
      const child = nav.property(schema, key, discriminator);
      if (child) walk(pair.value, child, key, owner, nav, text, span, index, depth + 1);
    }
  }
}

function indexTracking(map: { items: unknown[] }, text: string, span: (s: number, e: number) => Span, index: ModelIndex): void {
  for (const pair of map.items) {
    if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) continue;
    const key = scalarString(pair.key);
    if (key === undefined) continue;
    const keySpan = innerSpan(pair.key, span);
    const value = pair.value as YNode;
    const end = value?.range ? trimEnd(text, keySpan.start, value.range[2] ?? value.range[1]) : keySpan.end;
    const status = isMap(value) ? scalarString(value.get('status', true)) : undefined;
    const entry: TrackingKey = { key, span: keySpan, pairSpan: span(pair.key.range[0], Math.max(end, pair.key.range[1])), parts: [], ...(status ? { status } : {}) };
    // Parts are only located when the key's source text is the key itself (no escapes in a quoted key).
    if (text.slice(keySpan.start, keySpan.end) === key) {
      const segments = key.split('@');
      let offset = keySpan.start;
      segments.forEach((seg, i) => {
        const role = i === 0 ? 'rule' : i === 1 ? 'element' : 'flow';
        if (seg.length > 0 && i < 3) entry.parts.push({ role, text: seg, span: span(offset, offset + seg.length) });
        offset += seg.length + 1;
      });
    }
    index.tracking.push(entry);
  }
}

/** The smallest indentation step used by the file's block lines (2 when it cannot tell). */
function detectIndent(text: string): number {
  let best = 0;
  const lines = text.split('\n', 400);
  for (const line of lines) {
    const m = /^( +)\S/.exec(line);
    if (m && !line.trimStart().startsWith('#')) {
      const n = m[1]!.length;
      if (best === 0 || n < best) best = n;
    }
  }
  return best >= 1 && best <= 8 ? best : 2;
}

// ---------------------------------------------------------------- queries

/** The declaration of an id (the first one, when an id is declared twice). */
export function findDeclaration(index: ModelIndex, id: string): Declaration | undefined {
  return index.declarations.find((d) => d.id === id);
}

export type IdAt =
  | { at: 'declaration'; id: string; span: Span; declaration: Declaration }
  | { at: 'reference'; id: string; span: Span; reference: Reference }
  | { at: 'tracking'; id: string; span: Span; role: 'rule' | 'element' | 'flow'; key: TrackingKey };

/** What id (if any) the offset is on: a declaration's id, a reference, or a part of a tracking key. */
export function idAt(index: ModelIndex, offset: number): IdAt | undefined {
  for (const d of index.declarations) {
    if (d.idSpan && d.idSpan.start <= offset && offset <= d.idSpan.end) return { at: 'declaration', id: d.id, span: d.idSpan, declaration: d };
  }
  for (const r of index.references) {
    if (r.span.start <= offset && offset <= r.span.end) return { at: 'reference', id: r.id, span: r.span, reference: r };
  }
  for (const t of index.tracking) {
    if (offset < t.span.start || offset > t.span.end) continue;
    for (const p of t.parts) if (p.span.start <= offset && offset <= p.span.end) return { at: 'tracking', id: p.text, span: p.span, role: p.role, key: t };
  }
  return undefined;
}

/** The element declaration whose item contains the offset (innermost section item). */
export function declarationContaining(index: ModelIndex, offset: number): Declaration | undefined {
  return index.declarations.find((d) => d.span.start <= offset && offset <= d.span.end);
}

export function section(index: ModelIndex, key: string): SectionInfo | undefined {
  return index.sections.find((s) => s.key === key);
}
