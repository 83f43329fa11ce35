/**
 * A bounded fuzz target for catalogs × models (issue 15): random models and random rule conditions over the
 * whole condition language, from a fixed seed, through the full analysis. Every input must finish without a
 * throw or TM-INTERNAL, give the same findings twice, and keep evidence paths bounded. The work budget may stop
 * a rule (TM-ANALYSIS-BUDGET), never hang. Prints the number of inputs and the slowest, for the record; it
 * asserts no time.
 */
import { describe, expect, it } from 'vitest';
import { emptyCatalog, layerCatalog } from '../../src/core/catalog/catalog';
import type { LoadedRule } from '../../src/core/catalog/load';
import type { Target } from '../../src/core/catalog/types';
import { PATH_HEAD, PATH_TAIL } from '../../src/core/catalog/reach';
import { analyze } from '../../src/core/engine/analyze';
import { loadModel } from '../../src/core/model/load';
import { deepCondition, prng, randomCondition, randomModel } from '../../scripts/lib/fuzz-inputs';
import type { Condition } from '../../src/core/catalog/types';

const SEED = 15;
const MODELS = 80;
const RULES_PER_MODEL = 12;
const DEEP_MODELS = 24;
const DEEP_RULES = 8;
const TARGETS: Target[] = ['agent', 'tool', 'service', 'model-endpoint', 'datastore', 'flow', 'user', 'memory'];

function rules(r: () => number, n: number, when: () => Condition = () => randomCondition(r, 5)): LoadedRule[] {
  return Array.from({ length: n }, (_, i) => ({
    rule: {
      id: `FUZZ-RULE-${i}`, title: 'fuzz', description: '{{name}}', stride: ['tampering'], frameworks: {},
      appliesTo: [TARGETS[Math.floor(r() * TARGETS.length)]!], when: when(),
      likelihood: { base: 'medium', factors: ['untrusted-input', 'internet-exposed'] }, impact: { base: 'medium', factors: ['tool-effects', 'sensitive-data'] },
      mitigations: [{ id: 'M-FUZZ', title: 'fuzz' }],
    },
    file: `fuzz-${i}.yaml`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, layer: 'fuzz',
  }));
}

describe('fuzz: random catalogs × random models', () => {
  it(`${MODELS} models × ${RULES_PER_MODEL} random rules (seed ${SEED}): no throw, deterministic, bounded paths`, () => {
    const r = prng(SEED);
    let inputs = 0;
    let findings = 0;
    let worst = { ms: 0, model: -1 };
    for (let m = 0; m < MODELS; m++) {
      const size = 5 + Math.floor(r() * 100);
      const text = randomModel(r, size);
      const loaded = loadModel(text, `fuzz-${m}.threatmodel.yaml`);
      expect(loaded.problems.filter((p) => p.severity === 'error').map((p) => `${p.code} ${p.message}`), text).toEqual([]);
      const catalog = layerCatalog(emptyCatalog(), { rules: rules(r, RULES_PER_MODEL) });
      const t = performance.now();
      const first = analyze(loaded.model!, catalog);
      const ms = performance.now() - t;
      if (ms > worst.ms) worst = { ms, model: m };
      const again = analyze(loadModel(text, `fuzz-${m}.threatmodel.yaml`).model!, catalog);
      expect(JSON.stringify(again)).toBe(JSON.stringify(first));
      expect(first.problems.map((p) => p.code).filter((c) => c !== 'TM-ANALYSIS-BUDGET')).toEqual([]);
      for (const f of first.findings) expect((f.why.path ?? []).length).toBeLessThanOrEqual(PATH_HEAD + PATH_TAIL + 2);
      inputs += RULES_PER_MODEL;
      findings += first.findings.length;
    }
    expect(findings, 'the random rules do fire').toBeGreaterThan(inputs);
    console.log(`fuzz-analysis: ${MODELS} models, ${inputs} rule×model inputs (seed ${SEED}), ${findings} findings; slowest analysis ${worst.ms.toFixed(0)} ms (model ${worst.model})`);
  });

  it(`deep conditions: ${DEEP_MODELS} models of up to 400 components × ${DEEP_RULES} rules nested 10 to 80 levels (past the evaluator's 64) (seed ${SEED}): no throw, no hang, deterministic`, () => {
    const r = prng(SEED * 1000 + 1);
    let worst = { ms: 0, model: -1 };
    let stopped = 0;
    for (let m = 0; m < DEEP_MODELS; m++) {
      const text = randomModel(r, 20 + Math.floor(r() * 380));
      const loaded = loadModel(text, `deep-${m}.threatmodel.yaml`);
      expect(loaded.problems.filter((p) => p.severity === 'error')).toEqual([]);
      const catalog = layerCatalog(emptyCatalog(), { rules: rules(r, DEEP_RULES, () => deepCondition(r, 10 + Math.floor(r() * 71))) });
      const t = performance.now();
      const first = analyze(loaded.model!, catalog);
      const ms = performance.now() - t;
      if (ms > worst.ms) worst = { ms, model: m };
      // The engine's own work budget is the per-input bound: a rule over it stops with a placed problem.
      expect(first.problems.map((p) => p.code).filter((c) => c !== 'TM-ANALYSIS-BUDGET')).toEqual([]);
      stopped += first.problems.length;
      expect(JSON.stringify(analyze(loadModel(text, `deep-${m}.threatmodel.yaml`).model!, catalog))).toBe(JSON.stringify(first));
    }
    console.log(`fuzz-analysis (deep): ${DEEP_MODELS} models, ${DEEP_MODELS * DEEP_RULES} rule×model inputs (seed ${SEED}), ${stopped} stopped by the work budget; slowest analysis ${worst.ms.toFixed(0)} ms (model ${worst.model})`);
  });
});
