/**
 * The reliability audit's reproducers (../shared/research/reliability-audit.md, issue 15), each run through the
 * built CLI or the extension's analysis worker in a child process under a 400 MB heap cap: every one must end on
 * its own (no kill by the hang guard, no heap exhaustion), with a clear problem where the input is refused, no
 * internal error or stack trace, peak memory under 500 MB, and no write of an invalid or unintended file.
 * The behaviour of each is asserted in detail by the in-process tests named in docs/limits.md ("Audit
 * reproducers"); this file holds them to the memory bound. Times are printed, never asserted.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeFlowsModel, deepBoundariesModel, delegationChainModel, nestedPeerRule, sharedToolsModel } from '../../scripts/lib/adversarial';
import { buildOnce, cliChild, PEAK_RSS_LIMIT_MB, removeBuild, workerChild, type ChildResult } from './helpers/bounded-child';

const TIMEOUT = 240_000;
const work = mkdtempSync(join(tmpdir(), 'tm-audit-'));
const figures: string[] = [];
/** Every folder this file writes (tens of megabytes of inputs and outputs), removed at the end. */
const scratch: string[] = [work];
const scratchDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(d);
  return d;
};

/** Ended on its own with an exit code the CLI promises, no internal error, under the memory bound. */
function bounded(name: string, r: ChildResult, codes: number[] = [0, 1]): void {
  figures.push(`${name}: exit ${r.code}, peak ${r.peakRssMb} MB, ${(r.ms / 1000).toFixed(1)} s`);
  expect(r.signal, `${name} was killed (${r.stderr.slice(-400)})`).toBeNull();
  expect(codes, `${name}: exit ${r.code}\n${r.stderr.slice(0, 600)}`).toContain(r.code);
  expect(r.stderr).not.toMatch(/internal error|heap out of memory|RangeError|\n\s+at .*:\d+:\d+\)?\n/);
  expect(r.peakRssMb, `${name} peak RSS`).toBeLessThan(PEAK_RSS_LIMIT_MB);
}

const model = (extra = '') => `threatmodel: 1\nsystem: {name: x}\ncomponents:\n  - {id: api, kind: service}\n${extra}`;

beforeAll(() => {
  buildOnce();
}, 120_000);

afterAll(() => {
  console.log(`audit reproducers (heap cap 400 MB):\n  ${figures.join('\n  ')}`);
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
  removeBuild();
});

describe('D1, D9: catalog paths a model names', () => {
  it.each([['/dev/zero'], ['/'], ['/proc/self/environ']])('analysis.catalogs: [%s] is refused unread (CLI)', async (path) => {
    writeFileSync(join(work, 'd1.threatmodel.yaml'), model(`analysis: {catalogs: [${JSON.stringify(path)}]}\n`));
    const r = await cliChild(['analyze', 'd1.threatmodel.yaml'], work);
    bounded(`D1 analyze catalogs [${path}]`, r);
    expect(r.stdout).toContain('TM-CATALOG-REFUSED');
  }, TIMEOUT);

  it('a rule file outside the workspace holding secrets is refused unread: nothing of it is echoed', async () => {
    const outside = scratchDir('tm-outside-');
    writeFileSync(join(outside, 'secret.yaml'), 'id: ghp_SECRETTOKEN123\nstride: [hunter2-password]\naws_secret_access_key: AKIAXXXXXXXX\n');
    writeFileSync(join(work, 'secret.threatmodel.yaml'), model(`analysis: {catalogs: [${JSON.stringify(join(outside, 'secret.yaml'))}]}\n`));
    const r = await cliChild(['analyze', 'secret.threatmodel.yaml'], work);
    bounded('D9 analysis.catalogs naming a secrets file outside the workspace', r);
    expect(r.stdout).toContain('TM-CATALOG-REFUSED');
    expect(r.stdout + r.stderr).not.toMatch(/ghp_SECRET|hunter2|aws_secret/);
  }, TIMEOUT);

  it('/dev/stdin with a stdin that never closes is refused, not waited on', async () => {
    writeFileSync(join(work, 'stdin.threatmodel.yaml'), model('analysis: {catalogs: [/dev/stdin]}\n'));
    const r = await cliChild(['analyze', 'stdin.threatmodel.yaml'], work, { stdin: 'pipe-open' });
    bounded('D1 analyze catalogs [/dev/stdin], stdin open', r);
    expect(r.stdout).toContain('TM-CATALOG-REFUSED');
  }, TIMEOUT);

  it('a FIFO named rule.yaml in a catalog folder is refused, not waited on', async () => {
    mkdirSync(join(work, 'fifo'));
    execFileSync('mkfifo', [join(work, 'fifo', 'rule.yaml')]);
    writeFileSync(join(work, 'fifo.threatmodel.yaml'), model('analysis: {catalogs: [fifo]}\n'));
    const r = await cliChild(['analyze', 'fifo.threatmodel.yaml'], work);
    bounded('D1 FIFO in a catalog folder', r);
    expect(r.stdout).toMatch(/TM-CATALOG-REFUSED .*not a regular file/);
  }, TIMEOUT);

  it('the extension worker refuses /dev/zero the same way', async () => {
    const r = await workerChild({ text: model('analysis: {catalogs: [/dev/zero]}\n'), file: join(work, 'w.threatmodel.yaml'), catalogRoots: [work] }, work);
    bounded('D1 extension worker runJob, catalogs [/dev/zero]', r, [0]);
    expect(JSON.parse(r.stdout)).toEqual(['TM-CATALOG-REFUSED']);
  }, TIMEOUT);
});

