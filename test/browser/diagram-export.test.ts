/**
 * The diagram's SVG and PNG exports explain themselves outside the editor: the model's title and the view above
 * the diagram, and a legend of the severity styles and of the shapes of the kinds drawn below it, none of it
 * overlapping the diagram. The exported SVG is opened on its own (as a wiki or slide would show it) to measure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kindWords } from '../../src/core/diagram/style';
import { loadModel } from '../../src/core/model/load';
import { fakeFinding } from './fixtures';
import { usePages } from './harness';

const root = join(__dirname, '..', '..');
const file = 'templates/rag-support-assistant.threatmodel.yaml';
const model = loadModel(readFileSync(join(root, file), 'utf8'), file).model!;
const pages = usePages({ beforeAll, afterAll, afterEach });

interface Box { x: number; y: number; width: number; height: number }
const disjoint = (a: Box, b: Box) => a.y + a.height <= b.y || b.y + b.height <= a.y || a.x + a.width <= b.x || b.x + b.width <= a.x;

describe('diagram export (SVG, PNG)', () => {
  it('carries the title, the view and a legend of the shapes and colours used, around the diagram', async () => {
    const host = await pages.open(model, [fakeFinding('support-agent', 'high')], undefined, { width: 500, height: 800 });
    // The kinds legend is drawn just after the diagram, whether the legend is shown or not.
    await host.page.waitForSelector('#legend-kinds svg', { state: 'attached' });
    await host.send({ type: 'export', format: 'svg' });
    const m = await host.waitFor((x) => x.type === 'exported' && x.format === 'svg');
    const text = m.type === 'exported' ? m.data : '';
    expect(text).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(text).not.toMatch(/<script|foreignObject/i);

    // Opened on its own, as another program would show it.
    const page = await host.page.context().browser()!.newPage();
    try {
      await page.setContent(`<!DOCTYPE html><body style="margin:0">${text}</body>`);
      const read = await page.evaluate(() => {
        const svg = document.querySelector('body > svg')!;
        const box = (e: Element | null) => {
          if (!e) return null;
          const r = e.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        };
        return {
          size: { width: Number(svg.getAttribute('width')), height: Number(svg.getAttribute('height')) },
          title: svg.querySelector('.tm-export-title')?.textContent ?? '',
          subtitle: svg.querySelector('.tm-export-subtitle')?.textContent ?? '',
          titleBox: box(svg.querySelector('.tm-export-title')),
          diagram: box(svg.querySelector(':scope > svg:not(.tm-export-kinds)')),
          legend: box(svg.querySelector('.tm-export-legend')),
          legendText: svg.querySelector('.tm-export-legend')?.textContent ?? '',
          kinds: box(svg.querySelector('.tm-export-kinds')),
          kindsText: svg.querySelector('.tm-export-kinds')?.textContent ?? '',
          nodes: svg.querySelectorAll(':scope > svg:not(.tm-export-kinds) g.node').length,
        };
      });
      expect(read.title).toBe(`Diagram: ${model.system.name}`);
      expect(read.subtitle).toMatch(/^Full view · \d+ of \d+ components/);
      expect(read.nodes).toBe(model.components.size);
      for (const words of ['critical', 'high', 'medium', 'low', 'implied', 'open findings']) expect(read.legendText).toContain(words);
      // Every kind on the diagram has its shape in the legend.
      for (const kind of new Set([...model.components.values()].map((c) => c.kind))) expect(read.kindsText).toContain(kindWords(kind));
      // Title above, legend and shapes below, nothing on top of the diagram, everything inside the image.
      expect(disjoint(read.titleBox!, read.diagram!)).toBe(true);
      expect(read.titleBox!.y).toBeLessThan(read.diagram!.y);
      expect(disjoint(read.legend!, read.diagram!)).toBe(true);
      expect(disjoint(read.kinds!, read.diagram!)).toBe(true);
      expect(disjoint(read.kinds!, read.legend!)).toBe(true);
      for (const b of [read.titleBox!, read.diagram!, read.legend!, read.kinds!]) {
        expect(b.x + b.width).toBeLessThanOrEqual(read.size.width + 0.5);
        expect(b.y + b.height).toBeLessThanOrEqual(read.size.height + 0.5);
      }

      // The PNG is the same framed picture (twice the size, within canvas limits).
      await host.page.locator('#export-png').click();
      const png = await host.waitFor((x) => x.type === 'exported' && x.format === 'png');
      const bytes = Buffer.from(png.type === 'exported' ? png.data : '', 'base64');
      expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      const ratio = bytes.readUInt32BE(16) / bytes.readUInt32BE(20);
      expect(ratio).toBeCloseTo(read.size.width / read.size.height, 1);
    } finally {
      await page.close();
    }
  });
});
