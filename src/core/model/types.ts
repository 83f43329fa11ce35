/**
 * The model format v1, as TypeScript: what a `*.threatmodel.yaml` file says after it passed the schema.
 * `schemas/threatmodel.schema.json` is the contract (ajv validates against it); these types mirror it,
 * and a unit test checks that every kind and property named here exists in the schema.
 * Property names are camelCase; enum values are kebab-case.
 */

export type Criticality = 'low' | 'medium' | 'high' | 'critical';
export type Tenancy = 'single-tenant' | 'multi-tenant';
export type Exposure = 'internal' | 'partner' | 'internet';
export type Classification = 'public' | 'internal' | 'confidential' | 'restricted' | 'secret';

export const CLASSIFICATIONS: readonly Classification[] = ['public', 'internal', 'confidential', 'restricted', 'secret'];

export type DataCategory =
  | 'personal-data'
  | 'sensitive-personal-data'
  | 'credentials'
  | 'prompts'
  | 'completions'
  | 'system-prompt'
  | 'embeddings'
  | 'documents'
  | 'training-data'
  | 'model-weights'
  | 'source-code'
  | 'financial'
  | 'health'
  | 'logs'
  | 'telemetry'
  | 'business';

export type BoundaryKind = 'internet' | 'network' | 'cloud-account' | 'cluster' | 'container' | 'third-party' | 'device';

export type ComponentKind =
  | 'user'
  | 'client'
  | 'service'
  | 'api-gateway'
  | 'queue'
  | 'datastore'
  | 'log-store'
  | 'secret-store'
  | 'external-service'
  | 'model-endpoint'
  | 'agent'
  | 'tool'
  | 'mcp-server'
  | 'retriever'
  | 'vector-store'
  | 'memory'
  | 'ingestion-pipeline'
  | 'dataset'
  | 'training-pipeline'
  | 'model-registry'
  | 'model-artifact'
  | 'guardrail'
  | 'cache';

export const COMPONENT_KINDS: readonly ComponentKind[] = [
  'user', 'client', 'service', 'api-gateway', 'queue', 'datastore', 'log-store', 'secret-store', 'external-service',
  'model-endpoint', 'agent', 'tool', 'mcp-server', 'retriever', 'vector-store', 'memory', 'ingestion-pipeline',
  'dataset', 'training-pipeline', 'model-registry', 'model-artifact', 'guardrail', 'cache',
];

export type Authentication = 'none' | 'api-key' | 'oauth' | 'oidc' | 'mtls' | 'iam' | 'session' | 'unknown';
/** How far content from a source is trusted. */
export type Trust = 'untrusted' | 'partially-trusted' | 'trusted';
/** `deploy`: changes what runs in production (a release, a rollback, infrastructure); `execute`: runs caller-chosen code. */
export type ToolEffect = 'read' | 'write' | 'delete' | 'send' | 'execute' | 'payment' | 'deploy' | 'network-egress';
export type Autonomy = 'suggest-only' | 'human-in-the-loop' | 'supervised' | 'autonomous';
export type AgentIdentity = 'user-delegated' | 'service-account' | 'shared-admin' | 'none';
export type AgentTrigger = 'user' | 'schedule' | 'event' | 'email' | 'webhook' | 'agent';
export type CredentialScope = 'none' | 'user' | 'least-privilege' | 'broad' | 'admin';
export type Sandbox = 'none' | 'process' | 'container' | 'gvisor' | 'vm' | 'wasm';
export type Origin = 'first-party' | 'third-party';
/** Where a component keeps the credentials it uses. */
export type CredentialStorage = 'secret-store' | 'environment' | 'config-file' | 'source-code' | 'model-context';
/** What a component pulls from outside at build or run time. */
export type ExternalDependency = 'ai-libraries' | 'container-image' | 'prompt-templates' | 'agent-config';
/** How people review an agent's actions when not by approving each call. */
export type HumanReview = 'per-action' | 'review-queue' | 'threshold' | 'sampling';
export type TenantIsolation = 'none' | 'metadata-filter' | 'namespace' | 'separate-index' | 'separate-store';
export type RetrievalAccessControl = 'none' | 'tenant-filter' | 'document-acl';
export type MemoryScope = 'session' | 'user' | 'tenant' | 'global';
export type Persistence = 'ephemeral' | 'persistent';
export type ArtifactFormat = 'safetensors' | 'gguf' | 'onnx' | 'pickle' | 'pytorch' | 'joblib' | 'keras' | 'tensorflow' | 'other';
export type ArtifactSource = 'internal' | 'public-hub' | 'vendor';
export type DatasetOrigin = 'internal' | 'licensed' | 'public' | 'user-generated' | 'scraped' | 'synthetic';
export type TrainingKind = 'pretraining' | 'fine-tuning' | 'rlhf' | 'distillation' | 'embedding';
export type GuardrailCheck =
  | 'prompt-injection' | 'jailbreak' | 'pii' | 'secrets' | 'toxicity' | 'topic' | 'output-schema' | 'grounding' | 'url-filter';
