/**
 * `npm run bench`: medians over generated models of 10 to 5,000 components, phase by phase.
 * Prints a table; never asserts. Warm timings: each size runs a few times before measuring.
 */
import { parseText } from '../src/core/model/parse';
import { resolveModel } from '../src/core/model/resolve';
import { validateSchema } from '../src/core/model/validate';
import { loadModel } from '../src/core/model/load';
import { generateModel } from './lib/generate-model';
import { builtinCatalog } from '../src/core/catalog/builtin';
import { analyze } from '../src/core/engine/analyze';
import { benchAdversarial } from './bench-adversarial';

const SIZES = [10, 100, 1000, 5000];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

interface Row { size: number; lines: number; [column: string]: number }

export const columns: Array<{ name: string; run: (text: string) => void }> = [];

function benchModels(): void {
  const catalog = builtinCatalog().catalog;
  const findingCounts = new Map<number, number>();
  const rows: Row[] = [];
  for (const size of SIZES) {
    const text = generateModel(size);
    const runs = size >= 5000 ? 7 : size >= 1000 ? 11 : 21;
    const samples: Record<string, number[]> = { parse: [], validate: [], resolve: [], total: [], analyze: [], findings: [] };
    for (let i = 0; i < runs + 2; i++) {
      const file = 'bench.threatmodel.yaml';
      let parsed!: ReturnType<typeof parseText>;
      let schema!: ReturnType<typeof validateSchema>;
      const p = time(() => { parsed = parseText(text, file); });
      const v = time(() => { schema = validateSchema(parsed.value, parsed.doc!, parsed.lineCounter, file); });
      const r = time(() => { resolveModel({ file, value: parsed.value, doc: parsed.doc!, lineCounter: parsed.lineCounter, invalidPaths: schema.invalidPaths, incomplete: schema.incomplete }); });
      let loaded!: ReturnType<typeof loadModel>;
      const t = time(() => { loaded = loadModel(text, file); });
      const problems = loaded.problems.length;
      if (problems > 0) throw new Error(`generated model of ${size} components has ${problems} problems`);
      let findings = 0;
      const a = time(() => { findings = analyze(loaded.model!, catalog).findings.length; });
      findingCounts.set(size, findings);
      if (i < 2) continue; // warm-up
      samples.parse!.push(p);
      samples.validate!.push(v);
      samples.resolve!.push(r);
      samples.total!.push(t);
      samples.analyze!.push(a);
      samples.findings!.push(t + a);
    }
    const row: Row = { size, lines: text.split('\n').length };
    for (const [k, xs] of Object.entries(samples)) row[k] = median(xs);
    rows.push(row);
  }

  const header = ['components', 'lines', 'parse ms', 'validate ms', 'resolve ms', 'load total ms', 'per 1k comp.', 'analyze ms', 'findings', 'to findings ms'];
  const table = rows.map((r) => [
    String(r.size), String(r.lines), r.parse!.toFixed(1), r.validate!.toFixed(1), r.resolve!.toFixed(1), r.total!.toFixed(1),
    ((r.total! / r.size) * 1000).toFixed(0), r.analyze!.toFixed(1), String(findingCounts.get(r.size) ?? 0), r.findings!.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
  console.log(`Model loading (parse → schema → resolve) and analysis (${catalog.rules.length} built-in rules), medians, warm`);
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of table) console.log(line(r));
}

// `node dist/bench.js --adversarial` runs only the audit's adversarial shapes (a few minutes on 2 cores).
if (!process.argv.includes('--adversarial')) benchModels();
benchAdversarial();
