/**
 * Messages between the extension host and the diagram webview (runtime: both). Each side validates what it
 * receives with the parsers below and drops anything else: the webview treats the host's data as untrusted
 * model content, and the host treats the webview as untrusted (it renders model text).
 */
import type { Level } from '../core/catalog/types';
import type {
  Diagram, DiagramCluster, DiagramEdge, DiagramNode, DiagramView, DiagramViewRequest, ElementRef,
} from '../core/diagram/types';

/** What the user chose in the toolbar; the host turns it into `DiagramOptions`. */
export interface ViewOptions {
  view: DiagramViewRequest;
  focus?: string;
  hops?: number;
  boundaries?: string[];
  minSeverity?: Level;
  /** Left to right or top to bottom; the webview picks what fits its shape unless the user chose. */
  direction?: 'LR' | 'TB';
}

export interface BoundaryChoice {
  id: string;
  label: string;
  depth: number;
}

export type ExportFormat = 'svg' | 'png';

/** Host → webview. */
export type HostMessage =
  /** A diagram to show. The webview lays it out again only when `diagram.layoutKey` changed. */
  | { type: 'render'; seq: number; diagram: Diagram; options: ViewOptions; boundaries: BoundaryChoice[]; title: string }
  /** The model does not load (or has errors): keep the last good diagram, show why. */
  | { type: 'problems'; seq: number; message: string }
  /**
   * Highlight elements (cursor in the YAML, a finding) and the edges along each of `paths` (a finding's paths: a
   * merged finding has several); empty lists clear.
   */
  | { type: 'highlight'; ids: string[]; paths: string[][]; source: 'cursor' | 'finding' }
  /** Produce an export of the current view and answer with `exported`. */
  | { type: 'export'; format: ExportFormat };

/** Webview → host. */
export type WebviewMessage =
  /** The page is ready; `direction` is the layout that fits the panel's shape (tall panels read top to bottom). */
  | { type: 'ready'; direction?: 'LR' | 'TB' }
  /** The user clicked (or pressed Enter on) an element: show its YAML. */
  | { type: 'reveal'; ref: ElementRef }
  /** The user changed the view or a filter. */
  | { type: 'options'; options: ViewOptions }
  /** SVG text, or PNG as base64. */
  | { type: 'exported'; format: ExportFormat; data: string }
  /** A diagram is on screen and interactive (`layout`: it was laid out; otherwise restyled only). */
  | { type: 'rendered'; seq: number; layout: boolean; ms: number; view: DiagramView; nodes: number; edges: number }
  | { type: 'renderError'; seq: number; message: string };

// ------------------------------------------------------------------------------------------ validation

const LEVELS: readonly string[] = ['low', 'medium', 'high', 'critical'];
const VIEWS: readonly string[] = ['full', 'collapsed', 'focus'];
const REQUESTS: readonly string[] = [...VIEWS, 'auto'];
const REF_TYPES: readonly string[] = ['component', 'boundary', 'flow', 'link'];
const MID = /^[A-Za-z0-9_]{1,600}$/;
/** Bounds: a diagram within mermaid's limits never comes near these; anything larger is not ours. */
const MAX_TEXT = 60_000;
const MAX_ITEMS = 20_000;
const MAX_EXPORT = 64 * 1024 * 1024;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max = 4096): v is string => typeof v === 'string' && v.length <= max;
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const optional = <T>(v: unknown, check: (x: unknown) => x is T): boolean => v === undefined || check(v);
const isLevel = (v: unknown): v is Level => typeof v === 'string' && LEVELS.includes(v);
const isStrList = (v: unknown, max = MAX_ITEMS): v is string[] => Array.isArray(v) && v.length <= max && v.every((x) => isStr(x));
const isList = <T>(v: unknown, check: (x: unknown) => x is T): v is T[] => Array.isArray(v) && v.length <= MAX_ITEMS && v.every(check);

function isRef(v: unknown): v is ElementRef {
  return isObj(v) && typeof v.type === 'string' && REF_TYPES.includes(v.type) && isStr(v.id, 1024);
}

function isNode(v: unknown): v is DiagramNode {
  return isObj(v) && isStr(v.mid) && MID.test(v.mid) && isRef(v.ref) && isStr(v.label) && isStr(v.detail)
    && isStr(v.kind, 64) && isStrList(v.members) && isInt(v.open) && optional(v.severity, isLevel)
    && (v.parent === undefined || (isStr(v.parent) && MID.test(v.parent)));
}

