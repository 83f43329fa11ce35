/**
 * Every framework id the built-in catalog cites exists in a pinned copy of that framework's id list
 * (catalog/frameworks/*.json, taken from the framework versions recorded in catalog/index.yaml), so an
 * invented, mistyped or stale id fails the build. Also: one mitigation id maps to one set of ATLAS mitigations
 * and has a description everywhere, and the references the audit found misapplied stay gone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src/core/catalog/types';

const FW = 'catalog/frameworks';
const json = (f: string): Record<string, unknown> => JSON.parse(readFileSync(join(FW, f), 'utf8')) as Record<string, unknown>;
const atlas = json('atlas.json') as { version: string; techniques: Record<string, string>; mitigations: Record<string, string> };
const cosai = json('cosai.json') as { risks: Record<string, string> };
const owasp = json('owasp.json') as { owaspLlm: Record<string, string>; owaspAgentic: Record<string, string>; owaspAsi: Record<string, string> };
const cwe = json('cwe.json') as { weaknesses: Record<string, string> };

const KNOWN: Record<string, Record<string, string>> = {
  owaspLlm: owasp.owaspLlm,
  owaspAgentic: owasp.owaspAgentic,
  owaspAsi: owasp.owaspAsi,
  atlas: atlas.techniques,
  cosai: cosai.risks,
  cwe: cwe.weaknesses,
};

const RULE_DIR = 'catalog/rules';
const rules: Rule[] = readdirSync(RULE_DIR).filter((f) => f.endsWith('.yaml')).sort()
  .map((f) => parse(readFileSync(join(RULE_DIR, f), 'utf8')) as Rule);
const index = parse(readFileSync('catalog/index.yaml', 'utf8')) as { frameworks?: Record<string, string> };

describe('catalog framework references', () => {
  it('the pinned id lists are loaded (sanity)', () => {
    expect(Object.keys(owasp.owaspLlm)).toHaveLength(10);
    expect(Object.keys(owasp.owaspAgentic)).toHaveLength(17);
    expect(Object.keys(owasp.owaspAsi)).toHaveLength(10);
    expect(Object.keys(cosai.risks)).toHaveLength(36);
    expect(atlas.techniques['AML.T0051.001']).toBe('LLM Prompt Injection: Indirect');
  });

  it('every id in a rule frameworks block exists in the pinned framework lists', () => {
    const unknown: string[] = [];
    for (const r of rules) {
      for (const [key, ids] of Object.entries(r.frameworks ?? {})) {
        for (const id of ids ?? []) if (!KNOWN[key] || !(id in KNOWN[key]!)) unknown.push(`${r.id}: ${key} ${id}`);
      }
    }
    expect(unknown, unknown.join('\n')).toEqual([]);
  });

  it('every ATLAS mitigation id on a rule mitigation exists', () => {
    const unknown = rules.flatMap((r) => r.mitigations.flatMap((m) => (m.atlas ?? []).filter((id) => !(id in atlas.mitigations)).map((id) => `${r.id} ${m.id}: ${id}`)));
    expect(unknown, unknown.join('\n')).toEqual([]);
  });

  it('every ATLAS or CWE id named in a reference exists and is cited by the rule (a technique: or one of its sub-techniques)', () => {
    const wrong: string[] = [];
    for (const r of rules) {
      const cited = new Set(Object.values(r.frameworks ?? {}).flat());
      for (const ref of r.references ?? []) {
        const text = `${ref.title} ${ref.url ?? ''}`;
        for (const id of text.match(/AML\.T\d{4}(?:\.\d{3})?|CWE-\d+/g) ?? []) {
          const known = id.startsWith('CWE') ? KNOWN.cwe! : KNOWN.atlas!;
          if (!(id in known)) wrong.push(`${r.id}: reference names unknown ${id}`);
          else if (![...cited].some((c) => c === id || c.startsWith(`${id}.`))) wrong.push(`${r.id}: reference names ${id}, which the rule does not cite`);
        }
      }
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  it('the catalog records the version of every framework it cites, and the ATLAS version matches the pinned list', () => {
    const used = new Set(rules.flatMap((r) => Object.keys(r.frameworks ?? {})));
    const missing = [...used].filter((k) => !index.frameworks?.[k]);
    expect(missing).toEqual([]);
    expect(index.frameworks?.atlas).toContain(atlas.version);
  });

  it('a mitigation id maps to the same ATLAS mitigations, and has a description, in every rule', () => {
    const byId = new Map<string, Set<string>>();
    const noDescription: string[] = [];
    for (const r of rules) {
      for (const m of r.mitigations) {
        const set = byId.get(m.id) ?? new Set<string>();
        set.add(JSON.stringify([...(m.atlas ?? [])].sort()));
        byId.set(m.id, set);
        if (!m.description?.trim()) noDescription.push(`${r.id}: ${m.id}`);
      }
    }
    const inconsistent = [...byId].filter(([, s]) => s.size > 1).map(([id, s]) => `${id}: ${[...s].join(' vs ')}`);
    expect(inconsistent, inconsistent.join('\n')).toEqual([]);
    expect(noDescription, noDescription.join('\n')).toEqual([]);
  });

  // The 13 misapplied references of the catalog audit (research/catalog-audit.md §1.2): each id means
  // something other than the rule's threat, so it must not come back.
  it.each([
    ['AGENT-CASCADING-HALLUCINATION', 'atlas', 'AML.T0061'],
    ['DATASET-USER-GENERATED-POISONING', 'atlas', 'AML.T0093'],
    ['TOOL-CREDENTIAL-OVERBROAD', 'atlas', 'AML.T0098'],
    ['AI-DATA-STORE-NO-AUTH', 'atlas', 'AML.T0085.000'],
    ['EMBEDDING-INVERSION', 'atlas', 'AML.T0085.000'],
    ['MODEL-INVERSION-PERSONAL-TRAINING-DATA', 'cosai', 'riskInferredSensitiveData'],
    ['AGENT-ROGUE-THIRD-PARTY-DELEGATE', 'cosai', 'riskShadowAndUnknownAgents'],
    ['AGENT-HITL-APPROVAL-FLOODING', 'cosai', 'riskDenialOfMLService'],
    ['AGENT-CREDENTIAL-CROSS-TENANT', 'cwe', 'CWE-639'],
    ['VECTOR-STORE-NO-TENANT-ISOLATION', 'cwe', 'CWE-639'],
    ['UNAUTHENTICATED-FLOW-ACROSS-BOUNDARY', 'owaspLlm', 'LLM06:2025'],
    ['MISINFORMATION-HIGH-STAKES-ADVICE', 'owaspAgentic', 'T15'],
  ])('%s does not cite %s %s (misapplied)', (ruleId, key, id) => {
    const rule = rules.find((r) => r.id === ruleId);
    expect(rule).toBeDefined();
    expect((rule!.frameworks as Record<string, string[] | undefined>)[key] ?? []).not.toContain(id);
  });

  it('no rule maps a mitigation to AML.M0018 User Training (it is not expert review of outputs)', () => {
    const uses = rules.flatMap((r) => r.mitigations.filter((m) => (m.atlas ?? []).includes('AML.M0018')).map((m) => `${r.id} ${m.id}`));
    expect(uses).toEqual([]);
  });
});
