/**
 * Every starter model a user can copy (templates/), the bundled example `npm start` runs (examples/) and the
 * example in the format reference must be valid: against the schema itself (ajv, the public contract) and
 * through the engine's loader (schema + references + meaning), with zero problems, warnings included. They
 * must also stay in step with the built-in catalog: every control implements a mitigation the catalog knows,
 * and every tracking entry names a finding the analysis produces (a renamed rule must update them).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import schema from '../../schemas/threatmodel.schema.json';
import { builtinCatalog } from '../../src/core/catalog/builtin';
import { analyze } from '../../src/core/engine/analyze';
import { loadModel } from '../../src/core/model/load';
import { COMPONENT_KINDS } from '../../src/core/model/types';

const root = join(__dirname, '..', '..');
const modelFiles = (dir: string): string[] =>
  readdirSync(join(root, dir)).filter((f) => f.endsWith('.threatmodel.yaml')).sort().map((f) => `${dir}/${f}`);

const templates = modelFiles('templates');
const files = [...templates, ...modelFiles('examples'), 'scripts/model-docs/example.threatmodel.yaml'];
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

describe('starter models', () => {
  it('ships at least four templates and the bundled example', () => {
    expect(templates.length).toBeGreaterThanOrEqual(4);
    expect(files).toContain('examples/support-assistant.threatmodel.yaml');
  });

  it('uses every component kind somewhere across the templates', () => {
    const used = new Set<string>();
    for (const f of templates) {
      for (const c of (parse(readFileSync(join(root, f), 'utf8')) as { components?: Array<{ kind: string }> }).components ?? []) used.add(c.kind);
    }
    expect(COMPONENT_KINDS.filter((k) => !used.has(k))).toEqual([]);
  });

  describe.each(files)('%s', (file) => {
    const text = readFileSync(join(root, file), 'utf8');

    it('starts with a comment saying what the system is', () => {
      expect(text.startsWith('# ')).toBe(true);
    });

    it('is valid against schemas/threatmodel.schema.json', () => {
      const ok = validate(parse(text));
      expect(ok ? [] : validate.errors).toEqual([]);
    });

    it('loads without a single problem', () => {
      const { model, problems } = loadModel(text, file);
      expect(problems.map((p) => `${p.range.start.line + 1}:${p.range.start.character + 1} ${p.code} ${p.message}`)).toEqual([]);
      expect(model).toBeDefined();
    });

    it('names only mitigations and findings the built-in catalog knows', () => {
      const { catalog } = builtinCatalog();
      const model = loadModel(text, file).model!;
      const known = new Set(catalog.rules.flatMap((r) => r.rule.mitigations.map((m) => m.id)));
      const unknown = model.controls.flatMap((c) => c.implements.filter((m) => !known.has(m)).map((m) => `${c.id}: ${m}`));
      expect(unknown).toEqual([]);
      const { problems } = analyze(model, catalog);
      expect(problems.map((p) => `${p.code} ${p.message}`)).toEqual([]);
    });
  });
});
