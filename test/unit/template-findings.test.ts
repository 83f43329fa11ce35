/**
 * Golden findings for every starter template and the bundled example: the full built-in catalog applied,
 * pinned as readable text (id, severity, status, why). Review a diff here like a threat-model change.
 * Update after an intended change with: UPDATE_GOLDEN=1 npx vitest run test/unit/template-findings.test.ts
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/core/catalog/builtin';
import { analyze } from '../../src/core/engine/analyze';
import type { Finding } from '../../src/core/engine/types';
import { loadModel } from '../../src/core/model/load';
import type { Problem } from '../../src/core/problem';

const GOLDEN = 'test/golden/findings';
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const models = [
  ...readdirSync('templates').filter((f) => f.endsWith('.threatmodel.yaml')).sort().map((f) => join('templates', f)),
  ...readdirSync('examples').filter((f) => f.endsWith('.threatmodel.yaml')).sort().map((f) => join('examples', f)),
];
const { catalog } = builtinCatalog();

function render(file: string, findings: Finding[], problems: Problem[]): string {
  const out = [`# ${file}: ${findings.length} findings, ${findings.filter((f) => f.status === 'open' || f.status === 'in-progress').length} open`];
  for (const p of problems) out.push(`! ${p.range.start.line + 1}:${p.range.start.character + 1} ${p.severity} ${p.code} ${p.message}`);
  for (const f of findings) {
    out.push('', `${f.id}`, `  ${f.severity} (likelihood ${f.likelihood}, impact ${f.impact}), ${f.status}${f.mitigatedBy.length ? ` by ${f.mitigatedBy.join(', ')}` : ''}`);
    if (f.notStated) out.push(`  not stated: ${f.notStated.join(', ')}`);
    for (const x of f.why.factors) out.push(`  + ${x.factor}: ${x.detail}`);
    if (f.why.path) out.push(`  path: ${f.why.path.join(' → ')}`);
    for (const m of f.merged ?? []) out.push(`  merged ${m.id} (${m.severity}, ${m.status})${m.path ? `: ${m.path.join(' → ')}` : ''}`);
    if (f.why.severityOverride) out.push(`  severity set by ${f.why.severityOverride.setting} (computed ${f.why.severityOverride.computed})`);
    for (const c of f.why.controls ?? []) if (c.status !== 'implemented') out.push(`  control ${c.control} (${c.status})`);
  }
  return `${out.join('\n')}\n`;
}

describe('template findings (golden)', () => {
  it('there are templates to pin', () => {
    expect(models.length).toBeGreaterThan(0);
  });

  it.each(models)('%s', (file) => {
    const { model, problems } = loadModel(readFileSync(file, 'utf8'), file);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const result = analyze(model!, catalog);
    // Sensible and explainable: one finding per rule and element, sorted, each with a description and mitigations.
    const ids = result.findings.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
    for (const f of result.findings) {
      expect(f.description).not.toMatch(/\{\{/);
      expect(f.mitigations.length).toBeGreaterThan(0);
    }
    const text = render(file, result.findings, result.problems);
    const golden = join(GOLDEN, `${basename(file, '.threatmodel.yaml')}.txt`);
    if (UPDATE || !existsSync(golden)) writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });
});
