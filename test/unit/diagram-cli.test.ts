/**
 * `threatmodel diagram`: mermaid text on stdout or in a file (Markdown fence for .md), views and filters,
 * finding styles from the real analysis, and the exit codes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateModel } from '../browser/fixtures';
import { cli } from './helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'tm-diagram-'));
const template = join(__dirname, '..', '..', 'templates', 'rag-support-assistant.threatmodel.yaml');
writeFileSync(join(dir, 'rag.threatmodel.yaml'), readFileSync(template));
writeFileSync(join(dir, 'big.threatmodel.yaml'), generateModel(300));
writeFileSync(join(dir, 'broken.threatmodel.yaml'), 'threatmodel: 1\nsystem:\n  name: Broken\ncomponents:\n  - { id: x, kind: nonsense }\n');

describe('threatmodel diagram', () => {
  it('writes the mermaid flowchart to stdout, styled by the findings of the analysis', async () => {
    const r = await cli(['diagram', 'rag.threatmodel.yaml'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^flowchart LR\n/);
    expect(r.stdout).toContain('subgraph b_support_2d_eks["support-ai EKS cluster"]');
    expect(r.stdout).toContain('c_kb_2d_vectors["Knowledge-base vector collection<br/>vector store');
    expect(r.stdout).toMatch(/classDef sev(Critical|High|Medium|Low) /);
    expect(r.stdout).toContain('subgraph legend["Legend"]');
    const plain = await cli(['diagram', 'rag.threatmodel.yaml', '--no-findings'], dir);
    expect(plain.stdout).not.toContain('classDef');
  });

  it('writes a file with -o, with a Markdown fence when it ends in .md', async () => {
    const r = await cli(['diagram', 'rag.threatmodel.yaml', '-o', 'out.mmd'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/wrote out\.mmd \(full view, 19 nodes, \d+ edges\)/);
    expect(readFileSync(join(dir, 'out.mmd'), 'utf8')).toMatch(/^flowchart LR\n/);
    await cli(['diagram', 'rag.threatmodel.yaml', '-o', 'out.md'], dir);
    expect(readFileSync(join(dir, 'out.md'), 'utf8')).toMatch(/^```mermaid\nflowchart LR\n[\s\S]*\n```\n$/);
  });

  it('collapses a large model and says so; views and filters are options', async () => {
    const auto = await cli(['diagram', 'big.threatmodel.yaml', '--no-findings'], dir);
    expect(auto.code).toBe(0);
    expect(auto.stderr).toMatch(/one node per trust boundary/);
    expect(auto.stdout).not.toContain('c_comp_2d_');
    expect(auto.stdout.length).toBeLessThan(40_000);
    const focus = await cli(['diagram', 'big.threatmodel.yaml', '--view', 'focus', '--focus', 'comp-010', '--hops', '2', '--direction', 'TB'], dir);
    expect(focus.stdout).toMatch(/^flowchart TB\n/);
    expect(focus.stdout).toContain('c_comp_2d_010[');
    const zone = await cli(['diagram', 'big.threatmodel.yaml', '--view', 'full', '--boundary', 'zone-003'], dir);
    expect(zone.stdout).toContain('subgraph b_zone_2d_003');
    expect(zone.stderr).toMatch(/Filters hide/);
  });

  it('exit codes: 1 for a model with errors, 2 for usage and I/O errors', async () => {
    expect((await cli(['diagram', 'broken.threatmodel.yaml'], dir)).code).toBe(1);
    expect((await cli(['diagram', 'missing.threatmodel.yaml'], dir)).code).toBe(2);
    expect((await cli(['diagram'], dir)).code).toBe(2);
    expect((await cli(['diagram', 'rag.threatmodel.yaml', '--view', 'sideways'], dir)).code).toBe(2);
    expect((await cli(['diagram', 'rag.threatmodel.yaml', '--view', 'focus'], dir)).code).toBe(2);
    expect((await cli(['diagram', 'rag.threatmodel.yaml', '--hops', '9'], dir)).code).toBe(2);
  });
});
