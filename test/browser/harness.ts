/**
 * Runs the real diagram page in headless Chromium outside VS Code: the page HTML from `diagramPageHtml` (the
 * function the extension uses), the webview bundle built with the same options as `npm run build`, served from
 * 127.0.0.1, and a stub host in node that answers like the extension does (with the real diagram core).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, requireBrowser } from '../../scripts/lib/find-browser.cjs';
import { buildDiagram } from '../../src/core/diagram';
import type { Finding } from '../../src/core/engine/types';
import type { ResolvedModel } from '../../src/core/model/graph';
import { diagramPageHtml, newNonce } from '../../src/extension/diagram/html';
import { boundaryChoices } from '../../src/extension/diagram/choices';
import { parseWebviewMessage, type HostMessage, type ViewOptions, type WebviewMessage } from '../../src/shared/protocol';
// @ts-expect-error: a plain ES module without types
import { webviewBuildOptions } from '../../scripts/webview-bundle.mjs';

const root = join(__dirname, '..', '..');

/** Builds dist/webview.js into a temporary folder once per test file. */
export async function buildWebview(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'tm-webview-'));
  const outfile = join(dir, 'webview.js');
  await build({ ...webviewBuildOptions(outfile), bundle: true, logLevel: 'error', legalComments: 'none', target: 'es2022', absWorkingDir: root });
  return outfile;
}

export interface PageServer {
  origin: string;
  close(): Promise<void>;
  /** The CSP nonce of the last page served. */
  lastNonce: string;
}

/** Serves the page at `/`, the bundle at `/dist/webview.js` and the stylesheet at `/media/diagram.css`; nothing else. */
export async function servePage(bundle: string): Promise<PageServer> {
  const js = readFileSync(bundle);
  const css = readFileSync(join(root, 'media', 'diagram.css'));
  const state = { lastNonce: '' };
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (url === '/' || url === '/index.html') {
      state.lastNonce = newNonce();
      const html = diagramPageHtml({ cspSource: origin, nonce: state.lastNonce, scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/media/diagram.css` });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (url === '/dist/webview.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js);
    } else if (url === '/media/diagram.css') {
      res.writeHead(200, { 'content-type': 'text/css; charset=utf-8' }).end(css);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  origin = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    origin,
    get lastNonce() { return state.lastNonce; },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Headless Chromium found the usual way (CHROME_PATH, PATH, default locations), or an error saying what to install. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: requireBrowser(), headless: true, args: CHROMIUM_ARGS });
}

/**
 * The extension's side of the protocol, in node: answers `ready` and `options` with a diagram built by the
 * real core, records everything the page posts, and sends messages into the page.
 */
export class StubHost {
  readonly received: WebviewMessage[] = [];
  readonly invalid: unknown[] = [];
  options: ViewOptions = { view: 'auto' };
  seq = 0;
  private waiters: Array<() => void> = [];

  constructor(public page: Page, public model: ResolvedModel, public findings: Finding[] = []) {}

  /** Opens the page with a stub `acquireVsCodeApi` that hands every message to this host. */
  static async open(browser: Browser, server: PageServer, model: ResolvedModel, findings: Finding[] = [], viewport = { width: 1200, height: 800 }, options?: ViewOptions): Promise<StubHost> {
    const page = await browser.newPage({ viewport });
    const host = new StubHost(page, model, findings);
    if (options) host.options = options;
    await page.exposeFunction('__tmHostReceive', (m: unknown) => host.receive(m));
    // Runs before the page's scripts and outside its CSP, like VS Code's own preload.
    await page.addInitScript(() => {
      const w = window as unknown as { __tmHostReceive(m: unknown): void; __tmState: unknown; acquireVsCodeApi: unknown };
      w.acquireVsCodeApi = () => ({
        postMessage: (m: unknown) => w.__tmHostReceive(JSON.parse(JSON.stringify(m))),
        getState: () => w.__tmState,
        setState: (s: unknown) => { w.__tmState = s; },
      });
    });
    await page.goto(`${server.origin}/`);
    return host;
  }

  private receive(raw: unknown): void {
    const m = parseWebviewMessage(raw);
    if (!m) {
      this.invalid.push(raw);
      return;
    }
    this.received.push(m);
    if (m.type === 'ready') {
      // As the extension's panel does: the page's fitting direction, unless options already set one.
      if (m.direction && !this.options.direction) this.options = { ...this.options, direction: m.direction };
      void this.render();
    }
    if (m.type === 'options') {
      this.options = m.options;
      void this.render();
    }
    for (const w of this.waiters.splice(0)) w();
  }

  async send(m: HostMessage): Promise<void> {
    // A render answering the page's last message may still be on its way when a test ends and closes the page.
    if (this.page.isClosed()) return;
    await this.page.evaluate((msg) => window.postMessage(msg, '*'), m).catch((err: unknown) => {
      if (!this.page.isClosed()) throw err;
    });
  }

  /** Sends the current model, findings and options as a diagram; returns its sequence number. */
  async render(): Promise<number> {
    const seq = ++this.seq;
    const diagram = buildDiagram(this.model, this.findings, { ...this.options, mode: 'interactive' });
    await this.send({ type: 'render', seq, diagram, options: this.options, boundaries: boundaryChoices(this.model), title: `Diagram: ${this.model.system.name}` }); // as the panel titles it
    return seq;
  }

  /** Waits until a received message satisfies `pred` (messages already received count). */
  async waitFor<T extends WebviewMessage>(pred: (m: WebviewMessage) => m is T, timeoutMs?: number): Promise<T>;
  async waitFor(pred: (m: WebviewMessage) => boolean, timeoutMs?: number): Promise<WebviewMessage>;
  async waitFor(pred: (m: WebviewMessage) => boolean, timeoutMs = 30_000): Promise<WebviewMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.received.find(pred);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`timed out; received: ${JSON.stringify(this.received.map((m) => m.type))}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  /** Waits for the `rendered` answer to a given sequence number. */
  rendered(seq: number): Promise<Extract<WebviewMessage, { type: 'rendered' }>> {
    return this.waitFor((m): m is Extract<WebviewMessage, { type: 'rendered' }> => m.type === 'rendered' && m.seq === seq);
  }
}

/**
 * One server and browser per test file, a fresh page per test (closed after it). Call at the top of a file;
 * `open` opens the page and waits for the first diagram.
 */
export function usePages(hooks: { beforeAll: (fn: () => Promise<void>) => void; afterAll: (fn: () => Promise<void>) => void; afterEach: (fn: () => Promise<void>) => void }) {
  let browser: Browser | undefined;
  let server: PageServer | undefined;
  const pages: StubHost[] = [];
  hooks.beforeAll(async () => {
    server = await servePage(await buildWebview());
    browser = await launchChromium();
  });
  hooks.afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  hooks.afterEach(async () => {
    for (const h of pages.splice(0)) await h.page.close();
  });
  return {
    get server(): PageServer { return server!; },
    async open(model: ResolvedModel, findings: Finding[] = [], options?: ViewOptions, viewport?: { width: number; height: number }): Promise<StubHost> {
      const host = await StubHost.open(browser!, server!, model, findings, viewport, options);
      pages.push(host);
      await host.rendered(1);
      return host;
    },
  };
}
