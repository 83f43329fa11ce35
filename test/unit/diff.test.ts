/**
 * `threatmodel diff`: findings added, resolved and changed between two revisions, as text, JSON and a
 * Markdown PR comment; `--fail-on` looks at new open findings only; `--base` reads the old side from git.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffFindings, failingAdded, newlyAccepted } from '../../src/core/diff/diff';
import { diffMarkdown, diffText } from '../../src/core/diff/render';
import type { Finding } from '../../src/core/engine/types';
import { fixtureFindings, HOSTILE } from '../golden/exports/fixtures';
import { cli } from './helpers/cli';

function variant(): { before: Finding[]; after: Finding[] } {
  const before = fixtureFindings();
  const after = fixtureFindings().filter((f) => f.id !== 'AI-VENDOR-RETENTION@llm');
  after.find((f) => f.id === 'AI-TLS@web->agent@web->agent')!.severity = 'high';
  after.find((f) => f.id === 'AI-PI-DIRECT@agent')!.status = 'accepted';
  after.push({ ...before[0]!, id: 'AI-NEW@refund', ruleId: 'AI-NEW', elementId: 'refund', title: `New ${HOSTILE}`, severity: 'high', status: 'open' });
  return { before, after };
}

describe('diffFindings', () => {
  it('finds added, resolved and changed findings', () => {
    const { before, after } = variant();
    const d = diffFindings(before, after);
    expect(d.added.map((f) => f.id)).toEqual(['AI-NEW@refund']);
    expect(d.resolved.map((f) => f.id)).toEqual(['AI-VENDOR-RETENTION@llm']);
    expect(d.changed.map((c) => [c.id, c.severity, c.status])).toEqual([
      ['AI-PI-DIRECT@agent', undefined, { before: 'open', after: 'accepted' }],
      ['AI-TLS@web->agent@web->agent', { before: 'medium', after: 'high' }, undefined],
    ]);
    expect(d.unchanged).toBe(1);
  });

  it('--fail-on counts only new open findings at or above the level', () => {
    const { before, after } = variant();
    const d = diffFindings(before, after);
    expect(failingAdded(d, 'high').map((f) => f.id)).toEqual(['AI-NEW@refund']);
    expect(failingAdded(d, 'critical')).toEqual([]);
    d.added[0]!.status = 'accepted';
    expect(failingAdded(d, 'low')).toEqual([]);
  });

  it('--fail-on catches a finding this change accepted (open before, accepted now) or added already accepted', () => {
    const { before, after } = variant();
    const d = diffFindings(before, after);
    expect(newlyAccepted(d, 'critical').map((f) => [f.id, f.status])).toEqual([['AI-PI-DIRECT@agent', 'accepted']]);
    d.added[0]!.status = 'accepted';
    expect(newlyAccepted(d, 'high').map((f) => f.id)).toEqual(['AI-PI-DIRECT@agent', 'AI-NEW@refund']);
    // Mitigated is a fix, not a risk decision.
    d.changed[0]!.after = { ...d.changed[0]!.after, status: 'mitigated' };
    d.added[0]!.status = 'open';
    expect(newlyAccepted(d, 'low')).toEqual([]);
  });

  it('renders a PR comment with escaped model text and a marker', () => {
    const { before, after } = variant();
    const md = diffMarkdown(diffFindings(before, after), { before: 'main:m.yaml', after: 'm.yaml' });
    expect(md.startsWith('<!-- threatmodel-diff -->\n### Threat model: `main:m.yaml` → `m.yaml`')).toBe(true);
    expect(md).toContain('#### New findings');
    expect(md).toContain('| AI-TLS@web->agent@web->agent'.replace('| AI', '| Unencrypted flow `AI'));
    expect(md).toContain('| medium → **high** | in-progress |');
    expect(md).not.toContain('<script>');
    for (const line of md.split('\n').filter((l) => l.startsWith('| ') && l.includes('`AI-NEW'))) {
      expect(line.replace(/\\\|/g, '').split('|').length).toBe(6);
    }
    const text = diffText(diffFindings(before, after), { before: 'a', after: 'b' });
    expect(text).toContain('  + high     AI-NEW@refund  New =HYPERLINK');
    expect(text).not.toMatch(/\u0007|\r/);
    expect(text).toContain('1 added (1 high), 1 resolved, 2 changed, 1 unchanged');
  });
});

describe('threatmodel diff', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tm-diff-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const example = 'examples/support-assistant.threatmodel.yaml';

  it('compares two files; no change gives exit 0 and says so', async () => {
    const r = await cli(['diff', example, example, '--format', 'md', '--fail-on', 'low']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No change in findings');
  });

  it('--base reads the old revision from git, and --fail-on fails on a new finding', async () => {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
    git('init', '-q', '-b', 'main');
    const file = join(dir, 'm.threatmodel.yaml');
    writeFileSync(file, 'threatmodel: 1\nsystem:\n  name: Support Assistant\n');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    copyFileSync(example, file); // the working tree adds the whole system
    const json = await cli(['diff', '--base', 'main', 'm.threatmodel.yaml', '--format', 'json'], dir);
    expect(json.code, json.stderr).toBe(0); // no --fail-on: report only
    const parsed = JSON.parse(json.stdout);
    expect(parsed.before).toBe('main:m.threatmodel.yaml');
    expect(parsed.summary.added).toBeGreaterThan(0);
    const r = await cli(['diff', '--base', 'main', 'm.threatmodel.yaml', '--fail-on', 'high'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/new open findings? at or above high/);
    expect(r.stdout).toContain('Added (');
  });

  it('a file absent at the base revision has only added findings', async () => {
    copyFileSync(example, join(dir, 'new.threatmodel.yaml'));
    const r = await cli(['diff', '--base', 'main', 'new.threatmodel.yaml', '--format', 'json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.before).toBe('main:new.threatmodel.yaml (absent)');
    expect(json.summary.added).toBeGreaterThan(0);
    expect(json.summary.resolved).toBe(0);
  });

  it('an unknown revision is an I/O error (exit 2)', async () => {
    const r = await cli(['diff', '--base', 'no-such-ref', 'new.threatmodel.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("git could not read new.threatmodel.yaml at 'no-such-ref'");
  });

  it('usage errors exit 2', async () => {
    expect((await cli(['diff', example])).code).toBe(2);
    expect((await cli(['diff', example, example, '--format', 'xml'])).code).toBe(2);
  });
});
