/**
 * Severity styles, count badges, tooltips and highlights on a rendered diagram (runtime: webview). All of
 * this changes classes and small elements only, never the layout, so a change in findings is a restyle of a
 * few milliseconds instead of a new layout.
 */
import type { Level } from '../core/catalog/types';
import type { SvgIndex, Tables } from './svg-index';

const SVG_NS = 'http://www.w3.org/2000/svg';
const SEVERITIES: readonly Level[] = ['low', 'medium', 'high', 'critical'];
const SEV_CLASSES = SEVERITIES.map((s) => `tm-sev-${s}`);

function setSeverity(el: Element, severity: Level | undefined): void {
  el.classList.remove(...SEV_CLASSES);
  if (severity) el.classList.add(`tm-sev-${severity}`);
}

function setTitle(el: Element, text: string): void {
  let title = el.querySelector(':scope > title');
  if (!title) {
    title = document.createElementNS(SVG_NS, 'title');
    el.insertBefore(title, el.firstChild);
  }
  title.textContent = text;
}

const findingsText = (open: number, severity: Level | undefined): string =>
  open === 0 ? 'no open findings' : `${open} open finding${open === 1 ? '' : 's'}, worst ${severity}`;

/** Node bounding boxes, measured once per layout (restyles reuse them). */
const boxes = new WeakMap<SVGGElement, DOMRect>();

function badge(g: SVGGElement, open: number, severity: Level | undefined): void {
  let b = g.querySelector<SVGGElement>(':scope > g.tm-badge');
  if (open === 0) {
    b?.remove();
    return;
  }
  if (!b) {
    let box = boxes.get(g);
    if (!box) {
      box = g.getBBox();
      boxes.set(g, box);
    }
    b = document.createElementNS(SVG_NS, 'g');
    b.setAttribute('class', 'tm-badge');
    b.setAttribute('transform', `translate(${box.x + box.width - 2},${box.y + 2})`);
    const circle = document.createElementNS(SVG_NS, 'circle');
    circle.setAttribute('r', '9');
    const text = document.createElementNS(SVG_NS, 'text');
    text.setAttribute('text-anchor', 'middle');
    text.setAttribute('dy', '0.35em');
    b.append(circle, text);
    g.append(b);
  }
  setSeverity(b, severity);
  b.querySelector('text')!.textContent = open > 99 ? '99+' : String(open);
}

export function applyStyles(index: SvgIndex, tables: Tables): void {
  for (const [mid, g] of index.nodes) {
    const n = tables.nodes.get(mid);
    if (!n) continue;
    setSeverity(g, n.severity);
    badge(g, n.open, n.severity);
    setTitle(g, `${n.label} (${n.detail}): ${findingsText(n.open, n.severity)}`);
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    g.setAttribute('aria-label', `${n.label}, ${n.detail}, ${findingsText(n.open, n.severity)}`);
  }
  for (const [mid, g] of index.clusters) {
    const c = tables.clusters.get(mid);
    if (!c) continue;
    setSeverity(g, c.severity);
    setTitle(g, `${c.label} (trust boundary): ${findingsText(c.open, c.severity)}`);
  }
  for (const [mid, els] of index.edges) {
    const e = tables.edges.get(mid);
    if (!e) continue;
    for (const el of els) {
      setSeverity(el, e.severity);
      if (!el.classList.contains('tm-hit')) el.classList.toggle('tm-implied', e.implied);
    }
    const what = e.flows.length > 0 ? `${e.flows.length} flow${e.flows.length === 1 ? '' : 's'}: ${e.flows.join(', ')}` : `implied: ${e.links.join(', ')}`;
    setTitle(els[0]!, `${what}${e.label ? ` (${e.label})` : ''}; ${findingsText(e.open, e.severity)}`);
  }
}

/** Model ids → the drawn elements that stand for them (a collapsed node stands for all its components). */
export function elementsFor(ids: readonly string[], paths: ReadonlyArray<readonly string[]>, index: SvgIndex, tables: Tables): Element[] {
  const want = new Set(ids);
  const out: Element[] = [];
  const nodeOf = new Map<string, string>();
  for (const n of tables.nodes.values()) {
    for (const m of n.members) nodeOf.set(m, n.mid);
    if (n.members.some((m) => want.has(m)) || (n.ref.type === 'boundary' && want.has(n.ref.id))) {
      const g = index.nodes.get(n.mid);
      if (g) out.push(g);
    }
  }
  for (const c of tables.clusters.values()) {
    if (want.has(c.boundary)) out.push(...(index.clusters.has(c.mid) ? [index.clusters.get(c.mid)!] : []));
  }
  // Edges named by a flow id, and edges joining consecutive elements of each of a finding's paths.
  const steps = new Set<string>();
  for (const path of paths) {
    for (let i = 0; i + 1 < path.length; i++) {
      const a = nodeOf.get(path[i]!);
      const b = nodeOf.get(path[i + 1]!);
      if (a && b) steps.add(`${a}>${b}`).add(`${b}>${a}`);
    }
  }
  for (const e of tables.edges.values()) {
    if (e.flows.some((f) => want.has(f)) || steps.has(`${e.from}>${e.to}`)) out.push(...(index.edges.get(e.mid) ?? []));
  }
  return out;
}

export function applyHighlight(index: SvgIndex, elements: readonly Element[], dimOthers: boolean): void {
  for (const el of Array.from(index.svg.querySelectorAll('.tm-hl'))) el.classList.remove('tm-hl');
  for (const el of elements) el.classList.add('tm-hl');
  index.svg.classList.toggle('tm-dim', dimOthers && elements.length > 0);
}
