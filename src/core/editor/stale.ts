/**
 * While the text does not parse as YAML, the editor keeps showing the last analysis that did, marked stale,
 * instead of "no open threats" and no CodeLens (which is what an empty result would say). The syntax error
 * itself is still reported (the problems are the new ones); only findings and element locations carry over.
 */
import type { ModelAnalysis } from './analyze-document';

/** The text could not be read as YAML at all: a syntax error and no element resolved. */
export function isUnparsable(a: Pick<ModelAnalysis, 'problems' | 'elements'>): boolean {
  return Object.keys(a.elements).length === 0 && a.problems.some((p) => p.code === 'TM-YAML-SYNTAX' && p.severity === 'error');
}

/** `next`, or, when `next` is unparsable text, `next` with the previous findings and elements, marked stale. */
export function keepLastGood<T extends Pick<ModelAnalysis, 'problems' | 'elements' | 'findings' | 'stale'>>(previous: T | undefined, next: T): T {
  if (!previous || !isUnparsable(next)) return next;
  if (previous.findings.length === 0 && Object.keys(previous.elements).length === 0) return next;
  return { ...next, findings: previous.findings, elements: previous.elements, stale: true };
}
