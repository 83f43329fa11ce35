/**
 * Export of the current view (runtime: webview): SVG text with the styles that come from VS Code's theme
 * written inline (the file must look the same outside the editor), and PNG drawn from that SVG on a canvas.
 * The SVG has text labels, no `foreignObject`, so the canvas is never tainted. The exported image is framed:
 * the model's title (and what the view shows) above the diagram, and below it a legend of the shapes of the
 * kinds drawn and of the severity styles, so the picture explains itself on a slide or in a wiki.
 */
const SVG_NS = 'http://www.w3.org/2000/svg';
const STYLED = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity', 'color', 'font-weight'] as const;

export function background(): string {
  const v = getComputedStyle(document.body).getPropertyValue('--vscode-editor-background').trim();
  return v || getComputedStyle(document.body).backgroundColor || '#ffffff';
}

/** A copy of the SVG with the theme's styles inline and the interactive bits (hit areas, highlights) removed. */
function inlinedCopy(svg: SVGSVGElement): SVGSVGElement {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const originals = svg.querySelectorAll('*');
  const copies = clone.querySelectorAll('*');
  // Our classes (severity, badges, highlights) are styled by diagram.css from theme variables: inline them.
  originals.forEach((el, i) => {
    if (!el.closest('.tm-sev-low, .tm-sev-medium, .tm-sev-high, .tm-sev-critical, .tm-badge, .tm-implied')) return;
    const cs = getComputedStyle(el);
    const copy = copies[i] as SVGElement;
    for (const p of STYLED) copy.style.setProperty(p, cs.getPropertyValue(p));
  });
  for (const el of Array.from(clone.querySelectorAll('.tm-hit, title'))) el.remove();
  for (const el of Array.from(clone.querySelectorAll('.tm-hl'))) el.classList.remove('tm-hl');
  clone.classList.remove('tm-dim');
  clone.removeAttribute('tabindex');
  clone.setAttribute('xmlns', SVG_NS);
  return clone;
}

export interface ExportFrame {
  /** The heading: the model's title. */
  title: string;
  /** A line under it: the view and what it leaves out. */
  subtitle?: string;
  /** The kinds legend (mermaid's drawing of the shapes on screen), when drawn. */
  kinds?: SVGSVGElement | null;
  /** The severity legend's list (its swatches carry the theme's colours). */
  severity?: HTMLElement | null;
}

/** Width and height of an SVG: its viewBox, else its width/height attributes. */
function sizeOf(svg: SVGSVGElement): { w: number; h: number } {
  const vb = svg.viewBox?.baseVal;
  if (vb && vb.width > 0 && vb.height > 0) return { w: vb.width, h: vb.height };
  return { w: Number(svg.getAttribute('width')) || 800, h: Number(svg.getAttribute('height')) || 600 };
}

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text; // model text as a text node: never markup
  return e;
}

/**
 * The export: title and subtitle, the diagram, and the legend (severity styles, then the kinds' shapes), one
 * SVG whose size is given in `width`/`height` (the PNG is drawn from it).
 */
