/**
 * Export size caps (docs/limits.md): the report, checklist and SARIF list the most pressing findings up to a
 * cap and say in one line how many were left out and how to list them all; the risk register lists every
 * finding. Output stays deterministic, and the CLI writes the capped file whole.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Level } from '../../src/core/catalog/types';
import type { Finding, FindingStatus } from '../../src/core/engine/types';
import { parseCsv } from '../../src/core/export/csv';
import { DEFAULT_MAX_FINDINGS, exportAs } from '../../src/core/export/index';
import { listedFindings, omittedSentence } from '../../src/core/export/limit';
import { delegationChainModel } from '../../scripts/lib/adversarial';
import { fixtureFindings, fixtureModel } from '../golden/exports/fixtures';
import { sarifValidator } from '../golden/exports/sarif-validator';
import { cli } from './helpers/cli';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const LEVELS_CYCLE: Level[] = ['low', 'medium', 'high', 'critical'];

/** `n` distinct findings cloned from the fixture's first: severities cycle, every fifth is mitigated. */
function many(n: number): Finding[] {
  const base = fixtureFindings()[0]!;
  return Array.from({ length: n }, (_, i) => {
    const status: FindingStatus = i % 5 === 4 ? 'mitigated' : 'open';
    const id = String(i).padStart(5, '0');
    return { ...base, id: `AI-PI-DIRECT@agent-${id}`, elementId: `agent-${id}`, severity: LEVELS_CYCLE[i % 4]!, status, tracking: undefined };
  });
}

const input = (findings: Finding[], maxFindings?: number) => ({
  model: fixtureModel(), findings, ...(maxFindings !== undefined ? { maxFindings } : {}),
});

describe('which findings are listed under a cap', () => {
  it('open before handled, then most severe, then by id, whatever the input order', () => {
    const fs = many(40);
    const a = listedFindings(fs, 12);
    const b = listedFindings([...fs].reverse(), 12);
    expect(a.listed.map((f) => f.id).sort()).toEqual(b.listed.map((f) => f.id).sort());
    expect(a.listed).toHaveLength(12);
    expect(a.omitted).toHaveLength(28);
    // 40 findings: 8 mitigated, 32 open of which 8 critical, 8 high ...: the cap takes 8 critical then 4 high.
    expect(a.listed.every((f) => f.status === 'open')).toBe(true);
    expect(a.listed.filter((f) => f.severity === 'critical')).toHaveLength(8);
    expect(a.listed.filter((f) => f.severity === 'high').map((f) => f.id)).toEqual(
      fs.filter((f) => f.status === 'open' && f.severity === 'high').map((f) => f.id).slice(0, 4));
  });

  it('without a cap, or under it, nothing is left out', () => {
    expect(listedFindings(many(5)).omitted).toEqual([]);
    expect(listedFindings(many(5), 5).omitted).toEqual([]);
  });

  it('the summary counts what was left out, by severity and status, and names the flag', () => {
    // 2,000 findings: 400 mitigated, 400 open per severity. The first 1,000: every critical and high, 200 medium.
    const text = omittedSentence(listedFindings(many(2000), 1000));
    expect(text).toBe('1,000 more findings are not listed here (open: 200 medium, 400 low; 400 mitigated). '
      + 'Only the first 1,000 are, open and most severe first. To list every finding, run threatmodel export with --max-findings all.');
  });
});

