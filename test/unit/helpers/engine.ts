/** Small models and one-off rules for engine tests. */
import { expect } from 'vitest';
import { emptyCatalog, layerCatalog, loadRuleFiles, type Catalog } from '../../../src/core/catalog/catalog';
import { ConditionEvaluator, type Element } from '../../../src/core/catalog/condition';
import type { Condition } from '../../../src/core/catalog/types';
import type { ResolvedModel } from '../../../src/core/model/graph';
import { loadModel } from '../../../src/core/model/load';

/** Loads a model that must have no errors. */
export function model(text: string, file = 'test.threatmodel.yaml'): ResolvedModel {
  const r = loadModel(text, file);
  const errors = r.problems.filter((p) => p.severity === 'error');
  expect(errors.map((p) => `${p.range.start.line + 1}: ${p.code} ${p.message}`)).toEqual([]);
  return r.model!;
}

/** A catalog of rules given as YAML texts (each must be valid). */
export function catalogOf(...rules: string[]): Catalog {
  const loaded = loadRuleFiles(rules.map((text, i) => ({ path: `rule-${i}.yaml`, text })), 'test');
  expect(loaded.problems.map((p) => `${p.file}:${p.range.start.line + 1}: ${p.message}`)).toEqual([]);
  return layerCatalog(emptyCatalog(), loaded);
}

/** A minimal valid rule; `extra` is YAML appended at the top level (e.g. a `when:` block). */
export function rule(id: string, appliesTo: string, extra = '', scoring = 'likelihood: { base: medium }\nimpact: { base: medium }'): string {
  return `id: ${id}
title: ${id} title
description: "{{name}} ({{kind}} {{id}}) is at risk"
stride: [tampering]
frameworks: { cwe: [CWE-20] }
appliesTo: [${appliesTo}]
${scoring}
mitigations:
  - id: M-${id}
    title: Fix ${id}
${extra}`;
}

/** Evaluates a condition on an element of the model by id. */
export function holds(m: ResolvedModel, id: string, cond: Condition): { holds: boolean; path?: string[] } {
  const ev = new ConditionEvaluator(m);
  const el: Element | undefined = id === 'system' ? { type: 'system', id, value: m.system } : ev.element(id);
  expect(el, `no element '${id}'`).toBeDefined();
  return ev.evaluate(cond, el!);
}
