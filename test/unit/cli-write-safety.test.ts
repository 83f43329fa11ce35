/**
 * Files the CLI writes (`-o`, `init`, `register import`) follow the usual conventions (audit D10, D13;
 * docs/limits.md): the input model is never overwritten, read-only files are refused, permissions are kept,
 * symlinks are followed (the target is updated, the link stays), devices are written to and never replaced,
 * and temporary files left by a killed earlier run are removed.
 */
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/cli/atomic-write';
import { cli } from './helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'tm-write-'));
const MODEL = 'threatmodel: 1\nsystem: {name: Write safety}\ncomponents:\n  - {id: api, kind: service}\n';
writeFileSync(join(dir, 'm.threatmodel.yaml'), MODEL);

const exportTo = (out: string) => cli(['export', 'm.threatmodel.yaml', '--format', 'csv', '-o', out], dir);

describe('export -o (D10)', () => {
  it('refuses to overwrite the model it exports, also through a symlink', async () => {
    const r = await exportTo('m.threatmodel.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot write m.threatmodel.yaml: it is the input model');
    symlinkSync('m.threatmodel.yaml', join(dir, 'alias.csv'));
    expect((await exportTo('alias.csv')).code).toBe(2);
    expect(readFileSync(join(dir, 'm.threatmodel.yaml'), 'utf8')).toBe(MODEL);
  });

  it('refuses a read-only file, and keeps the mode of a file it replaces', async () => {
    writeFileSync(join(dir, 'ro.csv'), 'keep');
    chmodSync(join(dir, 'ro.csv'), 0o444);
    const r = await exportTo('ro.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('it is read-only');
    expect(readFileSync(join(dir, 'ro.csv'), 'utf8')).toBe('keep');

    writeFileSync(join(dir, 'private.csv'), 'old');
    chmodSync(join(dir, 'private.csv'), 0o600);
    expect((await exportTo('private.csv')).code).toBe(0);
    expect(statSync(join(dir, 'private.csv')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'private.csv'), 'utf8')).toContain('Finding ID');
  });

  it('writes through a symlink: the link stays and its target gets the content', async () => {
    writeFileSync(join(dir, 'target.csv'), 'old');
    symlinkSync('target.csv', join(dir, 'link.csv'));
    expect((await exportTo('link.csv')).code).toBe(0);
    expect(lstatSync(join(dir, 'link.csv')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.csv'))).toBe('target.csv');
    expect(readFileSync(join(dir, 'target.csv'), 'utf8')).toContain('Finding ID');
  });

  it('writes to a device instead of renaming over it', async () => {
    expect((await exportTo('/dev/null')).code).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('removes temporary files that a killed earlier write left beside the target', async () => {
    const stale = join(dir, '.out.csv.999999999.1700000000000.tmp');
    writeFileSync(stale, 'half a file');
    expect((await exportTo('out.csv')).code).toBe(0);
    expect(existsSync(stale)).toBe(false);
  });
});

describe('init and in-place writes (D10)', () => {
  it('init does not replace a dangling symlink', async () => {
    symlinkSync('missing/nowhere.yaml', join(dir, 'dangling.threatmodel.yaml'));
    const r = await cli(['init', 'dangling.threatmodel.yaml'], dir);
    expect(r.code).toBe(2);
    expect(lstatSync(join(dir, 'dangling.threatmodel.yaml')).isSymbolicLink()).toBe(true);
  });

  it('an in-place rewrite of a symlinked model updates the target and keeps the link and mode', () => {
    writeFileSync(join(dir, 'real.threatmodel.yaml'), MODEL);
    chmodSync(join(dir, 'real.threatmodel.yaml'), 0o640);
    symlinkSync('real.threatmodel.yaml', join(dir, 'linked.threatmodel.yaml'));
    writeFileAtomic(join(dir, 'linked.threatmodel.yaml'), `${MODEL}# edited\n`);
    expect(lstatSync(join(dir, 'linked.threatmodel.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.threatmodel.yaml'), 'utf8')).toContain('# edited');
    expect(statSync(join(dir, 'real.threatmodel.yaml')).mode & 0o777).toBe(0o640);
  });

  it('register import refuses a read-only model and keeps the mode of a private one', async () => {
    writeFileSync(join(dir, 'owner.csv'), 'Finding ID,Risk Owner\nOVERRELIANCE-UNVERIFIED-ANSWERS@support-agent,ana\n');
    for (const mode of [0o444, 0o600]) {
      const file = `reg-${mode.toString(8)}.threatmodel.yaml`;
      copyFileSync('templates/rag-support-assistant.threatmodel.yaml', join(dir, file));
      chmodSync(join(dir, file), mode);
      const before = readFileSync(join(dir, file), 'utf8');
      const r = await cli(['register', 'import', 'owner.csv', file], dir);
      expect(statSync(join(dir, file)).mode & 0o777).toBe(mode);
      if (mode === 0o444) {
        expect(r.code).toBe(2);
        expect(r.stderr).toContain('it is read-only');
        expect(readFileSync(join(dir, file), 'utf8')).toBe(before);
      } else {
        expect(r.code).toBe(0);
        expect(readFileSync(join(dir, file), 'utf8')).toContain('owner: ana');
      }
    }
  });
});