describe('D2: nested peer conditions', () => {
  it.each([[16], [18]])('a project catalog nesting flowsIn.peer %i deep, on 4 services joined pairwise', async (depth) => {
    mkdirSync(join(work, `nested-${depth}`));
    writeFileSync(join(work, `nested-${depth}`, 'NESTED-PEER.yaml'), nestedPeerRule(depth));
    writeFileSync(join(work, 'nested.threatmodel.yaml'), `${completeFlowsModel(4)}analysis: {catalogs: [nested-${depth}]}\n`);
    const r = await cliChild(['analyze', 'nested.threatmodel.yaml', '--fail-on', 'none'], work);
    bounded(`D2 flowsIn.peer nested ${depth} deep`, r, [0]);
    expect(r.stdout).toContain('NESTED-PEER@s3');
  }, TIMEOUT);
});

describe('D3: shared tools and delegation chains (valid models)', () => {
  it.each([[400], [600]])('%i agents sharing as many tools: analyze', async (n) => {
    writeFileSync(join(work, `shared-${n}.threatmodel.yaml`), sharedToolsModel(n, n));
    const r = await cliChild(['analyze', `shared-${n}.threatmodel.yaml`, '--fail-on', 'none'], work);
    bounded(`D3 ${n}×${n} shared tools (${Math.round(statSync(join(work, `shared-${n}.threatmodel.yaml`)).size / 1024)} KB) analyze`, r, [0]);
    expect(r.stdout).not.toContain('TM-ANALYSIS-BUDGET');
  }, TIMEOUT);

  it('a 3,000-agent delegation chain: analyze --format json', async () => {
    writeFileSync(join(work, 'deleg.threatmodel.yaml'), delegationChainModel(3000));
    const r = await cliChild(['analyze', 'deleg.threatmodel.yaml', '--format', 'json', '--fail-on', 'none'], work);
    bounded('D3 3,000-agent chain analyze --format json', r, [0]);
  }, TIMEOUT);

  it.each([['html'], ['sarif'], ['md']])('a 3,000-agent delegation chain: export --format %s', async (format) => {
    const r = await cliChild(['export', 'deleg.threatmodel.yaml', '--format', format, '-o', `deleg.${format}`], work);
    bounded(`D3 3,000-agent chain export ${format}`, r, [0]);
    // The audit measured 244 MB (HTML) and 252 MB (SARIF): capped exports stay in the tens of megabytes at most.
    expect(statSync(join(work, `deleg.${format}`)).size).toBeLessThan(20 * 1024 * 1024);
  }, TIMEOUT);
});

