/** Provided by scripts/schema-validators.mjs (ajv standalone code, generated at build time; esbuild and vite plugins). */
declare module 'virtual:schema-validators' {
  import type { ValidateFunction } from 'ajv/dist/2020';
  /** schemas/threatmodel.schema.json (all errors, verbose). */
  export const validateModel: ValidateFunction;
  /** schemas/catalog-rule.schema.json (all errors, verbose). */
  export const validateRule: ValidateFunction;
}