export type ProviderKind = 'model-vendor' | 'cloud' | 'saas' | 'api-vendor' | 'data-vendor';
export type ProviderHosting = 'multi-tenant-saas' | 'dedicated' | 'customer-cloud' | 'self-hosted' | 'on-device';
export type DataRetention = 'none' | 'transient' | 'limited' | 'indefinite' | 'unknown';
export type TrackingStatus = 'open' | 'in-progress' | 'mitigated' | 'accepted' | 'transferred' | 'false-positive';
export type ControlStatus = 'implemented' | 'partial' | 'planned';

export interface SystemInfo {
  name: string;
  description?: string;
  owner?: string;
  criticality?: Criticality;
  tenancy?: Tenancy;
  exposure?: Exposure;
}

export interface TrustBoundary {
  id: string;
  name?: string;
  kind: BoundaryKind;
  /** Id of the enclosing boundary: boundaries nest. */
  parent?: string;
  description?: string;
}

export interface DataAsset {
  id: string;
  name?: string;
  classification: Classification;
  categories?: DataCategory[];
  description?: string;
}

export interface Provider {
  id: string;
  name?: string;
  kind?: ProviderKind;
  hosting?: ProviderHosting;
  dataRetention?: DataRetention;
  /** Whether the vendor may train its models on the customer's prompts and data. */
  trainsOnCustomerData?: boolean;
  region?: string;
  /** A data-processing agreement is in place. */
  dataProcessingAgreement?: boolean;
  description?: string;
}

/** A source an ingestion pipeline reads, and how far its content is trusted. */
export interface IngestionSource {
  /** Component id (external service, datastore, client ...). */
  component: string;
  trust: Trust;
}

/** Properties every component may have. Kind-specific properties follow in the union below. */
export interface ComponentBase {
  id: string;
  name?: string;
  kind: ComponentKind;
  /** Id of the innermost trust boundary the component runs in. */
  boundary?: string;
  description?: string;
  owner?: string;
  tags?: string[];
  /** How callers authenticate to this component. */
  authentication?: Authentication;
  /** Data assets stored at rest in this component. */
  stores?: string[];
  /** Provider that operates this component (for vendor-hosted parts). */
  provider?: string;
  /** Data at rest is encrypted. */
  encryptedAtRest?: boolean;
}

