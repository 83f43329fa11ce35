/**
 * Meaning: ids, references and structure. Turns the schema-checked document into a ResolvedModel and reports
 * unknown references (with did-you-mean), references to the wrong kind, duplicate ids, boundary cycles,
 * flows to self, agents without a model and tools no agent uses. Dangling references are dropped from the
 * graph so later layers can trust every id they see.
 */
import { isMap, isPair, isScalar, type Document, type LineCounter, type Node } from 'yaml';
import { cmp, type Problem, type Range, type RelatedLocation } from '../problem';
import { closest } from '../text/similar';
import type { Link, LinkKind, SourceRef } from './graph';
import { ModelGraph } from './model-graph';
import { toRange } from './parse';
import type { Component, ComponentKind, Flow, ThreatModelDocument } from './types';
import { ownerName } from './validate';

type Segment = string | number;
type Obj = Record<string, unknown>;

/** Element sections, in the order ids are registered (the first declaration of a duplicate id wins). */
const SECTIONS = ['boundaries', 'data', 'providers', 'components', 'rag', 'controls'] as const;
type Section = (typeof SECTIONS)[number] | 'flows';

/** What a reference may point to: a section, optionally narrowed to component kinds. */
interface Target { section: Section; kinds?: ComponentKind[]; noun: string }
const T = {
  boundary: { section: 'boundaries', noun: 'boundary' },
  data: { section: 'data', noun: 'data asset' },
  provider: { section: 'providers', noun: 'provider' },
  component: { section: 'components', noun: 'component' },
  model: { section: 'components', kinds: ['model-endpoint'], noun: 'model endpoint' },
  toolish: { section: 'components', kinds: ['tool', 'mcp-server'], noun: 'tool or MCP server' },
  tool: { section: 'components', kinds: ['tool'], noun: 'tool' },
  memory: { section: 'components', kinds: ['memory'], noun: 'memory' },
  agent: { section: 'components', kinds: ['agent'], noun: 'agent' },
  store: { section: 'components', kinds: ['vector-store', 'datastore'], noun: 'vector store or datastore' },
  ingestion: { section: 'components', kinds: ['ingestion-pipeline'], noun: 'ingestion pipeline' },
  retriever: { section: 'components', kinds: ['retriever'], noun: 'retriever' },
  dataset: { section: 'components', kinds: ['dataset'], noun: 'dataset' },
  artifact: { section: 'components', kinds: ['model-artifact'], noun: 'model artifact' },
  registry: { section: 'components', kinds: ['model-registry'], noun: 'model registry' },
  consumer: { section: 'components', kinds: ['model-endpoint', 'agent', 'service'], noun: 'model endpoint, agent or service' },
} satisfies Record<string, Target>;

/** Reference-holding properties per component kind: property → target and the link it implies. */
const COMPONENT_REFS: Record<string, Array<{ prop: string; target: Target; link?: LinkKind; reverse?: boolean; many?: boolean; sub?: string }>> = {
  '*': [
    { prop: 'boundary', target: T.boundary },
    { prop: 'stores', target: T.data, many: true },
    { prop: 'provider', target: T.provider, link: 'provider' },
  ],
  'model-endpoint': [
    { prop: 'systemPromptContains', target: T.data, many: true },
    { prop: 'artifact', target: T.artifact, link: 'artifact', reverse: true },
  ],
  agent: [
    { prop: 'model', target: T.model, link: 'model' },
    { prop: 'tools', target: T.toolish, link: 'tool', many: true },
    { prop: 'memory', target: T.memory, link: 'memory', many: true },
    { prop: 'delegatesTo', target: T.agent, link: 'delegates', many: true },
  ],
  'mcp-server': [{ prop: 'tools', target: T.tool, link: 'exposes', many: true }],
  retriever: [{ prop: 'store', target: T.store, link: 'store', reverse: true }],
  'ingestion-pipeline': [{ prop: 'sources', sub: 'component', target: T.component, link: 'source', reverse: true, many: true }],
  dataset: [{ prop: 'contains', target: T.data, many: true }],
  'training-pipeline': [
    { prop: 'datasets', target: T.dataset, link: 'dataset', reverse: true, many: true },
    { prop: 'baseModel', target: T.artifact, link: 'base-model', reverse: true },
    { prop: 'produces', target: T.artifact, link: 'produces' },
  ],
  'model-artifact': [{ prop: 'registry', target: T.registry, link: 'registry' }],
  guardrail: [{ prop: 'protects', target: T.component, link: 'protects', many: true }],
};

