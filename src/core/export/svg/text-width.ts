/**
 * Text widths without a browser, so the report's diagram can be laid out at export time (in node, by the CLI
 * or the extension) with boxes that hold their whole label. The report draws its diagram text in Arial (or a
 * metric-compatible font: Liberation Sans, Helvetica), whose advance widths are fixed; these are Arial's
 * for printable ASCII, in thousandths of an em (measured in Chromium with Liberation Sans). Any other character
 * is taken as wide as the widest Latin letter (one em for wide scripts and emoji), so estimates err on the
 * wide side: a box may be a little roomy, never too small for its text.
 */

export const DIAGRAM_FONT = 'Arial, "Liberation Sans", Helvetica, sans-serif';

const REGULAR = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
  556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const BOLD = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611,
  611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

function advance(cp: number, bold: boolean): number {
  if (cp >= 32 && cp < 127) return (bold ? BOLD : REGULAR)[cp - 32]!;
  // CJK, Hangul, full-width forms, symbols and emoji: one em; anything else: as wide as "W".
  if (cp >= 0x1100 && (cp <= 0x115f || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3)
    || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60)
    || (cp >= 0xffe0 && cp <= 0xffe6) || cp >= 0x1f000)) return 1000;
  return 944;
}

/** Width in px of `text` at `size` px. */
export function textWidth(text: string, size: number, bold = false): number {
  let units = 0;
  for (const ch of text) units += advance(ch.codePointAt(0)!, bold);
  return (units * size) / 1000;
}

/**
 * Splits text into lines no wider than `max` px, at spaces where possible, otherwise inside a word (an id
 * like `very-long-component-name` breaks after a hyphen or, failing that, anywhere). Never drops text.
 * At most `maxLines` lines: what does not fit goes on the last line, which then wraps no more (so a
 * hostile 10,000-character name cannot make a box a page tall; the box grows wide instead).
 */
export function wrapText(text: string, size: number, max: number, bold = false, maxLines = 4): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = '';
  const push = (l: string) => { if (l.length > 0) lines.push(l); };
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (textWidth(candidate, size, bold) <= max || lines.length >= maxLines - 1) { line = candidate; continue; }
    push(line);
    line = '';
    if (textWidth(word, size, bold) <= max) { line = word; continue; }
    // A word wider than a line: cut it, preferring the last hyphen, dot or slash that fits.
    let rest = word;
    while (rest.length > 0 && textWidth(rest, size, bold) > max && lines.length < maxLines - 1) {
      let cut = 0;
      let w = 0;
      for (const ch of rest) { // whole code points: never splits a surrogate pair
        const a = (advance(ch.codePointAt(0)!, bold) * size) / 1000;
        if (cut > 0 && w + a > max) break;
        w += a;
        cut += ch.length;
      }
      const head = rest.slice(0, cut);
      const soft = Math.max(head.lastIndexOf('-'), head.lastIndexOf('.'), head.lastIndexOf('/'), head.lastIndexOf('_'));
      if (soft > 0 && soft < cut - 1) cut = soft + 1;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  push(line);
  return lines.length > 0 ? lines : [''];
}
