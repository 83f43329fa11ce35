/**
 * The ResolvedModel implementation: indexes built once, queries answered from them.
 * Construction is linear in the size of the model; every list it returns is sorted.
 */
import type { Range } from '../problem';
import { cmp } from '../problem';
import type { InfoEdge, Link, LinkKind, ResolvedFlow, ResolvedModel, SourceRef } from './graph';
import type {
  AnalysisSettings, Component, Control, DataAsset, Provider, RagPipeline, Suppression, SystemInfo, ThreatModelDocument,
  TrackingEntry, TrustBoundary,
} from './types';

export interface GraphParts {
  file: string;
  document: ThreatModelDocument;
  system: SystemInfo;
  components: Component[];
  boundaries: TrustBoundary[];
  data: DataAsset[];
  providers: Provider[];
  flows: Omit<ResolvedFlow, 'crossedBoundaries'>[];
  rag: RagPipeline[];
  controls: Control[];
  tracking: Array<[string, TrackingEntry]>;
  suppressions: Suppression[];
  analysis: AnalysisSettings;
  links: Link[];
  locations: Map<string, SourceRef>;
  rangeAt: (path: ReadonlyArray<string | number>) => Range | undefined;
}

/** Calls: the callee gets the request and its result goes back to that caller only. */
const CALLS: ReadonlySet<LinkKind> = new Set(['model', 'tool', 'delegates', 'exposes']);
/** Links that carry content both ways to anyone: memory is written by some and read by others. */
const TWO_WAY: ReadonlySet<LinkKind> = new Set(['memory']);
/** Links that carry no information (a guardrail screens, a provider operates). */
const NO_INFO: ReadonlySet<LinkKind> = new Set(['protects', 'provider', 'registry']);

