/** Provided by scripts/builtin-catalog.mjs (esbuild plugin for the bundles, vite plugin for vitest). */
declare module 'virtual:builtin-catalog' {
  import type { LoadedRule } from './load';
  /** The built-in rules as loaded and schema-checked at build time (a broken rule fails the build). */
  const compiled: { rules: LoadedRule[] };
  export default compiled;
}
