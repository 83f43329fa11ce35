/**
 * A small JSON (and JSONC: comments, trailing commas) parser that keeps offsets, so evidence points at the
 * line of a dependency or an MCP server. Never throws: malformed text gives the offset of the first error.
 * Depth is bounded (hostile nesting gets an error, not a stack overflow). Keys such as `__proto__` are
 * ordinary entries of a list, never object properties.
 */

export type JsonNode =
  | { type: 'object'; offset: number; props: JsonProp[] }
  | { type: 'array'; offset: number; items: JsonNode[] }
  | { type: 'string'; offset: number; length: number; value: string }
  | { type: 'number' | 'boolean' | 'null'; offset: number; length: number };

export interface JsonProp {
  key: string;
  keyOffset: number;
  keyLength: number;
  value: JsonNode;
}

export type JsonParse = { node: JsonNode } | { error: { offset: number; message: string } };

const MAX_DEPTH = 128;

export function parseJsonWithPositions(text: string, jsonc: boolean): JsonParse {
  let i = 0;
  const fail = (message: string, at = i): never => {
    throw new JsonSyntax(message, at);
  };
  const skip = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) { i++; continue; }
      if (jsonc && c === 47 /* / */) {
        const n = text[i + 1];
        if (n === '/') { const e = text.indexOf('\n', i); i = e < 0 ? text.length : e; continue; }
        if (n === '*') { const e = text.indexOf('*/', i + 2); if (e < 0) fail('unterminated comment'); i = e + 2; continue; }
      }
      return;
    }
  };
  const str = (): { value: string; offset: number; length: number } => {
    const start = i;
    i++;
    let out = '';
    for (;;) {
      if (i >= text.length) fail('unterminated string', start);
      const c = text[i]!;
      if (c === '"') { i++; break; }
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) { out += simple[e]; i += 2; continue; }
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) { out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)); i += 6; continue; }
        fail('invalid escape in string');
      }
      if (c.charCodeAt(0) < 0x20) fail('control character in string');
      // Copy the run of plain characters at once: lockfiles are megabytes of strings.
      let j = i + 1;
      while (j < text.length) {
        const d = text.charCodeAt(j);
        if (d === 34 || d === 92 || d < 0x20) break;
        j++;
      }
      out += text.slice(i, j);
      i = j;
    }
    return { value: out, offset: start, length: i - start };
  };
  const value = (depth: number): JsonNode => {
    if (depth > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels`);
    skip();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const props: JsonProp[] = [];
      skip();
      if (text[i] === '}') { i++; return { type: 'object', offset: start, props }; }
      for (;;) {
        skip();
        if (jsonc && text[i] === '}' && props.length > 0) { i++; break; }
        if (text[i] !== '"') fail('expected a property name in double quotes');
        const k = str();
        skip();
        if (text[i] !== ':') fail("expected ':' after a property name");
        i++;
        props.push({ key: k.value, keyOffset: k.offset, keyLength: k.length, value: value(depth + 1) });
        skip();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; break; }
        fail("expected ',' or '}'");
      }
      return { type: 'object', offset: start, props };
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      skip();
      if (text[i] === ']') { i++; return { type: 'array', offset: start, items }; }
      for (;;) {
        skip();
        if (jsonc && text[i] === ']' && items.length > 0) { i++; break; }
        items.push(value(depth + 1));
        skip();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; break; }
        fail("expected ',' or ']'");
      }
      return { type: 'array', offset: start, items };
    }
    if (c === '"') return { type: 'string', ...str() };
    const lit = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 64));
    if (!lit) fail(i >= text.length ? 'unexpected end of text' : `unexpected character '${text[i]}'`);
    i += lit![0].length;
    const t = lit![0] === 'true' || lit![0] === 'false' ? 'boolean' : lit![0] === 'null' ? 'null' : 'number';
    return { type: t, offset: start, length: lit![0].length };
  };
  try {
    const node = value(0);
    skip();
    if (i < text.length) fail('unexpected text after the end of the JSON value');
    return { node };
  } catch (err) {
    if (err instanceof JsonSyntax) return { error: { offset: err.offset, message: err.message } };
    return { error: { offset: i, message: 'cannot be parsed' } };
  }
}

class JsonSyntax extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** The value of a property of an object node (the last one when a key repeats, as JSON.parse does). */
export function prop(node: JsonNode | undefined, key: string): JsonProp | undefined {
  if (node?.type !== 'object') return undefined;
  let found: JsonProp | undefined;
  for (const p of node.props) if (p.key === key) found = p;
  return found;
}

export function stringValue(node: JsonNode | undefined): string | undefined {
  return node?.type === 'string' ? node.value : undefined;
}