function byId<T extends { id: string }>(items: T[]): Map<string, T> {
  return new Map([...items].sort((a, b) => cmp(a.id, b.id)).map((i) => [i.id, i]));
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

const EMPTY: readonly never[] = Object.freeze([]);

export class ModelGraph implements ResolvedModel {
  readonly file: string;
  readonly document: ThreatModelDocument;
  readonly system: SystemInfo;
  readonly components: ReadonlyMap<string, Component>;
  readonly boundaries: ReadonlyMap<string, TrustBoundary>;
  readonly data: ReadonlyMap<string, DataAsset>;
  readonly providers: ReadonlyMap<string, Provider>;
  readonly flows: readonly ResolvedFlow[];
  readonly rag: readonly RagPipeline[];
  readonly controls: readonly Control[];
  readonly tracking: ReadonlyMap<string, TrackingEntry>;
  readonly suppressions: readonly Suppression[];
  readonly analysis: AnalysisSettings;
  readonly links: readonly Link[];
  readonly edges: readonly InfoEdge[];

  private readonly locations: Map<string, SourceRef>;
  private readonly rangeAtFn: GraphParts['rangeAt'];
  private readonly out = new Map<string, ResolvedFlow[]>();
  private readonly in = new Map<string, ResolvedFlow[]>();
  private readonly linksOut = new Map<string, Link[]>();
  private readonly linksIn = new Map<string, Link[]>();
  private readonly edgesOut = new Map<string, InfoEdge[]>();
  private readonly chains = new Map<string, string[]>();
  private readonly members = new Map<string, string[]>();
  private readonly neighbourCache = new Map<string, string[]>();
  private readonly dataCache = new Map<string, string[]>();

  constructor(p: GraphParts) {
    this.file = p.file;
    this.document = p.document;
    this.system = p.system;
    this.components = byId(p.components);
    this.boundaries = byId(p.boundaries);
    this.data = byId(p.data);
    this.providers = byId(p.providers);
    this.rag = [...p.rag].sort((a, b) => cmp(a.id, b.id));
    this.controls = [...p.controls].sort((a, b) => cmp(a.id, b.id));
    this.tracking = new Map([...p.tracking].sort((a, b) => cmp(a[0], b[0])));
    this.suppressions = p.suppressions;
    this.analysis = p.analysis;
    this.locations = p.locations;
    this.rangeAtFn = p.rangeAt;

    for (const id of this.components.keys()) this.chains.set(id, this.computeChain(id));
    this.flows = p.flows
      .filter((f) => this.components.has(f.from) && this.components.has(f.to))
      .map((f) => ({ ...f, crossedBoundaries: [...this.crossedBoundaries(f.from, f.to)] }))
      .sort((a, b) => cmp(a.id, b.id));
    for (const f of this.flows) {
      push(this.out, f.from, f);
      push(this.in, f.to, f);
    }
    const endExists = (l: Link) => this.components.has(l.from) && (l.kind === 'provider' ? this.providers.has(l.to) : this.components.has(l.to));
    this.links = p.links.filter(endExists).sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.kind, b.kind));
    for (const l of this.links) {
      push(this.linksOut, l.from, l);
      push(this.linksIn, l.to, l);
    }
    const edges: InfoEdge[] = this.flows.map((f) => ({ from: f.from, to: f.to, via: `flow:${f.id}` }));
    // One `link:<kind>` string per kind, not per edge (a model may have hundreds of thousands of links).
    const vias = new Map<string, string>();
    for (const l of this.links) {
      if (NO_INFO.has(l.kind)) continue;
      let via = vias.get(l.kind);
      if (via === undefined) vias.set(l.kind, via = `link:${l.kind}`);
      if (CALLS.has(l.kind)) {
        edges.push({ from: l.from, to: l.to, via, direction: 'call' });
        edges.push({ from: l.to, to: l.from, via, direction: 'return' });
      } else {
        // A read-only memory is only read by the agents that list it: nothing flows from them into it.
        const readOnly = l.kind === 'memory' && (this.components.get(l.to) as { readOnly?: boolean } | undefined)?.readOnly === true;
        if (!readOnly) edges.push({ from: l.from, to: l.to, via });
        if (TWO_WAY.has(l.kind)) edges.push({ from: l.to, to: l.from, via });
      }
    }
    edges.sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.via, b.via));
    this.edges = edges;
    for (const e of edges) push(this.edgesOut, e.from, e);
    for (const [id] of this.components) {
      for (const b of this.chains.get(id) ?? []) push(this.members, b, id);
    }
  }

  locate(id: string): SourceRef | undefined {
    return this.locations.get(id);
  }

  rangeAt(path: ReadonlyArray<string | number>): Range | undefined {
    return this.rangeAtFn(path);
  }

  flowsOut(id: string): readonly ResolvedFlow[] {
    return this.out.get(id) ?? EMPTY;
  }

  flowsIn(id: string): readonly ResolvedFlow[] {
    return this.in.get(id) ?? EMPTY;
  }

  linksFrom(id: string, kind?: LinkKind): readonly Link[] {
    const all = this.linksOut.get(id) ?? EMPTY;
    return kind ? all.filter((l) => l.kind === kind) : all;
  }

  linksTo(id: string, kind?: LinkKind): readonly Link[] {
    const all = this.linksIn.get(id) ?? EMPTY;
    return kind ? all.filter((l) => l.kind === kind) : all;
  }

  neighbours(id: string): readonly string[] {
    let n = this.neighbourCache.get(id);
    if (!n) {
      const set = new Set<string>();
      for (const f of this.flowsOut(id)) set.add(f.to);
      for (const f of this.flowsIn(id)) set.add(f.from);
      for (const l of this.linksFrom(id)) if (l.kind !== 'provider') set.add(l.to);
      for (const l of this.linksTo(id)) set.add(l.from);
      set.delete(id);
      n = [...set].sort();
      this.neighbourCache.set(id, n);
    }
    return n;
  }

  edgesFrom(id: string): readonly InfoEdge[] {
    return this.edgesOut.get(id) ?? EMPTY;
  }

  boundaryChain(id: string): readonly string[] {
    return this.chains.get(id) ?? EMPTY;
  }

  componentsIn(boundaryId: string): readonly string[] {
    return (this.members.get(boundaryId) ?? EMPTY).slice().sort();
  }

  crossedBoundaries(fromId: string, toId: string): readonly string[] {
    const a = new Set(this.boundaryChain(fromId));
    const b = new Set(this.boundaryChain(toId));
    const crossed = [...a].filter((x) => !b.has(x)).concat([...b].filter((x) => !a.has(x)));
    return crossed.sort();
  }

  dataAt(id: string): readonly string[] {
    let d = this.dataCache.get(id);
    if (!d) {
      const set = new Set<string>();
      const c = this.components.get(id) as (Component & { stores?: string[]; systemPromptContains?: string[]; contains?: string[] }) | undefined;
      for (const x of c?.stores ?? []) set.add(x);
      for (const x of c?.systemPromptContains ?? []) set.add(x);
      for (const x of c?.contains ?? []) set.add(x);
      for (const f of this.flowsOut(id)) for (const x of f.data) set.add(x);
      for (const f of this.flowsIn(id)) for (const x of f.data) set.add(x);
      d = [...set].filter((x) => this.data.has(x)).sort();
      this.dataCache.set(id, d);
    }
    return d;
  }

  private computeChain(id: string): string[] {
    const chain: string[] = [];
    let b = this.components.get(id)?.boundary;
    const seen = new Set<string>();
    while (b !== undefined && this.boundaries.has(b) && !seen.has(b)) {
      seen.add(b);
      chain.push(b);
      b = this.boundaries.get(b)!.parent;
    }
    return chain;
  }
}
