/**
 * Loading rules and layering catalogs: a broken rule is a problem at its file, line and column (never a
 * throw); later layers add rules, replace rules with the same id, and disable rules or set their severity.
 */
import { describe, expect, it } from 'vitest';
import { emptyCatalog, joinPath, layerCatalog, loadRuleFiles, type CatalogHost } from '../../src/core/catalog/catalog';
import { parseRule } from '../../src/core/catalog/load';
import { analyzeWithCatalogs } from '../../src/core/engine/layers';
import { catalogOf, model, rule } from './helpers/engine';

function at(problems: Array<{ range: { start: { line: number; character: number } }; message: string }>): string[] {
  return problems.map((p) => `${p.range.start.line + 1}:${p.range.start.character + 1} ${p.message}`);
}

describe('rule loading', () => {
  it('a valid rule loads with the range of its id', () => {
    const r = parseRule(rule('GOOD-RULE', 'tool'), 'GOOD-RULE.yaml');
    expect(r.problems).toEqual([]);
    expect(r.rule?.rule.id).toBe('GOOD-RULE');
    expect(r.rule?.range.start).toEqual({ line: 0, character: 4 });
  });

  it('schema errors land on the offending key or value, with a did-you-mean', () => {
    const text = rule('BAD-RULE', 'tol', 'when:\n  all:\n    - propety: effects\n      includes: write\n    - { kind: agent, property: x, equals: 1 }\n');
    const r = parseRule(text, 'BAD-RULE.yaml');
    expect(r.rule).toBeUndefined();
    expect(r.problems.every((p) => p.code === 'TM-CATALOG-SCHEMA' && p.file === 'BAD-RULE.yaml' && p.severity === 'error')).toBe(true);
    expect(at(r.problems)).toEqual([
      expect.stringMatching(/^6:13 'appliesTo.0' must be one of .* \(got 'tol'\); did you mean 'tool'\?$/),
      "14:7 unknown property 'propety' in 'when.all.0'; did you mean 'property'?",
      "16:9 'kind' cannot be combined with a property test in 'when.all.1': a property test is 'property' plus one operator",
    ]);
  });

  it('YAML syntax errors and hostile input are problems, not throws', () => {
    expect(parseRule('id: [unclosed', 'x.yaml').problems[0]).toMatchObject({ code: 'TM-CATALOG-YAML', file: 'x.yaml' });
    const bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
    expect(parseRule(bomb, 'bomb.yaml').problems.length).toBeGreaterThan(0);
    expect(parseRule('', 'empty.yaml').problems[0]?.message).toBe('rule file is empty');
    expect(parseRule('x'.repeat(300_000), 'big.yaml').problems[0]?.code).toBe('TM-CATALOG-TOO-LARGE');
    const selfRef = parseRule(`${rule('SELF-RULE', 'tool')}when: &a\n  all:\n    - *a\n`, 'self.yaml');
    expect(selfRef.problems.map((p) => p.message)).toEqual(['the rule refers to itself through a YAML alias; write the condition out']);
    const deep = parseRule(`${rule('DEEP-RULE', 'tool')}when: ${'{ not: '.repeat(60)}{ kind: tool }${' }'.repeat(60)}\n`, 'deep.yaml');
    expect(deep.problems[0]?.message).toMatch(/nests deeper than/);
    expect(parseRule(`${rule('DEEPER-RULE', 'tool')}when: ${'{ not: '.repeat(3000)}{ kind: tool }${' }'.repeat(3000)}\n`, 'deeper.yaml').problems.length).toBeGreaterThan(0);
  });

  it('the same id twice in one layer is an error; the second is ignored', () => {
    const r = loadRuleFiles([{ path: 'a/ONE-RULE.yaml', text: rule('ONE-RULE', 'tool') }, { path: 'b/ONE-RULE.yaml', text: rule('ONE-RULE', 'agent') }], 'org');
    expect(r.rules.map((x) => x.file)).toEqual(['a/ONE-RULE.yaml']);
    expect(r.problems).toMatchObject([{ code: 'TM-CATALOG-DUPLICATE-RULE', file: 'b/ONE-RULE.yaml', related: [{ file: 'a/ONE-RULE.yaml' }] }]);
  });
});