const RAG_REFS: Array<{ prop: string; target: Target; many?: boolean }> = [
  { prop: 'sources', target: T.component, many: true },
  { prop: 'ingestion', target: T.ingestion },
  { prop: 'store', target: T.store },
  { prop: 'retriever', target: T.retriever },
  { prop: 'consumers', target: T.consumer, many: true },
];

const DANGEROUS_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Unknown references that get a did-you-mean (see `suggest`). */
const MAX_SUGGESTIONS = 200;

interface Declared { section: Section; index: number; kind?: string }
/** How a problem names the element it is on; a function when naming it costs work most runs never need. */
type Owner = string | (() => string);
const ownerText = (owner: Owner): string => (typeof owner === 'string' ? owner : owner());

export interface ResolveInput {
  file: string;
  value: unknown;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  invalidPaths: Set<string>;
  incomplete: Set<string>;
}

export function resolveModel(input: ResolveInput): { model: ModelGraph; problems: Problem[] } {
  const r = new Resolver(input);
  return r.run();
}

class Resolver {
  private readonly problems: Problem[] = [];
  private readonly declared = new Map<string, Declared>();
  private readonly locations = new Map<string, SourceRef>();
  private readonly links: Link[] = [];
  private readonly clean: Obj;
  /** Each section's items, listed once (lookups by index must not rebuild the list). */
  private readonly lists = new Map<Section, Obj[]>();

  constructor(private readonly input: ResolveInput) {
    this.clean = (sanitize(input.value, '', input.invalidPaths) ?? {}) as Obj;
    for (const s of [...SECTIONS, 'flows'] as Section[]) this.lists.set(s, list(this.clean[s]));
  }

  run(): { model: ModelGraph; problems: Problem[] } {
    const doc = this.clean;
    const sections = Object.fromEntries(SECTIONS.map((s) => [s, this.lists.get(s)!])) as Record<(typeof SECTIONS)[number], Obj[]>;
    for (const s of SECTIONS) this.declare(s, sections[s]);
    const flows = this.flows(this.lists.get('flows')!);

    const components = sections.components.filter((c) => this.owns('components', c)) as unknown as Component[];
    for (const [i, c] of sections.components.entries()) this.componentRefs(c, i);
    for (const [i, b] of sections.boundaries.entries()) this.ref(['boundaries', i, 'parent'], b.parent, T.boundary, () => ownerName(doc, ['boundaries', i]));
    for (const [i, p] of sections.rag.entries()) this.ragRefs(p, i);
    for (const [i, c] of sections.controls.entries()) this.anyRefs(['controls', i, 'covers'], c.covers, ownerName(doc, ['controls', i]));
    for (const [i, s] of list(doc.suppressions).entries()) this.anyRefs(['suppressions', i, 'elements'], s.elements, ownerName(doc, ['suppressions', i]));
    this.boundaryCycles(sections.boundaries);
    this.agentsWithoutModel(sections.components);
    this.unusedTools(sections.components);
    this.trackingLocations(doc.tracking);

    const model = new ModelGraph({
      file: this.input.file,
      document: doc as unknown as ThreatModelDocument,
      system: (isObj(doc.system) ? doc.system : { name: '' }) as unknown as ThreatModelDocument['system'],
      components,
      boundaries: sections.boundaries.filter((x) => this.owns('boundaries', x)) as never,
      data: sections.data.filter((x) => this.owns('data', x)) as never,
      providers: sections.providers.filter((x) => this.owns('providers', x)) as never,
      flows,
      rag: sections.rag.filter((x) => this.owns('rag', x)) as never,
      controls: sections.controls.filter((x) => this.owns('controls', x)) as never,
      tracking: isObj(doc.tracking) ? (Object.entries(doc.tracking).filter(([, v]) => isObj(v)) as never) : [],
      suppressions: list(doc.suppressions).filter((s) => typeof s.rule === 'string' && typeof s.justification === 'string') as never,
      analysis: (isObj(doc.analysis) ? doc.analysis : {}) as never,
      links: this.links,
      locations: this.locations,
      rangeAt: (path) => this.rangeAt(path as Segment[]),
    });
    return { model, problems: this.problems };
  }

