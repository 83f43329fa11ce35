/**
 * Severity calibration (test/golden/severity-calibration.yaml): findings whose severity was set against published
 * expert ratings (AWS Threat Composer's GenAI threat pack, public advisories, OWASP agentic lists). A rule whose
 * scoring, or a severity factor whose meaning, drifts away from a case fails here, naming the case and citation.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtinCatalog } from '../../src/core/catalog/builtin';
import { analyze } from '../../src/core/engine/analyze';
import { LEVELS } from '../../src/core/catalog/types';
import type { Finding } from '../../src/core/engine/types';
import { loadModel } from '../../src/core/model/load';

interface Case { case: string; model: string; finding: string; severity: string; citation: string }

const { cases } = parse(readFileSync('test/golden/severity-calibration.yaml', 'utf8')) as { cases: Case[] };
const { catalog } = builtinCatalog();
const findingsOf = new Map<string, Finding[]>();
function findings(file: string): Finding[] {
  let f = findingsOf.get(file);
  if (!f) {
    const { model, problems } = loadModel(readFileSync(file, 'utf8'), file);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    f = analyze(model!, catalog).findings;
    findingsOf.set(file, f);
  }
  return f;
}

describe('severity calibration', () => {
  it('covers the three calibration themes of issue 13 and cites a source for every case', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
    for (const c of cases) {
      expect(c.citation?.trim(), c.case).toBeTruthy();
      expect(LEVELS, c.case).toContain(c.severity);
    }
    const critical = cases.filter((c) => c.severity === 'critical').map((c) => c.finding.split('@')[0]);
    expect(critical).toEqual(expect.arrayContaining(['TOOL-CODE-EXECUTION-UNSANDBOXED', 'SERVICE-EVALUATES-MODEL-CODE', 'INTER-AGENT-CHANNEL-INSECURE']));
  });

  it.each(cases.map((c) => [`${c.finding}: ${c.case}`, c] as const))('%s', (_, c) => {
    const f = findings(c.model).find((x) => x.id === c.finding);
    expect(f, `${c.finding} does not fire on ${c.model}`).toBeDefined();
    expect(f!.severity, `${c.case} — calibrated against: ${c.citation}`).toBe(c.severity);
  });
});