export interface UserComponent extends ComponentBase { kind: 'user'; trust?: Trust }
export interface ClientComponent extends ComponentBase {
  kind: 'client';
  platform?: 'web' | 'mobile' | 'desktop' | 'cli' | 'ide' | 'chat';
  /** How model output is shown; a `web`/`chat` client that says nothing is taken to render markdown. */
  rendersOutputAs?: Array<'html' | 'markdown' | 'text'>;
}
export interface ServiceComponent extends ComponentBase {
  kind: 'service';
  /** Where the service renders model output (browser HTML, markdown, SQL, shell ...): a downstream interpreter. */
  rendersOutputAs?: Array<'html' | 'markdown' | 'sql' | 'shell' | 'code' | 'email' | 'url' | 'file-path' | 'graphql' | 'search-query' | 'template'>;
  rateLimited?: boolean;
  /** Where code the service evaluates runs. */
  sandbox?: Sandbox;
  /** Code or queries run for a model are bounded in time, memory and CPU. */
  resourceLimits?: boolean;
  credentialStorage?: CredentialStorage;
  dependencies?: ExternalDependency[];
  /** Every dependency is pinned to a version and verified. */
  dependenciesPinned?: boolean;
  /** Chooses per request which model or provider answers (an LLM gateway or router). */
  modelRouting?: boolean;
  /** The routing configuration changes only through review and is integrity-checked. */
  routingConfigProtected?: boolean;
}
export interface ApiGatewayComponent extends ComponentBase {
  kind: 'api-gateway';
  rateLimited?: boolean;
  quotas?: boolean;
  modelRouting?: boolean;
  routingConfigProtected?: boolean;
}
export interface QueueComponent extends ComponentBase { kind: 'queue' }
/** `erasure`: deletion requests for a person's data reach the store, derived copies included. */
export interface DatastoreComponent extends ComponentBase { kind: 'datastore'; tenantIsolation?: TenantIsolation; erasure?: boolean }
export interface LogStoreComponent extends ComponentBase {
  kind: 'log-store';
  /** Days logs are kept; absent means no retention limit is set. */
  retentionDays?: number;
  /** Prompts and completions are redacted (PII, secrets) before they are written. */
  redaction?: boolean;
  erasure?: boolean;
  /** Append-only: whoever writes an entry cannot change or delete it later. */
  immutable?: boolean;
}
export interface SecretStoreComponent extends ComponentBase { kind: 'secret-store' }
export interface ExternalServiceComponent extends ComponentBase {
  kind: 'external-service';
  /** How far content returned by this service is trusted (a public web page is untrusted). */
  contentTrust?: Trust;
}
export interface ModelEndpointComponent extends ComponentBase {
  kind: 'model-endpoint';
  /** Model name and version, e.g. `gpt-4.1-2025-04-14`. */
  model?: string;
  /** What the model produces; `generation` when absent. Embedding models produce vectors, not text to act on. */
  task?: 'generation' | 'embedding' | 'classification' | 'reranking';
  hosting?: 'provider-hosted' | 'self-hosted';
  /** Data assets placed in the system prompt. */
  systemPromptContains?: string[];
  /** The endpoint returns log-probabilities or logits to callers. */
  exposesLogprobs?: boolean;
  rateLimited?: boolean;
  /** Caller-visible output tokens are capped. */
  maxOutputTokens?: number;
  /** The model artifact served (self-hosted). */
  artifact?: string;
  /** The model's output is constrained to a schema (JSON mode, function calling) before use. */
  structuredOutput?: boolean;
  /** `model` names a dated or hashed version, not a movable alias. */
  versionPinned?: boolean;
  /** Where adapters loaded at run time come from; absent: none are loaded. */
  adapterSources?: Array<'internal' | 'vendor' | 'public-hub' | 'end-users'>;
  /** Runtime adapters are scanned, evaluated and verified before loading. */
  adaptersVerified?: boolean;
  /** A self-hosted endpoint shares accelerators with other tenants' or less trusted workloads. */
  sharedAccelerator?: boolean;
}
export interface AgentComponent extends ComponentBase {
  kind: 'agent';
  /** The model endpoint the agent reasons with. */
  model?: string;
  /** Tools and MCP servers the agent may call. */
  tools?: string[];
  /** Memory components the agent reads and writes. */
  memory?: string[];
  autonomy?: Autonomy;
  /** The identity the agent acts with towards tools and downstream systems. */
  identity?: AgentIdentity;
  triggers?: AgentTrigger[];
  /** Agents this agent delegates tasks to. */
  delegatesTo?: string[];
  /** Upper bound on reasoning/tool-call iterations per task. */
  maxIterations?: number;
  /** Actions are logged with enough detail to reconstruct what the agent did and why. */
  auditLogged?: boolean;
  humanReview?: HumanReview;
  credentialStorage?: CredentialStorage;
  dependencies?: ExternalDependency[];
  dependenciesPinned?: boolean;
  /** Who can change the agent's configuration (prompt, rules, tool and MCP list, auto-approve) while it runs. */
  configWritableBy?: Array<'agent' | 'other-agents' | 'end-users' | 'operators'>;
  /** Listed in the organisation's agent inventory with an owner and a review date. */
  registered?: boolean;
  /** Who deploys agents like this one. */
  createdBy?: 'operators' | 'end-users';
  /** Operators can halt every instance and revoke its credentials at once; behaviour is monitored. */
  killSwitch?: boolean;
}
export interface ToolComponent extends ComponentBase {
  kind: 'tool';
  effects?: ToolEffect[];
  /** A human approves each call with a write, delete, send, execute, payment or deploy effect before it runs. */
  approvalRequired?: boolean;
  credentialScope?: CredentialScope;
  sandbox?: Sandbox;
  origin?: Origin;
  /** Destinations the tool may reach are restricted to an allow-list (for network egress or fetch tools). */
  egressAllowlist?: boolean;
  /** Arguments are validated against a schema before execution. */
  inputValidation?: boolean;
  /** Runs are bounded in time, memory and CPU. */
  resourceLimits?: boolean;
}
export interface McpServerComponent extends ComponentBase {
  kind: 'mcp-server';
  transport?: 'stdio' | 'streamable-http' | 'sse';
  origin?: Origin;
  /** The server's package or image is pinned to a version and hash. */
  pinned?: boolean;
  /** Tools the server exposes. */
  tools?: string[];
  /** Listed in the organisation's MCP server inventory. */
  registered?: boolean;
  /** Still maintained and in use; `false` for a server left running after its project ended. */
  maintained?: boolean;
}
export interface RetrieverComponent extends ComponentBase {
  kind: 'retriever';
  /** The vector store (or datastore) it queries. */
  store?: string;
  accessControl?: RetrievalAccessControl;
  topK?: number;
}
export interface VectorStoreComponent extends ComponentBase { kind: 'vector-store'; tenantIsolation?: TenantIsolation; erasure?: boolean }
export interface MemoryComponent extends ComponentBase {
  kind: 'memory';
  scope?: MemoryScope;
  persistence?: Persistence;
  /** Writes are validated or attributed before they are stored. */
  writeValidation?: boolean;
  erasure?: boolean;
  /** The agents that use it only read it (it is curated elsewhere): no information flows from them into it. */
  readOnly?: boolean;
  /** The client keeps the conversation history and sends it back with each request. */
  heldByClient?: boolean;
}
export interface IngestionPipelineComponent extends ComponentBase {
  kind: 'ingestion-pipeline';
  sources?: IngestionSource[];
  /** Content is sanitised (hidden text, markup, instructions stripped or flagged) before indexing. */
  sanitization?: boolean;
  dependencies?: ExternalDependency[];
  dependenciesPinned?: boolean;
}
export interface DatasetComponent extends ComponentBase {
  kind: 'dataset';
  origin?: DatasetOrigin;
  /** Provenance is recorded and checked (hashes, lineage). */
  provenanceTracked?: boolean;
  /** Data assets the dataset contains. */
  contains?: string[];
  /** Used for training, or as an evaluation / release-gate set. */
  purpose?: Array<'training' | 'evaluation'>;
}
export interface TrainingPipelineComponent extends ComponentBase {
  kind: 'training-pipeline';
  training?: TrainingKind;
  datasets?: string[];
  /** The base model artifact the pipeline starts from. */
  baseModel?: string;
  /** The model artifact it produces. */
  produces?: string;
  /** Training runs isolated from production networks and credentials. */
  isolated?: boolean;
  dependencies?: ExternalDependency[];
  dependenciesPinned?: boolean;
  /** Federated or distributed across parties that send model updates to an aggregator. */
  federated?: boolean;
  /** Federated updates use secure aggregation and differential privacy. */
  secureAggregation?: boolean;
}
export interface ModelRegistryComponent extends ComponentBase {
  kind: 'model-registry';
  /** Artifacts must be signed to be promoted or served. */
  requiresSigning?: boolean;
}
export interface ModelArtifactComponent extends ComponentBase {
  kind: 'model-artifact';
  format?: ArtifactFormat;
  signed?: boolean;
  source?: ArtifactSource;
  /** The artifact is referenced by a content hash, not a mutable tag. */
  pinnedHash?: boolean;
  registry?: string;
}
export interface GuardrailComponent extends ComponentBase {
  kind: 'guardrail';
  checks?: GuardrailCheck[];
  mode?: 'block' | 'flag';
  /** Components whose input or output the guardrail screens. */
  protects?: string[];
  /** On error, timeout or overload: block the request (`fail-closed`) or let it through (`fail-open`). */
  failureMode?: 'fail-closed' | 'fail-open';
}
export interface CacheComponent extends ComponentBase {
  kind: 'cache';
  cacheKind?: 'exact' | 'semantic';
  scope?: 'user' | 'tenant' | 'global';
  erasure?: boolean;
}