export function framedExport(svg: SVGSVGElement, frame: ExportFrame): { svg: SVGSVGElement; width: number; height: number } {
  const fg = getComputedStyle(document.body).color || '#1f1f1f';
  const font = getComputedStyle(document.body).fontFamily || 'sans-serif';
  const pad = 16;
  const d = sizeOf(svg);
  const kinds = frame.kinds ? sizeOf(frame.kinds) : undefined;
  // Severity rows: one swatch and its words each, read from the webview's own legend (the theme's colours).
  const rows = frame.severity ? Array.from(frame.severity.querySelectorAll('li')).map((li) => {
    const sw = li.querySelector<HTMLElement>('.tm-swatch');
    const cs = sw ? getComputedStyle(sw) : undefined;
    return { cls: sw?.className ?? '', text: li.textContent?.replace(sw?.textContent ?? '', '').trim() ?? '', cs, badge: sw?.textContent ?? '' };
  }) : [];
  const titleH = 30 + (frame.subtitle ? 20 : 0);
  const legendTitleH = 22;
  const rowH = 20;
  const sevH = rows.length > 0 ? legendTitleH + Math.ceil(rows.length / 2) * rowH : 0;
  const kindsW = kinds ? Math.min(kinds.w, Math.max(d.w, 520)) : 0;
  const kindsH = kinds ? (kinds.h * kindsW) / kinds.w : 0;
  const width = Math.ceil(Math.max(d.w, 520, kindsW) + 2 * pad);
  const height = Math.ceil(pad + titleH + d.h + pad + sevH + (kinds ? kindsH + 8 : 0) + pad);
  const out = el('svg', { xmlns: SVG_NS, width, height, viewBox: `0 0 ${width} ${height}`, 'font-family': font });
  out.append(el('rect', { x: 0, y: 0, width, height, fill: background() }));
  out.append(el('text', { x: pad, y: pad + 20, 'font-size': 20, 'font-weight': 'bold', fill: fg, class: 'tm-export-title' }, frame.title));
  if (frame.subtitle) out.append(el('text', { x: pad, y: pad + 42, 'font-size': 13, fill: fg, opacity: 0.8, class: 'tm-export-subtitle' }, frame.subtitle));
  const diagram = inlinedCopy(svg);
  diagram.removeAttribute('style');
  for (const [k, v] of Object.entries({ x: pad, y: pad + titleH, width: d.w, height: d.h })) diagram.setAttribute(k, String(v));
  out.append(diagram);
  let y = pad + titleH + d.h + pad;
  const legend = el('g', { class: 'tm-export-legend' });
  if (rows.length > 0) {
    legend.append(el('text', { x: pad, y: y + 14, 'font-size': 13, 'font-weight': 'bold', fill: fg }, 'Legend'));
    rows.forEach((r, i) => {
      const x = pad + (i % 2) * 260;
      const ry = y + legendTitleH + Math.floor(i / 2) * rowH;
      const cs = r.cs;
      if (/tm-swatch-(implied|arrow)/.test(r.cls)) {
        legend.append(el('path', { d: `M${x} ${ry + 6}H${x + 18}`, stroke: cs?.borderTopColor || fg, 'stroke-width': cs?.borderTopWidth || '1px', 'stroke-dasharray': /implied/.test(r.cls) ? '2 2' : 'none', fill: 'none' }));
      } else if (/tm-swatch-badge/.test(r.cls)) {
        legend.append(el('circle', { cx: x + 9, cy: ry + 6, r: 8, fill: cs?.backgroundColor || fg }));
        legend.append(el('text', { x: x + 9, y: ry + 10, 'font-size': 10, 'text-anchor': 'middle', fill: cs?.color || '#fff' }, r.badge));
      } else {
        legend.append(el('rect', { x, y: ry, width: 16, height: 12, fill: 'none', stroke: cs?.borderTopColor || fg, 'stroke-width': cs?.borderTopWidth || '2px' }));
      }
      legend.append(el('text', { x: x + 26, y: ry + 11, 'font-size': 12, fill: fg }, r.text));
    });
    y += sevH;
  }
  out.append(legend);
  if (frame.kinds && kinds) {
    const k = inlinedCopy(frame.kinds);
    k.removeAttribute('style');
    for (const [a, v] of Object.entries({ x: pad, y: y + 4, width: kindsW, height: kindsH, class: 'tm-export-kinds' })) k.setAttribute(a, String(v));
    out.append(k);
  }
  return { svg: out, width, height };
}

/** The framed export as SVG text. */
export function framedSvgText(svg: SVGSVGElement, frame: ExportFrame): string {
  return new XMLSerializer().serializeToString(framedExport(svg, frame).svg);
}

/** The framed export as PNG (base64). */
export async function framedPng(svg: SVGSVGElement, frame: ExportFrame): Promise<string> {
  const f = framedExport(svg, frame);
  return pngFromText(new XMLSerializer().serializeToString(f.svg), f.width, f.height);
}

/** PNG (base64, without the data: prefix) at twice the image's size, capped to what a canvas can hold. */
async function pngFromText(text: string, w: number, h: number): Promise<string> {
  const scale = Math.max(0.1, Math.min(2, 16_000 / w, 16_000 / h, Math.sqrt(120_000_000 / (w * h))));
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(w * scale);
  canvas.height = Math.ceil(h * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = background();
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}
