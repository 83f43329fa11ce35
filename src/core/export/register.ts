/**
 * The risk register: one row per finding in the NIST IR 8286 cybersecurity risk register layout
 * (ID, priority, description, category, current assessment, response, owner, status) plus the columns a
 * team tracking AI threats needs (finding id, element, framework ids, mitigations, due date, ticket,
 * justification, last reviewed). CSV, XLSX and JSON are three renderings of these rows.
 */
import { frameworkRef, refLabel } from '../catalog/frameworks';
import type { Level } from '../catalog/types';
import type { Finding, FindingStatus } from '../engine/types';
import { isOpen } from '../engine/types';
import { cellText } from './escape';
import { elementInfo, findingTestsOf, groupOf, levelRank, sortedFindings, type ExportInput, type ExportModel, type FrameworkKey } from './input';
import { testLabel } from '../tests/coverage';
import type { TestState } from '../tests/results';

/** NIST IR 8286 risk response types; `none` for a false positive (there is no risk to respond to). */
export type ResponseType = 'accept' | 'avoid' | 'mitigate' | 'share' | 'transfer' | 'none';

export interface RegisterRow {
  /** NIST "ID": sequential, in priority order. The finding id is the stable key (import matches on it). */
  id: number;
  /** 1 open critical, 2 open high, 3 open medium, 4 open low, 5 closed (mitigated, accepted, ...). */
  priority: number;
  riskDescription: string;
  /** STRIDE categories. */
  riskCategory: string[];
  likelihood: Level;
  impact: Level;
  exposureRating: Level;
  responseType: ResponseType;
  /** Not known to the model; left for the risk owner. */
  responseCost: string;
  responseDescription: string;
  riskOwner: string;
  status: FindingStatus;
  findingId: string;
  element: string;
  elementName: string;
  elementKind: string;
  frameworks: Record<FrameworkKey, string[]>;
  mitigations: string[];
  dueDate: string;
  ticket: string;
  justification: string;
  /** `YYYY-MM-DD by reviewer`, or either part, or empty. */
  lastReviewed: string;
  /** The finding's security test (`threatmodel tests`): its state and case ids `<finding id>#<probe>`. */
  test: { state: TestState; cases: string[] };
  /** Fingerprint of the editable fields as exported: lets import tell a register edit from a model change. */
  baseline: string;
}

/** The fields a register import may change, with the tracking entry key each maps to. */
export const EDITABLE = [
  { field: 'status', tracking: 'status' },
  { field: 'riskOwner', tracking: 'owner' },
  { field: 'dueDate', tracking: 'due' },
  { field: 'ticket', tracking: 'ticket' },
  { field: 'justification', tracking: 'justification' },
] as const;

export type EditableField = (typeof EDITABLE)[number]['field'];

export interface RegisterColumn {
  header: string;
  /** Spreadsheet column width in characters. */
  width: number;
  cell(row: RegisterRow): string | number;
}

const list = (xs: readonly string[]): string => xs.join('; ');
const labels = (fw: FrameworkKey, ids: readonly string[]): string[] => ids.map((id) => refLabel(frameworkRef(fw, id)));
const refs = (fw: FrameworkKey, ids: readonly string[]): string => list(labels(fw, ids));

/** The spreadsheet columns (CSV and XLSX), in order. Headers are what import matches on. */
export const REGISTER_COLUMNS: readonly RegisterColumn[] = [
  { header: 'ID', width: 6, cell: (r) => r.id },
  { header: 'Priority', width: 9, cell: (r) => r.priority },
  { header: 'Risk Description', width: 60, cell: (r) => r.riskDescription },
  { header: 'Risk Category', width: 24, cell: (r) => list(r.riskCategory) },
  { header: 'Current Likelihood', width: 12, cell: (r) => r.likelihood },
  { header: 'Current Impact', width: 12, cell: (r) => r.impact },
  { header: 'Exposure Rating', width: 12, cell: (r) => r.exposureRating },
  { header: 'Risk Response Type', width: 12, cell: (r) => r.responseType },
  { header: 'Risk Response Cost', width: 12, cell: (r) => r.responseCost },
  { header: 'Risk Response Description', width: 50, cell: (r) => r.responseDescription },
  { header: 'Risk Owner', width: 18, cell: (r) => r.riskOwner },
  { header: 'Status', width: 14, cell: (r) => r.status },
  { header: 'Finding ID', width: 36, cell: (r) => r.findingId },
  { header: 'Element', width: 24, cell: (r) => r.element },
  { header: 'Element Name', width: 24, cell: (r) => r.elementName },
  { header: 'Element Kind', width: 16, cell: (r) => r.elementKind },
  // Ids with their titles ("LLM01:2025 Prompt Injection"): a risk owner reads the register without the frameworks open.
  { header: 'OWASP LLM', width: 30, cell: (r) => refs('owaspLlm', r.frameworks.owaspLlm) },
  { header: 'OWASP Agentic', width: 30, cell: (r) => list([...labels('owaspAgentic', r.frameworks.owaspAgentic), ...labels('owaspAsi', r.frameworks.owaspAsi)]) },
  { header: 'MITRE ATLAS', width: 36, cell: (r) => refs('atlas', r.frameworks.atlas) },
  { header: 'CoSAI', width: 30, cell: (r) => refs('cosai', r.frameworks.cosai) },
  { header: 'CWE', width: 30, cell: (r) => refs('cwe', r.frameworks.cwe) },
  { header: 'Mitigations', width: 40, cell: (r) => list(r.mitigations) },
  { header: 'Test', width: 28, cell: (r) => testLabel({ findingId: r.findingId, state: r.test.state, caseIds: r.test.cases }) },
  { header: 'Due Date', width: 12, cell: (r) => r.dueDate },
  { header: 'Ticket', width: 14, cell: (r) => r.ticket },
  { header: 'Justification', width: 40, cell: (r) => r.justification },
  { header: 'Last Reviewed', width: 22, cell: (r) => r.lastReviewed },
  { header: 'Import Baseline', width: 16, cell: (r) => r.baseline },
];

