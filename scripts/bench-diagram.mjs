// Diagram benchmark (part of `npm run bench`): the real webview page in headless Chromium with the stub host
// of the browser tests, on generated models of 100 and 500 components. Prints medians against the budgets:
// 100 components rendered and interactive ≤ 1.5 s, 500 components shown usefully (collapsed) ≤ 2 s, a
// restyle-only update ≤ 100 ms, a 100-component trust boundary of a 300-component model shown usefully (its
// overview) ≤ 1 s. "Rendered" is the page's own measure, from receiving the diagram to the SVG being on screen,
// styled and clickable; "cold" is the first diagram of a freshly launched browser. Every row checks that the
// page drew the nodes the core's diagram has.
// Usage: node scripts/bench-diagram.mjs [--runs N] [--quick]
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { builtinCatalogEsbuild } from './builtin-catalog.mjs';
import { templatesEsbuild } from './templates-module.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const runs = Number(args[args.indexOf('--runs') + 1]) || (quick ? 3 : 5);
const root = new URL('..', import.meta.url).pathname;

// The harness and fixtures are TypeScript: bundle them for node once (inside node_modules/.cache, so the
// bundle resolves playwright-core and esbuild from the project).
mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
const dir = mkdtempSync(join(root, 'node_modules', '.cache', 'tm-bench-diagram-'));
const entry = join(dir, 'bench-entry.cjs');
await build({
  stdin: {
    contents: [
      "export * from './test/browser/harness';",
      "export * from './test/browser/fixtures';",
      "export { loadModel } from './src/core/model/load';",
      "export { buildDiagram } from './src/core/diagram';",
      "export { generateModel as benchModel } from './scripts/lib/generate-model';",
    ].join('\n'),
    resolveDir: root, loader: 'ts',
  },
  bundle: true, platform: 'node', format: 'cjs', outfile: entry, logLevel: 'error', external: ['playwright-core', 'esbuild'],
  // the model loader's generated schema validators and the built-in catalog, as in the main build
  plugins: [builtinCatalogEsbuild(), templatesEsbuild()],
  // the harness finds the page's files relative to its own folder
  define: { __dirname: JSON.stringify(join(root, 'test', 'browser')) },
});
const h = createRequire(import.meta.url)(entry);

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const load = (n) => h.loadModel(h.generateModel(n), `generated-${n}.threatmodel.yaml`).model;
const models = { 100: load(100), 500: load(500) };
// The UX review's model: the benchmarks' generator at 300 components (cloud > 3 regions > 30 networks of 10).
const big300 = h.loadModel(h.benchModel(300), 'big-300.threatmodel.yaml').model;
const findingsOf = (m) => h.generatedFindings([...m.components.keys()]);

const server = await h.servePage(await h.buildWebview());
const rows = [];
const row = (what, values, budget) => {
  const med = median(values);
  rows.push({ what, median: med, min: Math.min(...values), max: Math.max(...values), runs: values.length, budget });
  process.stderr.write(`  ${what}: ${Math.round(med)} ms\n`);
};

/** Opens a page in a fresh browser; returns page-load and first-render times. */
async function cold(model, options, tuning) {
  const browser = await h.launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    if (tuning !== undefined) await page.addInitScript((t) => { globalThis.__tmElkTuning = t; }, tuning);
    const t0 = Date.now();
    const host = await openOn(page, model, options);
    const ready = host.readyAt - t0;
    const first = await host.rendered(1);
    await expectDrawn(page, first);
    return { ready, render: first.ms, view: first.view };
  } finally {
    await browser.close();
  }
}

/** The page must have drawn the nodes of the diagram it was sent (a bench row of a blank page measures nothing). */
async function expectDrawn(page, rendered) {
  const drawn = await page.locator('#canvas g.node[data-tm-mid]').count();
  if (drawn !== rendered.nodes) throw new Error(`the page drew ${drawn} nodes of ${rendered.nodes} (${rendered.view} view)`);
}

/** Sends the host's current model and options and waits until they are drawn. */
async function show(host) {
  const r = await host.rendered(await host.render());
  await expectDrawn(host.page, r);
  return r;
}

/** StubHost.open on an existing page (so init scripts can be added first), recording when `ready` arrived. */
async function openOn(page, model, options) {
  const host = new h.StubHost(page, model, findingsOf(model));
  if (options) host.options = options;
  await page.exposeFunction('__tmHostReceive', (m) => {
    if (m && m.type === 'ready' && !host.readyAt) host.readyAt = Date.now();
    host.receive(m);
  });
  await page.addInitScript(() => {
    window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__tmHostReceive(JSON.parse(JSON.stringify(m))), getState: () => undefined, setState: () => {} });
  });
  await page.goto(`${server.origin}/`);
  return host;
}

