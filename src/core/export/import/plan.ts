/**
 * Decides what a register import changes. For each register row: the finding must exist; the editable
 * values (status, owner, due date, ticket, justification) that differ from what the register would show
 * today are edits. The export baseline tells an edit in the register from a change in the model since the
 * export: when both changed, that row is a conflict and is left alone. Invalid values are reported and
 * skipped. Nothing else is ever changed.
 */
import type { Finding } from '../../engine/types';
import type { TrackingEntry, TrackingStatus } from '../../model/types';
import { makeRange, type Problem } from '../../problem';
import { closest } from '../../text/similar';
import { cellText } from '../escape';
import { baselineOf, EDITABLE, EDITABLE_HEADERS, editableValues, type EditableField } from '../register';
import type { RegisterEntry } from './read-register';
import type { TrackingEdit } from './yaml-edit';

const TRACKING_STATUSES: readonly TrackingStatus[] = ['open', 'in-progress', 'mitigated', 'accepted', 'transferred', 'false-positive'];
const TRACKING_KEY: Record<EditableField, keyof TrackingEntry> = Object.fromEntries(EDITABLE.map((e) => [e.field, e.tracking])) as Record<EditableField, keyof TrackingEntry>;

export interface FieldChange {
  findingId: string;
  field: EditableField;
  before: string;
  after: string;
}

export interface ImportPlan {
  edits: TrackingEdit[];
  changes: FieldChange[];
  problems: Problem[];
}

/** `In Progress`, `in_progress`, `IN-PROGRESS` → `in-progress`. */
function normalizeStatus(v: string): string {
  return v.trim().toLowerCase().replace(/[\s_]+/g, '-');
}

function validDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const norm = (v: string) => cellText(v);

/**
 * Bidirectional-text controls and zero-width characters: invisible, they can make `admin\u202Egnp.exe` read as
 * something else in an editor or a terminal (audit D13). Register values lose them, with a warning.
 */
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

