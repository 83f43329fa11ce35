/**
 * The catalog rule format: one YAML file per rule, validated by `schemas/catalog-rule.schema.json`.
 * Rules are data. `when` is a closed, declarative condition language interpreted by `condition.ts`;
 * nothing in a rule is ever executed.
 */
import type { BoundaryKind, Classification, ComponentKind, DataCategory, GuardrailCheck } from '../model/types';
import type { LinkKind } from '../model/graph';

export type Level = 'low' | 'medium' | 'high' | 'critical';
export const LEVELS: readonly Level[] = ['low', 'medium', 'high', 'critical'];

export type Stride =
  | 'spoofing' | 'tampering' | 'repudiation' | 'information-disclosure' | 'denial-of-service' | 'elevation-of-privilege';

/** What a rule fires on: a component kind, or one of the non-component element types. */
export type Target = ComponentKind | 'flow' | 'data' | 'provider' | 'boundary' | 'rag' | 'system';

/** Framework references, each with its version in the id where the framework versions ids (e.g. `LLM01:2025`). */
export interface FrameworkRefs {
  /** OWASP Top 10 for LLM Applications, e.g. `LLM01:2025`. */
  owaspLlm?: string[];
  /** OWASP Agentic AI Threats & Mitigations, `T1`..`T17`. */
  owaspAgentic?: string[];
  /** OWASP Top 10 for Agentic Applications, `ASI01`..`ASI10`. */
  owaspAsi?: string[];
  /** MITRE ATLAS technique ids, e.g. `AML.T0051.001`. */
  atlas?: string[];
  /** CoSAI Risk Map risk ids. */
  cosai?: string[];
  /** CWE ids, e.g. `CWE-502`. */
  cwe?: string[];
}

export interface Mitigation {
  /** Stable id, `M-...`; controls in a model reference it in `implements`. */
  id: string;
  title: string;
  description?: string;
  /** MITRE ATLAS mitigation ids, e.g. `AML.M0015`. */
  atlas?: string[];
}

/**
 * Factors that raise (never lower) likelihood or impact by one level when they hold for the element.
 * Each is computed by the engine from the model and documented in docs/severity.md.
 */
export type LikelihoodFactor =
  | 'internet-exposed'       // system exposure is internet, or an untrusted user reaches the element
  | 'untrusted-input'        // content from an untrusted source can reach the element
  | 'autonomous'             // an agent acts without human approval (autonomy supervised/autonomous)
  | 'multi-tenant'           // the system is multi-tenant
  | 'third-party'            // the element is third-party (origin or provider)
  | 'no-authentication';     // authentication none/absent on the element
export type ImpactFactor =
  | 'sensitive-data'         // restricted or secret data at or reachable from the element
  | 'personal-data'          // personal data at the element
  | 'tool-effects'           // reachable tools have write/delete/send/execute/payment/deploy effects
  | 'critical-system'        // system criticality high or critical
  | 'multi-tenant'           // a failure crosses tenants
  | 'broad-credentials';     // credentials are broad or admin

export interface Scoring {
  base: Level;
  factors?: Array<LikelihoodFactor | ImpactFactor>;
}

export interface Reference {
  title: string;
  url?: string;
}

export interface Rule {
  id: string;
  title: string;
  /** Written for the element it fires on; `{{name}}`, `{{id}}` and `{{kind}}` are replaced. */
  description: string;
  stride: Stride[];
  frameworks: FrameworkRefs;
  appliesTo: Target[];
  /** Absent: the rule fires on every element of `appliesTo`. */
  when?: Condition;
  likelihood: Scoring;
  impact: Scoring;
  mitigations: Mitigation[];
  references?: Reference[];
  /** When the rule may fire wrongly, and what to do then. */
  falsePositives?: string;
  /**
   * Findings of rules in one merge group on one element are one finding (one payload, several paths): the rule
   * with the lowest `rank` (then the lower id) survives and lists the others (engine/merge.ts, docs/tracking.md).
   */
  merge?: { group: string; rank: number };
}

// ---------------------------------------------------------------- condition language

export type Scalar = string | number | boolean;

/** Link kinds a `linksTo`/`linkedFrom` condition may name (mirrors `LinkKind` in model/graph.ts). */
export type LinkKindName = LinkKind;

