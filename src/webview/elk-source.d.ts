/** The text of elkjs/lib/elk-worker.min.js, inlined by the webview bundle (scripts/webview-bundle.mjs). */
declare module 'elk-worker-source' {
  const source: string;
  export default source;
}
