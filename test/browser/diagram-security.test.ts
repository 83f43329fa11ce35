/**
 * Model text is untrusted: hostile names must be drawn as the text they are, never as markup, script or
 * mermaid statements; the page's Content-Security-Policy must block inline script and `eval`; malformed
 * messages must be ignored; and the page must load nothing from the network.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { escapeLabel } from '../../src/core/diagram';
import { loadModel } from '../../src/core/model/load';
import type { ResolvedModel } from '../../src/core/model/graph';
import { HOSTILE_NAMES, hostileModel } from './fixtures';
import { usePages } from './harness';

const pages = usePages({ beforeAll, afterAll, afterEach });
const model: ResolvedModel = loadModel(hostileModel(), 'hostile.threatmodel.yaml').model!;

/** What a label shows: the name cut to the label length; wrapping may drop spaces, so compare without them. */
const shown = (name: string) => {
  const chars = Array.from(name);
  return (chars.length > 48 ? `${chars.slice(0, 47).join('')}…` : name).replace(/\s+/g, '');
};

describe('hostile labels', () => {
  it('are drawn as text: no markup, no script, no dialog, no mermaid statements', async () => {
    const host = await pages.open(model);
    const page = host.page;
    const dialogs: string[] = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    expect(escapeLabel(HOSTILE_NAMES[0]!)).not.toContain('<');

    for (const [i, name] of HOSTILE_NAMES.entries()) {
      const text = await page.locator(`#canvas g.node[data-tm-mid="c_h${i}"] > g.label`).textContent();
      expect(text!.replace(/\s+/g, ''), `label of h${i}`).toBe(`${shown(name)}service`);
    }
    // the boundary's title (a mermaid init directive) is shown as written, not applied
    expect((await page.locator('#canvas g.cluster[data-tm-mid="b_zone"] g.cluster-label').textContent())!.replace(/\s+/g, ''))
      .toBe(shown(HOSTILE_NAMES[2]!));

    const found = await page.evaluate(() => ({
      elements: document.querySelectorAll('#canvas img, #canvas script, #canvas iframe, #canvas foreignObject, #canvas a').length,
      handlers: Array.from(document.querySelectorAll('*')).filter((el) => Array.from(el.attributes).some((a) => a.name.startsWith('on'))).length,
      pwned: (window as unknown as { pwned?: unknown }).pwned,
    }));
    expect(found).toEqual({ elements: 0, handlers: 0, pwned: undefined });
    // exactly the six components and five flows: nothing was added by a label
    expect(await page.locator('#canvas g.node[data-tm-mid]').count()).toBe(6);
    expect(await page.locator('#canvas path.flowchart-link').count()).toBe(5);
    await page.locator('#canvas g.node[data-tm-mid="c_h1"]').click();
    await host.waitFor((m) => m.type === 'reveal' && m.ref.id === 'h1');
    expect(dialogs).toEqual([]);
  });

  it('mermaid stays at the strict security level even if the text itself carries directives and click calls', async () => {
    const host = await pages.open(model);
    const dialogs: string[] = [];
    host.page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    const diagram = {
      text: '%%{init: {"securityLevel": "loose", "startOnLoad": true}}%%\nflowchart LR\n  c_h0["x"]\n  click c_h0 call alert(1)\n  click c_h0 "javascript:alert(2)"\n',
      view: 'full' as const, requested: 'full' as const, layoutKey: 'evil', kinds: [],
      nodes: [{ mid: 'c_h0', ref: { type: 'component' as const, id: 'h0' }, label: 'x', detail: 'service', kind: 'service' as const, members: ['h0'], open: 0 }],
      clusters: [], edges: [], stats: { components: 1, shown: 1, edges: 0, chars: 10 },
    };
    await host.send({ type: 'render', seq: 50, diagram, options: { view: 'full' }, boundaries: [], title: 'x' });
    await host.rendered(50);
    await host.page.locator('#canvas g.node[data-tm-mid="c_h0"]').click();
    await host.waitFor((m) => m.type === 'reveal' && m.ref.id === 'h0');
    const links = await host.page.locator('#canvas a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? a.getAttribute('xlink:href') ?? ''));
    expect(links.filter((h) => /^\s*javascript:/i.test(h))).toEqual([]);
    expect(await host.page.locator('#canvas [onclick]').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});

describe('Content-Security-Policy', () => {
  it('allows only the nonced bundle: inline script and inline handlers are blocked, images only from the extension', async () => {
    const host = await pages.open(model);
    const page = host.page;
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('worker-src blob:');
    expect(csp).toContain(`script-src 'nonce-${pages.server.lastNonce}'`);
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(await page.locator('script').count()).toBe(1);

    const violation = await page.evaluate(() => new Promise<string>((resolve) => {
      document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
      const s = document.createElement('script');
      s.textContent = 'window.inlineRan = true;';
      document.body.append(s);
    }));
    expect(violation).toBe('script-src-elem');
    expect(await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
    // an inline event handler (what `<img onerror=...>` would need) is blocked as well
    const handler = await page.evaluate(() => new Promise<string>((resolve) => {
      document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
      const d = document.createElement('div');
      d.setAttribute('onclick', 'window.handlerRan = true');
      document.body.append(d);
      d.click();
    }));
    expect(handler).toBe('script-src-attr');
    expect(await page.evaluate(() => (window as unknown as { handlerRan?: boolean }).handlerRan)).toBeUndefined();
    const img = await page.evaluate(() => new Promise<string>((resolve) => {
      document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
      const i = document.createElement('img');
      i.src = 'https://example.invalid/x.png';
      document.body.append(i);
    }));
    expect(img).toBe('img-src');
  });

  it('loads nothing but the page, its bundle, its stylesheet and the layout worker', async () => {
    const requests: string[] = [];
    const host = await pages.open(model);
    host.page.on('request', (r) => requests.push(r.url()));
    await host.page.reload();
    await host.waitFor((m) => m.type === 'rendered' && host.received.filter((x) => x.type === 'rendered').length >= 2);
    const origin = pages.server.origin;
    // besides these, only the ELK worker, started from a blob: of the page's own origin
    const fetched = requests.filter((u) => !u.startsWith('data:')).map((u) => u.replace(origin, '').replace(/^blob:\/[0-9a-f-]+$/, 'blob:worker'));
    expect(fetched.sort()).toEqual(['/', '/dist/webview.js', '/media/diagram.css', 'blob:worker']);
  });
});

describe('messages', () => {
  it('ignores malformed messages and keeps working', async () => {
    const host = await pages.open(model);
    const page = host.page;
    const before = await page.locator('#canvas').innerHTML();
    const bad: unknown[] = [
      { type: 'render', seq: 2, diagram: { text: 'x'.repeat(70_000) }, options: { view: 'full' }, boundaries: [], title: 't' },
      { type: 'render', seq: 3, diagram: null, options: {}, boundaries: [], title: 't' },
      { type: 'highlight', ids: 'h0', paths: [], source: 'cursor' },
      { type: 'export', format: 'html' },
      { type: 'eval', code: 'alert(1)' },
      'render',
      null,
    ];
    for (const m of bad) await page.evaluate((msg) => window.postMessage(msg, '*'), m);
    const seq = await host.render();
    await host.rendered(seq);
    expect(host.received.filter((m) => m.type === 'rendered').map((m) => (m.type === 'rendered' ? m.seq : 0))).toEqual([1, seq]);
    expect(await page.locator('#canvas').innerHTML()).toBe(before);
    expect(host.invalid).toEqual([]);
  });
});
