/**
 * Where the cursor is in the YAML structure: the path of the mapping or value it is in, whether it stands on a
 * key or a value, and the word being typed. A marker is put at the cursor and the text parsed tolerantly, so a
 * half-typed line (`    kin`, `tools: [web-`) still yields a path.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { cursorSlice, type CursorSlice } from './cursor-slice';

export type PathSegment = string | number;

export interface CursorContext {
  /** key: the path of the mapping the key belongs to; value: the path of the value (seq items end in an index). */
  path: PathSegment[];
  position: 'key' | 'value';
  /** The part of the word before the cursor. */
  prefix: string;
  /** The whole word around the cursor (what a completion replaces). */
  word: { start: number; end: number; text: string };
  /** Keys already present in the mapping (key position) or values already in the sequence (value position). */
  siblings: string[];
  /** `kind` of each mapping on the path, by path length (for schemas that depend on `kind`). */
  kinds: Map<number, string>;
}

const MARK = 'Zq9tmacCursorZq9';
const WORD_CHAR = /[A-Za-z0-9_.@>-]/;

export function wordAt(text: string, offset: number): { start: number; end: number; text: string } {
  let s = offset;
  while (s > 0 && WORD_CHAR.test(text[s - 1]!)) s--;
  // A list dash followed by a space is structure, not part of the word.
  let e = offset;
  while (e < text.length && WORD_CHAR.test(text[e]!)) e++;
  while (s < offset && text[s] === '-' && (text[s + 1] === ' ' || s + 1 === offset)) s++;
  return { start: s, end: e, text: text.slice(s, e) };
}

/**
 * The context at `offset`, or undefined in a comment, a block scalar, or where no structure can be found.
 * `parsed` is a tolerant parse of this very text (the editor caches one per document version): with it only
 * the cursor's section or list item is parsed again, not the whole text (cursor-slice.ts).
 */
export function cursorContext(text: string, offset: number, parsed?: Pick<Document.Parsed, 'contents' | 'errors'>): CursorContext | undefined {
  if (offset < 0 || offset > text.length) return undefined;
  const word = wordAt(text, offset);
  const lineStart = text.lastIndexOf('\n', word.start - 1) + 1;
  const before = text.slice(lineStart, word.start);
  if (/(^|\s)#/.test(before)) return undefined;
  const slice = parsed ? cursorSlice(text, offset, parsed) : undefined;
  const found = slice ? inSlice(slice, offset) ?? probe(text, offset) : probe(text, offset);
  if (!found) return undefined;
  return { ...found, prefix: text.slice(word.start, offset), word };
}

/** Parses the text with the marker at the cursor and finds it. */
function probe(text: string, offset: number): Found | undefined {
  let doc;
  try {
    doc = parseDocument(text.slice(0, offset) + MARK + text.slice(offset), { uniqueKeys: false, strict: false, prettyErrors: false });
  } catch {
    return undefined;
  }
  return find(doc.contents as Node, []);
}

/**
 * The same, on the cursor's slice: its path is the whole text's when the marker lands inside the section (or
 * the list item, parsed as item 0 of its section). Anywhere else (a new top-level key being typed) the answer
 * depends on the rest of the text: undefined, and the caller parses it all.
 */
function inSlice(slice: CursorSlice, offset: number): Found | undefined {
  const found = probe(slice.text, offset - slice.shift);
  if (!found || found.path[0] !== slice.key) return undefined;
  if (slice.item === undefined) return found;
  if (found.path.length < 2 || found.path[1] !== 0) return undefined;
  found.path[1] = slice.item;
  return found;
}

type Found = Omit<CursorContext, 'prefix' | 'word'>;

function str(n: unknown): string | undefined {
  if (!isScalar(n)) return undefined;
  return typeof n.value === 'string' ? n.value : n.value === null || n.value === undefined ? undefined : String(n.value);
}

function find(root: Node | null, path: PathSegment[]): Found | undefined {
  const kinds = new Map<number, string>();
  const visit = (node: unknown, p: PathSegment[], depth: number): Found | undefined => {
    if (depth > 64) return undefined;
    if (isScalar(node)) {
      const v = str(node);
      if (v !== undefined && v.includes(MARK)) return { path: p, position: 'value', siblings: [], kinds };
      return undefined;
    }
    if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) {
        const item = node.items[i];
        const r = visit(item, [...p, i], depth + 1);
        if (r) {
          if (r.position === 'value' && r.path.length === p.length + 1 && isScalar(item)) {
            r.siblings = node.items.filter((x) => x !== item).map(str).filter((x): x is string => x !== undefined);
          }
          return r;
        }
      }
      return undefined;
    }
    if (isMap(node)) {
      const kind = str(node.get('kind', true));
      if (kind !== undefined && !kind.includes(MARK)) kinds.set(p.length, kind);
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = str(pair.key);
        if (key !== undefined && key.includes(MARK)) {
          const siblings = node.items.filter((x) => x !== pair).map((x) => (isPair(x) ? str(x.key) : undefined)).filter((x): x is string => x !== undefined);
          return { path: p, position: 'key', siblings, kinds };
        }
        if (key === undefined) continue;
        const r = visit(pair.value, [...p, key], depth + 1);
        if (r) return r;
      }
      kinds.delete(p.length);
    }
    return undefined;
  };
  return visit(root, path, 0);
}

/** The path as the key sequence a reader sees, e.g. `components[3].tools`. */
export function formatPath(path: readonly PathSegment[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}