/**
 * A test on one property of the current element (component, flow, data asset, provider...).
 * Exactly one operator besides `property`. A missing property fails every operator except `exists: false`
 * and `notEquals`/`notIn`/`excludes` (which hold for a missing property).
 * `property` may be a dotted path; through a list of objects it collects the values (`sources.trust`).
 * `exists: true` needs a non-empty list; `atLeast`/`atMost` compare a number, or the length of a list.
 */
export interface PropertyTest {
  property: string;
  equals?: Scalar;
  notEquals?: Scalar;
  in?: Scalar[];
  notIn?: Scalar[];
  /** `true`: the property is present; `false`: it is absent. */
  exists?: boolean;
  /** List property contains this value. */
  includes?: Scalar;
  /** List property contains at least one of these. */
  includesAny?: Scalar[];
  /** List property contains none of these (holds when absent). */
  excludes?: Scalar[];
  atLeast?: number;
  atMost?: number;
}

/** Tests on data assets. All given fields must hold for one asset. */
export interface DataTest {
  /** Classification at or above this level (public < internal < confidential < restricted < secret). */
  classificationAtLeast?: Classification;
  categoriesAny?: DataCategory[];
}

/** Tests on a flow (used inside `flowsIn`/`flowsOut` and on flow targets). */
export interface FlowTest {
  /** The peer at the other end satisfies this. */
  peer?: Condition;
  encrypted?: boolean;
  authenticated?: boolean;
  crossesBoundary?: boolean;
  carries?: DataTest;
}

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  /** The element's kind is one of these. */
  | { kind: Target | Target[] }
  | PropertyTest
  /** A property test on the system block (`exposure`, `tenancy`, `criticality`). */
  | { system: PropertyTest }
  /** The element's provider (its `provider` property) exists and satisfies all these property tests. */
  | { provider: PropertyTest | { all: PropertyTest[] } | { any: PropertyTest[] } }
  /** The element sits inside a boundary of one of these kinds (at any nesting depth). */
  | { inBoundary: BoundaryKind[] }
  /** Some flow into / out of the element satisfies the test. */
  | { flowsIn: FlowTest }
  | { flowsOut: FlowTest }
  /** Some link of this kind from the element leads to an element that satisfies `to` (default: any). */
  | { linksTo: { kind: LinkKindName; to?: Condition } }
  /** Some link of this kind into the element comes from an element that satisfies `from`. */
  | { linkedFrom: { kind: LinkKindName; from?: Condition } }
  /** Some data asset the element stores, receives or sends satisfies the test. */
  | { carries: DataTest }
  /** Some element satisfying the condition can send information to this element along flows and links. */
  | { reachableFrom: Condition }
  /** This element can send information to some element satisfying the condition. */
  | { reaches: Condition }
  /** As `reachableFrom`, but every component strictly between the two ends satisfies `through`. */
  | { reachableThrough: { from: Condition; through: Condition } }
  /** As `reaches`, but every component strictly between the two ends satisfies `through`. */
  | { reachesThrough: { to: Condition; through: Condition } }
  /** Data satisfying the test can reach this element (stored or carried anywhere upstream). */
  | { dataReachable: DataTest }
  /** Named predicates computed by the engine (documented in docs/conditions.md). */
  | { is: NamedPredicate }
  /** For flow targets: the flow's source / destination satisfies the condition. */
  | { from: Condition }
  | { to: Condition }
  /** For flow targets: the flow itself satisfies the test (added to the contract by the engine owner). */
  | { flow: FlowTest }
  /** A declared guardrail with any of these checks protects the element. */
  | { guardedBy: GuardrailCheck[] }
  /** The component takes part in a RAG pipeline (store, retriever, ingestion, source, consumer) whose properties pass the test. */
  | { inRag: PropertyTest };

export type NamedPredicate =
  /** A source of content the operator does not control: untrusted users, external services with untrusted
   *  content, untrusted ingestion sources, tools with network egress, agents triggered by email/webhook. */
  | 'untrusted-source'
  /** A tool (or MCP server exposing one) with write, delete, send, execute, payment or deploy effects. */
  | 'effectful-tool'
  /** Third-party origin or operated by an external provider. */
  | 'third-party';