  // ------------------------------------------------------------------ ids

  private declare(section: Section, items: Obj[]): void {
    items.forEach((item, index) => {
      const id = item.id;
      if (typeof id !== 'string') return;
      const first = this.declared.get(id);
      if (first) {
        const firstRef = this.locations.get(id)!;
        this.report('TM-ID-DUPLICATE', `duplicate id '${id}': already used by ${ownerName(this.clean, [first.section, first.index])}; ids must be unique across the model`,
          this.rangeAt([section, index, 'id']) ?? this.itemRange(section, index), 'error',
          [{ file: this.input.file, range: firstRef.idRange, message: `'${id}' first declared here` }]);
        return;
      }
      this.declared.set(id, { section, index, kind: typeof item.kind === 'string' ? item.kind : undefined });
      const range = this.itemRange(section, index);
      this.locations.set(id, { file: this.input.file, range, idRange: this.rangeAt([section, index, 'id']) ?? range });
    });
  }

  /** True when this object is the one registered for its id (not a duplicate, not invalid). */
  private owns(section: Section, item: Obj): boolean {
    const d = typeof item.id === 'string' ? this.declared.get(item.id) : undefined;
    if (d === undefined || d.section !== section || this.lists.get(section)![d.index] !== item) return false;
    if (this.input.incomplete.has(`/${section}/${d.index}`)) return false;
    return section !== 'components' || typeof item.kind === 'string';
  }

  private flows(items: Obj[]): Array<Flow & { id: string; data: string[] }> {
    const out: Array<Flow & { id: string; data: string[] }> = [];
    const derived = new Map<string, number>();
    items.forEach((f, i) => {
      const owner = () => ownerName(this.clean, ['flows', i]);
      const fromOk = this.ref(['flows', i, 'from'], f.from, T.component, owner);
      const toOk = this.ref(['flows', i, 'to'], f.to, T.component, owner);
      const data = strings(f.data).filter((d, k) => this.ref(['flows', i, 'data', k], d, T.data, owner));
      if (typeof f.from !== 'string' || typeof f.to !== 'string') return;
      if (f.from === f.to) {
        this.report('TM-FLOW-SELF', `${owner()} goes from '${f.from}' to itself; a flow joins two different components`, this.rangeAt(['flows', i, 'to']) ?? this.itemRange('flows', i));
        return;
      }
      let id: string;
      if (typeof f.id === 'string') {
        if (this.declared.has(f.id)) {
          const first = this.declared.get(f.id)!;
          this.report('TM-ID-DUPLICATE', `duplicate id '${f.id}': already used by ${ownerName(this.clean, [first.section, first.index])}; ids must be unique across the model`,
            this.rangeAt(['flows', i, 'id']) ?? this.itemRange('flows', i), 'error',
            [{ file: this.input.file, range: this.locations.get(f.id)!.idRange, message: `'${f.id}' first declared here` }]);
          return;
        }
        id = f.id;
      } else {
        id = `${f.from}->${f.to}`;
        const prev = derived.get(id);
        if (prev !== undefined || this.declared.has(id)) {
          this.report('TM-FLOW-ID-AMBIGUOUS', `a second flow from '${f.from}' to '${f.to}': give each of them an 'id' so findings and tracking can tell them apart`, this.itemRange('flows', i, true));
          return;
        }
        derived.set(id, i);
      }
      this.declared.set(id, { section: 'flows', index: i });
      const range = this.itemRange('flows', i);
      this.locations.set(id, { file: this.input.file, range, idRange: this.rangeAt(['flows', i, 'id']) ?? this.rangeAt(['flows', i, 'from']) ?? range });
      if (fromOk && toOk) out.push({ ...(f as unknown as Flow), id, data });
    });
    return out;
  }

  // ------------------------------------------------------------------ references

