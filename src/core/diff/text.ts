/** Keeps model text on one terminal line: line breaks become spaces, control characters `?`. */
export function oneLineText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '?');
}