describe('capped exports', () => {
  const fs = many(1200);

  // 1,200 findings: 960 open (240 per severity) and 240 mitigated; the first 1,000 are every open one and 40 more.
  it('the HTML report lists the cap in full, says how many were left out, and still counts every finding', async () => {
    const html = await exportAs('html', input(fs)) as string;
    expect(html.match(/<tr><td class="sev"/g)).toHaveLength(DEFAULT_MAX_FINDINGS.html);
    expect(html).toContain('<h2>Findings (1,200, 1,000 listed)</h2>');
    expect(html.match(/<p class="omitted"><b>200 more findings are not listed here \(200 mitigated\)\..*--max-findings all\.<\/b><\/p>/g)).toHaveLength(2);
    // The summary cards count all 1,200: 960 open (240 per severity).
    expect(html).toContain('<div class="card"><b>960</b>open</div>');
  });

  it('the checklist says it at the top and at the end, and lists only the cap', async () => {
    const md = await exportAs('md', input(fs, 10)) as string;
    const lines = md.split('\n');
    const notes = lines.filter((l) => l.startsWith('> **1,190 more findings are not listed here'));
    expect(notes).toHaveLength(2);
    expect(lines.indexOf(notes[0]!)).toBeLessThan(lines.indexOf('## Diagram'));
    expect(lines.at(-2)).toBe(notes[1]);
    expect(lines.filter((l) => l.startsWith('- **'))).toHaveLength(10);
  });

  it('SARIF keeps 5,000 results by default and reports the truncation as a tool execution notification', async () => {
    const big = many(5003);
    const log = JSON.parse(await exportAs('sarif', input(big)) as string) as Json;
    const run = log.runs[0];
    expect(run.results).toHaveLength(DEFAULT_MAX_FINDINGS.sarif);
    expect(run.invocations[0].executionSuccessful).toBe(true);
    const note = run.invocations[0].toolExecutionNotifications[0];
    expect(note.level).toBe('warning');
    expect(note.descriptor.id).toBe('TM-EXPORT-TRUNCATED');
    expect(note.message.text).toMatch(/^3 more findings are not listed here .*--max-findings all\.$/);
    expect(run.properties).toMatchObject({ resultsTruncated: true, resultsListed: 5000, resultsOmitted: 3 });
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    // Every listed result's rule is described, and indexes point at it.
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
  });

  it('an uncapped SARIF log carries no truncation notice', async () => {
    const run = (JSON.parse(await exportAs('sarif', input(many(10))) as string) as Json).runs[0];
    expect(run.invocations).toBeUndefined();
    expect(run.properties).toBeUndefined();
    expect(run.results).toHaveLength(10);
  });

  it('Infinity lists every finding', async () => {
    const html = await exportAs('html', input(fs, Infinity)) as string;
    expect(html.match(/<tr><td class="sev"/g)).toHaveLength(1200);
    expect(html).not.toContain('class="omitted"');
  });

  it('the risk register lists every finding, whatever the cap', async () => {
    const csv = await exportAs('csv', input(fs, 10)) as string;
    expect(parseCsv(csv).records).toHaveLength(1201);
    const json = JSON.parse(await exportAs('json', input(fs)) as string) as Json;
    expect(json.risks).toHaveLength(1200);
  });

  it('capped output is deterministic: the same bytes from findings in any order', async () => {
    const a = await exportAs('sarif', input(fs, 50));
    const b = await exportAs('sarif', input([...fs].reverse(), 50));
    expect(a).toBe(b);
  });
});

describe('threatmodel export --max-findings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tm-export-cap-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // 40 agents in a delegation chain: about 200 findings.
  writeFileSync(join(dir, 'chain.threatmodel.yaml'), delegationChainModel(40));

  it('caps md, html and sarif, and says so on stderr', async () => {
    const r = await cli(['export', 'chain.threatmodel.yaml', '--format', 'sarif', '--max-findings', '25', '-o', 'chain.sarif'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/wrote chain\.sarif \(SARIF 2\.1\.0 \(code scanning\), \d+ findings, 25 listed in full; --max-findings all lists every one\)/);
    expect(JSON.parse(readFileSync(join(dir, 'chain.sarif'), 'utf8')).runs[0].results).toHaveLength(25);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const all = await cli(['export', 'chain.threatmodel.yaml', '--format', 'md', '--max-findings', 'all'], dir);
    expect(all.code).toBe(0);
    expect(all.stdout).not.toContain('more findings are not listed');
    expect(all.stderr).toBe('');
  });

  it('refuses a cap that is not a whole number, and a cap on the risk register', async () => {
    for (const bad of ['0', '-3', '1.5', 'many']) {
      const r = await cli(['export', 'chain.threatmodel.yaml', '--format', 'html', '--max-findings', bad], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--max-findings must be a whole number of at least 1, or all');
    }
    const csv = await cli(['export', 'chain.threatmodel.yaml', '--format', 'csv', '--max-findings', '5'], dir);
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain('the csv risk register always lists every finding');
    expect(csv.stdout).toBe('');
  });
});
