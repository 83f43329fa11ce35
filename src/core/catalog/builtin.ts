/**
 * The built-in catalog. Its files (catalog/index.yaml and the rule files it lists) are bundled at build
 * time as the virtual module `virtual:builtin-catalog` (scripts/builtin-catalog.mjs provides it to esbuild
 * and to vitest), so core reads no files at run time and tests use exactly what ships.
 */
import bundle from 'virtual:builtin-catalog';
import type { Problem } from '../problem';
import { catalogFromBundle, type BuiltinBundle } from './registry';
import type { Catalog } from './catalog';

let cached: { catalog: Catalog; problems: Problem[] } | undefined;

/** The built-in catalog (parsed once per process). Problems here are bugs in the shipped catalog. */
export function builtinCatalog(): { catalog: Catalog; problems: Problem[] } {
  cached ??= catalogFromBundle(bundle as BuiltinBundle);
  return cached;
}