describe('D4: deep and many', () => {
  it.each([[['diagram', 'deep.threatmodel.yaml', '-o', 'deep.mmd']], [['export', 'deep.threatmodel.yaml', '--format', 'md', '-o', 'deep.md']], [['export', 'deep.threatmodel.yaml', '--format', 'html', '-o', 'deep.html']]])('6,000 nested boundaries: %j', async (args) => {
    writeFileSync(join(work, 'deep.threatmodel.yaml'), deepBoundariesModel(6000));
    const r = await cliChild(args, work);
    bounded(`D4 6,000 nested boundaries ${args[0]} ${args.at(-1)}`, r, [0]);
  }, TIMEOUT);

  it('a catalog settings file of 130,000 disable entries (1.4 MB)', async () => {
    mkdirSync(join(work, 'settings'));
    writeFileSync(join(work, 'settings', 'settings.yaml'), ['disable:', ...Array.from({ length: 130_000 }, (_, i) => `  - RULE-${i}`)].join('\n'));
    writeFileSync(join(work, 'settings.threatmodel.yaml'), model('analysis: {catalogs: [settings]}\n'));
    const r = await cliChild(['analyze', 'settings.threatmodel.yaml'], work);
    bounded('D4 1.4 MB settings file', r);
    expect(r.stdout).toMatch(/TM-CATALOG-REFUSED .*larger than 256 KiB/);
  }, TIMEOUT);

  it('a catalog folder with 40 symlinks to itself', async () => {
    mkdirSync(join(work, 'loop'));
    writeFileSync(join(work, 'loop', 'LOOP.yaml'), nestedPeerRule(1, 'LOOP-RULE'));
    for (let i = 0; i < 40; i++) symlinkSync('.', join(work, 'loop', `self-${i}`));
    writeFileSync(join(work, 'loop.threatmodel.yaml'), `${completeFlowsModel(2)}analysis: {catalogs: [loop]}\n`);
    const r = await cliChild(['analyze', 'loop.threatmodel.yaml', '--fail-on', 'none'], work);
    bounded('D4 40 self-symlinks in a catalog folder', r, [0]);
    expect(r.stdout).not.toContain('DUPLICATE');
  }, TIMEOUT);
});

describe('D7: many problems', () => {
  it.each([[50_000], [150_000]])('%i invalid list items: validate', async (n) => {
    writeFileSync(join(work, `items-${n}.threatmodel.yaml`), `threatmodel: 1\nsystem: {name: x}\ncomponents:\n${'  - 1\n'.repeat(n)}`);
    const r = await cliChild(['validate', `items-${n}.threatmodel.yaml`], work);
    bounded(`D7 ${n.toLocaleString('en-US')} invalid items validate`, r, [1]);
    expect(r.stdout).toContain('TM-PROBLEMS-TRUNCATED');
  }, TIMEOUT);

  it('6,000 flows to undeclared components: validate', async () => {
    const comps = Array.from({ length: 6000 }, (_, i) => `  - {id: svc-${i}, kind: service}`).join('\n');
    const flows = Array.from({ length: 6000 }, (_, i) => `  - {from: svc-${i}, to: svx-${i}}`).join('\n');
    writeFileSync(join(work, 'refs.threatmodel.yaml'), `threatmodel: 1\nsystem: {name: x}\ncomponents:\n${comps}\nflows:\n${flows}\n`);
    const r = await cliChild(['validate', 'refs.threatmodel.yaml'], work);
    bounded('D7 6,000 unknown references validate', r, [1]);
    expect(r.stdout).toContain('TM-PROBLEMS-TRUNCATED');
  }, TIMEOUT);
});

