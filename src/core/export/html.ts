/**
 * The HTML report: one self-contained file that reads offline with scripts disabled. Summary, the diagram
 * as inline SVG (drawn in core, see svg/), the findings table and coverage by framework. A Content-Security-
 * Policy forbids scripts and every network load, so even a mistake in escaping could not run code or call
 * home; every piece of model text is escaped anyway.
 */
import { frameworkRef, frameworkRefs, type FrameworkRef } from '../catalog/frameworks';
import { LEVELS, type Level } from '../catalog/types';
import type { Finding } from '../engine/types';
import { isOpen } from '../engine/types';
import { frameworkCoverage } from './coverage';
import { escapeHtml } from './escape';
import { bySeverity, elementInfo, type ExportInput } from './input';
import { countThreats, FINDING_STATUSES } from '../engine/counts';
import { modelSvg, SEVERITY_COLOR } from './svg/render';
import { buildDiagram } from '../diagram/build';
import { REPORT_DIAGRAM } from './input';
import type { ResolvedModel } from '../model/graph';
import type { Diagram } from '../diagram/types';
import { mergedText, pathText } from '../engine/path-text';
import { listedFindings, omittedSentence } from './limit';

const h = escapeHtml;

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;margin:0;padding:24px 32px;max-width:1400px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 10px;border-bottom:1px solid #d5dbe1;padding-bottom:4px}
.meta{color:#5f6b7a;margin:0 0 16px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid #d5dbe1;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eef1f5}td.num{text-align:right}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #d5dbe1;border-radius:6px;padding:8px 14px;min-width:90px}
.card b{display:block;font-size:22px}
.sev{font-weight:600;white-space:nowrap}
.diagram{overflow:auto;border:1px solid #d5dbe1;border-radius:6px;padding:8px;background:#fff}
.small{color:#5f6b7a;font-size:12px}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f2f4f7;padding:1px 3px;border-radius:3px;word-break:break-all}code.id{word-break:normal;white-space:nowrap}.refs div{margin-bottom:2px}
ul{margin:2px 0;padding-left:18px}
table.cov{width:auto;min-width:420px}
`;

function sevCell(level: Level): string {
  return `<td class="sev" style="color:${SEVERITY_COLOR[level]}">${level}</td>`;
}

function summary(input: ExportInput): string {
  const c = countThreats(input.findings);
  const s = input.model.system;
  // Open needs action; an accepted risk is still owned, so it is counted as accepted, never as "closed".
  const handled = (['accepted', 'transferred', 'mitigated', 'false-positive', 'suppressed'] as const)
    .filter((k) => k === 'accepted' || k === 'mitigated' || c.byStatus[k] > 0)
    .map((k) => `<div class="card"><b>${c.byStatus[k]}</b>${k}</div>`);
  const cards = [
    `<div class="card"><b>${c.open}</b>open</div>`,
    ...[...LEVELS].reverse().map((l) => `<div class="card" style="color:${SEVERITY_COLOR[l]}"><b>${c.openBySeverity[l]}</b>${l}</div>`),
    ...handled,
  ];
  const facts: Array<[string, string]> = [
    ['Owner', s.owner ?? '—'], ['Criticality', s.criticality ?? '—'], ['Exposure', s.exposure ?? '—'], ['Tenancy', s.tenancy ?? '—'],
    ['Components', String(input.model.components.size)], ['Trust boundaries', String(input.model.boundaries.size)],
    ['Data flows', String(input.model.flows.length)], ['Controls', String(input.model.controls.length)],
  ];
  const statuses = FINDING_STATUSES.filter((k) => c.byStatus[k] > 0).map((k) => `${h(k)}: ${c.byStatus[k]}`).join(' · ');
  return [
    '<section id="summary"><h2>Summary</h2>',
    s.description ? `<p>${h(s.description)}</p>` : '',
    `<div class="cards">${cards.join('')}</div>`,
    `<p class="small">Findings by status: ${statuses || 'none'}</p>`,
    `<table><tbody>${facts.map(([k, v]) => `<tr><th>${k}</th><td>${h(v)}</td></tr>`).join('')}</tbody></table>`,
    '</section>',
  ].join('\n');
}

/**
 * The diagram the editor draws, laid out by ELK as the editor lays it out. A hand-built input (tests) has no
 * diagram: it is built here. The auto view uses no filter or focus, which are the only parts of
 * `buildDiagram` that need more of the model than the export model has.
 */
async function diagram(input: ExportInput): Promise<string> {
  const d = input.diagram ?? buildDiagram(input.model as ResolvedModel, input.findings, REPORT_DIAGRAM);
  const legend = [...LEVELS].reverse().map((l) => `<span style="color:${SEVERITY_COLOR[l]}">■ ${l}</span>`).join(' ');
  return [
    '<section id="diagram"><h2>Diagram</h2>',
    `<p class="small">The editor's diagram, laid out the same way (ELK). Components and boundaries are outlined and filled by their worst open finding (${legend}), with their open findings counted; each kind has its own shape. Solid arrows are data flows, labelled with the most sensitive data they carry; dotted arrows are relations implied by properties (agent to tool, model, memory ...); dashed boxes are trust boundaries. Hover for details.</p>`,
    d.notice ? `<p class="small notice">${h(d.notice)}</p>` : '',
    `<div class="diagram">${await drawn(d, input.model.system.name)}</div>`,
    '</section>',
  ].join('\n');
}

/** The SVG, or a note saying why there is none (an export never fails for its picture). */
async function drawn(d: Diagram, title: string): Promise<string> {
  try {
    return await modelSvg(d, title, 'TB');
  } catch (err) {
    return `<p>The diagram could not be laid out: ${h(err instanceof Error ? err.message : String(err))}</p>`;
  }
}

/** A cited id, never broken mid-token, linked to the framework's page and followed by its title. */
function refHtml(r: FrameworkRef): string {
  const id = `<code class="id">${h(r.id)}</code>`;
  return `${r.url ? `<a href="${h(r.url)}" rel="noopener noreferrer">${id}</a>` : id}${r.name ? ` ${h(r.name)}` : ''}`;
}

function findingRow(input: ExportInput, f: Finding): string {
  const el = elementInfo(input.model, f.elementId);
  const fw = frameworkRefs(f.frameworks).map((r) => `<div>${refHtml(r)}</div>`).join('');
  const mitigations = f.mitigations.map((m) => `<li><code class="id">${h(m.id)}</code> ${h(m.title)}</li>`).join('');
  const why = f.why.factors.map((x) => `<li>${h(x.applies)}: ${h(x.detail)}</li>`).join('');
  const path = (f.why.path?.length ? `<div class="small">Path: ${pathText(f.why.path, f.why.pathOmitted, (p) => `<code>${h(p)}</code>`)}</div>` : '')
    + (f.merged ?? []).map((m) => `<div class="small">Also via ${h(m.title)}: ${mergedText(m, (p) => `<code>${h(p)}</code>`)}</div>`).join('');
  const t = f.tracking ?? {};
  const tracking = [
    t.owner && `Owner: ${h(t.owner)}`, t.due && `Due: ${h(t.due)}`, t.ticket && `Ticket: ${h(t.ticket)}`,
    f.mitigatedBy.length && `Controls: ${f.mitigatedBy.map((c) => `<code>${h(c)}</code>`).join(', ')}`,
    t.justification && `Justification: ${h(t.justification)}`,
  ].filter(Boolean).map((x) => `<div>${x}</div>`).join('');
  const unstated = f.notStated?.length
    ? `<div class="small"><b>Not stated</b> in the model: ${f.notStated.map((x) => `<code>${h(x)}</code>`).join(', ')}; this finding holds only because these are unsaid.</div>`
    : '';
  return `<tr>${sevCell(f.severity)}`
    + `<td><b>${h(f.title)}</b>${f.notStated?.length ? ' <span class="small">(not stated)</span>' : ''}<div class="small"><code>${h(f.id)}</code></div><div>${h(f.description)}</div>${unstated}${why ? `<ul class="small">${why}</ul>` : ''}${path}</td>`
    + `<td>${h(el.name)}<div class="small">${h(el.kind)}</div></td>`
    + `<td>${h(f.status)}${tracking ? `<div class="small">${tracking}</div>` : ''}</td>`
    + `<td class="refs small">${fw}</td><td><ul>${mitigations}</ul></td></tr>`;
}

function findingsTable(input: ExportInput): string {
  const shown = listedFindings(input.findings, input.maxFindings);
  const rows = bySeverity(shown.listed).sort((a, b) => Number(isOpen(b)) - Number(isOpen(a)));
  const omitted = shown.omitted.length > 0 ? `<p class="omitted"><b>${h(omittedSentence(shown))}</b></p>` : '';
  const count = shown.omitted.length > 0
    ? `${input.findings.length.toLocaleString('en-US')}, ${rows.length.toLocaleString('en-US')} listed`
    : String(rows.length);
  return [
    `<section id="findings"><h2>Findings (${count})</h2>`,
    ...(omitted ? [omitted] : []),
    rows.length === 0 ? '<p>No findings.</p>' : '<table><thead><tr><th>Severity</th><th>Finding</th><th>Element</th><th>Status</th><th>Frameworks</th><th>Mitigations</th></tr></thead><tbody>',
    ...rows.map((f) => findingRow(input, f)),
    rows.length === 0 ? '' : '</tbody></table>',
    ...(omitted ? [omitted] : []),
    '</section>',
  ].join('\n');
}

function coverage(input: ExportInput): string {
  const cov = frameworkCoverage(input.findings, input.rules);
  const withCatalog = (input.rules?.length ?? 0) > 0;
  const parts = ['<section id="coverage"><h2>Coverage by framework</h2>'];
  parts.push(`<p class="small">${withCatalog ? 'Every framework id the catalog checks, with the findings in this model. An id with rules and no finding was checked and nothing was found.' : 'Framework ids of the findings in this model.'}</p>`);
  if (cov.length === 0) parts.push('<p>No framework references.</p>');
  for (const fw of cov) {
    parts.push(`<h3>${h(fw.label)}</h3><table class="cov"><thead><tr><th>Id and title</th>${withCatalog ? '<th>Rules</th>' : ''}<th>Findings</th><th>Open</th><th>Result</th></tr></thead><tbody>`);
    for (const r of fw.rows) {
      const result = r.open > 0 ? `${r.open} open` : r.findings > 0 ? 'all closed' : 'checked, none found';
      parts.push(`<tr><td>${refHtml(frameworkRef(fw.key, r.id))}</td>${withCatalog ? `<td class="num">${r.rules}</td>` : ''}<td class="num">${r.findings}</td><td class="num">${r.open}</td><td>${result}</td></tr>`);
    }
    parts.push('</tbody></table>');
  }
  parts.push('</section>');
  return parts.join('\n');
}

/** The report as one HTML document. */
export async function htmlReport(input: ExportInput): Promise<string> {
  const name = input.model.system.name;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    // No scripts, no network: everything the report shows is in this file.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(`Threat model report: ${name}`)}</title>`,
    `<style>${CSS}</style></head><body>`,
    `<h1>Threat model report: ${h(name)}</h1>`,
    `<p class="meta">Model <code>${h(input.displayPath ?? input.model.file)}</code> · generated by threatmodel</p>`,
    summary(input),
    await diagram(input),
    findingsTable(input),
    coverage(input),
    '</body></html>',
    '',
  ].join('\n');
}
