/**
 * The resolved model graph: what later layers (rules, diagram, exports, editor) query.
 * Built by `resolve.ts` from a schema-checked document; every id here exists (dangling references were
 * reported as problems and dropped), and every collection is sorted by id for deterministic output.
 */
import type { Range } from '../problem';
import type {
  Component, Control, DataAsset, Flow, Provider, RagPipeline, Suppression, SystemInfo, ThreatModelDocument,
  TrackingEntry, TrustBoundary, AnalysisSettings,
} from './types';

/** Where something is declared: the file, the whole node's range and the range of its `id` value. */
export interface SourceRef {
  file: string;
  range: Range;
  /** The range of the `id` value (or of the key, for tracking entries); falls back to `range`. */
  idRange: Range;
}

export interface ResolvedFlow extends Flow {
  id: string;
  data: string[];
  /** Trust boundaries entered or left on the way from `from` to `to` (sorted). */
  crossedBoundaries: string[];
}

/**
 * Relations that properties imply (besides declared flows). Each is a directed link `from` → `to` named
 * by its property. Links point the way content moves: a caller to what it calls (`agent --tool--> tool`,
 * `agent --model--> model-endpoint`), and a supplier to its consumer (`store --store--> retriever`,
 * `source --source--> ingestion pipeline`, `dataset --dataset--> training pipeline`).
 */
export type LinkKind =
  | 'model'        // agent → model endpoint
  | 'tool'         // agent → tool or mcp-server
  | 'memory'       // agent → memory
  | 'delegates'    // agent → agent
  | 'exposes'      // mcp-server → tool
  | 'store'        // vector store / datastore → the retriever that queries it
  | 'source'       // ingestion pipeline source → ingestion pipeline
  | 'dataset'      // dataset → training pipeline
  | 'base-model'   // model artifact → training pipeline
  | 'produces'     // training pipeline → model artifact
  | 'artifact'     // model artifact → model endpoint
  | 'registry'     // model artifact → model registry
  | 'protects'     // guardrail → protected component
  | 'provider'     // component → provider
  | 'rag-ingest'   // ingestion pipeline → store (from a RAG pipeline)
  | 'rag-retrieve' // store → retriever (from a RAG pipeline)
  | 'rag-consume'; // retriever (or store) → consumer (from a RAG pipeline)

export interface Link {
  kind: LinkKind;
  from: string;
  to: string;
}

/**
 * A directed edge along which information can move, from flows and from links. Agent–tool, agent–model,
 * agent–memory, agent–agent and mcp-server–tool links move information both ways (a call and its result),
 * so they give two edges.
 */
export interface InfoEdge {
  from: string;
  to: string;
  /** `flow:<flow id>` or `link:<kind>`. */
  via: string;
  /**
   * For call links (model, tool, delegates, exposes): `call` from caller to callee, `return` for the result
   * coming back. A result returns only to its caller, so reachability does not pass from one caller of a
   * shared model or tool to another. Absent for flows and memory, which carry content to anyone.
   */
  direction?: 'call' | 'return';
}

export interface ResolvedModel {
  file: string;
  /** The parsed document (only the parts that passed validation are relied upon). */
  document: ThreatModelDocument;
  system: SystemInfo;
  components: ReadonlyMap<string, Component>;
  boundaries: ReadonlyMap<string, TrustBoundary>;
  data: ReadonlyMap<string, DataAsset>;
  providers: ReadonlyMap<string, Provider>;
  flows: readonly ResolvedFlow[];
  rag: readonly RagPipeline[];
  controls: readonly Control[];
  tracking: ReadonlyMap<string, TrackingEntry>;
  suppressions: readonly Suppression[];
  analysis: AnalysisSettings;
  links: readonly Link[];
  edges: readonly InfoEdge[];

  /** Where an element (component, boundary, data, provider, flow, rag, control id) or tracking key is declared. */
  locate(id: string): SourceRef | undefined;
  /** The range of the YAML node at a document path, e.g. `['components', 3, 'effects']`. */
  rangeAt(path: ReadonlyArray<string | number>): Range | undefined;
  flowsOut(componentId: string): readonly ResolvedFlow[];
  flowsIn(componentId: string): readonly ResolvedFlow[];
  linksFrom(componentId: string, kind?: LinkKind): readonly Link[];
  linksTo(componentId: string, kind?: LinkKind): readonly Link[];
  /** Components directly connected by a flow or link, either direction, sorted. */
  neighbours(componentId: string): readonly string[];
  /** Outgoing information edges. */
  edgesFrom(componentId: string): readonly InfoEdge[];
  /** The boundary a component is in, then its ancestors, innermost first. */
  boundaryChain(componentId: string): readonly string[];
  /** The component ids a boundary contains directly or through nested boundaries, sorted. */
  componentsIn(boundaryId: string): readonly string[];
  /** Boundaries entered or left between two components (symmetric difference of their chains), sorted. */
  crossedBoundaries(fromId: string, toId: string): readonly string[];
  /** Data asset ids a component stores, receives or sends, sorted. */
  dataAt(componentId: string): readonly string[];
}