export type Component =
  | UserComponent | ClientComponent | ServiceComponent | ApiGatewayComponent | QueueComponent | DatastoreComponent
  | LogStoreComponent | SecretStoreComponent | ExternalServiceComponent | ModelEndpointComponent | AgentComponent
  | ToolComponent | McpServerComponent | RetrieverComponent | VectorStoreComponent | MemoryComponent
  | IngestionPipelineComponent | DatasetComponent | TrainingPipelineComponent | ModelRegistryComponent
  | ModelArtifactComponent | GuardrailComponent | CacheComponent;

export interface RagPipeline {
  id: string;
  name?: string;
  /** Components the content comes from. */
  sources?: string[];
  ingestion?: string;
  store: string;
  retriever?: string;
  /** Model endpoints or agents that consume retrieved content. */
  consumers?: string[];
  accessControl?: RetrievalAccessControl;
  description?: string;
}

export interface Flow {
  /** Optional; defaults to `from->to`. Give one when two flows join the same pair. */
  id?: string;
  from: string;
  to: string;
  data?: string[];
  protocol?: string;
  encrypted?: boolean;
  authenticated?: boolean;
  description?: string;
}

export interface Control {
  id: string;
  name?: string;
  /** Catalog mitigation ids this control implements. */
  implements: string[];
  /** Element ids the control covers; absent means the whole system. */
  covers?: string[];
  status?: ControlStatus;
  description?: string;
}