  /** Checks one reference; returns true when it resolves to the right kind of element. */
  private ref(path: Segment[], value: unknown, target: Target, owner: Owner): boolean {
    if (typeof value !== 'string') return false;
    const d = this.declared.get(value);
    // Where and what, worked out only for a problem: most references resolve.
    const range = () => this.rangeAt(path) ?? this.itemRange(path[0] as Section, path[1] as number, true);
    const prop = () => String(path.filter((s) => typeof s === 'string').slice(-1)[0] ?? '');
    if (!d || d.section === 'flows') {
      const guess = this.suggest(value, () => [...this.declared].filter(([, v]) => v.section === target.section && (!target.kinds || target.kinds.includes(v.kind as ComponentKind))).map(([k]) => k));
      const at = range();
      this.report('TM-REF-UNKNOWN', `${ownerText(owner)} refers to unknown ${target.noun} '${truncate(value)}' in '${prop()}'${guess ? ` (did you mean '${guess}'?)` : ''}`, at, 'error', undefined,
        guess ? { text: guess, range: at } : undefined);
      return false;
    }
    // The element exists but failed the schema (its kind or a required property): that problem is already
    // reported, so the reference is not reported again; it just stays out of the graph.
    if (this.input.incomplete.has(`/${d.section}/${d.index}`) || (d.section === 'components' && d.kind === undefined)) return false;
    if (d.section !== target.section || (target.kinds && !target.kinds.includes(d.kind as ComponentKind))) {
      const what = d.section === 'components' ? `a ${d.kind ?? 'component'}` : `a ${SECTION_NOUN[d.section]}`;
      this.report('TM-REF-WRONG-KIND', `${ownerText(owner)}: '${prop()}' must name a ${target.noun}, but '${value}' is ${what}`, range(), 'error',
        [{ file: this.input.file, range: this.locations.get(value)!.idRange, message: `'${value}' is declared here` }]);
      return false;
    }
    return true;
  }

  private anyRefs(path: Segment[], value: unknown, owner: string): void {
    strings(value).forEach((id, k) => {
      if (this.declared.has(id)) return;
      const guess = this.suggest(id, () => this.declared.keys());
      const range = this.rangeAt([...path, k]) ?? this.itemRange(path[0] as Section, path[1] as number, true);
      this.report('TM-REF-UNKNOWN', `${owner} refers to unknown element '${truncate(id)}'${guess ? ` (did you mean '${guess}'?)` : ''}`, range, 'error', undefined,
        guess ? { text: guess, range } : undefined);
    });
  }

  private componentRefs(c: Obj, i: number): void {
    if (typeof c.id !== 'string' || typeof c.kind !== 'string') return;
    const owns = this.owns('components', c);
    const owner = () => ownerName(this.clean, ['components', i]);
    for (const spec of [...COMPONENT_REFS['*']!, ...(COMPONENT_REFS[c.kind] ?? [])]) {
      const raw = c[spec.prop];
      const values: Array<[unknown, Segment[]]> = spec.many
        ? list(raw === undefined ? [] : raw).length > 0 || Array.isArray(raw)
          ? (Array.isArray(raw) ? raw : []).map((v, k) => spec.sub ? [isObj(v) ? v[spec.sub] : undefined, ['components', i, spec.prop, k, spec.sub]] : [v, ['components', i, spec.prop, k]])
          : []
        : [[raw, ['components', i, spec.prop]]];
      for (const [value, path] of values) {
        if (value === undefined) continue;
        if (this.ref(path, value, spec.target, owner) && spec.link && owns) {
          const other = value as string;
          this.links.push(spec.reverse ? { kind: spec.link, from: other, to: c.id } : { kind: spec.link, from: c.id, to: other });
        }
      }
    }
  }

