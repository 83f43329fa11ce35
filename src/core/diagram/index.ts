/**
 * The diagram: model plus findings → mermaid flowchart text and the tables that tie it back to the model.
 * Pure: no DOM, no `vscode`; the CLI, the exports and the webview all use it unchanged.
 */
export { buildDiagram, toMermaid } from './build';
export { escapeLabel, mermaidId, fingerprint } from './escape';
export { KIND_SHAPES, GROUP_SHAPE, kindWords, severityClass, SEVERITY_ORDER } from './style';
export { DEFAULT_LIMITS } from './types';
export type * from './types';
