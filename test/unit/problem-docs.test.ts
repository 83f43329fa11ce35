/** Every problem code the engine can report is documented in docs/problems.md, and nothing else is. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

it('docs/problems.md documents exactly the codes the source reports', () => {
  const used = new Set(files('src').flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/'(TM(?:-[A-Z]+)+)'/g)].map((m) => m[1]!)));
  const documented = new Set([...readFileSync('docs/problems.md', 'utf8').matchAll(/<a id="(TM-[A-Z-]+)"><\/a>/g)].map((m) => m[1]!));
  expect([...used].filter((c) => !documented.has(c)).sort(), 'codes without documentation').toEqual([]);
  expect([...documented].filter((c) => !used.has(c)).sort(), 'documented codes nothing reports').toEqual([]);
});
