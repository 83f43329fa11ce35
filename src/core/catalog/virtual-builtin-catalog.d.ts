/** Provided by scripts/builtin-catalog.mjs (esbuild plugin for the bundles, vite plugin for vitest). */
declare module 'virtual:builtin-catalog' {
  const bundle: {
    index: { path: string; text: string };
    /** The rule files the index lists, in index order; `text` is undefined when the file is missing. */
    rules: Array<{ id: string; path: string; text?: string }>;
  };
  export default bundle;
}