try {
  process.stderr.write(`diagram bench: ${runs} runs per row\n`);
  const c100 = [];
  const c100Default = [];
  const c500 = [];
  const cRegion = [];
  for (let i = 0; i < runs; i++) {
    // Full asked for: auto collapses above 40 components (docs/diagram.md); this row times 100 drawn boxes.
    c100.push(await cold(models[100], { view: 'full' }));
    c500.push(await cold(models[500], { view: 'auto' }));
    cRegion.push(await cold(big300, { view: 'auto', boundaries: ['region-1'] }));
    if (!quick) c100Default.push(await cold(models[100], { view: 'full' }, {}));
  }
  row('page load to ready (bundle parsed, mermaid + ELK initialised)', c100.map((r) => r.ready));
  row(`100 components, first diagram (cold, ${c100[0].view} view)`, c100.map((r) => r.render), 1500);
  if (!quick) row('100 components, first diagram, mermaid\'s default ELK options', c100Default.map((r) => r.render));
  row(`500 components, first diagram (cold, auto → ${c500[0].view} view)`, c500.map((r) => r.render), 2000);
  row(`300 components, a 100-component boundary, first diagram (cold, auto → ${cRegion[0].view} view)`, cRegion.map((r) => r.render));

  // Warm: one page, repeated updates.
  const browser = await h.launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const host = await openOn(page, models[100], { view: 'full' });
    await host.rendered(1);
    const layouts = [];
    const restyles = [];
    const text = h.generateModel(100);
    for (let i = 0; i < Math.max(runs, 5); i++) {
      // a structural edit: one renamed component → new layout
      host.model = h.loadModel(text.replace('name: Component 7\n', `name: Component 7 (edit ${i})\n`), 'g.threatmodel.yaml').model;
      layouts.push((await show(host)).ms);
    }
    for (let i = 0; i < Math.max(runs * 2, 10); i++) {
      // findings changed, structure not: restyle only
      host.findings = h.generatedFindings([...host.model.components.keys()], 100 + i);
      const r = await host.rendered(await host.render());
      if (r.layout) throw new Error('a findings-only update laid the diagram out again');
      restyles.push(r.ms);
    }
    row('100 components, structural edit (warm, new layout)', layouts, 1500);
    row('100 components, findings changed (restyle only)', restyles, 100);

    host.model = models[500];
    host.options = { view: 'full' };
    const forcedFull = await host.rendered(await host.render());
    row(`500 components, Full requested (warm, drawn as ${forcedFull.view})`, [forcedFull.ms]);

    // The boundary filter on an open panel (the UX review: 9 s and unreadable for a 100-component boundary).
    host.model = big300;
    host.findings = findingsOf(big300);
    const direction = host.options.direction;
    const region = [];
    const opened = [];
    const regionFull = [];
    for (let i = 0; i < runs; i++) {
      host.options = { view: 'auto', direction };
      await show(host); // the whole model first, so that each filter below is a new layout
      host.options = { view: 'auto', boundaries: ['region-1'], direction };
      const r = await show(host);
      if (r.view !== 'collapsed') throw new Error(`a 100-component boundary was drawn as ${r.view}, not its overview`);
      region.push(r.ms);
      host.options = { view: 'auto', boundaries: [`vpc-${10 + i}`], direction }; // what a double-click asks for
      opened.push((await show(host)).ms);
      if (i < Math.min(runs, 3)) {
        host.options = { view: 'full', boundaries: ['region-1'], direction };
        regionFull.push((await show(host)).ms);
      }
    }
    row('300 components, boundary filter of 100 components (warm, auto → overview of its 10 boundaries)', region, 1000);
    row('  then double-click: one 10-component boundary opened (warm, full view)', opened, 1000);
    row('300 components, boundary filter of 100 components, Full requested (warm, 100 boxes)', regionFull);
  } finally {
    await browser.close();
  }
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const width = Math.max(...rows.map((r) => r.what.length));
console.log('\nDiagram (headless Chromium, milliseconds)');
console.log(`${pad('case', width)}  ${lpad('median', 7)}  ${lpad('min', 6)}  ${lpad('max', 6)}  ${lpad('runs', 4)}  budget`);
for (const r of rows) {
  const verdict = r.budget === undefined ? '' : `${r.budget} ${r.median <= r.budget ? 'ok' : 'OVER'}`;
  console.log(`${pad(r.what, width)}  ${lpad(Math.round(r.median), 7)}  ${lpad(Math.round(r.min), 6)}  ${lpad(Math.round(r.max), 6)}  ${lpad(r.runs, 4)}  ${verdict}`);
}