export function planImport(
  entries: readonly RegisterEntry[],
  findings: readonly Finding[],
  tracking: ReadonlyMap<string, TrackingEntry>,
  registerFile: string,
  /** The owner the register shows for a finding without a tracking owner (see `defaultOwner`). */
  ownerOf: (f: Finding) => string = () => '',
): ImportPlan {
  const problems: Problem[] = [];
  const report = (e: RegisterEntry, code: string, severity: Problem['severity'], message: string) =>
    problems.push({ code, severity, message, file: registerFile, range: makeRange(e.line, 0, e.line, 0) });
  const byId = new Map(findings.map((f) => [f.id, f]));

  // The same finding on several rows: fine when the rows agree, a conflict when they do not.
  const rowsById = new Map<string, RegisterEntry[]>();
  for (const e of entries) {
    if (!e.findingId) { report(e, 'TM-REGISTER-FORMAT', 'warning', 'row without a finding id: ignored'); continue; }
    rowsById.set(e.findingId, [...(rowsById.get(e.findingId) ?? []), e]);
  }

  const edits: TrackingEdit[] = [];
  const changes: FieldChange[] = [];
  for (const [id, rows] of [...rowsById].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const first = rows[0]!;
    const finding = byId.get(id);
    if (!finding) {
      const guess = closest(id, byId.keys());
      report(first, 'TM-REGISTER-UNKNOWN-ID', 'warning', `unknown finding id '${id}': no such finding in the model${guess ? ` (did you mean '${guess}'?)` : ''}; row ignored`);
      continue;
    }
    const key = (e: RegisterEntry) => JSON.stringify(EDITABLE.map((x) => (e.values[x.field] === undefined ? null : norm(e.values[x.field]!))));
    if (rows.some((r) => key(r) !== key(first))) {
      for (const r of rows) report(r, 'TM-REGISTER-CONFLICT', 'error', `finding '${id}' appears on ${rows.length} rows with different values; none of them was applied`);
      continue;
    }

    const current = editableValues(finding, ownerOf(finding));
    const given = first.values;
    const differs = EDITABLE.filter((x) => given[x.field] !== undefined && norm(given[x.field]!) !== norm(current[x.field]));
    if (differs.length === 0) continue;

    if (first.baseline && /^b1-[0-9a-f]{8}$/.test(first.baseline)) {
      const complete = EDITABLE.every((x) => given[x.field] !== undefined);
      const registerEdited = !complete || baselineOf(Object.fromEntries(EDITABLE.map((x) => [x.field, norm(given[x.field]!)])) as Record<EditableField, string>) !== first.baseline;
      const modelChanged = baselineOf(Object.fromEntries(EDITABLE.map((x) => [x.field, norm(current[x.field])])) as Record<EditableField, string>) !== first.baseline;
      if (!registerEdited) continue; // the register is just older than the model: nothing to import
      if (modelChanged) {
        const fields = differs.map((x) => `${EDITABLE_HEADERS[x.field]} '${oneLine(given[x.field]!)}' vs '${oneLine(current[x.field])}' in the model`).join('; ');
        report(first, 'TM-REGISTER-CONFLICT', 'error', `finding '${id}' was edited in the register and changed in the model since the export (${fields}); row not applied`);
        continue;
      }
    }

    const set: Record<string, string> = {};
    const remove: string[] = [];
    for (const x of differs) {
      let value = norm(given[x.field]!);
      if (x.field === 'status') {
        value = normalizeStatus(value);
        if (finding.status === 'suppressed' || value === 'suppressed') {
          report(first, 'TM-REGISTER-SUPPRESSED', 'error', `finding '${id}': the status 'suppressed' comes from the model's suppressions; change it there`);
          continue;
        }
        if (value === norm(current.status)) continue;
        if (!(TRACKING_STATUSES as readonly string[]).includes(value)) {
          report(first, 'TM-REGISTER-INVALID-VALUE', 'error', `finding '${id}': status '${oneLine(given.status!)}' is not one of ${TRACKING_STATUSES.join(', ')}`);
          continue;
        }
      } else if (x.field === 'dueDate') {
        value = value.trim();
        if (value !== '' && !validDate(value)) {
          report(first, 'TM-REGISTER-INVALID-VALUE', 'error', `finding '${id}': due date '${oneLine(given.dueDate!)}' is not a date written YYYY-MM-DD`);
          continue;
        }
        if (value === current.dueDate) continue;
      }
      const visible = value.replace(INVISIBLE, '');
      if (visible !== value) {
        report(first, 'TM-REGISTER-INVISIBLE', 'warning', `finding '${id}': ${EDITABLE_HEADERS[x.field]} had ${value.length - visible.length} invisible direction or zero-width character(s); they were removed`);
        value = visible;
        if (value === norm(current[x.field])) continue;
      }
      if (value === '') remove.push(TRACKING_KEY[x.field]);
      else set[TRACKING_KEY[x.field]] = value;
      changes.push({ findingId: id, field: x.field, before: current[x.field], after: value });
    }
    if (Object.keys(set).length === 0 && remove.length === 0) continue;

    const entry = tracking.get(id);
    if (!entry) {
      if (finding.status === 'suppressed') {
        report(first, 'TM-REGISTER-SUPPRESSED', 'warning', `finding '${id}' is suppressed and has no tracking entry; its edits were not applied`);
        changes.splice(changes.length - (Object.keys(set).length + remove.length));
        continue;
      }
      // A new entry needs a status: keep the one the finding shows today unless the row changes it.
      if (!set.status) set.status = finding.status;
      const ordered: Record<string, string> = { status: set.status };
      for (const k of ['owner', 'due', 'ticket', 'justification']) if (set[k] !== undefined) ordered[k] = set[k]!;
      edits.push({ id, set: ordered, remove: [] });
    } else {
      edits.push({ id, set, remove: remove.filter((k) => entry[k as keyof TrackingEntry] !== undefined) });
    }
  }
  return { edits, changes, problems };
}

function oneLine(s: string): string {
  const t = s.replace(/[\r\n]+/g, ' ');
  return t.length > 60 ? `${t.slice(0, 59)}…` : t;
}
