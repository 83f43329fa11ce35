/**
 * The built-in catalog. catalog/index.yaml and the rule files it lists are loaded and schema-checked at
 * build time by this engine's own loader (scripts/builtin-catalog.mjs, for esbuild and for vitest) and
 * embedded as data: a run reads, parses and validates no built-in rule, and a broken built-in rule fails
 * the build instead of shipping. Tests use exactly what ships.
 */
import compiled from 'virtual:builtin-catalog';
import type { Problem } from '../problem';
import { emptyCatalog, layerCatalog, type Catalog } from './catalog';

let cached: { catalog: Catalog; problems: Problem[] } | undefined;

/** The built-in catalog. `problems` is always empty: the build refuses a catalog with problems. */
export function builtinCatalog(): { catalog: Catalog; problems: Problem[] } {
  cached ??= { catalog: layerCatalog(emptyCatalog(), { rules: compiled.rules }), problems: [] };
  return cached;
}
