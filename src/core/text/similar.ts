/**
 * Did-you-mean suggestions: the closest candidate by edit distance (with transpositions), if close enough.
 * Bounded work: candidates longer than 128 characters are ignored, and the distance cut-off scales with length.
 */

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), case-insensitive. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prevPrev[j - 2]! + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prevPrev = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/** The candidate closest to `word`, or undefined when none is plausibly meant. Ties go to the first in sorted order. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length === 0 || word.length > 128) return undefined;
  const limit = Math.max(1, Math.min(4, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of [...candidates].sort()) {
    if (c.length > 128 || c === word) continue;
    const d = editDistance(word, c, bestDistance);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  if (best === undefined) {
    // A prefix or containment match helps with renames like `support-agent` → `support-agent-v2`.
    const lower = word.toLowerCase();
    best = [...candidates].sort().find((c) => c.length <= 128 && (c.toLowerCase().startsWith(lower) || lower.startsWith(c.toLowerCase())) && Math.min(c.length, lower.length) >= 4);
  }
  return best;
}
