/**
 * Text → YAML document with positions. Checks the input first (size, encoding, binary, control characters,
 * nesting depth) so hostile input costs bounded time and memory and never throws.
 */
import { isAlias, isMap, isNode, isPair, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { makeRange, type Problem, type Range } from '../problem';
import { fastParseDocument } from './fast-yaml';
import { collapseFollowOn, type YamlErrorEntry } from './yaml-follow-on';
import { plainColonHint } from './yaml-hints';

const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: true, strict: true, keepSourceTokens: false } as const;

/** Inputs larger than this are refused before parsing: a real model is well under 5 MB. */
export const MAX_INPUT_BYTES = 10 * 1024 * 1024;
/** Deeper nesting than this is refused: the model format needs fewer than 10 levels. */
export const MAX_DEPTH = 64;
/** How many aliases may be expanded when converting to plain data (defends against alias bombs). */
export const MAX_ALIAS_COUNT = 1000;

export interface ParsedText {
  file: string;
  text: string;
  lineCounter: LineCounter;
  doc?: Document.Parsed;
  /** The document as plain data; undefined when it could not be converted. */
  value?: unknown;
  problems: Problem[];
}

export function toRange(lc: LineCounter, start: number, end: number): Range {
  const s = lc.linePos(start);
  const e = lc.linePos(Math.max(start, end));
  return makeRange(s.line - 1, s.col - 1, e.line - 1, e.col - 1);
}

function problem(file: string, code: string, message: string, range: Range, severity: Problem['severity'] = 'error'): Problem {
  return { code, severity, message, file, range };
}

/** Decodes bytes as UTF-8, reporting the first invalid byte's line and column. */
export function decodeUtf8(bytes: Uint8Array, file: string): { text?: string; problem?: Problem } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const good = firstInvalidUtf8(bytes);
    const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, good));
    const line = prefix.split('\n').length - 1;
    const character = prefix.length - (prefix.lastIndexOf('\n') + 1);
    return {
      problem: problem(file, 'TM-INPUT-ENCODING',
        `the file is not valid UTF-8 (invalid byte 0x${bytes[good]?.toString(16).padStart(2, '0')} at byte offset ${good}); save it as UTF-8`,
        makeRange(line, character, line, character + 1)),
    };
  }
}

function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return i;
}

/** Binary content or control characters YAML forbids. Returns the offset of the first bad character. */
function findControlCharacter(text: string): number {
  // Allowed: tab, LF, CR, and everything printable. NEL/DEL and C1 controls are flagged as well.
  const m = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u0080-\u0084\u0086-\u009F\uFFFE\uFFFF]/.exec(text);
  return m ? m.index : -1;
}

