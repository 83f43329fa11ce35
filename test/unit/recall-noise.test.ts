/**
 * Recall and noise on the worked examples (docs/recall-and-noise.md). Each `examples/<name>.review.yaml` holds a
 * reviewer's judgement of one example: the threats an expert lists for that design (`expected`, each with the
 * findings that cover it) and a verdict on every finding (`findings`: valid or noise, with a reason for noise).
 * The test recomputes recall (expected threats covered by at least one finding) and noise (findings judged
 * noise) and compares them with the pinned `figures`. A new or vanished finding fails it until judged, so new
 * rules cannot add noise silently. Update the review file by hand, as a reviewer would.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtinCatalog } from '../../src/core/catalog/builtin';
import { analyze } from '../../src/core/engine/analyze';
import { loadModel } from '../../src/core/model/load';

interface Review {
  model: string;
  expected: Array<{ threat: string; coveredBy: string[] }>;
  findings: Record<string, string>;
  figures: { recall: string; noise: string; noiseConfirmed: string; notStated: number };
}

const reviews = readdirSync('examples').filter((f) => f.endsWith('.review.yaml')).sort();
const { catalog } = builtinCatalog();

/** `covered of total (pct %)`, rounded to a whole percent. */
function ratio(n: number, total: number): string {
  return `${n} of ${total} (${total === 0 ? 0 : Math.round((100 * n) / total)} %)`;
}

interface Counts { expected: number; covered: number; findings: number; noise: number; confirmed: number; noiseConfirmed: number }

/** Analyses a review's model and counts its figures; the assertions that every finding is judged run here too. */
function judge(reviewFile: string): { review: Review; counts: Counts } {
  const review = parse(readFileSync(join('examples', reviewFile), 'utf8')) as Review;
  const { model, problems } = loadModel(readFileSync(review.model, 'utf8'), review.model);
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  const findings = analyze(model!, catalog).findings;
  const ids = findings.map((f) => f.id);

  // Every finding judged, and every judgement about a finding that exists.
  expect(ids.filter((id) => !(id in review.findings)), 'findings without a verdict').toEqual([]);
  expect(Object.keys(review.findings).filter((id) => !ids.includes(id)), 'verdicts on findings that no longer fire').toEqual([]);
  const verdicts = Object.values(review.findings);
  expect(verdicts.filter((v) => !/^(valid|noise: .+)$/.test(v)), 'a verdict is `valid` or `noise: <reason>`').toEqual([]);
  // Coverage claims name real, valid findings.
  for (const e of review.expected) {
    for (const id of e.coveredBy) expect(review.findings[id], `${e.threat}: ${id}`).toBe('valid');
  }

  const noise = findings.filter((f) => review.findings[f.id] !== 'valid');
  const confirmed = findings.filter((f) => !f.notStated);
  return {
    review,
    counts: {
      expected: review.expected.length, covered: review.expected.filter((e) => e.coveredBy.length > 0).length,
      findings: findings.length, noise: noise.length,
      confirmed: confirmed.length, noiseConfirmed: noise.filter((f) => !f.notStated).length,
    },
  };
}

function figuresOf(c: Counts): Review['figures'] {
  return {
    recall: ratio(c.covered, c.expected),
    noise: ratio(c.noise, c.findings),
    noiseConfirmed: ratio(c.noiseConfirmed, c.confirmed),
    notStated: c.findings - c.confirmed,
  };
}

/** The row of docs/recall-and-noise.md's figures table for one example (or `all examples`). */
function docsRow(name: string, c: Counts): string {
  const f = figuresOf(c);
  return `| ${name} | ${f.recall} | ${f.noise} | ${f.noiseConfirmed} | ${f.notStated} |`;
}

describe('recall and noise on the worked examples', () => {
  it('there are reviewed examples', () => {
    expect(reviews.length).toBeGreaterThanOrEqual(2);
  });

  it.each(reviews)('%s', (reviewFile) => {
    const { review, counts } = judge(reviewFile);
    expect(figuresOf(counts)).toEqual(review.figures);
  });

  it('docs/recall-and-noise.md quotes the figures of every example and their total', () => {
    const docs = readFileSync('docs/recall-and-noise.md', 'utf8');
    const total: Counts = { expected: 0, covered: 0, findings: 0, noise: 0, confirmed: 0, noiseConfirmed: 0 };
    const rows: string[] = [];
    for (const reviewFile of reviews) {
      const { counts } = judge(reviewFile);
      for (const k of Object.keys(total) as Array<keyof Counts>) total[k] += counts[k];
      rows.push(docsRow(`\`examples/${reviewFile}\``, counts));
    }
    rows.push(docsRow('**all examples**', total));
    expect(rows.filter((r) => !docs.includes(r)), 'rows missing from the figures table (copy them in)').toEqual([]);
  });
});