/** A minimal workbook: `sheet` as its first sheet's XML, `declared` overriding the sizes its directory states. */
function xlsx(sheet: string, declared?: number): Buffer {
  const parts: Array<[string, string]> = [
    ['[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'],
    ['_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'],
    ['xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Register" sheetId="1" r:id="rId1"/></sheets></workbook>'],
    ['xl/_rels/workbook.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'],
    ['xl/worksheets/sheet1.xml', sheet],
  ];
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of parts) {
    const raw = Buffer.from(text, 'utf8');
    const data = deflateRawSync(raw);
    const size = declared ?? raw.length;
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18); local.writeUInt32LE(size, 22); local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20); central.writeUInt32LE(size, 24); central.writeUInt16LE(n.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += local.length + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(parts.length, 8); end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const SHEET = (rows: string) => `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Finding ID</t></is></c><c r="B1" t="inlineStr"><is><t>Risk Owner</t></is></c></row>${rows}</sheetData></worksheet>`;
const FINDING = 'OVERRELIANCE-UNVERIFIED-ANSWERS@support-agent';

describe('D11: model folders', () => {
  it('validate on a folder with an unreadable subfolder names it and checks the rest (as nobody when run as root)', async () => {
    const tree = scratchDir('tm-d11-');
    chmodSync(tree, 0o755);
    mkdirSync(join(tree, 't', 's'), { recursive: true });
    writeFileSync(join(tree, 't', 'ok.threatmodel.yaml'), model());
    copyFileSync(join(tree, 't', 'ok.threatmodel.yaml'), join(tree, 't', 's', 'hidden.threatmodel.yaml'));
    chmodSync(join(tree, 't'), 0o755);
    chmodSync(join(tree, 't', 'ok.threatmodel.yaml'), 0o644);
    chmodSync(join(tree, 't', 's'), 0o000);
    const r = await cliChild(['validate', 't'], tree, { asNobody: true });
    chmodSync(join(tree, 't', 's'), 0o755);
    bounded('D11 validate a folder with an unreadable subfolder', r, [0]);
    expect(r.stderr).toMatch(/warning: .*t\/s: permission denied; this folder was skipped/);
    expect(r.stdout).toContain('1 file valid');
  }, TIMEOUT);
});

describe('D5, D8: register import', () => {
  const cases: Array<[string, string, () => Buffer | string, RegExp]> = [
    ['an 11 MB justification (CSV)', 'j.csv', () => `Finding ID,Justification\n${FINDING},${'j'.repeat(11_000_000)}\n`, /TM-INPUT-TOO-LARGE|TM-REGISTER-INVALID-VALUE/],
    ['a 59 KB workbook holding a 50 MB cell', 'cell50.xlsx', () => xlsx(SHEET(`<row r="2"><c r="A2" t="inlineStr"><is><t>${FINDING}</t></is></c><c r="B2" t="inlineStr"><is><t>${'o'.repeat(50_000_000)}</t></is></c></row>`)), /TM-REGISTER-FORMAT .*32 MB/],
    ['a workbook holding a 30 MB cell (under the size cap)', 'cell30.xlsx', () => xlsx(SHEET(`<row r="2"><c r="A2" t="inlineStr"><is><t>${FINDING}</t></is></c><c r="B2" t="inlineStr"><is><t>${'o'.repeat(30_000_000)}</t></is></c></row>`)), /TM-REGISTER-FORMAT .*bytes of text/],
    ['an 8 MB workbook of 1,048,576 rows', 'rows.xlsx', () => xlsx(SHEET(Array.from({ length: 1_048_575 }, (_, i) => `<row r="${i + 2}"><c r="A${i + 2}"><v>${i}</v></c></row>`).join(''))), /TM-REGISTER-FORMAT .*32 MB/],
    ['1,200,000 minimal rows in 31 MB (under the size cap)', 'minrows.xlsx', () => xlsx(SHEET('<row><c><v>1</v></c></row>'.repeat(1_200_000))), /TM-REGISTER-FORMAT .*rows \(at most/],
    ['a zip bomb whose directory understates its parts', 'bomb.xlsx', () => xlsx(SHEET(`<row><c><v>${' '.repeat(64_000_000)}</v></c></row>`), 1000), /TM-REGISTER-FORMAT .*understates/],
  ];
  it.each(cases)('%s is refused; the model is unchanged', async (_name, file, content, problem) => {
    copyFileSync('templates/rag-support-assistant.threatmodel.yaml', join(work, 'reg.threatmodel.yaml'));
    const before = readFileSync(join(work, 'reg.threatmodel.yaml'));
    writeFileSync(join(work, file), content());
    const r = await cliChild(['register', 'import', file, 'reg.threatmodel.yaml'], work);
    bounded(`D5/D8 register import: ${_name}`, r, [1]);
    expect(r.stdout + r.stderr).toMatch(problem);
    expect(readFileSync(join(work, 'reg.threatmodel.yaml')).equals(before)).toBe(true);
  }, TIMEOUT);

  it('a register of about 12,000 findings (the delegation chain\'s own XLSX) round-trips within the bound', async () => {
    writeFileSync(join(work, 'chain.threatmodel.yaml'), delegationChainModel(3000));
    // Writing this register is not held to the bound: exceljs builds the whole workbook in memory (about 500 MB
    // peak for about 12,000 findings; docs/limits.md). Reading it back is.
    const exported = await cliChild(['export', 'chain.threatmodel.yaml', '--format', 'xlsx', '-o', 'chain.xlsx'], work);
    figures.push(`D8 export xlsx of about 12,000 findings (not bounded): exit ${exported.code}, peak ${exported.peakRssMb} MB`);
    expect(exported.code).toBe(0);
    const before = readFileSync(join(work, 'chain.threatmodel.yaml'), 'utf8');
    const r = await cliChild(['register', 'import', 'chain.xlsx', 'chain.threatmodel.yaml'], work);
    bounded('D8 register import of that XLSX', r, [0]);
    expect(readFileSync(join(work, 'chain.threatmodel.yaml'), 'utf8')).toBe(before);
  }, TIMEOUT);
});
