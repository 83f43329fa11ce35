/**
 * The adversarial shapes of the reliability audit (scripts/lib/adversarial.ts), timed load + analysis with the
 * built-in catalog, medians, warm. Growth is shown against n log n of the size (n = edges of the shape): a
 * ratio that stays near 1 as n doubles is near-linear; the audit measured cubic growth before the fix.
 */
import { builtinCatalog } from '../src/core/catalog/builtin';
import { analyze } from '../src/core/engine/analyze';
import { loadModel } from '../src/core/model/load';
import { deepBoundariesModel, delegationChainModel, sharedToolsModel } from './lib/adversarial';

interface Shape { name: string; sizes: number[]; text: (n: number) => string; edges: (n: number) => number }

const SHAPES: Shape[] = [
  { name: 'agents sharing tools (N×N)', sizes: [50, 100, 200, 400], text: (n) => sharedToolsModel(n, n), edges: (n) => n * n },
  { name: 'delegation chain (N agents)', sizes: [500, 1000, 2000, 4000], text: delegationChainModel, edges: (n) => 3 * n },
  { name: 'nested boundaries (N deep)', sizes: [1000, 2000, 4000, 8000], text: deepBoundariesModel, edges: (n) => n },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function benchAdversarial(): void {
  const catalog = builtinCatalog().catalog;
  const rows: string[][] = [];
  for (const shape of SHAPES) {
    let previous: { n: number; ms: number } | undefined;
    for (const size of shape.sizes) {
      const text = shape.text(size);
      const samples: number[] = [];
      let findings = 0;
      let problems = 0;
      for (let i = 0; i < 4; i++) {
        const t = performance.now();
        const loaded = loadModel(text, 'adversarial.threatmodel.yaml');
        const result = loaded.model ? analyze(loaded.model, catalog) : undefined;
        const ms = performance.now() - t;
        findings = result?.findings.length ?? 0;
        problems = loaded.problems.length + (result?.problems.length ?? 0);
        if (i > 0) samples.push(ms); // the first run warms up
      }
      const ms = median(samples);
      const n = shape.edges(size);
      const growth = previous ? (ms / previous.ms) / ((n * Math.log2(n)) / (previous.n * Math.log2(previous.n))) : undefined;
      rows.push([shape.name, String(size), String(Math.round(text.length / 1024)), String(findings), String(problems), ms.toFixed(0), growth === undefined ? '' : growth.toFixed(2)]);
      previous = { n, ms };
    }
  }
  const header = ['shape', 'N', 'KB', 'findings', 'problems', 'load+analyze ms', 'growth ÷ n log n'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log('\nAdversarial shapes (reliability audit D3/D4; docs/limits.md), medians of 3 warm runs. growth ≤ ~1.2 means at most n log n');
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}
