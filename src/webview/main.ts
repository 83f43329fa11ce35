/**
 * The diagram webview (runtime: webview, bundled to dist/webview.js). It cannot reach VS Code's API: it
 * receives diagrams from the extension host as validated messages, renders them with mermaid + ELK, and
 * reports clicks, view changes and exports back. A new layout runs only when the structure changed
 * (`layoutKey`); otherwise the same SVG is restyled. Pan and zoom stay as they are across updates.
 */
import './start-elk';
import type { Diagram, ElementRef } from '../core/diagram/types';
import { parseHostMessage, type HostMessage, type ViewOptions } from '../shared/protocol';
import { framedPng, framedSvgText, type ExportFrame } from './export';
import { loadState, post, saveState } from './host';
import { severityLegend, updateLegend } from './legend';
import { configureMermaid, renderSvg } from './mermaid-setup';
import { PanZoom } from './panzoom';
import { indexSvg, naturalSize, tablesOf, type SvgIndex, type Tables } from './svg-index';
import { applyHighlight, applyStyles, elementsFor } from './styling';
import { currentTheme, watchTheme, type ThemeKind } from './theme';
import { Toolbar } from './toolbar';

type RenderMessage = Extract<HostMessage, { type: 'render' }>;
type HighlightMessage = Extract<HostMessage, { type: 'highlight' }>;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const viewport = $<HTMLElement>('viewport');
const canvas = $<HTMLElement>('canvas');
const errorBox = $<HTMLElement>('error');
const noticeBox = $<HTMLElement>('notice');
const emptyBox = $<HTMLElement>('empty');
const legend = $<HTMLElement>('legend');

interface Shown {
  layoutKey: string;
  theme: ThemeKind;
  /** What decides whether pan/zoom is kept: the same view and filters, only the model changed. */
  viewKey: string;
  diagram: Diagram;
  index: SvgIndex;
  tables: Tables;
  size: { width: number; height: number };
}

let shown: Shown | undefined;
let theme = currentTheme();
let pending: RenderMessage | undefined;
let lastRender: RenderMessage | undefined;
let rendering = false;
let highlight: HighlightMessage | undefined;
/** The last element the user selected: what "Focus" focuses on. */
let selected: string | undefined;

const saved = loadState();
const panzoom = new PanZoom(viewport, canvas, (t) => saveState({ transform: t }));
if (saved.transform) panzoom.set(saved.transform);
const toolbar = new Toolbar((o) => requestOptions(o), () => selected);
// Off until asked for: over the diagram it hides nodes at side-panel sizes. The choice is kept per panel.
legend.hidden = saved.legend !== true;
$('legend-toggle').setAttribute('aria-pressed', String(!legend.hidden));
severityLegend($('legend-severity'));
configureMermaid(theme);

function requestOptions(options: ViewOptions): void {
  post({ type: 'options', options });
}

function showError(message: string | undefined): void {
  errorBox.hidden = !message;
  errorBox.textContent = message ?? '';
  canvas.classList.toggle('tm-stale', !!message && !!shown);
}

/** Labels drawn at least this large on screen at the first fit (the Fit button may go smaller). */
const READABLE_PX = 11;

/** The scale at which the diagram's node labels are READABLE_PX tall (mermaid's font size is set by its theme). */
function readableScale(svg: SVGSVGElement): number {
  const label = svg.querySelector('g.node .nodeLabel, g.node text');
  const px = label ? parseFloat(getComputedStyle(label).fontSize) : NaN;
  return Number.isFinite(px) && px > 0 ? READABLE_PX / px : 0;
}

function viewKeyOf(m: RenderMessage): string {
  // A new layout direction is a new picture too: fit it, as for another view or filter.
  return JSON.stringify([m.diagram.view, m.diagram.focus ?? '', m.options.boundaries ?? [], m.options.minSeverity ?? '', m.options.direction ?? '']);
}

