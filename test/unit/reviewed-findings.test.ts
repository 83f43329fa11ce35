/**
 * A reviewer's verdict on every finding of every starter template and the bundled support-assistant example
 * (test/golden/reviewed/<name>.reviewed.yaml; the two worked examples with recall lists are checked by
 * recall-noise.test.ts). Each finding is judged as an expert security reviewer would:
 *   valid                the threat applies to this design as modelled;
 *   not-stated-but-fair  it holds only because the model leaves a safeguard unsaid (Finding.notStated), and
 *                        asking about that safeguard is a fair review question;
 *   noise                a reviewer would dismiss it for this design (the reason says why).
 * The test fails when the engine produces a finding with no verdict (so a new rule cannot add noise silently),
 * when a judged finding no longer fires, when a verdict is `unjudged` or lacks a reason, and when the pinned
 * counts (noise above all) change.
 *
 * After an intended change: UPDATE_GOLDEN=1 npx vitest run test/unit/reviewed-findings.test.ts
 * keeps every existing verdict, adds new findings as `verdict: unjudged` (the test keeps failing until a person
 * judges them), drops verdicts on findings that no longer fire, and recomputes the counts. Review the diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { builtinCatalog } from '../../src/core/catalog/builtin';
import { analyze } from '../../src/core/engine/analyze';
import { isNotStated, type Finding } from '../../src/core/engine/types';
import { loadModel } from '../../src/core/model/load';

const DIR = 'test/golden/reviewed';
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const VERDICTS = ['valid', 'not-stated-but-fair', 'noise'] as const;
const models = [
  ...readdirSync('templates').filter((f) => f.endsWith('.threatmodel.yaml')).sort().map((f) => join('templates', f)),
  'examples/support-assistant.threatmodel.yaml',
];
const { catalog } = builtinCatalog();

interface Verdict { verdict: string; reason: string }
interface Reviewed {
  model: string;
  counts: { findings: number; valid: number; notStatedButFair: number; noise: number; unjudged: number };
  findings: Record<string, Verdict>;
}

function counts(findings: Record<string, Verdict>): Reviewed['counts'] {
  const v = Object.values(findings);
  const n = (k: string): number => v.filter((x) => x.verdict === k).length;
  return { findings: v.length, valid: n('valid'), notStatedButFair: n('not-stated-but-fair'), noise: n('noise'), unjudged: n('unjudged') };
}

const HEADER = (model: string): string =>
  `# A security reviewer's verdict on every finding of ${model} (test/unit/reviewed-findings.test.ts).\n` +
  '# verdict: valid | not-stated-but-fair | noise, each with a one-line reason. New findings arrive as\n' +
  '# `unjudged` via UPDATE_GOLDEN=1 and fail the test until judged.\n';

/** Keep the old verdicts, add new findings as unjudged, drop vanished ones, recount. */
function regenerate(file: string, findings: Finding[], old: Reviewed | undefined): string {
  const judged: Record<string, Verdict> = {};
  for (const f of findings) judged[f.id] = old?.findings[f.id] ?? { verdict: 'unjudged', reason: '' };
  const doc: Reviewed = { model: file, counts: counts(judged), findings: judged };
  return HEADER(file) + stringify(doc, { lineWidth: 0 });
}

describe('reviewed findings: a verdict on every finding of every template', () => {
  it.each(models)('%s', (file) => {
    const { model, problems } = loadModel(readFileSync(file, 'utf8'), file);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const findings = analyze(model!, catalog).findings;
    const path = join(DIR, `${basename(file, '.threatmodel.yaml')}.reviewed.yaml`);
    const old = existsSync(path) ? (parse(readFileSync(path, 'utf8')) as Reviewed) : undefined;
    if (UPDATE || !old) writeFileSync(path, regenerate(file, findings, old));
    const reviewed = parse(readFileSync(path, 'utf8')) as Reviewed;

    expect(reviewed.model).toBe(file);
    const ids = findings.map((f) => f.id);
    expect(ids.filter((id) => !(id in reviewed.findings)), 'findings without a verdict (UPDATE_GOLDEN=1, then judge them)').toEqual([]);
    expect(Object.keys(reviewed.findings).filter((id) => !ids.includes(id)), 'verdicts on findings that no longer fire').toEqual([]);
    const bad = Object.entries(reviewed.findings)
      .filter(([, v]) => !(VERDICTS as readonly string[]).includes(v.verdict) || typeof v.reason !== 'string' || v.reason.trim() === '')
      .map(([id, v]) => `${id}: ${v.verdict}`);
    expect(bad, 'every finding needs a verdict (valid, not-stated-but-fair, noise) and a reason').toEqual([]);
    // "Not stated but fair" is a verdict about the not-stated tier only.
    const misused = findings.filter((f) => reviewed.findings[f.id]?.verdict === 'not-stated-but-fair' && !isNotStated(f)).map((f) => f.id);
    expect(misused, 'not-stated-but-fair on a confirmed finding').toEqual([]);
    expect(reviewed.counts, 'pinned counts (the noise count above all)').toEqual(counts(reviewed.findings));
  });
});
