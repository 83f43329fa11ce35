/**
 * `threatmodel export` and `threatmodel register import` as a user runs them.
 */
import ExcelJS from 'exceljs';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseCsv } from '../../src/core/export/csv';
import { cli } from './helpers/cli';

const example = 'examples/support-assistant.threatmodel.yaml';
const dir = mkdtempSync(join(tmpdir(), 'tm-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('threatmodel export', () => {
  it('writes text formats to stdout, and the same bytes to a file with -o (no temporary file left)', async () => {
    for (const format of ['csv', 'json', 'md', 'sarif', 'html']) {
      const out = await cli(['export', example, '--format', format]);
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout.length).toBeGreaterThan(100);
      const file = join(dir, `out.${format}`);
      const written = await cli(['export', example, '--format', format, '-o', file]);
      expect(written.code).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(out.stdout);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('needs -o for xlsx', async () => {
    const r = await cli(['export', example, '--format', 'xlsx']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('xlsx is a binary format: give -o FILE');
    const file = join(dir, 'register.xlsx');
    expect((await cli(['export', example, '--format', 'xlsx', '-o', file])).code).toBe(0);
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
  });

  it('refuses an invalid model without writing anything', async () => {
    const bad = join(dir, 'bad.threatmodel.yaml');
    writeFileSync(bad, 'threatmodel: 1\nsystem: {}\ncomponents: [{ id: x, kind: nonsense }]\n');
    const target = join(dir, 'never.csv');
    const r = await cli(['export', bad, '--format', 'csv', '-o', target]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('has errors');
    expect(existsSync(target)).toBe(false);
  });

  it('usage and I/O errors exit 2, and --help documents every format', async () => {
    expect((await cli(['export', example])).code).toBe(2);
    expect((await cli(['export', example, '--format', 'pdf'])).code).toBe(2);
    expect((await cli(['export', join(dir, 'missing.yaml'), '--format', 'csv'])).code).toBe(2);
    const help = await cli(['export', '--help']);
    expect(help.code).toBe(0);
    for (const f of ['csv', 'xlsx', 'json', 'md', 'sarif', 'html']) expect(help.stdout).toContain(`  ${f} `);
  });
});

describe('threatmodel register import', () => {
  /** A copy of the example with comments and odd formatting that must survive an import. */
  function modelCopy(name: string): string {
    const file = join(dir, name);
    copyFileSync(example, file);
    writeFileSync(file, `# Keep me: owned by the platform team\n${readFileSync(file, 'utf8').replace('system:', 'system:   # trailing comment, odd spacing')}`);
    return file;
  }

  it('applies a risk owner\'s spreadsheet edits (made with another XLSX writer) and keeps the rest of the file', async () => {
    const model = modelCopy('xlsx.threatmodel.yaml');
    const before = readFileSync(model, 'utf8');
    const xlsx = join(dir, 'owner.xlsx');
    expect((await cli(['export', model, '--format', 'xlsx', '-o', xlsx])).code).toBe(0);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as string[]);
    const col = (h: string) => header.indexOf(h);
    const row = ws.getRow(2);
    const id = String(row.getCell(col('Finding ID')).value);
    row.getCell(col('Status')).value = 'In Progress';
    row.getCell(col('Risk Owner')).value = 'alice@example.com';
    row.getCell(col('Due Date')).value = new Date(Date.UTC(2025, 8, 30)); // a real date cell, as Excel stores it
    row.getCell(col('Ticket')).value = 'SEC-42';
    row.getCell(col('Risk Description')).value = 'edited by mistake: ignored';
    await wb.xlsx.writeFile(xlsx);

    const dry = await cli(['register', 'import', xlsx, model, '--dry-run']);
    expect(dry.code, dry.stdout + dry.stderr).toBe(0);
    expect(dry.stdout).toContain('4 values would change');
    expect(readFileSync(model, 'utf8')).toBe(before);

    const r = await cli(['register', 'import', xlsx, model]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const after = readFileSync(model, 'utf8');
    expect(parse(after).tracking[id]).toEqual({ status: 'in-progress', owner: 'alice@example.com', due: '2025-09-30', ticket: 'SEC-42' });
    // Everything before the tracking section is byte for byte the same.
    const cut = before.indexOf('\ntracking:');
    expect(after.slice(0, cut)).toBe(before.slice(0, cut));
    expect(after.startsWith('# Keep me: owned by the platform team\n')).toBe(true);
    expect((await cli(['validate', model])).code).toBe(0);
    // Importing the same register again changes nothing more.
    const again = await cli(['register', 'import', xlsx, model]);
    expect(again.stdout).toContain('no change');
  });

  it('reports unknown ids and exits 1, applying the rest', async () => {
    const model = modelCopy('csv.threatmodel.yaml');
    const csv = (await cli(['export', model, '--format', 'csv'])).stdout;
    const { records } = parseCsv(csv);
    const header = records[0]!;
    records[1]![header.indexOf('Ticket')] = 'T-9';
    const bogus = records[2]!.slice();
    bogus[header.indexOf('Finding ID')] = 'NO-SUCH@rule';
    bogus[header.indexOf('Ticket')] = 'T-10';
    const quote = (c: string) => (/[,"\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
    const edited = [...records, bogus].map((r) => r.map(quote).join(',')).join('\r\n');
    const file = join(dir, 'edited.csv');
    writeFileSync(file, edited);
    const r = await cli(['register', 'import', file, model]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('TM-REGISTER-UNKNOWN-ID');
    expect(r.stdout).toMatch(/Ticket "" → "T-9"/);
  });

  it('usage errors exit 2', async () => {
    expect((await cli(['register', 'export', 'a.csv', example])).code).toBe(2);
    expect((await cli(['register', 'import', 'a.txt', example])).code).toBe(2);
    expect((await cli(['register', 'import', join(dir, 'none.csv'), example])).code).toBe(2);
  });
});
