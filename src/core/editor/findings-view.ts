/**
 * How findings read in the editor: which ones show (settings), their severity after overrides, the words of
 * a diagnostic, a CodeLens title, status-bar counts, and the Markdown of a finding for hovers. Model text is
 * untrusted: everything from the model or a catalog is escaped before it goes into Markdown.
 */
import { FRAMEWORKS, frameworkRef, type FrameworkRef } from '../catalog/frameworks';
import type { Level } from '../catalog/types';
import { countThreats } from '../engine/counts';
import type { Finding } from '../engine/types';
import { mergedText, pathText } from '../engine/path-text';

export const LEVEL_ORDER: readonly Level[] = ['low', 'medium', 'high', 'critical'];

export interface FindingSettings {
  /** Findings below this severity are not shown as diagnostics, lenses or counts. */
  minimumSeverity: Level;
  /** Per-rule severity, or `off` to hide a rule's findings in the editor. */
  severityOverrides: Record<string, Level | 'off'>;
}

export const DEFAULT_FINDING_SETTINGS: FindingSettings = { minimumSeverity: 'low', severityOverrides: {} };

export function levelRank(l: string): number {
  const i = LEVEL_ORDER.indexOf(l as Level);
  return i < 0 ? 0 : i;
}

/** Applies per-rule overrides, then drops findings below the minimum severity (all statuses are kept). */
export function applyFindingSettings(findings: readonly Finding[], settings: FindingSettings): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const override = settings.severityOverrides[f.ruleId];
    if (override === 'off') continue;
    const severity = override && LEVEL_ORDER.includes(override) ? override : f.severity;
    if (levelRank(severity) < levelRank(settings.minimumSeverity)) continue;
    out.push(severity === f.severity ? f : { ...f, severity });
  }
  return out;
}

/** Open findings by severity, worst first, with the total (the one count: engine/counts.ts). */
export function severityCounts(findings: readonly Finding[]): { total: number; critical: number; high: number; medium: number; low: number } {
  const c = countThreats(findings);
  return { total: c.open, ...c.openBySeverity };
}

