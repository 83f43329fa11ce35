/**
 * Security-test generation timings for `npm run bench`: `generateSuite` (cases, promptfoo YAML, red-team
 * config) for generated models of 10, 100 and 1,000 components, analysis excluded (it has its own table),
 * plus the coverage read-back analyze does. Medians of warm runs; prints a table, never asserts.
 * The budget: generation for a 1,000-component model under 1 s.
 */
import { modelFindings } from '../src/core/export/pipeline';
import { generateSuite, testCoverage } from '../src/core/tests/index';
import { generateModel } from './lib/generate-model';

const SIZES = [10, 100, 1000];
const RUNS = 9;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const rows: string[][] = [];
for (const size of SIZES) {
  const result = modelFindings(generateModel(size), 'bench.threatmodel.yaml');
  if (!result.model) throw new Error('generated model did not load');
  const gen: number[] = [];
  const cov: number[] = [];
  let cases = 0;
  for (let i = 0; i < RUNS + 2; i++) {
    const t0 = performance.now();
    const suite = generateSuite(result.model, result.findings, { modelPath: 'bench.threatmodel.yaml', redteam: true });
    const t1 = performance.now();
    testCoverage(result.findings, { suite: new Set(suite.cases.map((c) => c.id)) });
    const t2 = performance.now();
    cases = suite.cases.length;
    if (i < 2) continue; // warm-up
    gen.push(t1 - t0);
    cov.push(t2 - t1);
  }
  rows.push([String(size), String(result.findings.length), String(cases), median(gen).toFixed(1), median(cov).toFixed(1)]);
}
const header = ['components', 'findings', 'test cases', 'generate ms', 'coverage ms'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
console.log('\nSecurity test generation (threatmodel tests), medians of 9 warm runs; budget: < 1000 ms at 1,000 components');
console.log([line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n'));
