/**
 * A fast reader for the plain block-style YAML that threat models are written in, producing the same
 * `yaml` Document (nodes, values, ranges) that `yaml.parseDocument` would. It exists for speed: the `yaml`
 * library's general parser was about half of a whole `threatmodel analyze` run on a 1,000-component model.
 *
 * It accepts a deliberately small subset and declines (returns undefined) on anything else, so the caller
 * falls back to `yaml` and its exact errors. Declined: tabs, CR, BOM, directives and `---`, anchors, aliases,
 * tags, complex keys, quoted keys, multi-line flow collections, flow mappings inside flow sequences,
 * multi-line plain and quoted scalars, block scalars with an indentation indicator, keep chomping or
 * whitespace-only lines, duplicate keys, and every construct `yaml` would report as an error.
 * test/unit/fast-yaml.test.ts holds it to `yaml`'s output on every model in the repository and on generated
 * and mutated ones.
 */
import { Document, isScalar, Pair, Scalar, YAMLMap, YAMLSeq, type DocumentOptions, type LineCounter, type Node, type ParseOptions, type Schema, type SchemaOptions } from 'yaml';

/** Thrown inside the reader when the text leaves the subset; never escapes `fastParseDocument`. */
class Decline extends Error {}
const decline = (): never => {
  throw new Decline();
};

type DocOptions = ParseOptions & DocumentOptions & SchemaOptions;
/** The longest implicit key YAML allows. */
const MAX_KEY_LENGTH = 1024;
/** First characters of the core schema's number forms and `~` (`.5`, `-1`, `0x1F`, `.inf` ...). */
const MAY_BE_NUMBER_OR_NULL = new Set([...'~.+-0123456789'].map((c) => c.charCodeAt(0)));
/** The core schema's null and boolean words. */
const NULL_OR_BOOL = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
/**
 * Deeper block collections go to yaml. With at most 9 flow levels inside, a document read here nests less
 * than parse.ts's MAX_DEPTH (64), so parseText skips its depth walk for it.
 */
const MAX_NESTING = 50;
const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  resolve: (value: string, onError: (message: string) => void, options: unknown) => unknown;
}

class Reader {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Offset of each line's first non-space character (its end when the line is blank). */
  private readonly content: number[] = [];
  private li = 0;
  /** Comment lines in the run skipNoise last passed: -2 none, -1 at mixed indents, else their indent. */
  private runComments = -2;
  /** Whether the last value read was an empty scalar (it decides the document's end offset). */
  lastEmpty = false;
  private readonly plainTags: ScalarTag[];

