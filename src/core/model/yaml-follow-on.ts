/**
 * One YAML mistake, one problem. After a syntax error yaml's parser recovers by guessing, and every guess after
 * the first is suspect: deleting one `]` from a template yields ~20 errors ("nested mappings are not allowed in
 * compact mappings", "implicit keys need to be on a single line" on every following line), none of them at the
 * place to fix. This module keeps the first (root) error, rewords the common roots so they say what to change,
 * and counts the rest as follow-on errors, hidden until the root is fixed (the next check shows what remains).
 *
 * Errors known to be self-contained are kept as they are: a colon inside an unquoted value
 * (yaml-hints.ts) is reported on its line and yaml reads on exactly as if it were quoted.
 */
import { makeRange, type Problem } from '../problem';

export interface YamlErrorEntry {
  problem: Problem;
  /** yaml's error code (`BAD_INDENT`, `BLOCK_AS_IMPLICIT_KEY`, …). */
  yamlCode: string;
  /** Offset in the input where yaml reported the error. */
  offset: number;
  /** The parser recovers exactly after this error (it does not make later errors suspect). */
  contained?: boolean;
}

/**
 * The problems to report for the document's YAML syntax errors: the self-contained ones before the root, the
 * root (reworded when its shape is recognised), with "(+N follow-on errors hidden …)" when others follow it.
 */
export function collapseFollowOn(entries: readonly YamlErrorEntry[], input: string): Problem[] {
  const sorted = [...entries].sort((a, b) => a.offset - b.offset);
  const out: Problem[] = [];
  let i = 0;
  for (; i < sorted.length && sorted[i]!.contained; i++) out.push(sorted[i]!.problem);
  if (i === sorted.length) return out;
  const root = sorted[i]!;
  const hidden = sorted.length - i - 1;
  const reworded = rootHint(root, input) ?? root.problem;
  const note = hidden > 0 ? ` (+${hidden} follow-on error${hidden === 1 ? '' : 's'} hidden until this one is fixed)` : '';
  out.push({ ...reworded, message: reworded.message + note });
  return out;
}

interface Line { start: number; text: string; number: number }

/** The line holding `offset`. `number` is given when known: counting it walks the text before the line. */
function lineAt(input: string, offset: number, number?: number): Line {
  const start = input.lastIndexOf('\n', Math.max(0, offset - 1)) + (offset > 0 ? 1 : 0);
  const nl = input.indexOf('\n', start);
  const text = input.slice(start, nl < 0 ? input.length : nl).replace(/\r$/, '');
  return { start, text, number: number ?? countNewlines(input, start) };
}

function countNewlines(input: string, end: number): number {
  let n = 0;
  for (let i = input.indexOf('\n'); i >= 0 && i < end; i = input.indexOf('\n', i + 1)) n++;
  return n;
}

// Neighbours are numbered from the line they step from, so walking up or down a few hundred lines of a large
// file costs those lines only.
function lineBefore(input: string, line: Line): Line | undefined {
  return line.start === 0 ? undefined : lineAt(input, line.start - 1, line.number - 1);
}

function lineAfter(input: string, line: Line): Line | undefined {
  const nl = input.indexOf('\n', line.start);
  return nl < 0 || nl + 1 >= input.length ? undefined : lineAt(input, nl + 1, line.number + 1);
}

const indentOf = (text: string) => /^[ ]*/.exec(text)![0].length;
const isBlankOrComment = (text: string) => /^\s*(#.*)?$/.test(text);

/** Brackets outside quotes and comments: the unclosed `[`/`{` of a line (its column), if any. */
function unclosedBracket(text: string): { column: number; open: string } | undefined {
  const stack: Array<{ column: number; open: string }> = [];
  let quote: string | undefined;
  for (let c = 0; c < text.length; c++) {
    const ch = text[c]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (c === 0 || /\s/.test(text[c - 1]!))) break;
    else if (ch === '[' || ch === '{') stack.push({ column: c, open: ch });
    else if ((ch === ']' || ch === '}') && stack.length > 0) stack.pop();
  }
  return stack[0];
}

