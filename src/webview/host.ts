/**
 * The webview's link to the extension host (runtime: webview). `acquireVsCodeApi` is provided by VS Code (and
 * by a stub in the Chromium tests); it may be called once. Messages out are typed; messages in are validated
 * by the caller with `parseHostMessage`.
 */
import type { WebviewMessage } from '../shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** What survives the webview being hidden and shown again. */
export interface SavedState {
  transform?: { x: number; y: number; k: number };
  legend?: boolean;
}

const api: VsCodeApi = acquireVsCodeApi();

export function post(message: WebviewMessage): void {
  api.postMessage(message);
}

export function loadState(): SavedState {
  const s = api.getState();
  if (typeof s !== 'object' || s === null) return {};
  const state = s as SavedState;
  const t = state.transform;
  const ok = t && [t.x, t.y, t.k].every((n) => typeof n === 'number' && Number.isFinite(n)) && t.k > 0;
  return { ...(ok ? { transform: t } : {}), ...(typeof state.legend === 'boolean' ? { legend: state.legend } : {}) };
}

let saved: SavedState = loadState();

export function saveState(patch: Partial<SavedState>): void {
  saved = { ...saved, ...patch };
  api.setState(saved);
}
