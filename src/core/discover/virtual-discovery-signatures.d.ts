/** Provided by scripts/discovery-signatures.mjs (esbuild plugin for the bundles, vite plugin for vitest). */
declare module 'virtual:discovery-signatures' {
  import type { Signature } from './types';
  /** catalog/discovery/*.yaml as loaded and schema-checked at build time, sorted by id. */
  const compiled: { signatures: Signature[] };
  export default compiled;
}