  constructor(private readonly text: string, private readonly schema: Schema, private readonly options: unknown) {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      let c = start;
      while (c < end && text.charCodeAt(c) === SPACE) c++;
      this.starts.push(start);
      this.ends.push(end);
      this.content.push(c);
      if (nl < 0) break;
      start = nl + 1;
    }
    this.plainTags = (schema.tags as unknown as ScalarTag[]).filter((t) => t.default === true && t.test);
  }

  /** yaml's LineCounter records 0 and the offset after every line break: the starts of our lines. */
  lineStarts(): number[] {
    return this.starts;
  }

  /** Offset of the first content line's start: where yaml's document range begins. */
  docStart = 0;

  document(): Node {
    this.skipNoise();
    if (this.eof()) decline();
    this.docStart = this.starts[this.li]!;
    const node = this.blockNode(-1, false);
    if (!node) decline();
    this.skipNoise();
    this.requireCommentsFit();
    if (!this.eof()) decline();
    return node!;
  }

  private eof(): boolean {
    return this.li >= this.starts.length;
  }

  private indent(): number {
    return this.content[this.li]! - this.starts[this.li]!;
  }

  /** Skips blank lines and comment lines, noting the comments' indentation. */
  private skipNoise(): void {
    this.runComments = -2;
    while (this.li < this.starts.length) {
      const c = this.content[this.li]!;
      if (c < this.ends[this.li]!) {
        if (this.text.charCodeAt(c) !== HASH) return;
        const indent = c - this.starts[this.li]!;
        this.runComments = this.runComments === -2 || this.runComments === indent ? indent : -1;
      }
      this.li++;
    }
  }

  /**
   * yaml attaches a comment line to the next item when it is indented like that item; otherwise it can
   * stretch the previous node's range. Only the first kind (and comments at the left edge after the
   * last line) is read here.
   */
  private requireCommentsFit(): void {
    if (this.runComments === -2) return;
    if (this.runComments !== (this.eof() ? 0 : this.indent())) decline();
  }

  private isSeqStart(c: number, end: number): boolean {
    return this.text.charCodeAt(c) === DASH && (c + 1 === end || this.text.charCodeAt(c + 1) === SPACE);
  }

  /** The collection that starts on the next content line, or undefined for an empty value. */
  private blockNode(parentIndent: number, sameIndentSeq: boolean): Node | undefined {
    this.skipNoise();
    if (this.eof()) return undefined;
    this.requireCommentsFit();
    const indent = this.indent();
    const c = this.content[this.li]!;
    const seq = this.isSeqStart(c, this.ends[this.li]!);
    if (indent > parentIndent) {
      if (seq) return this.sequence(indent);
      if (this.keyEnd(c, this.ends[this.li]!) >= 0) return this.mapping(indent, c);
      return decline();
    }
    if (indent === parentIndent && sameIndentSeq && seq) return this.sequence(indent);
    return undefined;
  }

  /** Where the `:` of an implicit plain key starting at `c` is, or -1 when the line holds no such key. */
  private keyEnd(c: number, end: number): number {
    const first = this.text[c]!;
    if ('-?:,[]{}#&*!|>\'"%@`'.includes(first)) return -1;
    for (let i = c; i < end; i++) {
      const ch = this.text.charCodeAt(i);
      if (ch === COLON && (i + 1 === end || this.text.charCodeAt(i + 1) === SPACE)) return i;
      if (ch === HASH && this.text.charCodeAt(i - 1) === SPACE) return -1;
    }
    return -1;
  }

  private depth = 0;

  private mapping(indent: number, first: number): YAMLMap {
    if (++this.depth > MAX_NESTING) decline();
    const map = new YAMLMap(this.schema);
    const seen = new Set<unknown>();
    let c = first;
    let end = first;
    for (;;) {
      const colon = this.keyEnd(c, this.ends[this.li]!);
      if (colon < 0 || colon - c > MAX_KEY_LENGTH || this.text.charCodeAt(colon - 1) === SPACE) decline();
      const key = this.plain(this.text.slice(c, colon), c, colon, colon);
      if (seen.has(key.value) || Number.isNaN(key.value)) decline();
      seen.add(key.value);
      const value = this.value(colon + 1, indent, true);
      map.items.push(new Pair(key, value));
      end = value.range![2];
      this.skipNoise();
      this.requireCommentsFit();
      if (this.eof() || this.indent() < indent) break;
      if (this.indent() > indent) decline();
      c = this.content[this.li]!;
      if (this.isSeqStart(c, this.ends[this.li]!)) break;
    }
    map.range = [first, end, end];
    this.depth--;
    return map;
  }

  private sequence(indent: number): YAMLSeq {
    if (++this.depth > MAX_NESTING) decline();
    const seq = new YAMLSeq(this.schema);
    const first = this.content[this.li]!;
    let end = first;
    for (;;) {
      const dash = this.content[this.li]!;
      const lineEnd = this.ends[this.li]!;
      let q = dash + 1;
      while (q < lineEnd && this.text.charCodeAt(q) === SPACE) q++;
      let item: Node;
      if (q < lineEnd && this.text.charCodeAt(q) !== HASH && this.keyEnd(q, lineEnd) >= 0) {
        item = this.mapping(q - this.starts[this.li]!, q);
      } else {
        item = this.value(dash + 1, indent, false);
      }
      seq.items.push(item);
      end = item.range![2];
      this.skipNoise();
      this.requireCommentsFit();
      if (this.eof() || this.indent() < indent) break;
      if (this.indent() > indent) decline();
      if (!this.isSeqStart(this.content[this.li]!, this.ends[this.li]!)) break;
    }
    seq.range = [first, end, end];
    this.depth--;
    return seq;
  }

  /** The value after `key:` or `- ` at offset `p` of the current line; leaves `li` after the value. */
  private value(p: number, indent: number, inMapping: boolean): Node {
    const lineEnd = this.ends[this.li]!;
    let q = p;
    while (q < lineEnd && this.text.charCodeAt(q) === SPACE) q++;
    if (q === lineEnd || this.text.charCodeAt(q) === HASH) {
      if (q < lineEnd) decline(); // a comment where the value would be: leave its attachment to yaml
      this.li++;
      const nested = this.blockNode(indent, inMapping);
      if (nested) return nested;
      if (this.runComments !== -2) decline(); // comments after an empty value stretch its range
      const empty = new Scalar(null);
      empty.range = [q, q, q];
      this.lastEmpty = true;
      empty.source = '';
      empty.type = Scalar.PLAIN;
      return empty;
    }
    const ch = this.text[q]!;
    const nodeEnd = lineEnd < this.text.length ? lineEnd + 1 : lineEnd;
    if (ch === '|' || ch === '>') return this.blockScalar(q, indent);
    let node: Scalar | YAMLSeq | YAMLMap;
    let valueEnd: number;
    if (ch === '"' || ch === "'") {
      const close = this.quotedEnd(q, lineEnd);
      node = this.quoted(q, close);
      valueEnd = close + 1;
      this.expectLineEnd(valueEnd, lineEnd);
    } else if (ch === '[' || ch === '{') {
      [node, valueEnd] = this.flowCollection(q, lineEnd);
      this.expectLineEnd(valueEnd, lineEnd);
    } else {
      if ('&*!%@`,]}?'.includes(ch) || (ch === '-' && (q + 1 === lineEnd || this.text.charCodeAt(q + 1) === SPACE))) decline();
      valueEnd = this.plainEnd(q, lineEnd);
      node = this.plain(this.text.slice(q, valueEnd), q, valueEnd, nodeEnd);
    }
    if (node.range === undefined || node.range === null) node.range = [q, valueEnd, nodeEnd];
    else node.range[2] = nodeEnd;
    this.lastEmpty = false;
    this.li++;
    this.noContinuation(indent);
    return node;
  }

  /** A more indented line after a one-line scalar would continue it (or be an error): leave that to yaml. */
  private noContinuation(indent: number): void {
    const saved = this.li;
    this.skipNoise();
    if (!this.eof() && this.indent() > indent) decline();
    this.li = saved;
  }

  private expectLineEnd(from: number, lineEnd: number): void {
    let k = from;
    while (k < lineEnd && this.text.charCodeAt(k) === SPACE) k++;
    if (k < lineEnd && !(this.text.charCodeAt(k) === HASH && k > from)) decline();
  }

  /** End of a block-context plain scalar: before a ` #` comment and trailing spaces. */
  private plainEnd(q: number, lineEnd: number): number {
    let end = lineEnd;
    for (let i = q; i < lineEnd; i++) {
      const ch = this.text.charCodeAt(i);
      if (ch === HASH && this.text.charCodeAt(i - 1) === SPACE) {
        end = i;
        break;
      }
      if (ch === COLON && (i + 1 === lineEnd || this.text.charCodeAt(i + 1) === SPACE)) decline();
    }
    while (end > q && this.text.charCodeAt(end - 1) === SPACE) end--;
    return end;
  }

  /** A plain scalar resolved by the schema's own tags, as yaml's composer does. */
  private plain(source: string, start: number, valueEnd: number, nodeEnd: number): Scalar {
    let tag: ScalarTag | undefined;
    // Only null, booleans and numbers have tags; most scalars are ids and words, which skip the tag tests.
    if (source === '' || MAY_BE_NUMBER_OR_NULL.has(source.charCodeAt(0)) || NULL_OR_BOOL.has(source)) {
      for (const t of this.plainTags) {
        if (t.test!.test(source)) {
          tag = t;
          break;
        }
      }
    }
    let scalar: Scalar;
    if (tag) {
      let failed = false;
      const res = tag.resolve(source, () => (failed = true), this.options);
      if (failed) decline();
      scalar = isScalar(res) ? (res as Scalar) : new Scalar(res);
      if (tag.format) scalar.format = tag.format;
    } else scalar = new Scalar(source);
    scalar.range = [start, valueEnd, nodeEnd];
    scalar.source = source;
    scalar.type = Scalar.PLAIN;
    return scalar;
  }

  /** Offset of the closing quote of a quoted scalar opened at `q`, on the same line. */
  private quotedEnd(q: number, lineEnd: number): number {
    const quote = this.text[q]!;
    for (let i = q + 1; i < lineEnd; i++) {
      const ch = this.text[i];
      if (quote === '"' && ch === '\\') i++;
      else if (ch === quote) {
        if (quote === "'" && this.text[i + 1] === "'") i++;
        else return i;
      }
    }
    return decline();
  }

  private quoted(q: number, close: number): Scalar {
    const body = this.text.slice(q + 1, close);
    let value: string;
    if (this.text[q] === "'") value = body.replaceAll("''", "'");
    else value = body.includes('\\') ? unescapeDouble(body) : body;
    const scalar = new Scalar(value);
    scalar.range = [q, close + 1, close + 1];
    scalar.source = value;
    scalar.type = this.text[q] === "'" ? Scalar.QUOTE_SINGLE : Scalar.QUOTE_DOUBLE;
    return scalar;
  }

  /**
   * A flow collection on one line: `[a, "b", [c]]` or `{k: v, list: [x, y], m: {}}`, with plain keys and
   * scalar or flow values. Returns the collection and the offset after its closing bracket.
   */
  private flowCollection(q: number, lineEnd: number, depth = 0): [YAMLSeq | YAMLMap, number] {
    if (depth > 8) decline();
    const isMap = this.text[q] === '{';
    const close = isMap ? '}' : ']';
    const node = isMap ? new YAMLMap(this.schema) : new YAMLSeq(this.schema);
    node.flow = true;
    const seen = new Set<unknown>();
    let i = q + 1;
    const skip = () => {
      while (i < lineEnd && this.text.charCodeAt(i) === SPACE) i++;
    };
    skip();
    if (this.text[i] === close) {
      node.range = [q, i + 1, i + 1];
      return [node, i + 1];
    }
    for (;;) {
      skip();
      if (i >= lineEnd) decline();
      let key: Scalar | undefined;
      if (isMap) {
        const start = i;
        if ('-?:,[]{}#&*!|>\'"%@`'.includes(this.text[i]!)) decline();
        while (i < lineEnd && !',[]{}#:'.includes(this.text[i]!)) i++;
        if (this.text[i] !== ':' || this.text.charCodeAt(i + 1) !== SPACE || this.text.charCodeAt(i - 1) === SPACE) decline();
        key = this.plain(this.text.slice(start, i), start, i, i);
        if (seen.has(key.value) || Number.isNaN(key.value)) decline();
        seen.add(key.value);
        i++;
        skip();
      }
      const ch = this.text[i];
      let item: Node;
      if (ch === '"' || ch === "'") {
        const end = this.quotedEnd(i, lineEnd);
        item = this.quoted(i, end);
        i = end + 1;
      } else if (ch === '[' || (ch === '{' && isMap)) {
        [item, i] = this.flowCollection(i, lineEnd, depth + 1);
      } else {
        if (ch === undefined || '-?:,[]{}#&*!|>%@`'.includes(ch) && !(ch === '-' && /[^\s,\]}]/.test(this.text[i + 1] ?? ''))) decline();
        const start = i;
        while (i < lineEnd && !',[]{}:#'.includes(this.text[i]!)) i++;
        if (this.text[i] === ':' || this.text[i] === '#') decline();
        let end = i;
        while (end > start && this.text.charCodeAt(end - 1) === SPACE) end--;
        item = this.plain(this.text.slice(start, end), start, end, end);
      }
      skip();
      item.range![2] = i; // yaml counts the spaces before the next `,` or bracket into the item
      node.items.push((key ? new Pair(key, item) : item) as never);
      if (this.text[i] === ',') {
        i++;
        skip();
        if (this.text[i] === close || this.text[i] === ',') decline();
        continue;
      }
      if (this.text[i] === close) {
        node.range = [q, i + 1, i + 1];
        return [node, i + 1];
      }
      return decline();
    }
  }

  /** `|` or `>` with optional `-` chomping; content lines more indented than the parent. */
  private blockScalar(q: number, parentIndent: number): Scalar {
    const lineEnd = this.ends[this.li]!;
    const folded = this.text[q] === '>';
    let k = q + 1;
    let strip = false;
    if (this.text[k] === '-') {
      strip = true;
      k++;
    }
    this.expectLineEnd(k, lineEnd);
    if (k < lineEnd && this.text.charCodeAt(k) !== SPACE) decline();
    let li = this.li + 1;
    let blockIndent = -1;
    let last = -1;
    const lines: string[] = [];
    for (; li < this.starts.length; li++) {
      const s = this.starts[li]!;
      const e = this.ends[li]!;
      const c = this.content[li]!;
      if (c === e) {
        if (e > s) decline(); // a whitespace-only line: its meaning depends on the indentation rules
        if (blockIndent < 0) decline(); // leading empty lines: kept as line breaks, a rare shape
        lines.push('');
        continue;
      }
      const ind = c - s;
      if (blockIndent < 0) {
        if (ind <= parentIndent) break;
        blockIndent = ind;
      } else if (ind < blockIndent) break;
      const line = this.text.slice(s + blockIndent, e);
      if (folded && line.charCodeAt(0) === SPACE) decline();
      lines.push(line);
      last = li;
    }
    if (last < 0 || this.ends[last]! >= this.text.length) decline();
    lines.length = lines.length - (li - 1 - last); // trailing blank lines are not content
    let value = folded ? fold(lines) : lines.join('\n');
    if (!strip) value += '\n';
    const scalar = new Scalar(value);
    const end = this.ends[last]! + 1;
    scalar.range = [q, end, end];
    scalar.source = value;
    scalar.type = folded ? Scalar.BLOCK_FOLDED : Scalar.BLOCK_LITERAL;
    this.li = last + 1;
    this.lastEmpty = false;
    return scalar;
  }
}