/** A clearer problem for the root error's common shapes, or undefined to keep yaml's own message. */
function rootHint(root: YamlErrorEntry, input: string): Problem | undefined {
  const p = root.problem;
  const at = (line: Line, from: number, to: number, message: string): Problem =>
    ({ ...p, message, range: makeRange(line.number, from, line.number, to) });
  const here = lineAt(input, Math.min(root.offset, input.length));

  // An unclosed `[` or `{`: yaml notices lines later (at the next key, or the end of the file). Point at the
  // bracket: the nearest line above (or this one) with a bracket left open.
  if (/must be sufficiently indented and end with a [\]}]|flow (sequence|mapping|collection)|expected .*[\]}]/i.test(p.message)
    || (root.yamlCode === 'BAD_INDENT' && /[\]}]/.test(p.message))) {
    for (let line: Line | undefined = here, k = 0; line && k < 50; line = lineBefore(input, line), k++) {
      const open = unclosedBracket(line.text);
      if (!open) continue;
      const close = open.open === '[' ? ']' : '}';
      const written = line.text.replace(/[ \t]+#.*$/, '').trimEnd();
      const fixed = `${written.trimStart()}${close}`;
      return at(line, open.column, written.length,
        `YAML: the '${open.open}' on line ${line.number + 1} is not closed, so YAML reads the lines after it as part of this ${open.open === '[' ? 'list' : 'mapping'}; `
        + `end it with '${close}' on the same line${fixed.length <= 120 ? `: ${fixed}` : ''}`);
    }
  }

  // A key without its colon (`autonomy supervised`): yaml reads it and the next line as one multi-line key.
  if (root.yamlCode === 'MULTILINE_IMPLICIT_KEY') {
    const m = /^([ ]*(?:-[ ]+)?)([A-Za-z_][\w-]*)[ \t]+([^\s:#][^:#]*?)[ \t]*$/.exec(here.text);
    if (m && root.offset - here.start <= m[1]!.length) {
      return at(here, m[1]!.length, here.text.trimEnd().length,
        `YAML: '${m[2]} ${m[3]}' has no ':' after the key, so YAML cannot tell the key from its value; write ${m[2]}: ${m[3]}`);
    }
  }

  // A line indented deeper than the key above it: yaml reads it as the continuation of that key's value.
  if (root.yamlCode === 'BLOCK_AS_IMPLICIT_KEY' || root.yamlCode === 'MULTILINE_IMPLICIT_KEY') {
    const key = /^([ ]*(?:-[ ]+)?)([^\s#:][^:#]*?):[ \t]+\S/.exec(here.text);
    let next = lineAfter(input, here);
    while (next && isBlankOrComment(next.text)) next = lineAfter(input, next);
    if (key && next) {
      const keyColumn = key[1]!.length;
      const nextIndent = indentOf(next.text);
      const nextKey = /^[ ]*([^\s#:-][^:#]*?):(\s|$)/.exec(next.text);
      if (nextKey && nextIndent > keyColumn) {
        return at(next, nextIndent, nextIndent + nextKey[1]!.length,
          `YAML: line ${next.number + 1} is indented deeper than '${key[2]}:' on the line above, so YAML reads it as part of that value; `
          + `indent '${nextKey[1]}:' by ${keyColumn} spaces, like '${key[2]}:'`);
      }
    }
  }
  // A key indented to a column no line above uses (3 spaces among 2 and 4): yaml cannot place it.
  if (root.yamlCode === 'MISSING_CHAR' || root.yamlCode === 'BAD_INDENT' || root.yamlCode === 'UNEXPECTED_TOKEN') {
    const key = /^([ ]*)([^\s#:-][^:#]*?):(\s|$)/.exec(here.text);
    let prev = lineBefore(input, here);
    while (prev && isBlankOrComment(prev.text)) prev = lineBefore(input, prev);
    const prevKey = prev && /^([ ]*(?:-[ ]+)*)([^\s#:-][^:#]*?):(\s|$)/.exec(prev.text);
    if (key && prev && prevKey) {
      const columns = new Set<number>();
      for (let l: Line | undefined = prev, k = 0; l && k < 200; l = lineBefore(input, l), k++) {
        if (isBlankOrComment(l.text)) continue;
        const m = /^([ ]*)((?:-[ ]+)*)/.exec(l.text)!;
        columns.add(m[1]!.length);
        columns.add(m[1]!.length + m[2]!.length);
      }
      const indent = key[1]!.length;
      const want = prevKey[1]!.length;
      if (!columns.has(indent) && indent !== want) {
        return at(here, indent, indent + key[2]!.length,
          `YAML: line ${here.number + 1} is indented ${indent} space${indent === 1 ? '' : 's'}, a column no key above it uses, so YAML cannot tell what it belongs to; `
          + `indent '${key[2]}:' by ${want} spaces, like '${prevKey[2]}:' on the line above`);
      }
    }
  }
  return undefined;
}
