/**
 * Evidence paths in words. A long path keeps its first and last ids and says how many were left out
 * (`why.pathOmitted`, docs/limits.md), so output stays bounded however long the chain in the model is.
 */

import type { MergedPath } from './types';

/** The ids of a path with a marker such as `… 2,984 more …` where ids were left out. */
export function pathParts(path: readonly string[], omitted?: { at: number; count: number }): Array<{ id: string } | { omitted: number }> {
  const out: Array<{ id: string } | { omitted: number }> = path.map((id) => ({ id }));
  if (omitted && omitted.count > 0 && omitted.at >= 0 && omitted.at <= path.length) out.splice(omitted.at, 0, { omitted: omitted.count });
  return out;
}

/** `a → b → … 2,984 more … → z`, with each id passed through `show` (escape or quote it there). */
export function pathText(path: readonly string[], omitted?: { at: number; count: number }, show: (id: string) => string = (id) => id): string {
  return pathParts(path, omitted).map((p) => ('id' in p ? show(p.id) : omittedText(p.omitted))).join(' → ');
}

/**
 * One merged-away path of a merged finding in words: `PI-DOC@agent (high, open): user → upload → agent`, with
 * ids and the path passed through `show`. Without a path (a rule that is not about reachability) just the id.
 */
export function mergedText(m: MergedPath, show: (id: string) => string = (id) => id): string {
  const head = `${show(m.id)} (${m.severity}, ${m.status})`;
  return m.path && m.path.length > 0 ? `${head}: ${pathText(m.path, m.pathOmitted, show)}` : head;
}

export function omittedText(count: number): string {
  return `… ${count.toLocaleString('en-US')} more …`;
}
