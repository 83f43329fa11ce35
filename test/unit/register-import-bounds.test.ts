/**
 * `register import` never writes a model that does not validate, accepts every edit the register allows, strips
 * invisible direction characters, and reads an XLSX only when its declared size is bounded (audit D5, D6,
 * D8, D13; docs/limits.md).
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readRegisterXlsx } from '../../src/core/export/import/read-register-xlsx';
import { cli } from './helpers/cli';

const TEMPLATE = 'templates/rag-support-assistant.threatmodel.yaml';

function setup(csv: string): { dir: string; before: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tm-register-'));
  copyFileSync(TEMPLATE, join(dir, 'm.threatmodel.yaml'));
  writeFileSync(join(dir, 'r.csv'), csv);
  return { dir, before: readFileSync(join(dir, 'm.threatmodel.yaml'), 'utf8') };
}

const importIn = (dir: string) => cli(['register', 'import', 'r.csv', 'm.threatmodel.yaml'], dir);

describe('register import validates before writing (D5)', () => {
  it.each([['Risk Owner', 201], ['Ticket', 201], ['Justification', 4001]])('a %s of %i characters is refused at its row; nothing is written', async (header, n) => {
    const { dir, before } = setup(`Finding ID,${header}\nOVERRELIANCE-UNVERIFIED-ANSWERS@support-agent,${'o'.repeat(n)}\n`);
    const r = await importIn(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/r\.csv:2:1: error TM-REGISTER-INVALID-VALUE finding 'OVERRELIANCE-UNVERIFIED-ANSWERS@support-agent': the model would not validate: TM-SCHEMA-VALUE/);
    expect(r.stdout).toContain('nothing was written');
    expect(readFileSync(join(dir, 'm.threatmodel.yaml'), 'utf8')).toBe(before);
    expect((await cli(['validate', 'm.threatmodel.yaml'], dir)).code).toBe(0);
  });
});

describe('register import accepts what the register allows (D6)', () => {
  it('a new tracking entry plus a new key on the last existing entry (either alone worked before)', async () => {
    const { dir } = setup('Finding ID,Due Date\nSEMANTIC-CACHE-CROSS-USER-LEAK@answer-cache,2030-01-07\nOVERRELIANCE-UNVERIFIED-ANSWERS@support-agent,2030-01-08\n');
    const r = await importIn(dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('2 values changed');
    expect(r.code).toBe(0);
    expect((await cli(['validate', 'm.threatmodel.yaml'], dir)).code).toBe(0);
    const text = readFileSync(join(dir, 'm.threatmodel.yaml'), 'utf8');
    expect(text).toContain('due: 2030-01-07');
    expect(text).toContain('due: 2030-01-08');
  });

  it('edits to a flow-style tracking map and a new entry together give one valid map', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-register-flow-'));
    const model = readFileSync(TEMPLATE, 'utf8');
    const at = model.indexOf('\ntracking:');
    const flow = `${model.slice(0, at)}\ntracking: { OVERRELIANCE-UNVERIFIED-ANSWERS@support-agent: { status: open, owner: ana } }\n`;
    writeFileSync(join(dir, 'm.threatmodel.yaml'), flow);
    writeFileSync(join(dir, 'r.csv'), 'Finding ID,Due Date\nSEMANTIC-CACHE-CROSS-USER-LEAK@answer-cache,2030-01-07\nOVERRELIANCE-UNVERIFIED-ANSWERS@support-agent,2030-01-08\n');
    const r = await importIn(dir);
    expect(r.code).toBe(0);
    expect((await cli(['validate', 'm.threatmodel.yaml'], dir)).code).toBe(0);
  });
});

describe('invisible characters (D13)', () => {
  it('bidi and zero-width characters in a register value are removed, with a warning', async () => {
    const { dir } = setup('Finding ID,Risk Owner\nOVERRELIANCE-UNVERIFIED-ANSWERS@support-agent,admin\u202Egnp.exe\u200B\n');
    const r = await importIn(dir);
    expect(r.stdout).toContain('TM-REGISTER-INVISIBLE');
    const text = readFileSync(join(dir, 'm.threatmodel.yaml'), 'utf8');
    expect(text).toContain('admingnp.exe');
    expect(text).not.toMatch(/[\u202E\u200B]/);
  });
});

/** A zip whose one part inflates to `size` bytes of spaces (deflated, it is a few kilobytes). */
function zipBomb(size: number): Uint8Array {
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const data = deflateRawSync(Buffer.alloc(size, 0x20));
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18); local.writeUInt32LE(size, 22); local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20); central.writeUInt32LE(size, 24); central.writeUInt16LE(name.length, 28);
  const cdOffset = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12); end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

describe('XLSX bounds (D8)', () => {
  it('a workbook declaring 200 MB of parts is refused before anything is inflated', async () => {
    const bomb = zipBomb(200 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const r = await readRegisterXlsx(bomb, 'bomb.xlsx');
    expect(r.entries).toEqual([]);
    expect(r.problems).toEqual([expect.objectContaining({ code: 'TM-REGISTER-FORMAT', message: expect.stringContaining('would inflate to more than 32 MB') })]);
  });
});
