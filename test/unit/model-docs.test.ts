/**
 * docs/model-format.md is generated from the schema (scripts/gen-model-docs.mjs). It must match what the
 * generator writes today, so the reference a user reads never drifts from what the validator enforces.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import schema from '../../schemas/threatmodel.schema.json';

const root = join(__dirname, '..', '..');

interface Generator {
  generate(): string;
  OUTPUT: string;
}

async function generator(): Promise<Generator> {
  return (await import(pathToFileURL(join(root, 'scripts', 'gen-model-docs.mjs')).href)) as Generator;
}

describe('docs/model-format.md', () => {
  it('is up to date with the schema (run `npm run docs:model` to refresh it)', async () => {
    const { generate, OUTPUT } = await generator();
    expect(readFileSync(join(root, OUTPUT), 'utf8')).toBe(generate());
  });

  it('documents every section, every component kind and every kind-specific property', async () => {
    const page = (await generator()).generate();
    const defs = schema.$defs as Record<string, { properties?: Record<string, unknown> }>;
    for (const key of Object.keys(schema.properties)) expect(page).toContain(`| \`${key}\``);
    for (const kind of schema.$defs.componentKind.enum) {
      expect(page).toContain(`### \`${kind}\``);
      for (const prop of Object.keys(defs[kind]!.properties ?? {})) expect(page).toContain(`| \`${prop}\``);
    }
  });
});
