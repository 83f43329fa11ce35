/**
 * Manifest bytes to text, and offsets to LSP positions. A manifest that is not text (NUL bytes, invalid
 * UTF-8) is reported, not guessed at: discovery reads declarations, and a binary file declares nothing.
 */
import { makeRange, type Problem, type Range } from '../problem';

export type Decoded = { text: string } | { problem: { code: string; message: string } };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeManifest(bytes: Uint8Array): Decoded {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return { problem: { code: 'TM-DISCOVER-BINARY', message: 'NUL bytes: not a text file, so it declares nothing; skipped' } };
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    return { problem: { code: 'TM-DISCOVER-BINARY', message: 'not valid UTF-8: not a text manifest; skipped' } };
  }
}

/** Offsets (UTF-16 code units) to 0-based line/character, by binary search over line starts. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; character: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo]! };
  }
  range(offset: number, length: number): Range {
    const s = this.position(offset);
    const e = this.position(offset + Math.max(0, length));
    return makeRange(s.line, s.character, e.line, e.character);
  }
  lineCount(): number {
    return this.starts.length;
  }
  lineText(line: number): string {
    const end = line + 1 < this.starts.length ? this.starts[line + 1]! - 1 : this.text.length;
    return this.text.slice(this.starts[line]!, end).replace(/\r$/, '');
  }
}

export function problemAt(file: string, code: string, message: string, range: Range, severity: Problem['severity'] = 'warning'): Problem {
  return { code, severity, message, file, range };
}
