/**
 * `npm run bench:editor`: what the extension costs while a user types, on generated models.
 * 1. Engine time per keystroke, in-process, median of warm runs, per phase: until the diagnostics (load +
 *    rules), then the editor index that completion, hovers and CodeLens use.
 * 2. The same through the real analysis worker (dist/analysis-worker.js): request to diagnostics and to the
 *    full result, in the extension host, including the copy of the results.
 * 3. Typing into a 1,000-component model in bursts (4 keystrokes 50 ms apart, then a 250 ms pause, so
 *    analyses start while the user is still typing) with the extension's 200 ms debounce: the extension
 *    host's event-loop delay (what would make the editor's features lag), analyses started, superseded and
 *    abandoned, and the time from the last keystroke to its diagnostics.
 * Prints tables; asserts nothing.
 */
import path from 'node:path';
import { analyzeDocument } from '../src/core/editor/analyze-document';
import { EngineClient, CancelledError } from '../src/extension/analysis/engine-client';
import { generateModel } from './lib/generate-model';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number): string => n.toFixed(1);

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  console.log('');
}

/** A keystroke: one more character in the system's name (changes the text, keeps the model valid). */
const keystroke = (text: string, i: number): string => text.replace(/^( {2}name: .*)$/m, `$1${String.fromCharCode(97 + (i % 26))}`);

async function main(): Promise<void> {
  const sizes = [10, 100, 1000];
  console.log('Engine time per keystroke, in-process (median of warm runs)\n');
  const rows: string[][] = [];
  for (const size of sizes) {
    let text = generateModel(size);
    const runs = size >= 1000 ? 11 : 31;
    const s = { load: [] as number[], rules: [] as number[], diagnostics: [] as number[], index: [] as number[], total: [] as number[] };
    let findings = 0;
    for (let i = 0; i < runs + 3; i++) {
      text = keystroke(text, i);
      const r = analyzeDocument({ text, file: 'bench.threatmodel.yaml' });
      if (r.problems.some((p) => p.severity === 'error')) throw new Error(`generated model of ${size} has errors: ${r.problems[0]!.message}`);
      findings = r.findings.length;
      if (i < 3) continue;
      s.load.push(r.timings.load); s.rules.push(r.timings.rules); s.diagnostics.push(r.timings.diagnostics); s.index.push(r.timings.index); s.total.push(r.timings.total);
    }
    rows.push([String(size), String(text.split('\n').length), String(findings), fmt(median(s.load)), fmt(median(s.rules)),
      fmt(median(s.diagnostics)), fmt(median(s.index)), fmt(median(s.total))]);
  }
  table(['components', 'lines', 'findings', 'load ms', 'rules ms', 'keystroke → diagnostics ms', 'then index ms', 'total ms'], rows);

  const workerPath = path.resolve('dist/analysis-worker.js');
  const client = new EngineClient(workerPath, () => {});
  console.log('Through the analysis worker (request → answer in the extension host, median)\n');
  const wrows: string[][] = [];
  for (const size of sizes) {
    let text = generateModel(size);
    const toDiagnostics: number[] = [];
    const toAll: number[] = [];
    for (let i = 0; i < (size >= 1000 ? 9 : 21) + 2; i++) {
      text = keystroke(text, i);
      const t = performance.now();
      let d = 0;
      await client.analyze('bench', { text, file: 'bench.threatmodel.yaml' }, () => { d = performance.now() - t; });
      if (i >= 2) { toDiagnostics.push(d); toAll.push(performance.now() - t); }
    }
    wrows.push([String(size), fmt(median(toDiagnostics)), fmt(median(toAll))]);
  }
  table(['components', 'to diagnostics ms', 'to index ms'], wrows);

  console.log('Typing into a 1,000-component model: 40 keystrokes in bursts of 4 (50 ms apart, then 250 ms), 200 ms debounce\n');
  let text = generateModel(1000);
  await client.analyze('typing', { text, file: 'typing.threatmodel.yaml' }); // warm: the document was open before
  const before = { ...client.stats };
  let maxLag = 0;
  let last = performance.now();
  const lagTimer = setInterval(() => {
    const now = performance.now();
    maxLag = Math.max(maxLag, now - last - 5);
    last = now;
  }, 5);
  let debounce: ReturnType<typeof setTimeout> | undefined;
  let lastKeystrokeAt = 0;
  let keystrokes = 0;
  let published = 0;
  let resultForLast = 0;
  await new Promise<void>((resolve, reject) => {
    const type = (): void => {
      keystrokes++;
      const v = keystrokes;
      text = keystroke(text, v);
      lastKeystrokeAt = performance.now();
      if (debounce) clearTimeout(debounce);
      debounce = setTimeout(() => {
        client.analyze('typing', { text, file: 'typing.threatmodel.yaml' }, () => {
          if (v !== keystrokes) return; // stale: dropped, as the extension does
          published++;
          if (v === 40) { resultForLast = performance.now() - lastKeystrokeAt; resolve(); }
        }).catch((e: unknown) => { if (!(e instanceof CancelledError)) reject(e); });
      }, 200);
      if (keystrokes < 40) setTimeout(type, keystrokes % 4 === 0 ? 250 : 50);
    };
    type();
  });
  clearInterval(lagTimer);
  const st = client.stats;
  table(['max extension-host event-loop delay ms', 'analyses started', 'superseded', 'abandoned', 'published', 'last keystroke → diagnostics ms'],
    [[fmt(maxLag), String(st.started - before.started), String(st.superseded - before.superseded), String(st.abandoned - before.abandoned), String(published), fmt(resultForLast)]]);
  console.log('(analysed in-process instead, each analysis would block the extension host for the engine time in the 1,000 row above)');
  client.dispose();
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
