/**
 * Draws the layout as a standalone SVG fragment for the HTML report: boundaries as dashed nested boxes,
 * components as boxes coloured by their worst open finding, flows as solid arrows and implied links
 * (agent → tool, agent → model ...) as dashed ones. Full names and details are in `<title>` tooltips, which
 * need no script. All model text is escaped.
 */
import type { Level } from '../../catalog/types';
import { escapeHtml, truncate } from '../escape';
import type { ExportModel } from '../input';
import { layoutModel, type Box } from './layout';

export const SEVERITY_COLOR: Record<Level | 'none', string> = {
  critical: '#a4001d', high: '#d9480f', medium: '#b08900', low: '#3b5bdb', none: '#5f6b7a',
};

/** Where the line from the centre of `a` towards the centre of `b` leaves `a`'s rectangle. */
function exitPoint(a: Box, b: Box): [number, number] {
  const ax = a.x + a.w / 2, ay = a.y + a.h / 2;
  const dx = b.x + b.w / 2 - ax, dy = b.y + b.h / 2 - ay;
  if (dx === 0 && dy === 0) return [ax, ay];
  const sx = dx === 0 ? Infinity : a.w / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : a.h / 2 / Math.abs(dy);
  const s = Math.min(sx, sy);
  return [Math.round(ax + dx * s), Math.round(ay + dy * s)];
}

export interface SvgOptions {
  /** Worst open severity per component id. */
  severity?: ReadonlyMap<string, Level>;
  /** Open finding count per component id (for the tooltip). */
  openCount?: ReadonlyMap<string, number>;
}

export function modelSvg(model: Pick<ExportModel, 'system' | 'components' | 'boundaries' | 'flows' | 'links'>, opts: SvgOptions = {}): string {
  const layout = layoutModel(model);
  const boxes = new Map(layout.nodes.map((n) => [n.id, n]));
  const out: string[] = [];
  const w = Math.max(layout.width, 200), h = Math.max(layout.height, 60);
  // Up to about two screens wide the drawing shrinks to fit; larger ones keep their size and scroll (readable text).
  const fit = w <= 2400 ? ' style="max-width:100%;height:auto"' : '';
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="tm-diagram" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}"${fit} role="img" aria-label="${escapeHtml(`Data-flow diagram of ${model.system.name}`)}">`);
  out.push('<defs><marker id="tm-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#44505c"/></marker></defs>');
  for (const b of layout.boundaries) {
    const bd = model.boundaries.get(b.id)!;
    const label = truncate(`${bd.name ?? b.id} (${bd.kind})`, Math.max(8, Math.floor(b.w / 7)));
    out.push(`<g class="tm-boundary"><title>${escapeHtml(`Trust boundary ${bd.name ?? b.id} (${b.id}, ${bd.kind})`)}</title>`
      + `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="6" fill="${b.depth % 2 ? '#f4f6f9' : '#fbfcfd'}" stroke="#8a96a3" stroke-dasharray="6 4"/>`
      + `<text x="${b.x + 8}" y="${b.y + 16}" font-size="12" fill="#44505c">${escapeHtml(label)}</text></g>`);
  }
  for (const e of layout.edges) {
    const a = boxes.get(e.from), b = boxes.get(e.to);
    if (!a || !b) continue;
    const [x1, y1] = exitPoint(a, b);
    const [x2, y2] = exitPoint(b, a);
    const dash = e.kind === 'link' ? ' stroke-dasharray="4 3"' : '';
    out.push(`<g class="tm-edge"><title>${escapeHtml(`${e.from} → ${e.to}: ${e.label}`)}</title>`
      + `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#44505c" stroke-width="1.2"${dash} marker-end="url(#tm-arrow)"/></g>`);
  }
  for (const n of layout.nodes) {
    const c = model.components.get(n.id)!;
    const sev = opts.severity?.get(n.id);
    const color = SEVERITY_COLOR[sev ?? 'none'];
    const open = opts.openCount?.get(n.id) ?? 0;
    const tip = `${c.name ?? n.id} (${n.id}, ${c.kind})${open ? `: ${open} open finding${open === 1 ? '' : 's'}, worst ${sev}` : ''}`;
    out.push(`<g class="tm-node" data-element="${escapeHtml(n.id)}" data-open="${open}"><title>${escapeHtml(tip)}</title>`
      + `<rect x="${n.x}" y="${n.y}" width="${n.w}" height="${n.h}" rx="${c.kind === 'user' ? 20 : 4}" fill="#ffffff" stroke="${color}" stroke-width="${sev ? 2.5 : 1.2}"/>`
      + `<text x="${n.x + n.w / 2}" y="${n.y + 19}" font-size="12" text-anchor="middle" fill="#1f2933">${escapeHtml(truncate(c.name ?? n.id, 22))}</text>`
      + `<text x="${n.x + n.w / 2}" y="${n.y + 34}" font-size="10" text-anchor="middle" fill="${color}">${escapeHtml(c.kind)}${open ? ` · ${open} open` : ''}</text></g>`);
  }
  out.push('</svg>');
  return out.join('\n');
}
