/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one result per finding at the YAML range
 * of its element, one rule per catalog rule that fired, with help text (mitigations, framework ids,
 * references) and `security-severity` so GitHub ranks alerts. Findings that are not open (mitigated,
 * accepted, transferred, false positive, suppressed) carry an `inSource` suppression with the reason,
 * so viewers show them as dismissed rather than dropping them.
 */
import { frameworkRefs, refLabel } from '../catalog/frameworks';
import type { Level, Rule } from '../catalog/types';
import type { Finding } from '../engine/types';
import { isOpen } from '../engine/types';
import { escapeMarkdown, stripControl } from './escape';
import { elementInfo, frameworkIds, levelRank, sortedFindings, type ExportInput } from './input';
import { listedFindings, omittedBySeverity, omittedSentence, type ListedFindings } from './limit';

export const TOOL_NAME = 'threatmodel';
export const TOOL_VERSION = '0.1.0';

/** GitHub's scale: critical ≥ 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9. */
const SECURITY_SEVERITY: Record<Level, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
const SARIF_LEVEL: Record<Level, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

/** A relative path as a URI reference: forward slashes, each segment percent-encoded. */
export function pathToUri(path: string): string {
  return path.replace(/\\/g, '/').split('/').map((s) => encodeURIComponent(s)).join('/');
}

function worst(findings: readonly Finding[]): Level {
  return findings.reduce<Level>((w, f) => (levelRank(f.severity) > levelRank(w) ? f.severity : w), 'low');
}

function plain(text: string): string {
  return stripControl(text);
}

function ruleHelp(first: Finding, rule: Rule | undefined): { text: string; markdown: string } {
  const mitigations = rule?.mitigations ?? first.mitigations;
  const ids = frameworkIds(rule ?? first);
  const text: string[] = [plain(rule?.title ?? first.title), '', 'Mitigations:'];
  const md: string[] = [`**${escapeMarkdown(rule?.title ?? first.title)}**`, '', '**Mitigations**', ''];
  for (const m of mitigations) {
    text.push(`- ${plain(m.id)}: ${plain(m.title)}${m.description ? ` (${plain(m.description)})` : ''}`);
    md.push(`- \`${escapeMarkdown(m.id).replace(/`/g, '')}\` ${escapeMarkdown(m.title)}${m.description ? `: ${escapeMarkdown(m.description)}` : ''}`);
  }
  if (ids.length > 0) {
    const refs = frameworkRefs((rule ?? first).frameworks);
    text.push('', `Frameworks: ${refs.map((r) => plain(refLabel(r))).join(', ')}`);
    md.push('', `**Frameworks:** ${refs.map((r) => (r.url ? `[${escapeMarkdown(refLabel(r))}](${r.url})` : escapeMarkdown(refLabel(r)))).join(', ')}`);
  }
  if (rule?.falsePositives) {
    text.push('', `False positives: ${plain(rule.falsePositives)}`);
    md.push('', `**False positives:** ${escapeMarkdown(rule.falsePositives)}`);
  }
  const refs = rule?.references ?? [];
  if (refs.length > 0) {
    text.push('', 'References:', ...refs.map((r) => `- ${plain(r.title)}${r.url ? ` ${plain(r.url)}` : ''}`));
    md.push('', '**References**', '', ...refs.map((r) => (r.url && /^https:\/\/[^\s()<>]+$/.test(r.url) ? `- [${escapeMarkdown(r.title)}](${r.url})` : `- ${escapeMarkdown(r.title)}`)));
  }
  return { text: text.join('\n'), markdown: md.join('\n') };
}

/**
 * Where a reader learns more about the rule (code scanning links the rule's name to it): the rule's first
 * https reference, else the page of the first framework id it cites.
 */
function helpUri(source: Rule | Finding): string | undefined {
  const ref = ('references' in source ? source.references ?? [] : []).find((r) => r.url && /^https:\/\/[^\s()<>]+$/.test(r.url));
  return ref?.url ?? frameworkRefs(source.frameworks).find((r) => r.url)?.url;
}

function suppressionReason(f: Finding): string {
  const parts = [`Status: ${f.status}.`];
  if (f.mitigatedBy.length > 0) parts.push(`Mitigated by control(s): ${f.mitigatedBy.join(', ')}.`);
  if (f.tracking?.justification) parts.push(f.tracking.justification);
  return plain(parts.join(' '));
}

