/**
 * Pan and zoom (runtime: webview): a CSS transform on the canvas that holds the SVG. Wheel zooms around the
 * pointer, dragging the background pans, and the transform is kept across re-renders and saved in the
 * webview state so it survives the panel being hidden.
 */
export interface Transform {
  x: number;
  y: number;
  k: number;
}

const MIN_K = 0.05;
const MAX_K = 8;

export class PanZoom {
  private t: Transform = { x: 0, y: 0, k: 1 };
  private drag: { x: number; y: number; tx: number; ty: number; moved: boolean } | undefined;

  constructor(
    private readonly viewport: HTMLElement,
    private readonly canvas: HTMLElement,
    private readonly onChange: (t: Transform) => void,
  ) {
    viewport.addEventListener('wheel', (e) => {
      e.preventDefault();
      const r = viewport.getBoundingClientRect();
      this.zoomAt(e.clientX - r.left, e.clientY - r.top, Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.0015)));
    }, { passive: false });
    viewport.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      this.drag = { x: e.clientX, y: e.clientY, tx: this.t.x, ty: this.t.y, moved: false };
    });
    window.addEventListener('pointermove', (e) => {
      const d = this.drag;
      if (!d) return;
      const dx = e.clientX - d.x;
      const dy = e.clientY - d.y;
      if (!d.moved && Math.hypot(dx, dy) < 4) return;
      if (!d.moved) viewport.setPointerCapture?.(e.pointerId);
      d.moved = true;
      viewport.classList.add('tm-panning');
      this.set({ x: d.tx + dx, y: d.ty + dy, k: this.t.k });
    });
    window.addEventListener('pointerup', () => {
      viewport.classList.remove('tm-panning');
      // Keep `moved` readable by the click that follows this pointerup.
      setTimeout(() => { this.drag = undefined; }, 0);
    });
  }

  /** True while (or just after) the pointer dragged: the click that ends a pan is not a click on a node. */
  get dragged(): boolean {
    return this.drag?.moved ?? false;
  }

  get transform(): Transform {
    return { ...this.t };
  }

  set(t: Transform): void {
    this.t = { x: t.x, y: t.y, k: Math.min(MAX_K, Math.max(MIN_K, t.k)) };
    this.canvas.style.transform = `translate(${this.t.x}px, ${this.t.y}px) scale(${this.t.k})`;
    this.onChange(this.transform);
  }

  zoomAt(px: number, py: number, factor: number): void {
    const k = Math.min(MAX_K, Math.max(MIN_K, this.t.k * factor));
    const f = k / this.t.k;
    this.set({ x: px - (px - this.t.x) * f, y: py - (py - this.t.y) * f, k });
  }

  zoomBy(factor: number): void {
    const r = this.viewport.getBoundingClientRect();
    this.zoomAt(r.width / 2, r.height / 2, factor);
  }

  /** Fits content of the given size into the viewport (never enlarging beyond 1:1). */
  /**
   * Fits the whole diagram into the panel. With `minScale`, never below it: a diagram that would shrink past
   * readable text starts at that scale instead, its top in view and centred when it fits across (the Fit button
   * still shows everything).
   */
  fit(width: number, height: number, minScale = 0): void {
    const r = this.viewport.getBoundingClientRect();
    const k = Math.min(1, (r.width - 24) / width, (r.height - 24) / height);
    const kk = Math.max(Number.isFinite(k) && k > 0 ? k : 1, Math.min(1, minScale));
    const x = width * kk <= r.width - 24 ? (r.width - width * kk) / 2 : 12;
    this.set({ x, y: Math.max(12, (r.height - height * kk) / 2), k: kk });
  }

  /** Pans (keeping the zoom) so that an element is visible, if it is not already. */
  reveal(el: Element): void {
    const v = this.viewport.getBoundingClientRect();
    const b = el.getBoundingClientRect();
    if (b.left >= v.left && b.right <= v.right && b.top >= v.top && b.bottom <= v.bottom) return;
    this.set({
      x: this.t.x + (v.left + v.width / 2) - (b.left + b.width / 2),
      y: this.t.y + (v.top + v.height / 2) - (b.top + b.height / 2),
      k: this.t.k,
    });
  }
}