export interface TrackingEntry {
  status: TrackingStatus;
  owner?: string;
  /** ISO date `YYYY-MM-DD`. */
  due?: string;
  ticket?: string;
  justification?: string;
  reviewedBy?: string;
  /** ISO date `YYYY-MM-DD`. */
  reviewedOn?: string;
}

/** A finding silenced on purpose; it stays visible as suppressed. */
export interface Suppression {
  rule: string;
  /** Element ids; absent means every element the rule fires on. */
  elements?: string[];
  justification: string;
}

export interface AnalysisSettings {
  /** Further catalog files or folders, relative to the model file, layered over the built-in catalog. */
  catalogs?: string[];
  /** Rule ids switched off for this model. */
  disable?: string[];
  /** Per-rule severity overrides. */
  severity?: Record<string, 'low' | 'medium' | 'high' | 'critical'>;
}

/** The whole document. */
export interface ThreatModelDocument {
  threatmodel: 1;
  system: SystemInfo;
  boundaries?: TrustBoundary[];
  data?: DataAsset[];
  providers?: Provider[];
  components?: Component[];
  rag?: RagPipeline[];
  flows?: Flow[];
  controls?: Control[];
  /** Risk tracking keyed by finding id (`RULE-ID@element-id`). */
  tracking?: Record<string, TrackingEntry>;
  suppressions?: Suppression[];
  analysis?: AnalysisSettings;
}