/** Column headers of the editable fields, as import reads them. */
export const EDITABLE_HEADERS: Record<EditableField, string> = {
  status: 'Status',
  riskOwner: 'Risk Owner',
  dueDate: 'Due Date',
  ticket: 'Ticket',
  justification: 'Justification',
};

function responseType(status: FindingStatus): ResponseType {
  switch (status) {
    case 'accepted': case 'suppressed': return 'accept';
    case 'transferred': return 'transfer';
    case 'false-positive': return 'none';
    default: return 'mitigate';
  }
}

function responseDescription(f: Finding): string {
  const mitigations = f.mitigations.map((m) => m.title).join('; ');
  if (f.mitigatedBy.length > 0) return `Controls in place: ${f.mitigatedBy.join(', ')}.`;
  switch (f.status) {
    case 'accepted': return 'Risk accepted.';
    case 'suppressed': return 'Suppressed in the model.';
    case 'transferred': return 'Risk transferred.';
    case 'false-positive': return 'Not a risk for this system (false positive).';
    case 'mitigated': return mitigations ? `Mitigated: ${mitigations}.` : 'Mitigated.';
    default: return mitigations ? `Apply: ${mitigations}.` : '';
  }
}

function priority(f: Finding): number {
  return isOpen(f) ? 4 - levelRank(f.severity) : 5;
}

/** FNV-1a over the editable values: short, deterministic, dependency-free. */
export function baselineOf(values: Record<EditableField, string>): string {
  let h = 0x811c9dc5;
  const text = EDITABLE.map((e) => cellText(values[e.field])).join('\u0000');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `b1-${h.toString(16).padStart(8, '0')}`;
}

/**
 * The owner a risk falls to when tracking names none: the owner of the component the finding is on (a flow
 * finding's source component), else the system's owner. A risk owner receives a register with every row owned.
 */
export function defaultOwner(model: Pick<ExportModel, 'components' | 'flows' | 'system'>, f: Pick<Finding, 'elementId' | 'flowId'>): string {
  return model.components.get(groupOf(model, f))?.owner ?? model.system.owner ?? '';
}

/**
 * The editable values of a finding as the register shows them. `fallbackOwner` is the default owner shown
 * when tracking names none (import compares against the same value, so an unedited default is no edit).
 */
export function editableValues(f: Finding, fallbackOwner = ''): Record<EditableField, string> {
  return {
    status: f.status,
    riskOwner: f.tracking?.owner ?? fallbackOwner,
    dueDate: f.tracking?.due ?? '',
    ticket: f.tracking?.ticket ?? '',
    justification: f.tracking?.justification ?? '',
  };
}

/** One row per finding, ordered by priority, then exposure (worst first), then finding id. */
export function buildRegister(input: Pick<ExportInput, 'model' | 'findings' | 'tests'>): RegisterRow[] {
  const tests = findingTestsOf(input);
  const ordered = sortedFindings(input.findings).sort(
    (a, b) => priority(a) - priority(b) || levelRank(b.severity) - levelRank(a.severity),
  );
  return ordered.map((f, i) => {
    const el = elementInfo(input.model, f.elementId);
    const values = editableValues(f, defaultOwner(input.model, f));
    const reviewed = [f.tracking?.reviewedOn, f.tracking?.reviewedBy ? `by ${f.tracking.reviewedBy}` : undefined];
    return {
      id: i + 1,
      priority: priority(f),
      riskDescription: `${f.title}: ${f.description}`,
      riskCategory: [...f.stride],
      likelihood: f.likelihood,
      impact: f.impact,
      exposureRating: f.severity,
      responseType: responseType(f.status),
      responseCost: '',
      responseDescription: responseDescription(f),
      riskOwner: values.riskOwner,
      status: f.status,
      findingId: f.id,
      element: f.elementId,
      elementName: el.name,
      elementKind: el.kind,
      frameworks: {
        owaspLlm: [...(f.frameworks.owaspLlm ?? [])],
        owaspAgentic: [...(f.frameworks.owaspAgentic ?? [])],
        owaspAsi: [...(f.frameworks.owaspAsi ?? [])],
        atlas: [...(f.frameworks.atlas ?? [])],
        cosai: [...(f.frameworks.cosai ?? [])],
        cwe: [...(f.frameworks.cwe ?? [])],
      },
      mitigations: f.mitigations.map((m) => `${m.id}: ${m.title}`),
      dueDate: values.dueDate,
      ticket: values.ticket,
      justification: values.justification,
      lastReviewed: reviewed.filter(Boolean).join(' '),
      test: { state: tests.get(f.id)?.state ?? 'not-testable', cases: [...(tests.get(f.id)?.caseIds ?? [])] },
      baseline: baselineOf(values),
    };
  });
}