function isCluster(v: unknown): v is DiagramCluster {
  return isObj(v) && isStr(v.mid) && MID.test(v.mid) && isStr(v.boundary, 1024) && isStr(v.label) && isInt(v.open)
    && optional(v.severity, isLevel) && (v.parent === undefined || (isStr(v.parent) && MID.test(v.parent)));
}

function isEdge(v: unknown): v is DiagramEdge {
  return isObj(v) && isStr(v.mid) && MID.test(v.mid) && isStr(v.from) && MID.test(v.from) && isStr(v.to) && MID.test(v.to)
    && isStrList(v.flows) && isStrList(v.links) && isStr(v.label) && typeof v.implied === 'boolean' && isInt(v.open)
    && optional(v.severity, isLevel);
}

function isDiagram(v: unknown): v is Diagram {
  if (!isObj(v) || !isObj(v.stats)) return false;
  const s = v.stats;
  return isStr(v.text, MAX_TEXT) && isStr(v.view) && VIEWS.includes(v.view) && isStr(v.requested) && REQUESTS.includes(v.requested)
    && optional(v.notice, (x): x is string => isStr(x, 8192)) && isStr(v.layoutKey, 64) && isList(v.nodes, isNode)
    && isList(v.clusters, isCluster) && isList(v.edges, isEdge) && isStrList(v.kinds, 64)
    && optional(v.focus, (x): x is string => isStr(x, 1024))
    && isInt(s.components) && isInt(s.shown) && isInt(s.edges) && isInt(s.chars);
}

export function isViewOptions(v: unknown): v is ViewOptions {
  return isObj(v) && isStr(v.view) && REQUESTS.includes(v.view) && optional(v.focus, (x): x is string => isStr(x, 1024))
    && optional(v.hops, (x): x is number => isInt(x) && x >= 1 && x <= 5)
    && optional(v.boundaries, (x): x is string[] => isStrList(x, 1000)) && optional(v.minSeverity, isLevel)
    && optional(v.direction, (x): x is 'LR' | 'TB' => x === 'LR' || x === 'TB');
}

function isBoundaryChoice(v: unknown): v is BoundaryChoice {
  return isObj(v) && isStr(v.id, 1024) && isStr(v.label) && isInt(v.depth);
}

/** The message if it is a well-formed host message, else undefined. */
export function parseHostMessage(v: unknown): HostMessage | undefined {
  if (!isObj(v)) return undefined;
  switch (v.type) {
    case 'render':
      return isInt(v.seq) && isDiagram(v.diagram) && isViewOptions(v.options) && isList(v.boundaries, isBoundaryChoice) && isStr(v.title)
        ? (v as HostMessage) : undefined;
    case 'problems':
      return isInt(v.seq) && isStr(v.message, 8192) ? (v as HostMessage) : undefined;
    case 'highlight':
      return isStrList(v.ids, 1000) && isList(v.paths, (p): p is string[] => isStrList(p, 1000)) && (v.source === 'cursor' || v.source === 'finding') ? (v as HostMessage) : undefined;
    case 'export':
      return v.format === 'svg' || v.format === 'png' ? (v as HostMessage) : undefined;
    default:
      return undefined;
  }
}

/** The message if it is a well-formed webview message, else undefined. */
export function parseWebviewMessage(v: unknown): WebviewMessage | undefined {
  if (!isObj(v)) return undefined;
  switch (v.type) {
    case 'ready':
      return v.direction === 'LR' || v.direction === 'TB' ? { type: 'ready', direction: v.direction } : { type: 'ready' };
    case 'reveal':
      return isRef(v.ref) ? { type: 'reveal', ref: { type: v.ref.type, id: v.ref.id } } : undefined;
    case 'options':
      return isViewOptions(v.options) ? (v as WebviewMessage) : undefined;
    case 'exported':
      if (v.format === 'svg' && isStr(v.data, MAX_EXPORT)) return { type: 'exported', format: 'svg', data: v.data };
      if (v.format === 'png' && isStr(v.data, MAX_EXPORT) && /^[A-Za-z0-9+/]+=*$/.test(v.data)) return { type: 'exported', format: 'png', data: v.data };
      return undefined;
    case 'rendered':
      return isInt(v.seq) && typeof v.layout === 'boolean' && isNum(v.ms) && isStr(v.view) && VIEWS.includes(v.view)
        && isInt(v.nodes) && isInt(v.edges) ? (v as WebviewMessage) : undefined;
    case 'renderError':
      return isInt(v.seq) && isStr(v.message, 8192) ? (v as WebviewMessage) : undefined;
    default:
      return undefined;
  }
}