describe('layered catalogs', () => {
  const base = catalogOf(rule('BASE-TOOL', 'tool'), rule('BASE-AGENT', 'agent'));
  const MODEL = `threatmodel: 1
system: { name: Layers }
components:
  - { id: bot, kind: agent, model: llm, tools: [mail] }
  - { id: llm, kind: model-endpoint }
  - { id: mail, kind: tool, effects: [send] }
analysis:
  catalogs: [project-rules]
`;
  const files: Record<string, string> = {
    'org/ORG-MODEL.yaml': rule('ORG-MODEL', 'model-endpoint'),
    'org/settings.yaml': 'disable: [BASE-AGENT]\nseverity: { BASE-TOOL: critical }\n',
    'models/project-rules/BASE-TOOL.yaml': rule('BASE-TOOL', 'tool', '', 'likelihood: { base: low }\nimpact: { base: low }').replace('BASE-TOOL title', 'Project version'),
    'models/project-rules/BROKEN.yaml': 'id: BROKEN\ntitle: [oops\n',
  };
  const host: CatalogHost = {
    readFile: (p) => files[p],
    listDir: (p) => {
      const prefix = `${p}/`;
      const names = Object.keys(files).filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length).split('/')[0]!);
      return names.length > 0 ? [...new Set(names)] : undefined;
    },
  };

  it('built-in, then CLI/organisation paths, then the model\'s catalogs: add, replace, disable, set severity', () => {
    const m = model(MODEL, 'models/app.threatmodel.yaml');
    const r = analyzeWithCatalogs(m, base, { catalogPaths: ['org'], host });
    expect(r.catalog.rules.map((x) => `${x.rule.id} ${x.layer}`)).toEqual(['BASE-AGENT built-in'.replace('built-in', 'test'), 'BASE-TOOL models/project-rules', 'ORG-MODEL org']);
    expect(r.findings.map((f) => [f.id, f.title, f.severity])).toEqual([
      ['BASE-TOOL@mail', 'Project version', 'critical'],
      ['ORG-MODEL@llm', 'ORG-MODEL title', 'medium'],
    ]);
    expect(r.findings[0]!.why.severityOverride).toEqual({ computed: 'low', setting: 'org/settings.yaml: severity.BASE-TOOL' });
  });

  it('a broken custom rule is a problem at its file and line; the rest still runs', () => {
    const m = model(MODEL, 'models/app.threatmodel.yaml');
    const r = analyzeWithCatalogs(m, base, { catalogPaths: ['org'], host });
    expect(r.problems.map((p) => [p.code, p.file, p.range.start.line])).toEqual([['TM-CATALOG-YAML', 'models/project-rules/BROKEN.yaml', 2]]);
  });

  it('a catalog path that cannot be read is an error at the model\'s analysis.catalogs entry', () => {
    const m = model(MODEL, 'models/app.threatmodel.yaml');
    const r = analyzeWithCatalogs(m, base, { host: { readFile: () => undefined, listDir: () => undefined } });
    expect(r.problems).toMatchObject([{ code: 'TM-CATALOG-NOT-FOUND', file: 'models/app.threatmodel.yaml', range: { start: { line: 7, character: 13 } } }]);
    expect(r.findings.map((f) => f.id)).toEqual(['BASE-AGENT@bot', 'BASE-TOOL@mail']);
  });

  it('layerCatalog replaces by id and keeps the result sorted', () => {
    const a = loadRuleFiles([{ path: 'Z-RULE.yaml', text: rule('Z-RULE', 'tool') }, { path: 'A-RULE.yaml', text: rule('A-RULE', 'tool') }], 'x');
    expect(layerCatalog(emptyCatalog(), a).rules.map((r) => r.rule.id)).toEqual(['A-RULE', 'Z-RULE']);
  });

  it('paths join relative to the model file; absolute paths and URIs stay', () => {
    expect(joinPath('models', '../org/rules')).toBe('org/rules');
    expect(joinPath('/repo/models', './rules')).toBe('/repo/models/rules');
    expect(joinPath('/repo/models', '/etc/catalog')).toBe('/etc/catalog');
    expect(joinPath('file:///repo/models', 'rules')).toBe('file:///repo/models/rules');
  });
});

describe('rule schema ↔ types contract', () => {
  it('targets and levels in schemas/catalog-rule.schema.json match src/core/catalog/types.ts', async () => {
    const schema = (await import('../../schemas/catalog-rule.schema.json')).default as { $defs: Record<string, { enum?: string[] }> };
    const { COMPONENT_KINDS } = await import('../../src/core/model/types');
    const { LEVELS } = await import('../../src/core/catalog/types');
    expect(schema.$defs.target!.enum).toEqual([...COMPONENT_KINDS, 'flow', 'data', 'provider', 'boundary', 'rag', 'system']);
    expect(schema.$defs.level!.enum).toEqual([...LEVELS]);
  });
});
