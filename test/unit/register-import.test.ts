/**
 * `register import`: a risk owner's edits in the spreadsheet go back into the model's tracking entries,
 * and nothing else in the file changes: comments, key order, quoting and line endings survive byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseCsv, registerCsv } from '../../src/core/export/csv';
import { planImport } from '../../src/core/export/import/plan';
import { readRegisterCsv, readRegisterJson } from '../../src/core/export/import/read-register';
import { applyTrackingEdits, yamlScalar } from '../../src/core/export/import/yaml-edit';
import { defaultOwner } from '../../src/core/export/register';
import { registerJson } from '../../src/core/export/register-json';
import type { TrackingEntry } from '../../src/core/model/types';
import { fixtureFindings, fixtureModel } from '../golden/exports/fixtures';

const MODEL = `# Support assistant threat model
threatmodel: 1
system:
  name: Support   # keep this comment
  owner: team-ai

components:
  - { id: agent, kind: agent }   # flow style stays flow style

tracking:
  # Reviewed in the May session.
  AI-TOOL-APPROVAL@refund:
    status: mitigated    # by the approval control
    owner: "payments"
    due: 2025-06-30
  AI-VENDOR-RETENTION@llm: { status: accepted, owner: dpo }

# trailing comment
`;

function edit(text: string, edits: Parameters<typeof applyTrackingEdits>[1]): string {
  const r = applyTrackingEdits(text, edits);
  if (!r.ok) throw new Error(r.message);
  return r.text;
}

describe('YAML edits', () => {
  it('changes, adds and removes fields in a block entry and leaves every other byte alone', () => {
    const out = edit(MODEL, [{ id: 'AI-TOOL-APPROVAL@refund', set: { owner: 'risk-team', ticket: 'SEC-12' }, remove: ['due'] }]);
    expect(out).toBe(MODEL.replace('    owner: "payments"\n    due: 2025-06-30\n', '    owner: risk-team\n    ticket: SEC-12\n'));
  });

  it('keeps a trailing comment on the edited line', () => {
    const out = edit(MODEL, [{ id: 'AI-TOOL-APPROVAL@refund', set: { status: 'accepted' }, remove: [] }]);
    expect(out).toBe(MODEL.replace('status: mitigated    # by the approval control', 'status: accepted    # by the approval control'));
  });

  it('adds a new entry at the end of tracking, before the comment that follows', () => {
    const out = edit(MODEL, [{ id: 'AI-PI-DIRECT@agent', set: { status: 'in-progress', owner: 'ml-team' }, remove: [] }]);
    expect(out).toBe(MODEL.replace('owner: dpo }\n', 'owner: dpo }\n  AI-PI-DIRECT@agent:\n    status: in-progress\n    owner: ml-team\n'));
  });

  it('rewrites only the value of a flow-style entry', () => {
    const out = edit(MODEL, [{ id: 'AI-VENDOR-RETENTION@llm', set: { ticket: 'DPA-3' }, remove: ['owner'] }]);
    expect(out).toBe(MODEL.replace('{ status: accepted, owner: dpo }', '{ status: accepted, ticket: DPA-3 }'));
  });

  it('creates the tracking section when the model has none', () => {
    const text = 'threatmodel: 1\nsystem:\n    name: S\n# end\n';
    const out = edit(text, [{ id: 'R@x', set: { status: 'accepted', justification: 'ok' }, remove: [] }]);
    expect(out).toBe('threatmodel: 1\nsystem:\n    name: S\ntracking:\n    R@x:\n        status: accepted\n        justification: ok\n# end\n');
  });

  it('keeps CRLF line endings', () => {
    const text = MODEL.replace(/\n/g, '\r\n');
    const out = edit(text, [{ id: 'AI-TOOL-APPROVAL@refund', set: { ticket: 'T-1' }, remove: [] }, { id: 'N@y', set: { status: 'open' }, remove: [] }]);
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
    expect(out).toContain('    due: 2025-06-30\r\n    ticket: T-1\r\n');
    expect(out).toContain('  N@y:\r\n    status: open\r\n');
  });

  it('replaces a block scalar', () => {
    const text = 'threatmodel: 1\ntracking:\n  A@b:\n    status: accepted\n    justification: |\n      line one\n      line two\n    owner: x\n';
    const out = edit(text, [{ id: 'A@b', set: { justification: 'short' }, remove: [] }]);
    expect(out).toBe('threatmodel: 1\ntracking:\n  A@b:\n    status: accepted\n    justification: short\n    owner: x\n');
  });

  it('quotes hostile values so they read back exactly', () => {
    for (const v of ['a: b', 'x # not a comment', '- item', '"quoted"', 'multi\nline', 'yes', '2025-01-01', '@who', '=1+1', '{a}', ' lead']) {
      expect(parse(`k: ${yamlScalar(v)}`)).toEqual({ k: v });
      const out = edit(MODEL, [{ id: 'AI-TOOL-APPROVAL@refund', set: { justification: v }, remove: [] }]);
      expect(parse(out).tracking['AI-TOOL-APPROVAL@refund'].justification).toBe(v);
    }
  });
});

const tracking = (): Map<string, TrackingEntry> => new Map(fixtureFindings().filter((f) => f.tracking).map((f) => [f.id, { status: f.status as TrackingEntry['status'], ...f.tracking }]));

/** One CSV record exactly as given (quoted where needed, never neutralised): what a user's file holds. */
const rawRecord = (r: string[]) => r.map((c) => (/[,"\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');

/** The register as exported, with some cells edited (by header name, raw file text) on the row of a finding. */
function editedCsv(editsById: Record<string, Record<string, string>>): string {
  const { records } = parseCsv(registerCsv({ model: fixtureModel(), findings: fixtureFindings() }));
  const header = records[0]!;
  const idCol = header.indexOf('Finding ID');
  for (const row of records.slice(1)) {
    for (const [h, v] of Object.entries(editsById[row[idCol]!] ?? {})) row[header.indexOf(h)] = v;
  }
  return records.map(rawRecord).join('\r\n');
}

/** The default owners the register shows (component owner, else system owner), as `register import` passes them. */
const owners = (f: Parameters<typeof defaultOwner>[1]) => defaultOwner(fixtureModel(), f);

function plan(csv: string) {
  const read = readRegisterCsv(csv, 'register.csv');
  expect(read.problems).toEqual([]);
  return planImport(read.entries, fixtureFindings(), tracking(), 'register.csv', owners);
}

describe('CSV reader', () => {
  it('reads quoted fields, doubled quotes, line breaks in cells, blank lines and a trailing empty field', () => {
    const r = parseCsv('\uFEFFa,b,c\r\n"x, ""y""","multi\r\nline",\r\n\r\nlast,"q"tail,\n"end"');
    expect(r.records).toEqual([['a', 'b', 'c'], ['x, "y"', 'multi\r\nline', ''], ['last', 'qtail', ''], ['end']]);
    expect(r.lines).toEqual([1, 2, 5, 6]);
    expect(parseCsv('a;"b;c"\n1;2', ';').records).toEqual([['a', 'b;c'], ['1', '2']]);
    expect(parseCsv('a,"open\nnever closed').error).toEqual({ line: 1, message: 'a quoted field is never closed' });
  });
});

describe('import plan', () => {
  it('an unedited export changes nothing (CSV and JSON)', () => {
    expect(plan(registerCsv({ model: fixtureModel(), findings: fixtureFindings() }))).toEqual({ edits: [], changes: [], problems: [] });
    const json = readRegisterJson(registerJson({ model: fixtureModel(), findings: fixtureFindings() }), 'r.json');
    expect(planImport(json.entries, fixtureFindings(), tracking(), 'r.json', owners)).toEqual({ edits: [], changes: [], problems: [] });
  });

  it('applies edited status, owner, due date, ticket and justification', () => {
    const p = plan(editedCsv({
      'AI-TLS@web->agent@web->agent': { Status: 'Accepted', 'Risk Owner': 'cto', 'Due Date': '2025-09-01', Ticket: '', Justification: 'internal network only' },
      'AI-TOOL-APPROVAL@refund': { 'Risk Owner': 'payments' },
    }));
    expect(p.problems).toEqual([]);
    expect(p.edits).toEqual([
      { id: 'AI-TLS@web->agent@web->agent', set: { status: 'accepted', owner: 'cto', due: '2025-09-01', justification: 'internal network only' }, remove: ['ticket'] },
      // No tracking entry yet: a new one keeps the status the finding shows.
      { id: 'AI-TOOL-APPROVAL@refund', set: { status: 'mitigated', owner: 'payments' }, remove: [] },
    ]);
  });

  it('a default owner left as exported is no edit; a status change beside it does not write it', () => {
    const csv = registerCsv({ model: fixtureModel(), findings: fixtureFindings() });
    expect(csv).toContain('team-ai'); // AI-TOOL-APPROVAL@refund: no tracking owner, the system owner shows
    const p = plan(editedCsv({ 'AI-TOOL-APPROVAL@refund': { Status: 'accepted' } }));
    expect(p.problems).toEqual([]);
    expect(p.edits).toEqual([{ id: 'AI-TOOL-APPROVAL@refund', set: { status: 'accepted' }, remove: [] }]);
  });

  it('ignores columns that are not editable', () => {
    const p = plan(editedCsv({ 'AI-PI-DIRECT@agent': { 'Exposure Rating': 'low', 'Risk Description': 'changed', 'Risk Response Cost': '$10k' } }));
    expect(p).toEqual({ edits: [], changes: [], problems: [] });
  });

  it('reports unknown ids with a suggestion, and changes nothing for them', () => {
    const csv = editedCsv({}).replace('AI-VENDOR-RETENTION@llm', 'AI-VENDOR-RETENTON@llm');
    const p = plan(csv);
    expect(p.edits).toEqual([]);
    expect(p.problems.map((x) => [x.code, x.severity, x.range.start.line])).toEqual([['TM-REGISTER-UNKNOWN-ID', 'warning', 7]]); // 0-based: the first row spans four lines
    expect(p.problems[0]!.message).toContain("did you mean 'AI-VENDOR-RETENTION@llm'");
  });

  it('reports two rows for one finding that disagree', () => {
    const csv = editedCsv({ 'AI-TLS@web->agent@web->agent': { 'Risk Owner': 'a' } });
    const dup = editedCsv({ 'AI-TLS@web->agent@web->agent': { 'Risk Owner': 'b' } }).split('\r\n')[2]!;
    const p = plan(`${csv}\r\n${dup}`);
    expect(p.edits).toEqual([]);
    expect(p.problems.map((x) => x.code)).toEqual(['TM-REGISTER-CONFLICT', 'TM-REGISTER-CONFLICT']);
  });

  it('a stale register (the model changed since the export) does not undo the model', () => {
    const csv = editedCsv({});
    const findings = fixtureFindings();
    findings.find((f) => f.id === 'AI-TLS@web->agent@web->agent')!.tracking!.owner = 'new-owner';
    const read = readRegisterCsv(csv, 'r.csv');
    expect(planImport(read.entries, findings, tracking(), 'r.csv', owners)).toEqual({ edits: [], changes: [], problems: [] });
  });

  it('an edit to a row whose finding also changed in the model is a conflict', () => {
    const csv = editedCsv({ 'AI-TLS@web->agent@web->agent': { 'Risk Owner': 'register-owner' } });
    const findings = fixtureFindings();
    findings.find((f) => f.id === 'AI-TLS@web->agent@web->agent')!.tracking!.owner = 'model-owner';
    const read = readRegisterCsv(csv, 'r.csv');
    const p = planImport(read.entries, findings, tracking(), 'r.csv', owners);
    expect(p.edits).toEqual([]);
    expect(p.problems.map((x) => x.code)).toEqual(['TM-REGISTER-CONFLICT']);
    expect(p.problems[0]!.message).toContain("Risk Owner 'register-owner' vs 'model-owner' in the model");
  });

  it('reports invalid values and applies the valid ones', () => {
    const p = plan(editedCsv({ 'AI-TLS@web->agent@web->agent': { Status: 'done', 'Due Date': '31/12/2025', Ticket: 'NET-8' } }));
    expect(p.problems.map((x) => x.code)).toEqual(['TM-REGISTER-INVALID-VALUE', 'TM-REGISTER-INVALID-VALUE']);
    expect(p.edits).toEqual([{ id: 'AI-TLS@web->agent@web->agent', set: { ticket: 'NET-8' }, remove: [] }]);
  });

  it('reads back neutralised cells exactly, and semicolon-separated files', () => {
    const csv = editedCsv({ 'AI-TLS@web->agent@web->agent': { Justification: "'=not a formula" } });
    const p = plan(csv);
    expect(p.edits[0]!.set).toEqual({ justification: '=not a formula' });
    const semi = parseCsv(csv).records.map((r) => r.map((c) => (/[;"\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(';')).join('\n');
    expect(plan(semi).edits).toEqual(p.edits);
  });

  it('refuses a register without a Finding ID column', () => {
    const read = readRegisterCsv('Status,Owner\nopen,x\n', 'r.csv');
    expect(read.problems.map((p) => p.code)).toEqual(['TM-REGISTER-FORMAT']);
  });
});
