/** `threatmodel init`: a valid starter model from each template, never overwriting by accident. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/core/model/load';
import { TEMPLATES } from '../../src/core/templates/index';
import { cli } from './helpers/cli';

describe('threatmodel init', () => {
  it('ships every template in templates/', () => {
    expect(TEMPLATES.map((t) => t.name)).toEqual(['coding-agent', 'fine-tuning-pipeline', 'multi-agent-workflow', 'rag-support-assistant']);
    for (const t of TEMPLATES) expect(t.title.length).toBeGreaterThan(10);
  });

  it('--list names each template with its title', async () => {
    const r = await cli(['init', '--list']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(TEMPLATES.length);
    expect(r.stdout).toContain('coding-agent');
  });

  it('writes a model that validates, from each template', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-init-'));
    for (const t of TEMPLATES) {
      const r = await cli(['init', '--template', t.name], dir);
      expect(r.code).toBe(0);
      const text = readFileSync(join(dir, `${t.name}.threatmodel.yaml`), 'utf8');
      expect(text).toBe(t.text);
      expect(loadModel(text, 'x').problems.filter((p) => p.severity === 'error')).toEqual([]);
    }
  });

  it('never overwrites without --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-init-'));
    writeFileSync(join(dir, 'mine.threatmodel.yaml'), 'my work');
    const r = await cli(['init', 'mine.threatmodel.yaml'], dir);
    expect(r.code).toBe(2);
    expect(readFileSync(join(dir, 'mine.threatmodel.yaml'), 'utf8')).toBe('my work');
    expect((await cli(['init', '--force', 'mine.threatmodel.yaml'], dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'mine.threatmodel.yaml'), 'utf8')).toContain('threatmodel: 1');
  });

  it('an unknown template is a usage error listing the real ones', async () => {
    const r = await cli(['init', '--template', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('rag-support-assistant');
  });
});