/** Folded-scalar line joining: single breaks become spaces, runs of empty lines stay line breaks. */
function fold(lines: string[]): string {
  let out = lines[0]!;
  let blanks = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') {
      blanks++;
      continue;
    }
    out += blanks > 0 ? '\n'.repeat(blanks) + line : ` ${line}`;
    blanks = 0;
  }
  return out;
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f' };

function unescapeDouble(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = body[++i]!;
    if (e in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[e];
    else if (e === 'u' || e === 'x') {
      const n = e === 'u' ? 4 : 2;
      const hex = body.slice(i + 1, i + 1 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) decline();
      out += String.fromCharCode(parseInt(hex, 16));
      i += n;
    } else decline();
  }
  return out;
}

/**
 * The value `doc.toJS()` gives for a document read here (no aliases, no merge keys), without its bookkeeping:
 * maps become objects with keys as yaml writes them (null as '', others with String), and a key an object
 * already has (`__proto__`, `constructor`) is defined as an own property, never assigned through the prototype.
 */
function plainValue(node: unknown): unknown {
  if (node instanceof Scalar) return node.value;
  if (node instanceof YAMLSeq) return node.items.map(plainValue);
  if (node instanceof YAMLMap) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items as Array<Pair<Scalar, unknown>>) {
      const key = pair.key.value;
      const name = key === null ? '' : String(key);
      const value = plainValue(pair.value);
      if (name in out) Object.defineProperty(out, name, { value, writable: true, enumerable: true, configurable: true });
      else out[name] = value;
    }
    return out;
  }
  return null;
}

/**
 * The document `yaml.parseDocument(text, options)` would give and its `toJS()` value, or undefined when the
 * text is outside the subset this reader handles. On success, `lineCounter` holds the line starts, as yaml's
 * parser leaves it.
 */
export function fastParseDocument(text: string, lineCounter: LineCounter, options: DocOptions): { doc: Document.Parsed; value: unknown } | undefined {
  if (/[\t\r\uFEFF]/.test(text)) return undefined;
  try {
    const doc = new Document(undefined, options);
    const reader = new Reader(text, doc.schema, doc.options);
    const contents = reader.document();
    doc.contents = contents as never;
    // yaml's document range ends with the text, except after an empty last value.
    doc.range = [reader.docStart, contents.range![1], reader.lastEmpty ? contents.range![2] : text.length];
    const value = plainValue(contents);
    for (const start of reader.lineStarts()) lineCounter.addNewLine(start);
    return { doc: doc as Document.Parsed, value };
  } catch {
    // Decline, a stack overflow on absurd nesting, or a bug here: yaml's parser gives the right answer.
    return undefined;
  }
}
