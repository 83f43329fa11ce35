/**
 * The built-in catalog is complete and consistent: every rule file validates and is named after its id, the
 * registry lists exactly the rule files, every rule has fixtures that expect it and that rule it out, a
 * mitigation id means the same thing in every rule, conditions only name properties the model format has,
 * and docs/catalog.md is regenerated.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRule, type LoadedRule } from '../../src/core/catalog/load';
import { parseIndex } from '../../src/core/catalog/registry';
import { annotations, fixtureFiles, readFixture } from './helpers/catalog-fixtures';

const RULE_DIR = 'catalog/rules';
const ruleFiles = readdirSync(RULE_DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const loaded: LoadedRule[] = [];
const loadProblems: string[] = [];
for (const f of ruleFiles) {
  const path = join(RULE_DIR, f);
  const r = parseRule(readFileSync(path, 'utf8'), path);
  for (const p of r.problems) loadProblems.push(`${path}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.code} ${p.message}`);
  if (r.rule) loaded.push(r.rule);
}

describe('catalog completeness', () => {
  it('every rule file validates against schemas/catalog-rule.schema.json', () => {
    expect(loadProblems.length, loadProblems.join('\n')).toBe(0);
  });

  it('every rule file is named <id>.yaml', () => {
    const wrong = loaded.filter((r) => basename(r.file, '.yaml') !== r.rule.id).map((r) => `${r.file}: holds rule '${r.rule.id}'`);
    expect(wrong.length, wrong.join('\n')).toBe(0);
  });

  it('catalog/index.yaml lists exactly the rule files, sorted', () => {
    const index = parseIndex(readFileSync('catalog/index.yaml', 'utf8'), 'catalog/index.yaml');
    const messages = index.problems.map((p) => `catalog/index.yaml:${p.range.start.line + 1}: ${p.message}`);
    const files = ruleFiles.map((f) => f.replace(/\.ya?ml$/, ''));
    for (const id of files) if (!index.ids.includes(id)) messages.push(`catalog/rules/${id}.yaml is not listed in catalog/index.yaml`);
    for (const id of index.ids) if (!files.includes(id)) messages.push(`catalog/index.yaml lists '${id}', which has no catalog/rules/${id}.yaml`);
    expect(messages.length, messages.join('\n')).toBe(0);
  });

  it('every rule has a fixture that expects it and one that rules it out', () => {
    const marks = fixtureFiles().flatMap((f) => annotations(readFixture(f)));
    const missing: string[] = [];
    for (const { rule } of loaded) {
      if (!marks.some((m) => m.kind === 'expect' && m.ruleId === rule.id)) missing.push(`${rule.id}: no fixture line '# expect: ${rule.id}'`);
      if (!marks.some((m) => m.kind === 'ok' && m.ruleId === rule.id)) missing.push(`${rule.id}: no fixture line '# ok: ${rule.id}'`);
    }
    expect(missing.length, missing.join('\n')).toBe(0);
  });

  it('every fixture file is named after a rule (<RULE-ID>[.n].threatmodel.yaml)', () => {
    const ids = loaded.map((r) => r.rule.id);
    const stray = fixtureFiles().map((f) => basename(f)).filter((f) => !ids.some((id) => f.startsWith(`${id}.`)));
    expect(stray.length, `fixtures not named after a rule: ${stray.join(', ')}`).toBe(0);
  });

  it('a mitigation id has the same title in every rule', () => {
    const titles = new Map<string, Map<string, string[]>>();
    for (const { rule } of loaded) {
      for (const m of rule.mitigations) {
        const byTitle = titles.get(m.id) ?? new Map<string, string[]>();
        byTitle.set(m.title, [...(byTitle.get(m.title) ?? []), rule.id]);
        titles.set(m.id, byTitle);
      }
    }
    const conflicts = [...titles].filter(([, t]) => t.size > 1)
      .map(([id, t]) => `${id}: ${[...t].map(([title, rules]) => `"${title}" (${rules.join(', ')})`).join(' vs ')}`);
    expect(conflicts.length, conflicts.join('\n')).toBe(0);
  });

  it('conditions name only properties that exist in the model format', () => {
    const known = new Set<string>();
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) { node.forEach(collect); return; }
      if (node === null || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node)) {
        if (k === 'properties' && v && typeof v === 'object') for (const name of Object.keys(v)) known.add(name);
        collect(v);
      }
    };
    collect(JSON.parse(readFileSync('schemas/threatmodel.schema.json', 'utf8')));
    const unknown: string[] = [];
    const walk = (node: unknown, ruleId: string): void => {
      if (Array.isArray(node)) { node.forEach((n) => walk(n, ruleId)); return; }
      if (node === null || typeof node !== 'object') return;
      const prop = (node as { property?: unknown }).property;
      if (typeof prop === 'string') {
        for (const seg of prop.split('.')) if (!known.has(seg)) unknown.push(`${ruleId}: property '${prop}' (no '${seg}' in schemas/threatmodel.schema.json)`);
      }
      for (const v of Object.values(node)) walk(v, ruleId);
    };
    for (const { rule } of loaded) walk(rule.when, rule.id);
    expect(unknown.length, unknown.join('\n')).toBe(0);
  });

  it('docs/catalog.md is up to date (npm run docs:catalog)', () => {
    const r = spawnSync(process.execPath, ['scripts/gen-catalog-docs.mjs', '--check'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });
});
