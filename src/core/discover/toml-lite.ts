/**
 * Just enough TOML for dependency manifests (pyproject.toml, Pipfile, Cargo.toml): table headers, dotted
 * keys, strings of the four kinds, arrays, inline tables and bare scalars, each value with its offset.
 * Not a general TOML implementation (no duplicate-key or type checks): it reads declarations for evidence.
 * Never throws: malformed text gives the offset of the first error.
 */

export type TomlValue =
  | { type: 'string'; value: string; offset: number; length: number }
  | { type: 'array'; items: TomlValue[]; offset: number }
  | { type: 'table'; entries: TomlEntry[]; offset: number }
  | { type: 'scalar'; raw: string; offset: number };

export interface TomlEntry {
  key: string[];
  keyOffset: number;
  value: TomlValue;
}

/** A `key = value` line under the table header that precedes it (`[]` before any header). */
export interface TomlLine extends TomlEntry {
  table: string[];
  /** Offset of the table header's `[` (0 before any header). */
  tableOffset: number;
}

export type TomlParse = { lines: TomlLine[] } | { error: { offset: number; message: string } };

const BARE_KEY = /[A-Za-z0-9_-]/;
const MAX_DEPTH = 64;

export function parseTomlLite(text: string): TomlParse {
  let i = 0;
  const lines: TomlLine[] = [];
  let table: string[] = [];
  let tableOffset = 0;
  const fail = (message: string, at = i): never => {
    throw new TomlSyntax(message, at);
  };
  const blank = (newlines: boolean): void => {
    for (;;) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\ufeff') i++;
      else if (newlines && (c === '\n' || c === '\r')) i++;
      else if (c === '#') { const e = text.indexOf('\n', i); i = e < 0 ? text.length : e; }
      else return;
    }
  };
  const endOfLine = (): void => {
    blank(false);
    if (i < text.length && text[i] !== '\n' && text[i] !== '\r') fail('expected the end of the line');
  };
  const quoted = (): { value: string; length: number } => {
    const start = i;
    const q = text[i]!;
    const multi = text.startsWith(q.repeat(3), i);
    const close = multi ? q.repeat(3) : q;
    i += close.length;
    let out = '';
    for (;;) {
      if (i >= text.length) fail('unterminated string', start);
      if (text.startsWith(close, i)) { i += close.length; break; }
      const c = text[i]!;
      if (!multi && c === '\n') fail('unterminated string', start);
      if (q === '"' && c === '\\') { out += text.slice(i, i + 2); i += 2; continue; }
      out += c;
      i++;
    }
    return { value: out, length: i - start };
  };
  const key = (): string[] => {
    const parts: string[] = [];
    for (;;) {
      blank(false);
      if (text[i] === '"' || text[i] === "'") parts.push(quoted().value);
      else {
        const s = i;
        while (i < text.length && BARE_KEY.test(text[i]!)) i++;
        if (i === s) fail('expected a key');
        parts.push(text.slice(s, i));
      }
      blank(false);
      if (text[i] !== '.') return parts;
      i++;
    }
  };
  const value = (depth: number): TomlValue => {
    if (depth > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels`);
    const start = i;
    const c = text[i];
    if (c === '"' || c === "'") { const q = quoted(); return { type: 'string', value: q.value, offset: start, length: q.length }; }
    if (c === '[') {
      i++;
      const items: TomlValue[] = [];
      for (;;) {
        blank(true);
        if (text[i] === ']') { i++; break; }
        items.push(value(depth + 1));
        blank(true);
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; break; }
        fail(i >= text.length ? 'unterminated array' : "expected ',' or ']' in an array", i >= text.length ? start : i);
      }
      return { type: 'array', items, offset: start };
    }
    if (c === '{') {
      i++;
      const entries: TomlEntry[] = [];
      blank(false);
      if (text[i] === '}') { i++; return { type: 'table', entries, offset: start }; }
      for (;;) {
        blank(false);
        const keyOffset = i;
        const k = key();
        if (text[i] !== '=') fail("expected '=' after a key");
        i++;
        blank(false);
        entries.push({ key: k, keyOffset, value: value(depth + 1) });
        blank(false);
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; break; }
        fail("expected ',' or '}' in an inline table");
      }
      return { type: 'table', entries, offset: start };
    }
    const m = /^[A-Za-z0-9_+\-.:]+(?: [0-9:.+\-Z]+)?/.exec(text.slice(i, i + 64));
    if (!m) fail(i >= text.length ? 'expected a value' : `unexpected character '${text[i]}'`);
    i += m![0].length;
    return { type: 'scalar', raw: m![0], offset: start };
  };
  try {
    for (;;) {
      blank(true);
      if (i >= text.length) break;
      if (text[i] === '[') {
        tableOffset = i;
        const double = text[i + 1] === '[';
        i += double ? 2 : 1;
        table = key();
        if (!text.startsWith(double ? ']]' : ']', i)) fail(`expected '${double ? ']]' : ']'}' to close the table header`);
        i += double ? 2 : 1;
        endOfLine();
        continue;
      }
      const keyOffset = i;
      const k = key();
      if (text[i] !== '=') fail("expected '=' after a key");
      i++;
      blank(false);
      lines.push({ table, tableOffset, key: k, keyOffset, value: value(0) });
      endOfLine();
    }
    return { lines };
  } catch (err) {
    if (err instanceof TomlSyntax) return { error: { offset: err.offset, message: err.message } };
    return { error: { offset: i, message: 'cannot be parsed' } };
  }
}

class TomlSyntax extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}
