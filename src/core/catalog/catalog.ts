/**
 * Catalogs and their layers. The built-in catalog comes first; organisation catalogs (CLI `--catalog`) and
 * project catalogs (the model's `analysis.catalogs`) follow. A rule whose id a later layer defines again is
 * replaced as a whole by the later one. Reading user catalog files goes through `CatalogHost`, so core never
 * touches the file system itself.
 */
import type { Problem, Range } from '../problem';
import { cmp } from '../problem';
import { quoteValue, safeMessage } from '../text/quote';
import { parseLayerSettings, parseRule, type LoadedRule } from './load';
import type { Level } from './types';

/** The platform's file access for user catalogs (the CLI uses node:fs, the extension the workspace API). */
export interface CatalogHost {
  /** The file's text; undefined when it cannot be read; `refused` (with the reason) when it must not be. */
  readFile(path: string): string | undefined | { refused: string };
  /** Entry names of a directory, or undefined when the path is not a directory. */
  listDir(path: string): string[] | undefined;
  /** The path with symlinks resolved, so a folder walk visits each folder and file once. */
  realPath?(path: string): string | undefined;
  /** Why a path a model declared (in `declaredIn`) must not be read, e.g. outside the workspace; undefined when it may. */
  confine?(path: string, declaredIn: string): string | undefined;
}

/** The effective rule set: one rule per id, sorted by id, plus rule switches from layer settings files. */
export interface Catalog {
  rules: readonly LoadedRule[];
  /** From layer settings files (`disable:` / `severity:`), in layer order; the model's `analysis` comes after. */
  settings?: LayerSettings;
}

/** Where a setting was made, for messages and for the finding's `why.severityOverride`. */
export interface SettingSource {
  rule: string;
  file: string;
  range: Range;
}

export interface LayerSettings {
  disable: SettingSource[];
  severity: Array<SettingSource & { level: Level }>;
}

export interface CatalogFile {
  path: string;
  text: string;
}

/** A layer to load: where it comes from (for messages) and where a missing path is reported. */
export interface LayerSource {
  path: string;
  /** The model file and range of the `analysis.catalogs` entry; absent for CLI paths. */
  declaredAt?: { file: string; range: Range };
}

const RULE_FILE = /\.ya?ml$/i;
/** Folder nesting a layer may use; deeper folders are ignored (bounded work on odd trees). */
const MAX_DEPTH = 4;
/** Files one layer may have; the rest are ignored with a problem (docs/limits.md). */
export const MAX_LAYER_FILES = 1000;
/** Entries one layer's walk may look at (files, folders and anything else). */
const MAX_LAYER_ENTRIES = 10_000;

export function emptyCatalog(): Catalog {
  return { rules: [] };
}

/** A layer settings file: top-level `disable:` and/or `severity:`, and no `id:`. */
const SETTINGS_FILE = /^(disable|severity)\s*:/m;

/**
 * Parses the files of one layer: rule files, and settings files that disable rules or set their severity.
 * A second rule with the same id in the same layer is an error and ignored.
 */
export function loadRuleFiles(files: readonly CatalogFile[], layer: string): { rules: LoadedRule[]; settings: LayerSettings; problems: Problem[] } {
  const problems: Problem[] = [];
  const byId = new Map<string, LoadedRule>();
  const settings: LayerSettings = { disable: [], severity: [] };
  for (const f of [...files].sort((a, b) => cmp(a.path, b.path))) {
    if (SETTINGS_FILE.test(f.text) && !/^id\s*:/m.test(f.text)) {
      const st = parseLayerSettings(f.text, f.path);
      for (const p of st.problems) problems.push(p);
      for (const d of st.settings.disable) settings.disable.push(d);
      for (const x of st.settings.severity) settings.severity.push(x);
      continue;
    }
    const r = parseRule(f.text, f.path, layer);
    for (const p of r.problems) problems.push(p);
    if (!r.rule) continue;
    const id = r.rule.rule.id;
    const first = byId.get(id);
    if (first) {
      problems.push({
        code: 'TM-CATALOG-DUPLICATE-RULE',
        severity: 'error',
        message: `rule '${id}' is defined twice in one catalog; this one is ignored`,
        file: f.path,
        range: r.rule.range,
        related: [{ file: first.file, range: first.range, message: 'first defined here' }],
      });
      continue;
    }
    byId.set(id, r.rule);
  }
  return { rules: [...byId.values()], settings, problems };
}

/** Stacks layers: a later layer adds rules, replaces a rule with the same id, and adds its settings. */
export function layerCatalog(base: Catalog, ...layers: ReadonlyArray<{ rules: readonly LoadedRule[]; settings?: LayerSettings }>): Catalog {
  const byId = new Map(base.rules.map((r) => [r.rule.id, r]));
  const settings: LayerSettings = { disable: [...(base.settings?.disable ?? [])], severity: [...(base.settings?.severity ?? [])] };
  for (const layer of layers) {
    for (const r of layer.rules) byId.set(r.rule.id, r);
    for (const d of layer.settings?.disable ?? []) settings.disable.push(d);
    for (const x of layer.settings?.severity ?? []) settings.severity.push(x);
  }
  const rules = [...byId.values()].sort((a, b) => cmp(a.rule.id, b.rule.id));
  return settings.disable.length + settings.severity.length > 0 ? { rules, settings } : { rules };
}