/** "3 open threats (1 critical, 1 high)" — the CodeLens above a component. */
export function lensTitle(findings: readonly Finding[]): string {
  const c = severityCounts(findings);
  const handled = findings.length - c.total;
  if (c.total === 0) return handled > 0 ? `no open threats (${handled} handled)` : 'no open threats';
  const parts = (['critical', 'high', 'medium', 'low'] as const).filter((l) => c[l] > 0 && (l === 'critical' || l === 'high')).map((l) => `${c[l]} ${l}`);
  return `${c.total} open threat${c.total === 1 ? '' : 's'}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

/** The status bar text: counts of open findings by severity. */
export function statusText(findings: readonly Finding[]): string {
  const c = severityCounts(findings);
  if (c.total === 0) return 'no open threats';
  return (['critical', 'high', 'medium', 'low'] as const).filter((l) => c[l] > 0).map((l) => `${c[l]} ${l}`).join(' · ');
}

export type DiagnosticLevel = 'error' | 'warning' | 'info';

/** Threats are not code errors: only critical ones show as errors; low and medium stay informational. */
export function diagnosticLevel(severity: Level): DiagnosticLevel {
  return severity === 'critical' ? 'error' : severity === 'high' ? 'warning' : 'info';
}

/** The diagnostic's message: severity, title, and the element it is about. */
export function diagnosticMessage(f: Finding): string {
  const flow = f.flowId ? ` (flow ${f.flowId})` : '';
  const unstated = f.notStated?.length ? ` [not stated: ${f.notStated.join(', ')}]` : '';
  return `${f.severity.toUpperCase()}: ${f.title}${flow}${f.status === 'in-progress' ? ' [in progress]' : ''}${unstated}`;
}

/** Element ids on the finding's paths (its own, then merged ones) other than its own element, in path order
 *  (for related information). */
export function relatedElements(f: Finding): string[] {
  const seen = new Set<string>([f.elementId]);
  const out: string[] = [];
  for (const id of [...(f.why.path ?? []), ...(f.merged ?? []).flatMap((m) => m.path ?? [])]) {
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
  }
  return out;
}

// ---------------------------------------------------------------- Markdown

/** Escapes text for CommonMark so model and catalog text cannot inject links, HTML or formatting. */
export function escapeMarkdown(text: string): string {
  // Links, images, HTML and emphasis need these; `-`, `.` and `+` only matter at a line start, where model
  // text never goes without a prefix of ours.
  return text.replace(/[\\`*_{}[\]()#!|<>~&]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** An inline code span that cannot be broken out of. */
export function code(text: string): string {
  const t = text.replace(/[\r\n]+/g, ' ');
  const fence = t.includes('`') ? '``' : '`';
  return `${fence}${t.includes('`') ? ` ${t} ` : t}${fence}`;
}

/** One cited id as Markdown: a link with the framework's title for the id where it is known. */
export function refMarkdown(ref: FrameworkRef): string {
  const text = ref.name ? `${code(ref.id)} ${escapeMarkdown(ref.name)}` : code(ref.id);
  return ref.url ? `[${text}](${ref.url})` : text;
}

/** "OWASP LLM Top 10: [`LLM01:2025` Prompt Injection](…)", one line per framework the finding cites. */
export function frameworkLines(f: Pick<Finding, 'frameworks'>): string[] {
  const out: string[] = [];
  for (const fw of FRAMEWORKS) {
    const ids = f.frameworks[fw.key];
    if (ids && ids.length > 0) out.push(`${fw.label}: ${[...ids].sort().map((id) => refMarkdown(frameworkRef(fw.key, id))).join(', ')}`);
  }
  return out;
}

/** The finding in full: why, frameworks, mitigations, tracking. */
export function findingMarkdown(f: Finding, options: { heading?: boolean } = {}): string {
  const lines: string[] = [];
  if (options.heading !== false) {
    lines.push(`**${f.severity.toUpperCase()}** · ${f.status} — **${escapeMarkdown(f.title)}** ${code(f.ruleId)}`, '');
  }
  if (f.description) lines.push(escapeMarkdown(f.description), '');
  lines.push(`*Likelihood* ${f.likelihood}, *impact* ${f.impact}.`);
  if (f.notStated?.length) {
    lines.push('', `*Not stated in the model:* ${f.notStated.map(code).join(', ')}. This finding holds only because these are unsaid; state each (true or false) to confirm or clear it.`);
  }
  if (f.why.factors.length > 0) {
    lines.push('', '*Why:*');
    for (const factor of f.why.factors) lines.push(`- ${factor.applies}: ${escapeMarkdown(factor.factor)} — ${escapeMarkdown(factor.detail)}`);
  }
  if (f.why.path && f.why.path.length > 1) lines.push('', `*Path:* ${pathText(f.why.path, f.why.pathOmitted, code)}`);
  if (f.merged?.length) {
    lines.push('', '*Also reaches it (merged into this finding; tracking on these ids still applies):*');
    for (const m of f.merged) lines.push(`- ${escapeMarkdown(m.title)}: ${mergedText(m, code)}`);
  }
  const fw = frameworkLines(f);
  if (fw.length > 0) lines.push('', '*Frameworks:*', ...fw.map((l) => `- ${l}`));
  if (f.mitigations.length > 0) {
    lines.push('', '*Mitigations:*');
    for (const m of f.mitigations) lines.push(`- ${code(m.id)} ${escapeMarkdown(m.title)}`);
  }
  if (f.mitigatedBy.length > 0) lines.push('', `*Mitigated by:* ${f.mitigatedBy.map(code).join(', ')}`);
  if (f.tracking) {
    const t = f.tracking;
    const bits = [t.owner && `owner ${escapeMarkdown(t.owner)}`, t.due && `due ${escapeMarkdown(t.due)}`, t.ticket && `ticket ${escapeMarkdown(t.ticket)}`].filter(Boolean);
    if (bits.length > 0) lines.push('', `*Tracking:* ${bits.join(', ')}`);
    if (t.justification) lines.push('', `*Justification:* ${escapeMarkdown(t.justification)}`);
  }
  lines.push('', `Finding ${code(f.id)}`);
  return lines.join('\n');
}