  private ragRefs(p: Obj, i: number): void {
    const owner = () => ownerName(this.clean, ['rag', i]);
    const ok: Record<string, string[]> = {};
    for (const spec of RAG_REFS) {
      const values = spec.many ? strings(p[spec.prop]) : typeof p[spec.prop] === 'string' ? [p[spec.prop] as string] : [];
      ok[spec.prop] = values.filter((v, k) => this.ref(spec.many ? ['rag', i, spec.prop, k] : ['rag', i, spec.prop], v, spec.target, owner));
    }
    if (!this.owns('rag', p)) return;
    const [store] = ok.store ?? [];
    const [ingestion] = ok.ingestion ?? [];
    const [retriever] = ok.retriever ?? [];
    for (const s of ok.sources ?? []) if (ingestion) this.links.push({ kind: 'source', from: s, to: ingestion });
    if (ingestion && store) this.links.push({ kind: 'rag-ingest', from: ingestion, to: store });
    if (store && retriever) this.links.push({ kind: 'rag-retrieve', from: store, to: retriever });
    for (const c of ok.consumers ?? []) this.links.push({ kind: 'rag-consume', from: retriever ?? store ?? c, to: c });
    // A pipeline without ingestion still moves content from its sources into the store.
    if (!ingestion && store) for (const s of ok.sources ?? []) this.links.push({ kind: 'rag-ingest', from: s, to: store });
  }

  // ------------------------------------------------------------------ structure

  private boundaryCycles(boundaries: Obj[]): void {
    const parent = new Map<string, string>();
    for (const b of boundaries) if (this.owns('boundaries', b) && typeof b.parent === 'string' && this.declared.get(b.parent)?.section === 'boundaries') parent.set(b.id as string, b.parent);
    const reported = new Set<string>();
    // Boundaries already walked: each is visited once, so a 10,000-deep chain costs 10,000 steps, not 50 million.
    const walked = new Set<string>();
    for (const start of [...parent.keys()].sort()) {
      const path: string[] = [];
      const onPath = new Set<string>();
      let cur: string | undefined = start;
      while (cur !== undefined && !onPath.has(cur) && !reported.has(cur) && !walked.has(cur)) {
        onPath.add(cur);
        path.push(cur);
        cur = parent.get(cur);
      }
      for (const id of path) walked.add(id);
      if (cur === undefined || reported.has(cur) || !onPath.has(cur)) continue;
      const cycle = path.slice(path.indexOf(cur));
      for (const id of cycle) {
        reported.add(id);
        const d = this.declared.get(id)!;
        this.report('TM-BOUNDARY-CYCLE', `boundary '${id}' is inside itself: ${[...cycle, cycle[0]].join(' → ')}; boundaries must nest as a tree`,
          this.rangeAt(['boundaries', d.index, 'parent']) ?? this.itemRange('boundaries', d.index, true));
      }
    }
  }

  private agentsWithoutModel(components: Obj[]): void {
    components.forEach((c, i) => {
      if (c.kind === 'agent' && this.owns('components', c) && c.model === undefined && !this.input.invalidPaths.has(`/components/${i}/model`)) {
        this.report('TM-AGENT-NO-MODEL', `agent '${String(c.id)}' has no 'model': say which model endpoint it reasons with, so threats to and from the model can be found`,
          this.rangeAt(['components', i, 'id']) ?? this.itemRange('components', i, true));
      }
    });
  }

  private unusedTools(components: Obj[]): void {
    const used = new Set<string>();
    const viaServer = new Map<string, string[]>();
    for (const c of components) if (c.kind === 'mcp-server') viaServer.set(String(c.id), strings(c.tools));
    for (const c of components) {
      // A component whose kind failed the schema may well be the agent: don't report its tools as unused too.
      if (c.kind !== 'agent' && c.kind !== undefined) continue;
      for (const t of strings(c.tools)) {
        used.add(t);
        for (const x of viaServer.get(t) ?? []) used.add(x);
        // A misspelt reference is already reported with its did-you-mean; the tool it meant is not unused.
        if (!this.declared.has(t)) {
          const meant = this.suggest(t, () => components.filter((x) => x.kind === 'tool' || x.kind === 'mcp-server').map((x) => String(x.id)));
          if (meant) {
            used.add(meant);
            for (const x of viaServer.get(meant) ?? []) used.add(x);
          }
        }
      }
    }
    components.forEach((c, i) => {
      if (c.kind === 'tool' && this.owns('components', c) && !used.has(c.id as string)) {
        this.report('TM-TOOL-UNUSED', `tool '${String(c.id)}' is not used by any agent (list it in an agent's 'tools', directly or through an MCP server's 'tools')`,
          this.rangeAt(['components', i, 'id']) ?? this.itemRange('components', i, true), 'warning');
      }
    });
  }

