/**
 * The diff as text (terminal), JSON (tools) and Markdown (a pull-request comment). Model text is escaped
 * in Markdown: a finding title or element name cannot break the comment's tables or mention anyone.
 */
import { LEVELS } from '../catalog/types';
import type { Finding } from '../engine/types';
import { escapeMarkdown, markdownCode } from '../export/escape';
import { oneLineText } from './text';
import type { FindingChange, FindingsDiff } from './diff';

export interface DiffLabels {
  /** What the old side is, e.g. `main:models/support.threatmodel.yaml`. */
  before: string;
  after: string;
}

/** Hidden marker so a bot can find and update its earlier comment. */
export const MARKDOWN_MARKER = '<!-- threatmodel-diff -->';

function severityCounts(fs: readonly Finding[]): string {
  const parts = [...LEVELS].reverse().map((l) => [l, fs.filter((f) => f.severity === l).length] as const).filter(([, n]) => n > 0);
  return parts.map(([l, n]) => `${n} ${l}`).join(', ');
}

export function summaryLine(d: FindingsDiff): string {
  const sev = severityCounts(d.added);
  return `${d.added.length} added${sev ? ` (${sev})` : ''}, ${d.resolved.length} resolved, ${d.changed.length} changed, ${d.unchanged} unchanged`;
}

function changeText(c: FindingChange): string {
  const parts: string[] = [];
  if (c.severity) parts.push(`severity ${c.severity.before} → ${c.severity.after}`);
  if (c.status) parts.push(`status ${c.status.before} → ${c.status.after}`);
  return parts.join('; ');
}

export function diffText(d: FindingsDiff, labels: DiffLabels): string {
  const t = oneLineText;
  const out = [`Findings: ${t(labels.before)} → ${t(labels.after)}`, ''];
  const section = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    out.push(`${title} (${lines.length}):`, ...lines, '');
  };
  section('Added', d.added.map((f) => `  + ${f.severity.padEnd(8)} ${t(f.id)}  ${t(f.title)} [${f.status}]`));
  section('Resolved', d.resolved.map((f) => `  - ${f.severity.padEnd(8)} ${t(f.id)}  ${t(f.title)}`));
  section('Changed', d.changed.map((c) => `  ~ ${c.after.severity.padEnd(8)} ${t(c.id)}  ${t(c.after.title)}: ${changeText(c)}`));
  out.push(summaryLine(d), '');
  return out.join('\n');
}

function findingSummary(f: Finding) {
  return { id: f.id, ruleId: f.ruleId, title: f.title, element: f.elementId, severity: f.severity, status: f.status };
}

export function diffJson(d: FindingsDiff, labels: DiffLabels): string {
  return `${JSON.stringify({
    before: labels.before,
    after: labels.after,
    summary: { added: d.added.length, resolved: d.resolved.length, changed: d.changed.length, unchanged: d.unchanged },
    added: d.added.map(findingSummary),
    resolved: d.resolved.map(findingSummary),
    changed: d.changed.map((c) => ({ ...findingSummary(c.after), ...(c.severity ? { severityBefore: c.severity.before } : {}), ...(c.status ? { statusBefore: c.status.before } : {}) })),
  }, null, 2)}\n`;
}

export function diffMarkdown(d: FindingsDiff, labels: DiffLabels): string {
  const e = escapeMarkdown;
  const cell = (s: string) => markdownCode(s).replace(/\|/g, '\\|');
  const out = [MARKDOWN_MARKER, `### Threat model: ${cell(labels.before)} → ${cell(labels.after)}`, ''];
  if (d.added.length + d.resolved.length + d.changed.length === 0) {
    out.push(`No change in findings (${d.unchanged} unchanged).`, '');
    return out.join('\n');
  }
  out.push(`**${e(summaryLine(d))}**`, '');
  if (d.added.length > 0) {
    out.push('#### New findings', '', '| Severity | Finding | Element | Status |', '|---|---|---|---|');
    for (const f of d.added) out.push(`| ${f.severity} | ${e(f.title)} ${cell(f.id)} | ${cell(f.elementId)} | ${f.status} |`);
    out.push('');
  }
  if (d.resolved.length > 0) {
    out.push('#### Resolved', '', '| Severity | Finding | Element |', '|---|---|---|');
    for (const f of d.resolved) out.push(`| ${f.severity} | ${e(f.title)} ${cell(f.id)} | ${cell(f.elementId)} |`);
    out.push('');
  }
  if (d.changed.length > 0) {
    out.push('#### Changed', '', '| Finding | Severity | Status |', '|---|---|---|');
    for (const c of d.changed) {
      const sev = c.severity ? `${c.severity.before} → **${c.severity.after}**` : c.after.severity;
      const st = c.status ? `${c.status.before} → **${c.status.after}**` : c.after.status;
      out.push(`| ${e(c.after.title)} ${cell(c.id)} | ${sev} | ${st} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
