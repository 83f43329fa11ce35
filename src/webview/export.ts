/**
 * Export of the current view (runtime: webview): SVG text with the styles that come from VS Code's theme
 * written inline (the file must look the same outside the editor), and PNG drawn from that SVG on a canvas.
 * The SVG has text labels, no `foreignObject`, so the canvas is never tainted.
 */
const STYLED = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity', 'color', 'font-weight'] as const;

export function background(): string {
  const v = getComputedStyle(document.body).getPropertyValue('--vscode-editor-background').trim();
  return v || getComputedStyle(document.body).backgroundColor || '#ffffff';
}

export function svgForExport(svg: SVGSVGElement): string {
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
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.style.backgroundColor = background();
  return new XMLSerializer().serializeToString(clone);
}

/** PNG (base64, without the data: prefix) at twice the diagram's size, capped to what a canvas can hold. */
export async function pngForExport(svg: SVGSVGElement): Promise<string> {
  const text = svgForExport(svg);
  const w = Number(svg.getAttribute('width')) || 800;
  const h = Number(svg.getAttribute('height')) || 600;
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