/** The SARIF log as an object (see `sarifJson` for the text). */
export function sarifLog(input: ExportInput): Record<string, unknown> {
  const shown = listedFindings(input.findings, input.maxFindings);
  const findings = sortedFindings(shown.listed);
  const rulesById = new Map((input.rules ?? []).map((r) => [r.id, r]));
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  const ruleIds = [...byRule.keys()].sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const modelPath = input.displayPath ?? input.model.file;

  const rules = ruleIds.map((id) => {
    const fs = byRule.get(id)!;
    const rule = rulesById.get(id);
    const level = worst(fs);
    const first = fs[0]!;
    return {
      id,
      // SARIF names are PascalCase identifiers: AGENT-ACTIONS-UNAUDITED → AgentActionsUnaudited.
      name: id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()).join(''),
      shortDescription: { text: plain(rule?.title ?? first.title) },
      fullDescription: { text: plain(`${rule?.title ?? first.title}. Frameworks: ${frameworkIds(rule ?? first).join(', ') || 'none'}.`) },
      help: ruleHelp(first, rule),
      ...(helpUri(rule ?? first) ? { helpUri: helpUri(rule ?? first) } : {}),
      defaultConfiguration: { level: SARIF_LEVEL[level] },
      properties: {
        tags: ['security', 'threat-model', ...[...(rule?.stride ?? first.stride)], ...frameworkIds(rule ?? first)],
        precision: 'medium',
        'security-severity': SECURITY_SEVERITY[level],
      },
    };
  });

  const results = findings.map((f) => {
    const el = elementInfo(input.model, f.elementId);
    const uri = pathToUri(f.file === input.model.file ? modelPath : f.file);
    const r = f.range;
    const result: Record<string, unknown> = {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId),
      level: SARIF_LEVEL[f.severity],
      message: { text: plain(`${f.title} (${f.severity}${f.notStated?.length ? ', not stated' : ''}) on ${el.kind} '${el.name}': ${f.description}${f.notStated?.length ? ` Not stated in the model: ${f.notStated.join(', ')}.` : ''}`) },
      locations: [{
        physicalLocation: {
          artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
          region: {
            startLine: r.start.line + 1,
            startColumn: r.start.character + 1,
            endLine: Math.max(r.end.line, r.start.line) + 1,
            endColumn: (r.end.line > r.start.line || r.end.character > r.start.character ? r.end.character : r.start.character) + 1,
          },
        },
        logicalLocations: [{ name: plain(f.elementId), kind: 'element' }],
      }],
      partialFingerprints: { 'threatmodelFindingId/v1': f.id },
      properties: {
        findingId: f.id,
        severity: f.severity,
        likelihood: f.likelihood,
        impact: f.impact,
        status: f.status,
        element: f.elementId,
        frameworks: frameworkIds(f),
        factors: f.why.factors.map((x) => plain(`${x.applies}: ${x.detail}`)),
        ...(f.why.path ? { path: f.why.path } : {}),
        ...(f.why.pathOmitted ? { pathOmitted: f.why.pathOmitted } : {}),
        ...(f.merged?.length ? { merged: f.merged.map((m) => ({ ...m, title: plain(m.title) })) } : {}),
        ...(f.notStated?.length ? { tier: 'not-stated', notStated: f.notStated.map(plain), tags: ['not-stated'] } : {}),
        ...(f.tracking?.owner ? { owner: plain(f.tracking.owner) } : {}),
        ...(f.tracking?.ticket ? { ticket: plain(f.tracking.ticket) } : {}),
      },
    };
    if (!isOpen(f)) result.suppressions = [{ kind: 'inSource', status: 'accepted', justification: suppressionReason(f) }];
    return result;
  });

  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: TOOL_NAME, version: TOOL_VERSION, semanticVersion: TOOL_VERSION, rules } },
      // One category per model file, so code scanning keeps the results of several models apart.
      automationDetails: { id: `threatmodel/${pathToUri(modelPath)}/` },
      originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The repository root (paths are relative to where threatmodel ran).' } } },
      artifacts: [{ location: { uri: pathToUri(modelPath), uriBaseId: '%SRCROOT%' }, mimeType: 'application/yaml', sourceLanguage: 'yaml' }],
      columnKind: 'utf16CodeUnits',
      ...(shown.omitted.length > 0 ? truncation(shown) : {}),
      results,
    }],
  };
}

/**
 * Says that results were left out, the way SARIF 2.1.0 reports conditions met while a tool ran: a warning in
 * the invocation's `toolExecutionNotifications` (§3.20.21), and the counts in the run's properties for scripts.
 */
function truncation(shown: ListedFindings): Record<string, unknown> {
  return {
    invocations: [{
      executionSuccessful: true,
      toolExecutionNotifications: [{
        descriptor: { id: 'TM-EXPORT-TRUNCATED' },
        level: 'warning',
        message: { text: omittedSentence(shown) },
      }],
    }],
    properties: {
      resultsTruncated: true,
      resultsListed: shown.listed.length,
      resultsOmitted: shown.omitted.length,
      openOmittedBySeverity: omittedBySeverity(shown),
    },
  };
}

export function sarifJson(input: ExportInput): string {
  return `${JSON.stringify(sarifLog(input), null, 2)}\n`;
}
