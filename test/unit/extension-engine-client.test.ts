/**
 * The extension's engine client against a stand-in worker (plain JS in a temp folder) whose "analysis" busy-waits
 * for the number of milliseconds given as the text: newest-wins per document, abandoning a stale long run,
 * two-phase answers, and the in-process fallback when the worker keeps crashing. No timing is asserted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CancelledError, EngineClient } from '../../src/extension/analysis/engine-client';

const dir = mkdtempSync(join(tmpdir(), 'tmac-engine-client-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const JOB = `
function busy(ms) { const end = Date.now() + ms; while (Date.now() < end) {} }
function model(req) { return { problems: [], findings: [], catalog: { rules: [], mitigations: [] }, elements: {}, timings: { load: 0, rules: 0 }, echo: req.text }; }
function index(req) { return { declarations: [], references: [], tracking: [], sections: [], length: req.text.length, endsWithNewline: true, indentUnit: 2 }; }
exports.runJob = (req, onDiagnostics) => { const m = model(req); if (onDiagnostics) onDiagnostics(m); return Object.assign({}, m, { index: index(req), timings: { load: 0, rules: 0, index: 0, diagnostics: 0, total: 0 } }); };
`;
const worker = (body: string): string => {
  const file = join(dir, `w${Math.random().toString(36).slice(2)}.js`);
  writeFileSync(file, `${JOB}\nconst { parentPort } = require('node:worker_threads');\nif (parentPort) {\n${body}\n}\n`);
  return file;
};
const GOOD = worker(`
  parentPort.postMessage({ type: 'ready' });
  parentPort.on('message', (m) => {
    busy(Number(m.request.text) || 0);
    parentPort.postMessage({ type: 'diagnostics', id: m.id, analysis: model(m.request) });
    parentPort.postMessage({ type: 'result', id: m.id, indexJson: JSON.stringify(index(m.request)), indexMs: 0 });
  });`);
const CRASHING = worker(`
  parentPort.postMessage({ type: 'ready' });
  parentPort.on('message', () => process.exit(3));`);

const req = (text: string) => ({ text, file: 'm.threatmodel.yaml' });

describe('engine client (extension)', () => {
  it('answers in two phases: diagnostics first, then the index (read lazily)', async () => {
    const client = new EngineClient(GOOD, () => {});
    const order: string[] = [];
    const a = await client.analyze('doc', req('5'), (m) => order.push(`diagnostics:${(m as unknown as { echo: string }).echo}`));
    order.push('result');
    expect(order).toEqual(['diagnostics:5', 'result']);
    expect(Object.keys(a)).not.toContain('index');
    expect(a.index.length).toBe(1);
    client.dispose();
  });

  it('runs only the newest request per document; other documents are not affected', async () => {
    const client = new EngineClient(GOOD, () => {});
    const first = client.analyze('a', req('200'));
    const queued = client.analyze('a', req('1'));
    const other = client.analyze('b', req('1'));
    const newest = client.analyze('a', req('2'));
    await expect(queued).rejects.toBeInstanceOf(CancelledError);
    await expect(newest).resolves.toMatchObject({ index: { length: 1 } });
    await expect(other).resolves.toBeDefined();
    await first; // it was already running and short: it finishes, and the caller drops it as stale
    expect(client.stats.superseded).toBe(1);
    client.dispose();
  });

  it('abandons a stale run that would take longer than starting a fresh worker', async () => {
    const client = new EngineClient(GOOD, () => {});
    await client.analyze('big', req('1200')); // learns that this document takes ~1.2 s
    const stale = client.analyze('big', req('1200'));
    await new Promise((r) => setTimeout(r, 50));
    const fresh = client.analyze('big', req('1'));
    await expect(stale).rejects.toBeInstanceOf(CancelledError);
    await expect(fresh).resolves.toBeDefined();
    expect(client.stats.abandoned).toBe(1);
    expect(client.stats.workerStarts).toBe(2);
    client.dispose();
  });

  it('falls back to analysing in-process when the worker keeps crashing', async () => {
    const lines: string[] = [];
    const client = new EngineClient(CRASHING, (l) => lines.push(l));
    for (let i = 0; i < 3; i++) await expect(client.analyze('x', req(String(i)))).rejects.toThrow(/stopped/);
    const a = await client.analyze('x', req('ok'));
    expect(client.stats.inProcess).toBe(true);
    expect(a.index.length).toBe(2);
    client.dispose();
  });

  it('rejects everything pending on dispose', async () => {
    const client = new EngineClient(GOOD, () => {});
    const running = client.analyze('a', req('100'));
    const queued = client.analyze('b', req('1'));
    client.dispose();
    await expect(running).rejects.toBeInstanceOf(CancelledError);
    await expect(queued).rejects.toBeInstanceOf(CancelledError);
  });
});
