/**
 * ELK in a Web Worker (runtime: webview). The webview bundle puts this module where @mermaid-js/layout-elk
 * imports `elkjs/lib/elk.bundled.js`, so mermaid's `new ELK().layout(graph)` runs here. The worker runs
 * elkjs's own worker script, inlined in the bundle and started from a `blob:` URL (webviews cannot start a
 * worker from the extension's resource origin). Why: the page no longer parses ELK's 1.5 MB itself (the
 * worker does, on the other core, while the page loads), and a layout no longer blocks the page's thread.
 */
import ElkConstructor, { type ELK as ElkApi, type ElkNode, type ElkLayoutArguments } from 'elkjs/lib/elk-api.js';
import workerSource from 'elk-worker-source';
import { ELK_TUNING } from '../core/diagram/elk-options';

interface ElkGraph {
  id: string;
  layoutOptions?: Record<string, unknown>;
  children?: ElkGraph[];
  edges?: unknown[];
  [key: string]: unknown;
}

let shared: ElkApi | undefined;

function engine(): ElkApi {
  if (!shared) {
    const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    shared = new ElkConstructor({ workerFactory: () => new Worker(url, { name: 'elk-layout' }) });
  }
  return shared;
}

/**
 * What mermaid constructs. The benchmark may swap the tuning (`window.__tmElkTuning`) or collect the input
 * graphs (`window.__tmElkGraphs = []`) to time ELK on its own.
 */
export default class ELK {
  layout(graph: ElkGraph, options?: ElkLayoutArguments): Promise<ElkGraph> {
    const bench = globalThis as { __tmElkTuning?: Record<string, unknown>; __tmElkGraphs?: unknown[] };
    // The same tuning as the HTML report's layout (core/diagram/elk-options.ts).
    graph.layoutOptions = { ...graph.layoutOptions, ...(bench.__tmElkTuning ?? ELK_TUNING) };
    // mermaid's graph carries functions (shape intersections) that cannot cross to a worker; ELK needs only
    // the data, and mermaid maps the result back by id.
    const data = JSON.parse(JSON.stringify(graph)) as ElkNode;
    bench.__tmElkGraphs?.push(data);
    const start = performance.now();
    return (engine().layout(data, options) as Promise<ElkGraph>)
      .finally(() => performance.measure('tm-elk-layout', { start, end: performance.now() }));
  }
}

/**
 * Starts the worker now: it parses and initialises ELK (1.5 MB of compiled Java) on the second core while the
 * page loads. (A warm-up layout as well was measured and dropped: on a busy 2-core machine the real layout
 * then waited behind it.)
 */
export function startElkWorker(): void {
  try {
    engine();
  } catch {
    /* the first layout reports it */
  }
}
