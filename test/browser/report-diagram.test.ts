/**
 * The report's diagram as a reader sees it, in headless Chromium with the fonts it really uses: for every
 * template and the bundled example, no edge runs through a component's box, every label is whole (the name
 * the model gives, wrapped, never cut) and fits inside its box, boundary titles fit their boundary, and the
 * counts on the nodes are the editor's. The layout is ELK's, computed at export time; the page needs no script.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDiagram } from '../../src/core/diagram';
import { htmlReport } from '../../src/core/export/html';
import { exportInput, modelFindings } from '../../src/core/export/pipeline';
import { launchChromium } from './harness';

const MODELS = [
  ...readdirSync('templates').filter((f) => f.endsWith('.threatmodel.yaml')).sort().map((f) => `templates/${f}`),
  'examples/support-assistant.threatmodel.yaml',
];

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

interface Box { x: number; y: number; w: number; h: number }
interface Measured {
  nodes: Array<{ id: string; box: Box; lines: string[]; text: Box[]; open: number }>;
  clusters: Array<{ box: Box; title: Box[] }>;
  edges: Array<{ points: Array<[number, number]>; label?: Box; text: Box[] }>;
}

/** Geometry of the drawn SVG in its own coordinates, text measured by the browser's layout. */
async function measure(page: Page): Promise<Measured> {
  return page.locator('#diagram svg').evaluate((svg) => {
    const box = (e: Element) => {
      const b = (e as SVGGraphicsElement).getBBox();
      return { x: b.x, y: b.y, w: b.width, h: b.height };
    };
    const rect = (e: Element) => ({ x: +e.getAttribute('x')!, y: +e.getAttribute('y')!, w: +e.getAttribute('width')!, h: +e.getAttribute('height')! });
    return {
      nodes: Array.from(svg.querySelectorAll('g.tm-node')).map((g) => ({
        id: g.getAttribute('data-element')!,
        open: Number(g.getAttribute('data-open')),
        box: rect(g.querySelector('rect.tm-box')!),
        lines: Array.from(g.querySelectorAll('text')).map((t) => t.textContent ?? ''),
        text: Array.from(g.querySelectorAll('text')).map(box),
      })),
      clusters: Array.from(svg.querySelectorAll('g.tm-boundary')).map((g) => ({ box: rect(g.querySelector('rect')!), title: Array.from(g.querySelectorAll('text')).map(box) })),
      edges: Array.from(svg.querySelectorAll('g.tm-edge')).map((g) => {
        const d = g.querySelector('path')!.getAttribute('d')!;
        const points = [...d.matchAll(/[ML]([\d.-]+) ([\d.-]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as [number, number]);
        const label = g.querySelector('rect');
        return { points, ...(label ? { label: rect(label) } : {}), text: Array.from(g.querySelectorAll('text')).map(box) };
      }),
    };
  });
}

const within = (a: Box, b: Box, slack = 0.5) => a.x >= b.x - slack && a.y >= b.y - slack && a.x + a.w <= b.x + b.w + slack && a.y + a.h <= b.y + b.h + slack;

/** Whether the axis-parallel segment p→q enters the inside of the box (its border shrunk by 1 px). */
function crosses(p: [number, number], q: [number, number], b: Box): boolean {
  const x1 = Math.min(p[0], q[0]), x2 = Math.max(p[0], q[0]), y1 = Math.min(p[1], q[1]), y2 = Math.max(p[1], q[1]);
  return x2 > b.x + 1 && x1 < b.x + b.w - 1 && y2 > b.y + 1 && y1 < b.y + b.h - 1;
}

describe.each(MODELS)('report diagram of %s in Chromium', (file) => {
  it('no edge crosses a box, no label is cut or overflows, and the counts are the editor\'s', async () => {
    const result = modelFindings(readFileSync(file), file);
    const model = result.model!;
    const html = await htmlReport(exportInput({ ...result, model }, file));
    const context = await browser.newContext({ offline: true });
    try {
      const page = await context.newPage();
      await page.setContent(html);
      const m = await measure(page);
      expect(m.nodes.length).toBe(model.components.size);

      const crossings: string[] = [];
      m.edges.forEach((e, i) => {
        expect(e.points.length, `edge ${i}`).toBeGreaterThanOrEqual(2);
        for (let k = 1; k < e.points.length; k++) {
          const [p, q] = [e.points[k - 1]!, e.points[k]!];
          expect(p[0] === q[0] || p[1] === q[1], `edge ${i} is orthogonal`).toBe(true);
          for (const n of m.nodes) if (crosses(p, q, n.box)) crossings.push(`edge ${i} segment ${k} crosses ${n.id}`);
        }
        for (const t of e.text) expect(within(t, e.label!), `edge ${i} label fits its box`).toBe(true);
      });
      expect(crossings).toEqual([]);

      // The editor's numbers: its diagram's open count on each component, and the whole name on the node.
      const editor = buildDiagram(model, result.findings, { view: 'full' });
      const openOf = new Map(editor.nodes.map((n) => [n.ref.id, n.open]));
      for (const n of m.nodes) {
        const name = model.components.get(n.id)!.name ?? n.id;
        expect(n.lines.join(' ').replace(/\s+/g, ' '), n.id).toContain(name.replace(/\s+/g, ' '));
        for (const t of n.text) expect(within(t, n.box), `${n.id}: a label line overflows its box`).toBe(true);
        expect(n.open, n.id).toBe(openOf.get(n.id));
        if (n.open > 0) expect(n.lines.join(' ')).toContain(`${n.open} open`);
      }
      for (const c of m.clusters) for (const t of c.title) expect(within(t, c.box)).toBe(true);
      // Nothing is cut anywhere: no ellipsis in any label.
      expect(m.nodes.flatMap((n) => n.lines).filter((l) => l.includes('…'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
