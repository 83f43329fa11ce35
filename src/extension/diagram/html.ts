/**
 * The diagram webview's page (runtime: extension host; no `vscode` import, so the Chromium tests serve the
 * very same page with a stub host). Everything the page loads comes from the extension's own files through
 * `asWebviewUri`; nothing from the network.
 */
import { randomBytes } from 'node:crypto';

export interface PageOptions {
  /** `webview.cspSource`: the origin the extension's files are served from. */
  cspSource: string;
  /** A fresh nonce per page (see `newNonce`). */
  nonce: string;
  /** URIs (as strings) of dist/webview.js and media/diagram.css. */
  scriptUri: string;
  styleUri: string;
}

/** 128 random bits, base64: a nonce nobody can guess, new for every page. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Content-Security-Policy, one allowance per need:
 * - `default-src 'none'`: nothing else — no network (`connect-src`), frames, fonts, media or objects.
 * - `script-src 'nonce-…'`: only our bundle, which carries this page's nonce; no inline script, no `eval`.
 * - `worker-src blob:`: the ELK layout runs in a worker made from elkjs's worker script, which our bundle
 *   carries and hands over as a `blob:` URL (a webview cannot start a worker from the extension's resource
 *   origin). Only our script can create one; the worker gets no DOM and no more network than the page.
 * - `style-src <cspSource> 'unsafe-inline'`: diagram.css from the extension, and mermaid writes a `<style>`
 *   element into every SVG and sets `style` attributes; it cannot pass a nonce, so inline styles are allowed.
 *   Styles cannot run script.
 * - `img-src <cspSource> data:`: PNG export draws the SVG into a canvas through a `data:` image.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    'worker-src blob:',
    `style-src ${cspSource} 'unsafe-inline'`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

export function diagramPageHtml(o: PageOptions): string {
  const csp = contentSecurityPolicy(o.cspSource, o.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${attr(o.styleUri)}">
<title>Threat model diagram</title>
</head>
<body>
<header id="toolbar" role="toolbar" aria-label="Diagram">
  <label><span class="lbl">View</span> <select id="view" aria-label="View">
    <option value="auto">Auto</option>
    <option value="full">Full</option>
    <option value="collapsed">Collapsed</option>
    <option value="focus">Focus</option>
  </select></label>
  <label id="hops-label"><span class="lbl">Hops</span> <select id="hops" aria-label="Hops around the focus">
    <option value="1">1</option><option value="2">2</option><option value="3">3</option>
  </select></label>
  <label><span class="lbl">Boundary</span> <select id="boundary" aria-label="Only this trust boundary"><option value="">All</option></select></label>
  <label><span class="lbl">Severity</span> <select id="severity" aria-label="Minimum severity">
    <option value="">Any</option>
    <option value="low">Low and above</option>
    <option value="medium">Medium and above</option>
    <option value="high">High and above</option>
    <option value="critical">Critical</option>
  </select></label>
  <label><span class="lbl">Layout</span> <select id="direction" aria-label="Layout direction">
    <option value="">Fit panel</option>
    <option value="LR">Left to right</option>
    <option value="TB">Top to bottom</option>
  </select></label>
  <span class="spacer"></span>
  <button id="zoom-out" type="button" title="Zoom out" aria-label="Zoom out">−</button>
  <button id="zoom-in" type="button" title="Zoom in" aria-label="Zoom in">+</button>
  <button id="fit" type="button" title="Fit to window">Fit</button>
  <button id="legend-toggle" type="button" title="Show or hide the legend" aria-pressed="false">Legend</button>
  <button id="export-svg" type="button" title="Export the current view as SVG">SVG</button>
  <button id="export-png" type="button" title="Export the current view as PNG">PNG</button>
</header>
<div id="notice" role="status" hidden></div>
<div id="error" role="alert" hidden></div>
<main id="viewport" tabindex="-1"><div id="canvas"></div><div id="empty">Loading diagram…</div></main>
<aside id="legend" aria-label="Legend"><div id="legend-kinds"></div><ul id="legend-severity"></ul></aside>
<script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>
</body>
</html>
`;
}
