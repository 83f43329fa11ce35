/**
 * Catalog files are read bounded and confined (audit D1, D9, D4; docs/limits.md): a model's
 * `analysis.catalogs` may only name regular files inside the workspace or the model's folder (symlinks
 * followed), devices and FIFOs are refused without reading or waiting, files are size-capped, symlink loops are
 * walked once, and a huge settings file is a problem rather than a crash. The same host serves the CLI and
 * the extension's analysis worker (`runJob`).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { walk } from '../../src/cli/io';
import { runJob } from '../../src/extension/analysis/worker';
import { MAX_CATALOG_FILE_BYTES, nodeCatalogHost } from '../../src/node/catalog-host';
import { cli } from './helpers/cli';
import { rule } from './helpers/engine';

const root = mkdtempSync(join(tmpdir(), 'tm-catalog-bounds-'));
const work = join(root, 'repo');
mkdirSync(join(work, 'rules'), { recursive: true });
writeFileSync(join(work, 'rules', 'LOCAL-RULE.yaml'), rule('LOCAL-RULE', 'service'));
mkdirSync(join(root, 'elsewhere'));
writeFileSync(join(root, 'elsewhere', 'OUTSIDE-RULE.yaml'), rule('OUTSIDE-RULE', 'service'));

function modelWith(catalogs: string[]): string {
  return `threatmodel: 1\nsystem: {name: x}\ncomponents:\n  - {id: api, kind: service}\nanalysis:\n  catalogs: [${catalogs.map((c) => JSON.stringify(c)).join(', ')}]\n`;
}

async function analyzeIn(name: string, catalogs: string[]) {
  writeFileSync(join(work, name), modelWith(catalogs));
  const r = await cli(['analyze', name, '--fail-on', 'none'], work);
  return { code: r.code, out: r.stdout + r.stderr };
}

describe('catalogs a model names are confined to the workspace (D1, D9)', () => {
  it('a catalog inside the workspace loads', async () => {
    const r = await analyzeIn('ok.threatmodel.yaml', ['rules']);
    expect(r.out).not.toContain('TM-CATALOG');
    expect(r.out).toContain('LOCAL-RULE@api');
  });

  it.each([['/dev/zero'], ['/dev/stdin'], ['/'], ['/proc/self/environ'], ['../elsewhere'], ['../../../../etc']])('%s is refused at the entry, unread', async (path) => {
    const r = await analyzeIn('hostile.threatmodel.yaml', [path]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/hostile\.threatmodel\.yaml:6:\d+: error TM-CATALOG-REFUSED .*outside the workspace/);
    expect(r.out).not.toContain('OUTSIDE-RULE@');
  });

  it('a symlink inside the workspace that points outside is refused (symlinks are resolved)', async () => {
    symlinkSync(join(root, 'elsewhere'), join(work, 'linked-out'));
    symlinkSync('/dev/zero', join(work, 'rules-zero.yaml'));
    const r = await analyzeIn('link.threatmodel.yaml', ['linked-out', 'rules-zero.yaml']);
    expect(r.out.match(/TM-CATALOG-REFUSED/g)).toHaveLength(2);
    expect(r.out).not.toContain('OUTSIDE-RULE');
  });

  it('the extension worker applies the same confinement', () => {
    const file = join(work, 'ok.threatmodel.yaml');
    const inside = runJob({ text: modelWith(['rules', '/dev/zero']), file, catalogRoots: [work] });
    expect(inside.findings.map((f) => f.id)).toContain('LOCAL-RULE@api');
    expect(inside.problems.map((p) => p.code)).toEqual(['TM-CATALOG-REFUSED']);
  });
});

describe('catalog files are read bounded (D1, D4)', () => {
  const host = nodeCatalogHost({ cwd: work, roots: [work] });

  it('devices, stdin and FIFOs are refused without reading or waiting, even when given explicitly', async () => {
    mkdirSync(join(work, 'fifo-rules'));
    execFileSync('mkfifo', [join(work, 'fifo-rules', 'rule.yaml')]);
    for (const p of ['/dev/zero', '/dev/stdin', join(work, 'fifo-rules', 'rule.yaml')]) {
      const got = host.readFile(p);
      expect(got === undefined || (typeof got === 'object' && /not a regular file/.test(got.refused)), p).toBe(true);
    }
    const c = await cli(['analyze', 'ok.threatmodel.yaml', '--catalog', 'fifo-rules', '--fail-on', 'none'], work);
    expect(c.stdout + c.stderr).toMatch(/TM-CATALOG-REFUSED catalog path '.*fifo-rules\/rule\.yaml' was not read: it is not a regular file/);
  });

  it('a file over the cap is refused with its size limit', () => {
    writeFileSync(join(work, 'big.yaml'), 'x'.repeat(MAX_CATALOG_FILE_BYTES + 1));
    expect(host.readFile('big.yaml')).toEqual({ refused: expect.stringContaining('larger than 256 KiB') });
  });

  it('a settings file of 130,000 disable entries (1.4 MB) is a placed problem, not a crash', async () => {
    mkdirSync(join(work, 'huge-settings'));
    const lines = ['disable:', ...Array.from({ length: 130_000 }, (_, i) => `  - RULE-${i}`)];
    writeFileSync(join(work, 'huge-settings', 'settings.yaml'), lines.join('\n'));
    const r = await analyzeIn('settings.threatmodel.yaml', ['huge-settings']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/TM-CATALOG-REFUSED .*settings\.yaml' was not read: it is larger than 256 KiB/);
    expect(r.out).not.toMatch(/internal error|at .*\.ts:\d+/);
  });

  it('a folder with 20 symlinks to itself is walked once: no duplicate rules', async () => {
    mkdirSync(join(work, 'loop'));
    writeFileSync(join(work, 'loop', 'LOOP-RULE.yaml'), rule('LOOP-RULE', 'service'));
    for (let i = 0; i < 20; i++) symlinkSync('.', join(work, 'loop', `self-${i}`));
    const r = await analyzeIn('loop.threatmodel.yaml', ['loop']);
    expect(r.out).not.toContain('TM-CATALOG-DUPLICATE-RULE');
    expect(r.out).toContain('LOOP-RULE@api');
  });
});

describe('model folders (D11)', () => {
  it('an unreadable subfolder is named and skipped; the rest is still found', () => {
    mkdirSync(join(root, 'tree', 'locked'), { recursive: true });
    writeFileSync(join(root, 'tree', 'a.threatmodel.yaml'), 'threatmodel: 1\n');
    const warnings: string[] = [];
    // Tests may run as root, where chmod 000 does not stop reading; so the failing readdir is simulated.
    const readDir = ((d: string, o: never) => {
      if (d.endsWith('locked')) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      return (require('node:fs') as typeof import('node:fs')).readdirSync(d, o);
    }) as never;
    const found = walk(join(root, 'tree'), (m) => warnings.push(m), readDir);
    expect(found.map((f) => f.slice(root.length))).toEqual(['/tree/a.threatmodel.yaml']);
    expect(warnings).toEqual([`${join(root, 'tree', 'locked')}: permission denied; this folder was skipped`]);
  });
});
