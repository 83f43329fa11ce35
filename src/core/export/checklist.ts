/**
 * The design-review checklist in GitHub-flavoured Markdown: a system summary, the mermaid diagram, then per
 * component one `- [ ]` item for each mitigation of each open finding (with severity and framework ids), and
 * the findings already dealt with (mitigated, accepted, ...) with their justification.
 * Every piece of model text is escaped: it cannot open a link, an image, HTML, a heading or a mention.
 */
import type { Finding } from '../engine/types';
import { isOpen } from '../engine/types';
import { escapeMarkdown, markdownCode, markdownFence } from './escape';
import { frameworkRefs, refLabel } from '../catalog/frameworks';
import { bySeverity, elementInfo, findingTestsOf, levelRank, type ExportInput } from './input';
import { testLabel } from '../tests/coverage';
import type { FindingTest } from '../tests/results';
import { countThreats, countThreatsByElement, countsSentence } from '../engine/counts';
import { listedFindings, omittedSentence } from './limit';

const e = escapeMarkdown;
const code = markdownCode;
/** A code span inside a table cell: GFM splits cells at `|` even inside code spans. */
const cellCode = (s: string) => markdownCode(s).replace(/\|/g, '\\|');

function systemTable(input: ExportInput): string[] {
  const s = input.model.system;
  const counts = countThreats(input.findings);
  const rows: Array<[string, string]> = [
    ['Model', cellCode(input.displayPath ?? input.model.file)],
    ['Owner', s.owner ? e(s.owner) : '—'],
    ['Criticality', s.criticality ? e(s.criticality) : '—'],
    ['Exposure', s.exposure ? e(s.exposure) : '—'],
    ['Tenancy', s.tenancy ? e(s.tenancy) : '—'],
    ['Components', String(input.model.components.size)],
    ['Trust boundaries', String(input.model.boundaries.size)],
    ['Data flows', String(input.model.flows.length)],
    ['Findings', countsSentence(counts)],
  ];
  return ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
}

function findingLine(f: Finding): string {
  // Each id with its title, linked to the framework's page: "[LLM01:2025 Prompt Injection](https://…)".
  const fw = frameworkRefs(f.frameworks).map((r) => (r.url ? `[${e(refLabel(r))}](${r.url})` : e(refLabel(r))));
  const status = f.status === 'in-progress' ? ', in progress' : '';
  const owner = f.tracking?.owner ? `, owner ${e(f.tracking.owner)}` : '';
  return `- **${e(f.title)}** (${f.severity}${status}${owner}) ${code(f.id)}${fw.length ? ` — ${fw.join(', ')}` : ''}`;
}

/**
 * The finding's security test: a box to tick once the generated case passes (a reviewer's evidence), or a
 * note that the threat cannot be tested against a running system and needs review.
 */
function testLine(t: FindingTest | undefined): string {
  if (!t || t.state === 'not-testable') return '  - Test: not testable against a running system; review it';
  if (t.caseIds.length === 0) return `  - [ ] Test: ${e(testLabel(t))}; generate it with \`threatmodel tests\``;
  return `  - [${t.state === 'passed' ? 'x' : ' '}] Test ${e(testLabel(t).split(' (')[0]!)}: ${t.caseIds.map(code).join(', ')}`;
}

function closedReason(f: Finding): string {
  const parts: string[] = [];
  if (f.mitigatedBy.length > 0) parts.push(`Controls: ${f.mitigatedBy.map(cellCode).join(', ')}`);
  if (f.tracking?.justification) parts.push(e(f.tracking.justification));
  return parts.join('. ') || '—';
}

/** The checklist as Markdown text. */
export function checklistMarkdown(input: ExportInput): string {
  const { model } = input;
  const out: string[] = [];
  out.push(`# Design review: ${e(model.system.name)}`, '');
  if (model.system.description) out.push(e(model.system.description), '');
  out.push(...systemTable(input), '');
  // Said at the top and again at the end, where a reader scrolling through the list arrives.
  const shown = listedFindings(input.findings, input.maxFindings);
  const omitted = shown.omitted.length > 0 ? [`> **${e(omittedSentence(shown))}**`, ''] : [];
  out.push(...omitted);

  out.push('## Diagram', '');
  if (input.mermaid) out.push(markdownFence('mermaid', input.mermaid));
  else out.push('_No diagram was supplied to this export._', '');

  // Grouped by the element each finding is on (a flow's findings under the flow), so every heading's count
  // is the diagram's badge for that element (engine/counts.ts).
  const open = bySeverity(shown.listed.filter(isOpen));
  const tests = findingTestsOf(input);
  const perElement = countThreatsByElement(input.findings);
  const groups = new Map<string, Finding[]>();
  for (const f of open) groups.set(f.elementId, [...(groups.get(f.elementId) ?? []), f]);
  const order = [...groups.keys()].sort((a, b) => levelRank(groups.get(b)![0]!.severity) - levelRank(groups.get(a)![0]!.severity) || (a < b ? -1 : a > b ? 1 : 0));
  out.push('## Open findings', '');
  if (order.length === 0) out.push('No open findings.', '');
  for (const id of order) {
    const el = elementInfo(model, id);
    out.push(`### ${e(el.name)} (${code(id)}, ${e(el.kind)}) · ${perElement.get(id)?.open ?? 0} open`, '');
    for (const f of groups.get(id)!) {
      out.push(findingLine(f));
      out.push(`  ${e(f.description)}`);
      for (const m of f.mitigations) out.push(`  - [ ] ${code(m.id)} ${e(m.title)}`);
      out.push(testLine(tests.get(f.id)));
    }
    out.push('');
  }

  const closed = bySeverity(shown.listed.filter((f) => !isOpen(f)));
  out.push('## Mitigated, accepted and otherwise handled findings', '');
  if (closed.length === 0) out.push('None.', '');
  else {
    out.push('| Finding | Element | Severity | Status | Justification |', '|---|---|---|---|---|');
    for (const f of closed) {
      out.push(`| ${e(f.title)} ${cellCode(f.id)} | ${e(elementInfo(model, f.elementId).name)} | ${f.severity} | ${f.status} | ${closedReason(f)} |`);
    }
    out.push('');
  }
  out.push(...omitted);
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
