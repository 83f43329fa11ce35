/**
 * Findings: a catalog rule that applies to one element (or flow) of a model, with its severity, the reasons
 * for it, and its tracking status. Findings are plain, sorted data; every view (editor, diagram, exports,
 * CLI) renders from them.
 */
import type { FrameworkRefs, Level, Mitigation, Stride } from '../catalog/types';
import type { Range } from '../problem';
import type { TrackingEntry, ControlStatus, TrackingStatus } from '../model/types';

/** A status after tracking and controls are applied; `suppressed` comes from a justified suppression. */
export type FindingStatus = TrackingStatus | 'suppressed';

/** One factor that raised likelihood or impact, in words a reviewer can check. */
export interface SeverityFactor {
  factor: string;
  applies: 'likelihood' | 'impact';
  detail: string;
}

export interface Finding {
  /** `RULE-ID@element-id`, or `RULE-ID@element-id@flow-id` for flow rules (element = the flow's source). */
  id: string;
  ruleId: string;
  title: string;
  /** The rule's description filled in for this element. */
  description: string;
  /** The element the finding is on (component, boundary, data, provider, rag id; for flows, the flow id). */
  elementId: string;
  flowId?: string;
  stride: Stride[];
  frameworks: FrameworkRefs;
  likelihood: Level;
  impact: Level;
  severity: Level;
  why: {
    factors: SeverityFactor[];
    /** For reachability rules: element ids from the source to this element (or from it to the sink). */
    path?: string[];
    /** Set when the path was too long to keep whole (docs/limits.md): `count` ids were left out just before
     *  `path[at]`. The path keeps its first and last ids, so source and target are always shown. */
    pathOmitted?: { at: number; count: number };
    /** Declared controls that implement one of the mitigations and cover the element, with their status
     *  (only `implemented` ones mitigate; partial and planned ones are listed so reviewers see them). */
    controls?: Array<{ control: string; status: ControlStatus; implements: string[] }>;
    /** Set when `analysis.severity` overrode the computed severity. */
    severityOverride?: { computed: Level; setting: string };
  };
  mitigations: Mitigation[];
  status: FindingStatus;
  /** Controls that implement one of the mitigations (sorted ids). Non-empty ⇒ status `mitigated` unless tracked otherwise. */
  mitigatedBy: string[];
  /** The tracking entry's fields besides its status (which `status` above already reflects). */
  tracking?: Omit<TrackingEntry, 'status'>;
  /** Where to show it: the element's declaration in the model file. */
  file: string;
  range: Range;
  /**
   * Set when the finding holds only because the model leaves these safeguards unsaid (`element: property`,
   * sorted): the "not stated" tier (docs/not-stated.md). Absent: the model's stated facts confirm it.
   */
  notStated?: string[];
  /**
   * Findings of other rules in this rule's merge group on the same element, folded into this one (the same
   * payload reaching the element on other paths; engine/merge.ts). Each keeps its former id, so tracking
   * entries keyed by it still apply, and its own path, severity and status. Sorted by rank, then id.
   */
  merged?: MergedPath[];
}

/** A finding folded into another of the same merge group (see `Finding.merged`). */
export interface MergedPath {
  /** The id the finding had on its own; tracking entries keyed by it apply to the surviving finding. */
  id: string;
  ruleId: string;
  title: string;
  severity: Level;
  /** Its status on its own path (controls, tracking entries on either id, suppressions of its rule). */
  status: FindingStatus;
  path?: string[];
  pathOmitted?: { at: number; count: number };
}

/** The finding rests on facts the model does not state (see `Finding.notStated`). */
export function isNotStated(f: Pick<Finding, 'notStated'>): boolean {
  return f.notStated !== undefined && f.notStated.length > 0;
}

/** Open means still needing action: not mitigated, accepted, transferred, false-positive or suppressed. */
export function isOpen(f: Pick<Finding, 'status'>): boolean {
  return f.status === 'open' || f.status === 'in-progress';
}