/**
 * Reads a catalog path (one rule file, or a folder of them, nested up to a few levels) through the host.
 * A path the model declared is confined by the host (`confine`), down to every entry of a folder; folders and
 * files reached twice through symlinks are read once; a layer reads at most MAX_LAYER_FILES files.
 */
export function readCatalogPath(source: LayerSource, host: CatalogHost): { files: CatalogFile[]; problems: Problem[] } {
  const files: CatalogFile[] = [];
  const problems: Problem[] = [];
  const at = source.declaredAt ?? { file: source.path, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  const refuse = (path: string, reason: string): void => {
    problems.push({ code: 'TM-CATALOG-REFUSED', severity: 'error', message: `catalog path ${quoteValue(path, 160)} was not read: ${safeMessage(reason)}`, file: at.file, range: at.range });
  };
  const confined = (path: string): boolean => {
    const reason = source.declaredAt && host.confine?.(path, source.declaredAt.file);
    if (reason) refuse(path, reason);
    return !reason;
  };
  const seen = new Set<string>();
  const firstVisit = (path: string): boolean => {
    const key = host.realPath?.(path) ?? path;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  let entries = 0;
  let truncated = false;
  const read = (path: string): void => {
    if (files.length >= MAX_LAYER_FILES) return void (truncated = true);
    const text = host.readFile(path);
    if (typeof text === 'string') files.push({ path, text });
    else if (text) refuse(path, text.refused);
  };
  const walk = (dir: string, depth: number): void => {
    const names = host.listDir(dir);
    if (!names) return;
    for (const name of [...names].sort()) {
      if (name.startsWith('.')) continue;
      if (++entries > MAX_LAYER_ENTRIES) return void (truncated = true);
      const path = joinPath(dir, name);
      if (!confined(path) || !firstVisit(path)) continue;
      if (host.listDir(path)) {
        if (depth < MAX_DEPTH) walk(path, depth + 1);
      } else if (RULE_FILE.test(name)) {
        read(path);
      }
    }
  };
  if (!confined(source.path)) return { files, problems };
  if (host.listDir(source.path)) {
    firstVisit(source.path);
    walk(source.path, 0);
    if (truncated) {
      problems.push({ code: 'TM-CATALOG-TOO-LARGE', severity: 'error', file: at.file, range: at.range,
        message: `catalog folder ${quoteValue(source.path, 160)} has more than ${MAX_LAYER_FILES.toLocaleString('en-US')} rule files or ${MAX_LAYER_ENTRIES.toLocaleString('en-US')} entries; the rest were not read` });
    }
    return { files, problems };
  }
  const text = host.readFile(source.path);
  if (typeof text === 'string') return { files: [{ path: source.path, text }], problems };
  if (text) {
    refuse(source.path, text.refused);
    return { files, problems };
  }
  problems.push({ code: 'TM-CATALOG-NOT-FOUND', severity: 'error', message: `catalog ${quoteValue(source.path, 160)} cannot be read (no such file or folder)`, file: at.file, range: at.range });
  return { files, problems };
}

/** Loads the given layers over a base catalog, in order. */
export function loadLayers(base: Catalog, sources: readonly LayerSource[], host: CatalogHost): { catalog: Catalog; problems: Problem[] } {
  const problems: Problem[] = [];
  const layers: Array<{ rules: LoadedRule[]; settings: LayerSettings }> = [];
  for (const s of sources) {
    const read = readCatalogPath(s, host);
    for (const p of read.problems) problems.push(p);
    const loaded = loadRuleFiles(read.files, s.path);
    for (const p of loaded.problems) problems.push(p);
    for (const r of loaded.rules) {
      const base = r.file.slice(Math.max(r.file.lastIndexOf('/'), r.file.lastIndexOf('\\')) + 1).replace(RULE_FILE, '');
      if (base !== r.rule.id) {
        problems.push({ code: 'TM-CATALOG-FILE-NAME', severity: 'warning', message: `rule '${r.rule.id}' is in a file named ${quoteValue(base)}; name the file after the rule id`, file: r.file, range: r.range });
      }
    }
    layers.push(loaded);
  }
  return { catalog: layerCatalog(base, ...layers), problems };
}

/** Joins a folder and a relative path; absolute paths, drive letters and URIs are returned unchanged. */
export function joinPath(dir: string, rel: string): string {
  if (/^([A-Za-z][A-Za-z0-9+.-]+:\/\/|\/|[A-Za-z]:[\\/]|\\\\)/.test(rel)) return rel;
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  const joined = dir === '' ? rel : `${dir.replace(/[\\/]+$/, '')}${sep}${rel}`;
  return normalise(joined, sep);
}

/** The folder of a file path or URI (`''` for a bare file name). */
export function dirName(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i < 0 ? '' : i === 0 ? file.slice(0, 1) : file.slice(0, i);
}

function normalise(path: string, sep: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]+:\/\/[^/]*|[A-Za-z]:|)/.exec(path)!;
  const prefix = m[1] ?? '';
  const rest = path.slice(prefix.length);
  const absolute = /^[\\/]/.test(rest);
  const out: string[] = [];
  for (const part of rest.split(/[\\/]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part !== '..' || !absolute) out.push(part);
  }
  return prefix + (absolute ? sep : '') + out.join(sep);
}
