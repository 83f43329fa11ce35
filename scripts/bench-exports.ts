/**
 * Export timings for `npm run bench`: every format for generated models of 100 and 1,000 components
 * (load and analysis excluded: they have their own table), medians of warm runs. Prints a table; never asserts.
 * The issue's budget: all exports of a 1,000-component model together in under 1 s.
 */
import { EXPORT_FORMATS, exportAs } from '../src/core/export/index';
import { exportInput, modelFindings } from '../src/core/export/pipeline';
import { importRegister, readRegister } from '../src/core/export/import/index';
import type { Finding } from '../src/core/engine/types';
import { generateModel } from './lib/generate-model';

/** Components, and findings per component to synthesise (0: only what the engine finds). */
const CASES: Array<[number, number]> = [[100, 0], [1000, 0], [1000, 5]];
const RUNS = 9;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** A stress case: the engine's findings spread over every component, `n` per component. */
function synthesise(findings: Finding[], components: string[], n: number): Finding[] {
  const out: Finding[] = [];
  components.forEach((c, i) => {
    for (let k = 0; k < n; k++) {
      const f = findings[(i * n + k) % findings.length]!;
      out.push({ ...f, id: `${f.ruleId}-${k}@${c}`, ruleId: `${f.ruleId}-${k}`, elementId: c, flowId: undefined });
    }
  });
  return out;
}

async function main(): Promise<void> {
  const header = ['components', 'findings', 'diagram', ...EXPORT_FORMATS.map((f) => f.format), 'all exports', 'csv import'];
  const rows: string[][] = [];
  for (const [size, perComponent] of CASES) {
    const text = generateModel(size);
    const result = modelFindings(text, 'bench.threatmodel.yaml');
    if (!result.model) throw new Error('generated model did not load');
    const model = result.model;
    if (perComponent > 0) result.findings = synthesise(result.findings, [...model.components.keys()], perComponent);
    const samples = new Map<string, number[]>(header.slice(2).map((h) => [h, []]));
    for (let i = 0; i < RUNS + 2; i++) {
      const t0 = performance.now();
      const input = exportInput({ ...result, model }); // includes the mermaid diagram for the checklist
      const times: Record<string, number> = { diagram: performance.now() - t0 };
      let csv = '';
      for (const f of EXPORT_FORMATS) {
        const t = performance.now();
        const out = await exportAs(f.format, input);
        times[f.format] = performance.now() - t;
        if (f.format === 'csv') csv = out as string;
      }
      times['all exports'] = performance.now() - t0;
      const ti = performance.now();
      const register = await readRegister(new TextEncoder().encode(csv), 'csv', 'r.csv');
      const imported = importRegister({ modelText: text, modelFile: 'bench.threatmodel.yaml', findings: result.findings, tracking: model.tracking, model, register, registerFile: 'r.csv' });
      times['csv import'] = performance.now() - ti;
      if (imported.problems.length > 0 || imported.text !== text) throw new Error('register round trip changed the model');
      if (i < 2) continue; // warm-up
      for (const [k, v] of Object.entries(times)) samples.get(k)!.push(v);
    }
    rows.push([`${size}${perComponent ? ` (${perComponent}/comp.)` : ''}`, String(result.findings.length), ...header.slice(2).map((h) => median(samples.get(h)!).toFixed(1))]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
  console.log('\nExports (ms, medians of warm runs; "all exports" = diagram text + every format; budget at 1,000 components: 1,000 ms)');
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

main().catch((err) => { console.error(err); process.exitCode = 1; });