async function render(m: RenderMessage): Promise<void> {
  const t0 = performance.now();
  const d = m.diagram;
  const viewKey = viewKeyOf(m);
  const layout = !shown || shown.layoutKey !== d.layoutKey || shown.theme !== theme;
  // The toolbar and the notice first: they take height from the diagram's viewport, and a fit computed before
  // a longer notice appears would leave the bottom of the diagram under the panel's edge.
  toolbar.show(m.options, d, m.boundaries);
  noticeBox.hidden = !d.notice;
  noticeBox.textContent = d.notice ?? '';
  if (layout) {
    const { svg, id } = await renderSvg(d.text);
    // A newer diagram with another structure is already waiting: do not spend time inserting this one.
    if (pending && pending.diagram.layoutKey !== d.layoutKey) return;
    canvas.innerHTML = svg; // mermaid's output (strict security level: sanitised labels, no scripts)
    const el = canvas.querySelector('svg')!;
    const index = indexSvg(el, id);
    const size = naturalSize(el);
    // Keep pan and zoom while the user edits the model; fit when they chose another view or filter, and on
    // the first drawing unless the panel is coming back with a saved position.
    const keep = shown ? shown.viewKey === viewKey : saved.transform !== undefined;
    shown = { layoutKey: d.layoutKey, theme, viewKey, diagram: d, index, tables: tablesOf(d), size };
    if (!keep) panzoom.fit(size.width, size.height, readableScale(el));
  } else {
    shown = { ...shown!, diagram: d, tables: tablesOf(d), viewKey };
  }
  const s = shown!;
  applyStyles(s.index, s.tables);
  applyHighlightNow();
  emptyBox.hidden = true;
  document.title = m.title;
  showError(undefined);
  post({ type: 'rendered', seq: m.seq, layout, ms: Math.round(performance.now() - t0), view: d.view, nodes: d.nodes.length, edges: d.edges.length });
  // The legend is drawn after the diagram is interactive: it never delays it.
  void updateLegend($('legend-kinds'), d.kinds, d.nodes.some((n) => n.kind === 'group'), theme);
}

async function drain(): Promise<void> {
  if (rendering) return;
  rendering = true;
  try {
    while (pending) {
      const m = pending;
      pending = undefined;
      try {
        await render(m);
      } catch (err) {
        const message = `The diagram could not be drawn: ${err instanceof Error ? err.message : String(err)}`;
        showError(message);
        post({ type: 'renderError', seq: m.seq, message });
      }
    }
  } finally {
    rendering = false;
  }
}

function applyHighlightNow(): void {
  if (!shown) return;
  const h = highlight;
  const els = h ? elementsFor(h.ids, h.paths, shown.index, shown.tables) : [];
  applyHighlight(shown.index, els, h?.source === 'finding');
  const first = els.find((e) => e.matches('g.node, g.cluster')) ?? els[0];
  if (first) panzoom.reveal(first);
}

