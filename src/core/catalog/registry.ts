/**
 * The built-in catalog's registry: `catalog/index.yaml` lists every built-in rule id, sorted. Only listed
 * rules ship; a listed id without a file, or an unsorted or duplicated entry, is a problem (and the
 * completeness test fails on it, and on a rule file the index does not list).
 */
import { LineCounter, parseDocument } from 'yaml';
import type { Problem, Range } from '../problem';
import { layerCatalog, loadRuleFiles, emptyCatalog, type Catalog } from './catalog';
import { rangeAtPath } from './yaml-ranges';

export interface BuiltinBundle {
  index: { path: string; text: string };
  rules: Array<{ id: string; path: string; text?: string }>;
}

/** The rule ids an index file lists, with problems for a malformed, unsorted or duplicated list. */
export function parseIndex(text: string, file: string): { ids: string[]; problems: Problem[]; rangeOf: (i: number) => Range } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const rangeOf = (i: number): Range => rangeAtPath(doc, lc, ['rules', i]);
  const problems: Problem[] = [];
  const value = doc.errors.length === 0 ? (doc.toJS({ maxAliasCount: 10 }) as { rules?: unknown } | null) : null;
  const list = value?.rules;
  if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) {
    problems.push({ code: 'TM-CATALOG-INDEX', severity: 'error', message: "the catalog index must be a mapping with 'rules:', a list of rule ids", file, range: rangeOf(0) });
    return { ids: [], problems, rangeOf };
  }
  const ids = list as string[];
  ids.forEach((id, i) => {
    if (i > 0 && ids[i - 1]! >= id) {
      problems.push({ code: 'TM-CATALOG-INDEX', severity: 'error', message: `'${id}' is ${ids[i - 1] === id ? 'listed twice' : `out of order (after '${ids[i - 1]}')`}; keep the index sorted`, file, range: rangeOf(i) });
    }
  });
  return { ids, problems, rangeOf };
}

/** Builds the built-in catalog from its bundled files. */
export function catalogFromBundle(bundle: BuiltinBundle): { catalog: Catalog; problems: Problem[] } {
  const index = parseIndex(bundle.index.text, bundle.index.path);
  const problems = [...index.problems];
  const files: Array<{ path: string; text: string }> = [];
  bundle.rules.forEach((r) => {
    if (r.text === undefined) {
      const i = index.ids.indexOf(r.id);
      problems.push({ code: 'TM-CATALOG-INDEX', severity: 'error', message: `the index lists '${r.id}' but ${r.path} does not exist`, file: bundle.index.path, range: index.rangeOf(Math.max(0, i)) });
    } else {
      files.push({ path: r.path, text: r.text });
    }
  });
  const loaded = loadRuleFiles(files, 'built-in');
  for (const p of loaded.problems) problems.push(p);
  for (const r of loaded.rules) {
    const expected = bundle.rules.find((b) => b.path === r.file)?.id;
    if (expected !== r.rule.id) {
      problems.push({ code: 'TM-CATALOG-FILE-NAME', severity: 'error', message: `rule '${r.rule.id}' is in the file for '${expected}'; the file name must be the rule id`, file: r.file, range: r.range });
    }
  }
  return { catalog: layerCatalog(emptyCatalog(), { rules: loaded.rules }), problems };
}
