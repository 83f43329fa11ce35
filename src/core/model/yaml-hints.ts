/**
 * Plain-language hints for YAML errors people make by hand. The commonest: a colon followed by a space inside
 * an unquoted value (`description: Note: this breaks`). YAML reads `Note:` as the key of a nested mapping and
 * says "Nested mappings are not allowed in compact mappings", which does not tell anyone what to change.
 */
import { safeMessage } from '../text/quote';

export interface YamlHint {
  message: string;
  /** Offsets of the text to underline: the colon that YAML took for a key's. */
  start: number;
  end: number;
  /** Offset of the start of the line, so a caller can give one hint per line. */
  lineStart: number;
}

/** A suggestion longer than this is not spelt out (the message would be mostly the value). */
const MAX_SUGGESTION = 120;

/**
 * The hint for a `BLOCK_AS_IMPLICIT_KEY` error that yaml reports at `pos` (the start of the value), when the
 * value is a plain scalar with `: ` in it; undefined for any other shape.
 */
export function plainColonHint(input: string, pos: number): YamlHint | undefined {
  if (pos <= 0 || pos >= input.length) return undefined;
  const lineStart = input.lastIndexOf('\n', pos - 1) + 1;
  const nl = input.indexOf('\n', pos);
  const lineEnd = nl < 0 ? input.length : nl;
  if (lineEnd - lineStart > 4096) return undefined; // a hint is for a line a person wrote
  const before = input.slice(lineStart, pos);
  const key = /^[ \t]*(?:-[ \t]+)*([^\s#][^#]*?)[ \t]*:[ \t]+$/.exec(before)?.[1];
  if (key === undefined) return undefined;
  // The value as written, without a trailing comment (` #` ends a plain scalar).
  const value = input.slice(pos, lineEnd).replace(/\r$/, '').replace(/[ \t]+#.*$/, '').trimEnd();
  if (/^["'[{|>&*!%@`]/.test(value)) return undefined; // quoted, flow, block scalar, anchor, alias, tag: another mistake
  const colon = /:(?=[ \t]|$)/.exec(value);
  if (!colon) return undefined;
  const suggestion = `${key}: ${JSON.stringify(value)}`;
  const example = suggestion.length <= MAX_SUGGESTION ? `: ${safeMessage(suggestion, MAX_SUGGESTION)}` : '';
  return {
    message: `YAML: this value contains ': ' (a colon and a space), so YAML reads the text before it as another key; `
      + `put the whole value in double quotes${example}`,
    start: pos + colon.index,
    end: pos + colon.index + 1,
    lineStart,
  };
}
