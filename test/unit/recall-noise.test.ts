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

describe('recall and noise on the worked examples', () => {
  it('there are reviewed examples', () => {
    expect(reviews.length).toBeGreaterThanOrEqual(2);
  });

  it.each(reviews)('%s', (reviewFile) => {
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

    const covered = review.expected.filter((e) => e.coveredBy.length > 0).length;
    const noise = findings.filter((f) => review.findings[f.id] !== 'valid');
    const confirmed = findings.filter((f) => !f.notStated);
    const figures = {
      recall: ratio(covered, review.expected.length),
      noise: ratio(noise.length, findings.length),
      noiseConfirmed: ratio(noise.filter((f) => !f.notStated).length, confirmed.length),
      notStated: findings.length - confirmed.length,
    };
    expect(figures).toEqual(review.figures);
  });
});
