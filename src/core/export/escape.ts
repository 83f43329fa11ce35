/**
 * Escaping for every output format. Model text is untrusted: a name can hold a spreadsheet formula,
 * HTML, Markdown syntax, control characters or newlines, and none of it may change what a reader sees
 * or what a program does with the file.
 */

/** Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"). */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\n']);

/**
 * Neutralises a spreadsheet cell: a value starting with a formula trigger (or with the escape quote
 * itself, so that the escape is reversible) gets a leading `'`. Spreadsheets show the rest as text.
 */
export function neutralizeCell(value: string): string {
  if (value.length === 0) return value;
  const first = value[0]!;
  return FORMULA_START.has(first) || first === "'" ? `'${value}` : value;
}

/** Text as a spreadsheet cell holds it: no control characters, `\n` line breaks. */
export function cellText(value: string): string {
  const clean = stripControl(value);
  return clean.includes('\r') ? clean.replace(/\r\n?/g, '\n') : clean;
}

/** Reverses `neutralizeCell` (used by the register import). */
export function unneutralizeCell(value: string): string {
  return value.startsWith("'") ? value.slice(1) : value;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML and XML content or attribute values; strips characters XML 1.0 forbids. */
export function escapeHtml(text: string): string {
  const clean = stripControl(text);
  return /[&<>"']/.test(clean) ? clean.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!) : clean;
}

/** Removes C0/C1 control characters other than tab, LF, CR (invalid in XML, confusing in text), and lone surrogates. */
// eslint-disable-next-line no-control-regex
const NEEDS_CLEANING = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF\uD800-\uDFFF]/;

export function stripControl(text: string): string {
  if (!NEEDS_CLEANING.test(text)) return text; // the common case: nothing to do, no new string
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g, '').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * Model text as inline Markdown: one line, every character with Markdown or HTML meaning escaped,
 * so `**`, `[link](…)`, `<img>`, `|`, headings and list markers print as typed.
 */
export function escapeMarkdown(text: string): string {
  const oneLine = stripControl(text).replace(/\r\n|\r|\n|\u2028|\u2029/g, ' ');
  // URLs, www. names, e-mail addresses and bare domains become code spans: GitHub (GFM) and markdown-it's
  // linkify turn them into live links even when every character is escaped (audit D12).
  let out = '';
  let last = 0;
  for (const m of oneLine.matchAll(LINK_LIKE)) {
    const link = m[0].replace(/[.,;:!?'"]+$/, ''); // sentence punctuation after a URL stays prose
    if (link === '') continue;
    out += escapeProse(oneLine.slice(last, m.index), last === 0) + markdownCode(link);
    last = m.index + link.length;
  }
  return out + escapeProse(oneLine.slice(last), last === 0);
}

/** What a Markdown renderer may turn into a link: scheme://…, www.…, name@host.tld, host.tld (common TLDs). */
const LINK_LIKE = /(?:\b[a-z][a-z0-9+.-]*:\/\/|\bwww\.)[^\s<>()[\]`]*|[^\s@<>()[\]]+@[^\s@<>()[\]]+\.[a-z]{2,}\b|\b(?:[a-z0-9-]+\.)+(?:com|net|org|io|dev|app|ai|co|info|biz|xyz|[a-z]{2})\b(?:\/[^\s<>()[\]`]*)?/gi;

function escapeProse(text: string, atLineStart: boolean): string {
  const escaped = text
    // `$` starts GitHub math, `@` a mention, `#` a heading or issue link, `|` a table cell, `~` strikethrough.
    .replace(/[\\`*_[\]#|~!$@]/g, (c) => `\\${c}`)
    .replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'));
  // A list marker or a setext underline only means something at the start of a line.
  return atLineStart ? escaped.replace(/^(\s*)([-+=]|\d+[.)])/, (_, sp: string, m: string) => `${sp}${m.slice(0, -1)}\\${m.slice(-1)}`) : escaped;
}

/** Model text as the content of a Markdown code span (ids): backticks cannot close it early. */
export function markdownCode(text: string): string {
  const clean = stripControl(text).replace(/[\r\n\u2028\u2029]+/g, ' ');
  if (clean.length === 0) return '` `';
  let longest = 0;
  for (const m of clean.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/** A fenced code block whose fence is longer than any backtick run inside, so the content cannot end it. */
export function markdownFence(info: string, content: string): string {
  let longest = 2;
  for (const m of content.matchAll(/`{3,}/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${content.replace(/\s+$/, '')}\n${fence}\n`;
}

/** Cuts text to `max` characters with an ellipsis (whole code points). */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}