async function exportView(format: 'svg' | 'png'): Promise<void> {
  const svg = shown?.index.svg;
  if (!svg) {
    showError('Nothing to export yet: the diagram has not been drawn.');
    return;
  }
  try {
    const frame = exportFrame();
    post(format === 'svg' ? { type: 'exported', format, data: framedSvgText(svg, frame) } : { type: 'exported', format, data: await framedPng(svg, frame) });
  } catch (err) {
    showError(`Export failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

const VIEW_WORDS: Record<Diagram['view'], string> = {
  full: 'Full view', collapsed: 'Collapsed view: one node per trust boundary', focus: 'Focus view',
};

/** Title, view and legend written into an exported image (the legend whether or not it is shown on screen). */
function exportFrame(): ExportFrame {
  const d = shown!.diagram;
  const what = d.view === 'collapsed' ? `${d.stats.shown} components` : `${d.nodes.length} of ${d.stats.components} components`;
  return {
    title: lastRender?.title ?? document.title,
    subtitle: `${VIEW_WORDS[d.view]}${d.focus ? ` on ${d.focus}` : ''} · ${what}${d.notice ? ` · ${d.notice}` : ''}`,
    kinds: $('legend-kinds').querySelector('svg'),
    severity: $('legend-severity'),
  };
}

/** What a click or Enter on an SVG element means in the model, if anything. */
function refAt(target: EventTarget | null): ElementRef | undefined {
  if (!shown || !(target instanceof Element)) return undefined;
  const edgeEl = target.closest<SVGElement>('[data-tm-edge]');
  if (edgeEl) {
    const e = shown.tables.edges.get(edgeEl.dataset.tmEdge!);
    if (!e) return undefined;
    if (e.flows.length > 0) return { type: 'flow', id: e.flows[0]! };
    const from = shown.tables.nodes.get(e.from);
    return from && from.ref.type === 'component' ? { type: 'component', id: from.ref.id } : undefined;
  }
  const nodeEl = target.closest<SVGGElement>('g.node[data-tm-mid]');
  if (nodeEl) {
    const n = shown.tables.nodes.get(nodeEl.dataset.tmMid!);
    return n && n.ref.id !== '' ? n.ref : undefined;
  }
  const clusterEl = target.closest<SVGGElement>('g.cluster[data-tm-mid]');
  if (clusterEl) {
    const c = shown.tables.clusters.get(clusterEl.dataset.tmMid!);
    return c ? { type: 'boundary', id: c.boundary } : undefined;
  }
  return undefined;
}

function select(ref: ElementRef): void {
  if (ref.type !== 'link') selected = ref.id;
  post({ type: 'reveal', ref });
}

canvas.addEventListener('click', (e) => {
  if (panzoom.dragged) return;
  const ref = refAt(e.target);
  if (ref) select(ref);
});
canvas.addEventListener('dblclick', (e) => {
  const ref = refAt(e.target);
  if (!ref || ref.type === 'link') return;
  if (ref.type === 'boundary') {
    // Zoom to a region: open the boundary (its components, or its own boundaries when it holds many), the
    // way the Boundary filter does. Focus (the toolbar) still draws a boundary with its neighbours.
    const now = toolbar.read();
    requestOptions({ view: 'auto', boundaries: [ref.id], ...(now.minSeverity ? { minSeverity: now.minSeverity } : {}), direction: now.direction });
    return;
  }
  requestOptions({ ...toolbar.read(), view: 'focus', focus: ref.id });
});
canvas.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter' && e.key !== ' ') return;
  const ref = refAt(e.target);
  if (ref) {
    e.preventDefault();
    select(ref);
  }
});

$('zoom-in').addEventListener('click', () => panzoom.zoomBy(1.25));
$('zoom-out').addEventListener('click', () => panzoom.zoomBy(0.8));
$('fit').addEventListener('click', () => shown && panzoom.fit(shown.size.width, shown.size.height));
$('export-svg').addEventListener('click', () => void exportView('svg'));
$('export-png').addEventListener('click', () => void exportView('png'));
$('legend-toggle').addEventListener('click', () => {
  legend.hidden = !legend.hidden;
  $('legend-toggle').setAttribute('aria-pressed', String(!legend.hidden));
  saveState({ legend: !legend.hidden });
});

watchTheme((kind) => {
  theme = kind;
  configureMermaid(kind);
  if (shown) {
    // Colours are baked into mermaid's SVG: draw the current diagram again in the new theme.
    pending ??= lastRender;
    void drain();
  }
});

window.addEventListener('message', (event: MessageEvent) => {
  const m = parseHostMessage(event.data);
  if (!m) return; // not ours, or malformed: ignored
  switch (m.type) {
    case 'render':
      lastRender = m;
      pending = m;
      void drain();
      break;
    case 'problems':
      emptyBox.hidden = !!shown;
      emptyBox.textContent = shown ? '' : 'No diagram yet: the model has problems.';
      showError(m.message);
      break;
    case 'highlight':
      highlight = m.ids.length > 0 || m.paths.length > 0 ? m : undefined;
      applyHighlightNow();
      break;
    case 'export':
      void exportView(m.format);
      break;
  }
});

post({ type: 'ready', direction: toolbar.read().direction });
