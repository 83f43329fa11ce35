/**
 * The part of a model's text the cursor context needs to parse. `cursorContext` puts a marker at the cursor
 * and parses the text; parsing the whole of a 2 MB model per hover or completion took 0.3 s. With a parse of
 * the document that is already there (cached per version by the extension), the cursor's top-level section,
 * and within a block list its item, is found from that parse's ranges, and only that slice is parsed with the
 * marker: the section's key line plus the item. A top-level entry of a block mapping, and a mapping item of a
 * block list, read the same on their own as in the whole file, so the answer is the same; where that is not
 * sure (flow style, a YAML error before the slice, the cursor between entries) the caller parses everything.
 */
import { isMap, isSeq, type Document, type Node } from 'yaml';

export interface CursorSlice {
  /** The text to parse (the marker goes in at `offset - shift`). */
  text: string;
  shift: number;
  /** The section key, and the item's index in its list when the slice is one item (parsed as item 0). */
  key: string;
  item?: number;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Where each entry starts: the start of the line of its first character, if nothing but indentation precedes it. */
function entryLineStart(text: string, start: number, prefix: RegExp): number | undefined {
  const ls = lineStartOf(text, start);
  return prefix.test(text.slice(ls, start)) ? ls : undefined;
}

export function cursorSlice(text: string, offset: number, parsed: Pick<Document.Parsed, 'contents' | 'errors'>): CursorSlice | undefined {
  const root = parsed.contents as Node | null;
  if (!isMap(root) || root.flow) return undefined;
  // Each top-level key at column 0: the entry runs from its line to the next key's line.
  const starts: number[] = [];
  for (const pair of root.items) {
    const k = (pair.key as Node | null)?.range?.[0];
    if (k === undefined || lineStartOf(text, k) !== k) return undefined;
    starts.push(k);
  }
  let i = -1;
  for (let j = 0; j < starts.length; j++) if (starts[j]! <= offset) i = j;
  if (i < 0) return undefined;
  const sliceStart = starts[i]!;
  const sliceEnd = i + 1 < starts.length ? starts[i + 1]! : text.length;
  // A YAML error before the slice (an unclosed quote or bracket) can change how the slice reads.
  if (parsed.errors.some((e) => e.pos[0] < sliceStart)) return undefined;
  const pair = root.items[i]!;
  const keyNode = pair.key as Node;
  const key = typeof (keyNode as { value?: unknown }).value === 'string' ? (keyNode as { value: string }).value : undefined;
  if (key === undefined) return undefined;

  const value = pair.value as Node | null;
  if (isSeq(value) && !value.flow && value.items.length > 1) {
    const itemStarts: number[] = [];
    for (const item of value.items) {
      const s = (item as Node | null)?.range?.[0];
      const ls = s === undefined ? undefined : entryLineStart(text, s, /^[ \t]*-[ \t]+$/);
      if (ls === undefined || ls <= sliceStart) { itemStarts.length = 0; break; }
      itemStarts.push(ls);
    }
    let j = -1;
    for (let n = 0; n < itemStarts.length; n++) if (itemStarts[n]! <= offset) j = n;
    if (j >= 0 && isMap(value.items[j])) {
      const keyLineEnd = text.indexOf('\n', sliceStart);
      if (keyLineEnd >= 0 && keyLineEnd < itemStarts[0]!) {
        const itemEnd = j + 1 < itemStarts.length ? itemStarts[j + 1]! : sliceEnd;
        if (offset < itemEnd || itemEnd === text.length) {
          const head = text.slice(sliceStart, keyLineEnd + 1);
          return { text: head + text.slice(itemStarts[j]!, itemEnd), shift: itemStarts[j]! - head.length, key, item: j };
        }
      }
    }
  }
  return { text: text.slice(sliceStart, sliceEnd), shift: sliceStart, key };
}
