/**
 * Positions in parsed YAML: the 0-based range of the node at a JSON path, so schema errors land on the
 * offending key or value. Used by the catalog loader (rule files are small, so the walk is cheap).
 */
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { Range } from '../problem';

/** Converts a [start, end) offset pair to a 0-based range. */
export function offsetsToRange(lc: LineCounter, start: number, end: number): Range {
  const s = lc.linePos(start);
  const e = lc.linePos(Math.max(start, end));
  return { start: { line: s.line - 1, character: s.col - 1 }, end: { line: e.line - 1, character: e.col - 1 } };
}

function nodeRange(lc: LineCounter, node: Node | null | undefined): Range | undefined {
  const r = node?.range;
  return r ? offsetsToRange(lc, r[0], r[1]) : undefined;
}

/**
 * The range for a JSON path into the document. With `preferKey`, a map member is located by its key (good for
 * "unknown property" and "missing property" messages); otherwise by its value. Falls back to the deepest node found.
 */
export function rangeAtPath(doc: Document, lc: LineCounter, path: ReadonlyArray<string | number>, preferKey = false): Range {
  let node: unknown = doc.contents;
  let best: Range = nodeRange(lc, doc.contents as Node) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return best;
      const keyRange = nodeRange(lc, pair.key as Node);
      const valueRange = nodeRange(lc, pair.value as Node);
      if (last && preferKey && keyRange) return keyRange;
      best = valueRange ?? keyRange ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number' || isSeq(node) && /^\d+$/.test(String(seg))) {
      const item = (node as { items: unknown[] }).items[Number(seg)];
      const r = nodeRange(lc, item as Node);
      if (!r) return best;
      best = r;
      node = item;
    } else {
      return best;
    }
  }
  return best;
}

/** Splits an ajv instance path (`/when/all/0/property`) into segments. */
export function jsonPointerToPath(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