  private trackingLocations(tracking: unknown): void {
    const node = this.input.doc.getIn(['tracking'], true);
    if (!isMap(node) || !isObj(tracking)) return;
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const keyRange = this.nodeRange(pair.key as Node);
      const r = (pair.value as Node | null)?.range;
      const range = r ? { start: keyRange.start, end: toRange(this.input.lineCounter, r[0], r[1]).end } : keyRange;
      this.locations.set(key, { file: this.input.file, range, idRange: keyRange });
    }
  }

  // ------------------------------------------------------------------ positions and reporting

  private rangeAt(path: Segment[]): Range | undefined {
    const n = this.input.doc.getIn(path, true) as Node | undefined;
    return n && typeof n === 'object' && 'range' in n && n.range ? this.nodeRange(n) : undefined;
  }

  private nodeRange(n: Node): Range {
    const r = n.range ?? [0, 0, 0];
    return toRange(this.input.lineCounter, r[0], r[1]);
  }

  /** The range of a list item; `firstLine` clips it to its first line (for messages about the whole item). */
  private itemRange(section: Section, index: number, firstLine = false): Range {
    const r = this.rangeAt([section, index]) ?? this.rangeAt([section]) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    if (firstLine && r.end.line > r.start.line) return { start: r.start, end: { line: r.start.line, character: r.start.character + 1 } };
    return r;
  }

  /**
   * A did-you-mean for an unknown id, for the first MAX_SUGGESTIONS unknown references only: each costs an edit
   * distance against every declared id, and 6,000 bad references in a 6,000-id model took 100 s (audit D7).
   */
  private suggest(word: string, candidates: () => Iterable<string>): string | undefined {
    if (this.suggestions >= MAX_SUGGESTIONS) return undefined;
    this.suggestions++;
    return closest(word, candidates());
  }

  private suggestions = 0;

  private report(code: string, message: string, range: Range, severity: Problem['severity'] = 'error', related?: RelatedLocation[], suggestion?: Problem['suggestion']): void {
    this.problems.push({ code, severity, message, file: this.input.file, range, ...(related ? { related } : {}), ...(suggestion ? { suggestion } : {}) });
  }
}

const SECTION_NOUN: Record<Section, string> = {
  boundaries: 'boundary', data: 'data asset', providers: 'provider', components: 'component', rag: 'RAG pipeline',
  controls: 'control', flows: 'flow',
};

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function list(v: unknown): Obj[] {
  return Array.isArray(v) ? v.map((x) => (isObj(x) ? x : {})) : [];
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function truncate(s: string, n = 60): string {
  const clean = s.replace(/[\r\n\t]/g, ' ');
  return clean.length > n ? `${clean.slice(0, n)}…` : clean;
}

/**
 * A deep copy without the values that failed the schema and without keys that could touch prototypes.
 * Depth is already bounded by the parser, so recursion is safe here.
 */
function sanitize(v: unknown, pointer: string, invalid: Set<string>): unknown {
  if (invalid.size === 0) return sanitizeValid(v);
  if (invalid.has(pointer) && pointer !== '') return undefined;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    v.forEach((x, i) => {
      const p = `${pointer}/${i}`;
      // An invalid list item keeps its place (as an empty item) so indexes still match the YAML.
      out.push(invalid.has(p) ? {} : sanitize(x, p, invalid));
    });
    return out;
  }
  if (isObj(v)) {
    const out: Obj = {};
    for (const k of Object.keys(v).sort(cmp)) {
      if (DANGEROUS_KEYS.has(k)) continue;
      const p = `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (invalid.has(p)) continue;
      const x = sanitize(v[k], p, invalid);
      if (x !== undefined) out[k] = x;
    }
    return out;
  }
  return v;
}

/** `sanitize` for a model with no invalid parts (the usual case): no JSON pointers to build. */
function sanitizeValid(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => sanitizeValid(x));
  if (isObj(v)) {
    const out: Obj = {};
    for (const k of Object.keys(v).sort(cmp)) {
      if (DANGEROUS_KEYS.has(k)) continue;
      const x = sanitizeValid(v[k]);
      if (x !== undefined) out[k] = x;
    }
    return out;
  }
  return v;
}