export function parseText(input: string, file: string): ParsedText {
  const lineCounter = new LineCounter();
  const out: ParsedText = { file, text: input, lineCounter, problems: [] };
  if (input.length > MAX_INPUT_BYTES) {
    out.problems.push(problem(file, 'TM-INPUT-TOO-LARGE',
      `the file is ${(input.length / 1048576).toFixed(1)} MB; models are limited to ${MAX_INPUT_BYTES / 1048576} MB (split it with one file per system)`,
      makeRange(0, 0, 0, 0)));
    return out;
  }
  const bad = findControlCharacter(input);
  if (bad >= 0) {
    const before = input.slice(0, bad);
    const line = before.split('\n').length - 1;
    const character = bad - (before.lastIndexOf('\n') + 1);
    const code = input.charCodeAt(bad);
    const isBinary = code === 0 || countControls(input) > 8;
    out.problems.push(problem(file, isBinary ? 'TM-INPUT-BINARY' : 'TM-INPUT-CONTROL-CHARACTER',
      isBinary
        ? 'the file looks binary, not YAML text (it contains NUL or many control characters)'
        : `control character U+${code.toString(16).toUpperCase().padStart(4, '0')} is not allowed in YAML; remove it or write it as an escape in a double-quoted string`,
      makeRange(line, character, line, character + 1)));
    return out;
  }

  // Plain block YAML takes the fast reader; anything else (and every error) goes to yaml's full parser.
  const fast = fastParseDocument(input, lineCounter, YAML_OPTIONS);
  const doc = fast?.doc ?? parseDocument(input, { ...YAML_OPTIONS, lineCounter });
  out.doc = doc;
  let tooDeepReported = false;
  const hintedLines = new Set<number>();
  // Syntax errors and duplicate keys: after the first real syntax error yaml's recovery makes every later error
  // suspect, so only the root is reported, with a count of the rest (yaml-follow-on.ts).
  const syntax: YamlErrorEntry[] = [];
  for (const e of doc.errors) {
    if (/call stack/i.test(e.message)) {
      // yaml recursed until the stack ran out: the input nests absurdly deep. Say so once, plainly.
      if (!tooDeepReported) out.problems.push(tooDeep(file, toRange(lineCounter, Math.min(e.pos[0], input.length), Math.min(e.pos[1], input.length))));
      tooDeepReported = true;
      continue;
    }
    if (e.code === 'MULTIPLE_DOCS') {
      const end = input.indexOf('\n', e.pos[0]);
      out.problems.push(problem(file, 'TM-YAML-MULTIPLE-DOCUMENTS', 'a second YAML document starts here; a file holds one model, so only the first document is read',
        toRange(lineCounter, e.pos[0], end < 0 ? input.length : end)));
      continue;
    }
    // yaml may point one past the end of the text (an unclosed bracket); clamp so editors can show it.
    let [start, end] = [Math.min(e.pos[0], input.length), Math.min(e.pos[1], input.length)];
    // yaml marks one character; a duplicate key reads better underlined whole.
    if (e.code === 'DUPLICATE_KEY') end = start + (/^[^\s:]+/.exec(input.slice(start, start + 200))?.[0].length ?? 1);
    const code = e.code === 'DUPLICATE_KEY' ? 'TM-YAML-DUPLICATE-KEY' : 'TM-YAML-SYNTAX';
    // `description: Note: this breaks`: say what to change, at the colon YAML stumbled on (yaml-hints.ts).
    // yaml reads on exactly as if the value were quoted, so such a line does not make later errors suspect.
    const hint = e.code === 'BLOCK_AS_IMPLICIT_KEY' ? plainColonHint(input, start) : undefined;
    if (hint) {
      // Further colons on the same line are the same mistake: one hint per line.
      if (!hintedLines.has(hint.lineStart)) {
        syntax.push({ problem: problem(file, code, hint.message, toRange(lineCounter, hint.start, hint.end)), yamlCode: e.code, offset: start, contained: true });
      }
      hintedLines.add(hint.lineStart);
    } else {
      // A duplicate key is its own mistake, not a parser's guess: it never hides what follows.
      syntax.push({ problem: problem(file, code, yamlMessage(e.message), toRange(lineCounter, start, end)), yamlCode: e.code, offset: start, contained: e.code === 'DUPLICATE_KEY' });
    }
  }
  out.problems.push(...collapseFollowOn(syntax, input));
  for (const w of doc.warnings) {
    out.problems.push(problem(file, 'TM-YAML-WARNING', yamlMessage(w.message), toRange(lineCounter, w.pos[0], w.pos[1]), 'warning'));
  }
  // A second document does not stop the first from being read; every other YAML error does.
  if (doc.errors.some((e) => e.code !== 'MULTIPLE_DOCS')) return out;

  const deep = fast ? undefined : findTooDeep(doc.contents); // the fast reader declines deep documents
  if (deep) {
    const r = deep.range ?? [0, 0, 0];
    out.problems.push(tooDeep(file, toRange(lineCounter, r[0], r[1])));
    return out;
  }
  if (fast) {
    out.value = fast.value;
    return out;
  }
  try {
    out.value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    out.problems.push(problem(file, 'TM-YAML-ALIAS-LIMIT',
      `aliases expand too far (${err instanceof Error ? err.message : String(err)}); use fewer anchors and aliases`,
      firstAliasRange(doc, lineCounter)));
  }
  return out;
}

function tooDeep(file: string, range: Range): Problem {
  return problem(file, 'TM-INPUT-TOO-DEEP', `the YAML nests deeper than ${MAX_DEPTH} levels; the model format needs fewer than 10`, range);
}

function countControls(text: string): number {
  const m = text.slice(0, 65536).match(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g);
  return m ? m.length : 0;
}

/** yaml's messages end with "at line L, column C:" and a code excerpt; the range already says where. */
function yamlMessage(message: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return `YAML: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
}

/** Iterative depth check (no recursion, so 10,000 levels cannot overflow the stack). */
function findTooDeep(root: unknown): Node | undefined {
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isNode(node) && !isPair(node)) continue;
    if (depth > MAX_DEPTH && isNode(node)) return node;
    if (isMap(node) || isSeq(node)) for (const item of node.items) stack.push([item, depth + 1]);
    else if (isPair(node)) {
      stack.push([node.key, depth]);
      stack.push([node.value, depth]);
    }
  }
  return undefined;
}

function firstAliasRange(doc: Document.Parsed, lc: LineCounter): Range {
  let found: Range | undefined;
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0 && !found) {
    const n = stack.pop();
    if (isPair(n)) { stack.push(n.value, n.key); continue; }
    if (!isNode(n)) continue;
    if (isAlias(n)) {
      const r = n.range ?? [0, 0, 0];
      found = toRange(lc, r[0], r[1]);
    } else if (isMap(n) || isSeq(n)) for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
  }
  return found ?? makeRange(0, 0, 0, 0);
}
