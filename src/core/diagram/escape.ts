/**
 * Escaping model text for mermaid. Model text is untrusted: no id or label may end a string, start a
 * directive (`%%{init}%%`), add a statement (`"]; click A call alert()`), form an entity (`#quot;`) or reach
 * the renderer as markup (`<img onerror>`). Ids become `[A-Za-z0-9_]` only; labels keep letters, digits and
 * harmless punctuation and turn everything else into mermaid's `#<code>;` entity form, which mermaid renders
 * as the character itself (as text, never as markup).
 */

/**
 * Characters kept as they are inside a quoted label; everything else is encoded or dropped. `$` is encoded
 * so that no label is ever read as KaTeX math (`$$...$$`).
 */
const LABEL_SAFE = /[\p{L}\p{M}\p{N} .,_\-()/'+*!?=@~^&:·×…]/u;

/** Longest label kept (in characters); longer names end with an ellipsis so hostile sizes stay bounded. */
export const MAX_LABEL = 48;

/**
 * A label for use inside `"..."` (node, subgraph or edge label). Control and format characters are dropped,
 * line breaks and tabs become spaces, runs of spaces collapse, and the result is at most `max` characters.
 */
export function escapeLabel(text: string, max = MAX_LABEL): string {
  const clean = Array.from(String(text).replace(/[\t\n\r\f\v\u2028\u2029]+/g, ' '))
    .filter((ch) => !/[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Cn}]/u.test(ch))
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
  const chars = Array.from(clean);
  const cut = chars.length > max ? chars.slice(0, max - 1) : chars;
  // mermaid drops the `;` of `style…:…#…;` and `classDef…:…#…;` before parsing, which would spoil an entity:
  // in such labels the colon is encoded too.
  const colonSafe = !/style|classDef/.test(clean);
  // `&` before a letter, digit or `#` could be read as an HTML entity (`&lt`, `&#60;`) when mermaid decodes text.
  const keep = (ch: string, next: string | undefined) =>
    LABEL_SAFE.test(ch) && (colonSafe || ch !== ':') && !(ch === '&' && next !== undefined && /[\p{L}\p{N}#]/u.test(next));
  const escaped = cut.map((ch, i) => (keep(ch, cut[i + 1]) ? ch : `#${ch.codePointAt(0)};`)).join('');
  return chars.length > max ? `${escaped}…` : escaped;
}

/**
 * A mermaid id for a model id: a fixed prefix (never a keyword such as `end`, `graph` or `click`), then the
 * id with every character other than `[A-Za-z0-9]` written as `_<hex>_`. Injective, so two model ids never
 * share a diagram id, and deterministic, so the same model always gives the same text.
 */
export function mermaidId(prefix: string, id: string): string {
  let out = `${prefix}_`;
  for (const ch of String(id)) out += /[A-Za-z0-9]/.test(ch) ? ch : `_${ch.codePointAt(0)!.toString(16)}_`;
  return out;
}

/** 32-bit FNV-1a of a string, as 8 hex digits: a cheap, stable fingerprint (not a security hash). */
export function fnv1a(text: string, seed = 0x811c9dc5): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** A 64-bit fingerprint from two FNV-1a passes with different seeds. */
export function fingerprint(text: string): string {
  return fnv1a(text) + fnv1a(text, 0x01000193);
}
