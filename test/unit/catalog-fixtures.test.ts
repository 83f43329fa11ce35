/**
 * Runs every catalog fixture against the full built-in catalog: each `# expect: RULE-ID` must have a finding
 * of that rule on the element declared on the next line, each `# ok: RULE-ID` must have none, and the fixture
 * itself must load and analyze without problems.
 */
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/core/catalog/builtin';
import { analyze } from '../../src/core/engine/analyze';
import type { Finding } from '../../src/core/engine/types';
import { loadModel } from '../../src/core/model/load';
import { annotations, elementAtLine, fixtureFiles, readFixture } from './helpers/catalog-fixtures';

const { catalog, problems: catalogProblems } = builtinCatalog();
const ruleIds = new Set(catalog.rules.map((r) => r.rule.id));
const fired = (f: Finding, ruleId: string): boolean => f.ruleId === ruleId || (f.merged ?? []).some((m) => m.ruleId === ruleId);

describe('catalog fixtures', () => {
  it('the built-in catalog loads without problems', () => {
    expect(catalogProblems.map((p) => `${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.code} ${p.message}`)).toEqual([]);
  });

  it.each(fixtureFiles())('%s', (file) => {
    const text = readFixture(file);
    const failures: string[] = [];
    const { model, problems } = loadModel(text, file);
    for (const p of problems) {
      if (p.severity !== 'info') failures.push(`${file}:${p.range.start.line + 1}:${p.range.start.character + 1}: fixture has a model ${p.severity}: ${p.code} ${p.message}`);
    }
    if (!model) {
      expect.fail(failures.join('\n') || `${file}: the fixture did not load`);
      return;
    }
    const result = analyze(model, catalog);
    for (const p of result.problems) {
      if (p.severity !== 'info') failures.push(`${file}:${p.range.start.line + 1}:${p.range.start.character + 1}: analysis ${p.severity}: ${p.code} ${p.message}`);
    }
    const marks = annotations(text);
    if (marks.length === 0) failures.push(`${file}: no '# expect: RULE-ID' or '# ok: RULE-ID' annotations`);
    for (const a of marks) {
      const at = `${file}:${a.line + 1}`;
      if (!ruleIds.has(a.ruleId)) {
        failures.push(`${at}: ${a.kind} ${a.ruleId}: no such rule in the built-in catalog (is catalog/rules/${a.ruleId}.yaml listed in catalog/index.yaml?)`);
        continue;
      }
      const element = a.target < 0 ? undefined : elementAtLine(model, text, a.target);
      if (!element) {
        failures.push(`${at}: ${a.kind} ${a.ruleId}: no element is declared on the next line (${a.target + 1})`);
        continue;
      }
      // A finding merged into another of its merge group still fired: look through `merged` (engine/merge.ts).
      const hits = result.findings.filter((f) => fired(f, a.ruleId) && f.elementId === element);
      if (a.kind === 'expect' && hits.length === 0) {
        const elsewhere = result.findings.filter((f) => fired(f, a.ruleId)).map((f) => f.elementId);
        failures.push(`${at}: expected ${a.ruleId} on '${element}', but it did not fire there${elsewhere.length ? ` (it fired on ${elsewhere.join(', ')})` : ''}`);
      }
      if (a.kind === 'ok' && hits.length > 0) {
        failures.push(`${at}: ${a.ruleId} must not fire on '${element}', but it did (${hits.map((h) => h.id).join(', ')})${hits[0]!.why.path ? `; path ${hits[0]!.why.path.join(' → ')}` : ''}`);
      }
    }
    expect(failures.length, failures.join('\n')).toBe(0);
  });
});
