/**
 * A value from an untrusted file (a rule file, a settings file, a catalog path, a YAML line) quoted for a
 * problem message. Messages reach the Problems panel, a terminal (CLI, CI logs) and SARIF, so the quoted
 * value is one short line that cannot hide or reorder text, move the cursor, or leave its quotes:
 * - control characters (C0, DEL, C1), bidirectional controls, zero-width characters and line or paragraph
 *   separators are shown as `\u202E`-style escapes (a terminal would act on them; a reader could be fooled);
 * - `'` and `\` inside are escaped, so the closing quote is the real one;
 * - longer values keep their first `max` characters, then `…` and the full length, so a 1 MB string in a rule
 *   file is not echoed back, and neither is most of a secret that happens to sit at an echoed position.
 * Markup (`<b>`, `[x](y)`, backticks) is left as text: every place that shows a message shows plain text,
 * and the exports that render Markdown or HTML escape it there.
 */

const DEFAULT_MAX = 48;

/** Code points shown as escapes: C0/C1 controls, DEL, bidi controls, zero-width and separator characters. */
function isHidden(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)
    || cp === 0x061c || cp === 0x200e || cp === 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)
    || (cp >= 0x200b && cp <= 0x200d) || (cp >= 0x2060 && cp <= 0x2064) || cp === 0xfeff
    || cp === 0x2028 || cp === 0x2029 || cp === 0x00ad || cp === 0x180e;
}

function escapeCodePoint(cp: number): string {
  if (cp === 0x0a) return '\\n';
  if (cp === 0x0d) return '\\r';
  if (cp === 0x09) return '\\t';
  return `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Any value as text: strings as they are, other values as (bounded) JSON. Never throws. */
function asText(value: unknown, limit: number): string {
  if (typeof value === 'string') return value;
  try {
    const json = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    return json === undefined ? String(value) : json.slice(0, limit * 4 + 16);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function escaped(text: string, max: number, quote: boolean): { out: string; total: number } {
  let out = '';
  let shown = 0;
  let total = 0;
  for (const ch of text) {
    total++;
    if (shown >= max) continue; // keep counting, for the length in the note
    const cp = ch.codePointAt(0)!;
    out += isHidden(cp) ? escapeCodePoint(cp) : quote && (ch === "'" || ch === '\\') ? `\\${ch}` : ch;
    shown++;
  }
  return { out, total };
}

/**
 * `value` in single quotes, safe to put in a problem message: at most `max` characters of it (whole code
 * points), hidden characters escaped, with `… (N characters)` when it was cut.
 */
export function quoteValue(value: unknown, max = DEFAULT_MAX): string {
  const { out, total } = escaped(asText(value, max), max, true);
  return total > max ? `'${out}…' (${total.toLocaleString('en-US')} characters)` : `'${out}'`;
}

/**
 * A message from a library that may quote the file (a YAML parser's), made as safe: hidden characters escaped,
 * at most `max` characters, then `…`.
 */
export function safeMessage(text: string, max = 240): string {
  const { out, total } = escaped(text, max, false);
  return total > max ? `${out}…` : out;
}
