/**
 * Hover text: on a key, the schema's description; on an element id (declared or referenced), the element's
 * kind, flows in and out and its findings; on a tracking key or a suppressed rule, the finding in full
 * (why, frameworks, mitigations).
 */
import type { Document } from 'yaml';
import { isOpen, type Finding } from '../engine/types';
import { cursorContext, formatPath, type PathSegment } from './cursor-context';
import { describeType } from './completion';
import { code, escapeMarkdown, findingMarkdown, levelRank } from './findings-view';
import type { SchemaNav } from './schema-nav';
import { findDeclaration, idAt, type Declaration, type ModelIndex } from './yaml-index';

export interface HoverData {
  nav: SchemaNav;
  index: ModelIndex;
  findings: readonly Finding[];
  /** A tolerant parse of this very text, when the editor has one cached (see `cursorContext`). */
  parsed?: Pick<Document.Parsed, 'contents' | 'errors'>;
}

export interface HoverResult {
  markdown: string;
  span: { start: number; end: number };
}

export function hoverAt(text: string, offset: number, data: HoverData): HoverResult | undefined {
  const at = idAt(data.index, offset);
  if (at) {
    if (at.at === 'tracking') {
      const finding = data.findings.find((f) => f.id === at.key.key);
      if (finding) return { markdown: findingMarkdown(finding), span: { start: at.key.span.start, end: at.key.span.end } };
      if (at.role === 'rule') {
        return { markdown: `No finding ${code(at.key.key)} in the current analysis: the rule no longer fires on this element, or the element was renamed.`, span: at.span };
      }
    }
    const decl = findDeclaration(data.index, at.id);
    if (decl) return { markdown: elementMarkdown(decl, data), span: at.span };
    if (at.at === 'reference') return { markdown: `${code(at.id)} is not declared in this model.`, span: at.span };
  }
  return keyHover(text, offset, data);
}

function keyHover(text: string, offset: number, data: HoverData): HoverResult | undefined {
  const ctx = cursorContext(text, offset, data.parsed);
  if (!ctx || ctx.position !== 'key' || ctx.word.text === '') return undefined;
  const key = ctx.word.text;
  const path: PathSegment[] = [...ctx.path, key];
  const node = data.nav.nodeAt(path, (prefix) => {
    const kind = ctx.kinds.get(prefix.length);
    return kind !== undefined ? { kind } : {};
  });
  if (!node) return { markdown: `${code(key)} is not a property here (${code(formatPath(ctx.path) || 'top level')}).`, span: ctx.word };
  const lines = [`**${escapeMarkdown(key)}** — ${escapeMarkdown(describeType(data.nav, node))}`];
  if (node.description) lines.push('', node.description);
  const values = data.nav.values(node.refKind ? { schemas: [] } : (data.nav.items(node) ?? node));
  if (values.length > 8) lines.push('', `Values: ${values.map((v) => code(String(v))).join(', ')}`);
  return { markdown: lines.join('\n'), span: { start: ctx.word.start, end: ctx.word.end } };
}

/** Element hover: what it is, where data flows, what threatens it. */
export function elementMarkdown(decl: Declaration, data: HoverData): string {
  const label = decl.section === 'components' ? decl.kind : decl.section === 'data' ? 'data asset' : decl.kind;
  const lines = [`**${escapeMarkdown(label)}** ${code(decl.id)}${decl.name ? ` — ${escapeMarkdown(decl.name)}` : ''}`];
  if (decl.flow) {
    lines.push('', `Flow ${code(decl.flow.from)} → ${code(decl.flow.to)}${decl.flow.data.length ? ` carrying ${decl.flow.data.map(code).join(', ')}` : ''}`);
  }
  const flows = data.index.declarations.filter((d) => d.flow);
  const flowsIn = flows.filter((d) => d.flow!.to === decl.id);
  const flowsOut = flows.filter((d) => d.flow!.from === decl.id);
  const fmt = (d: Declaration, peer: string): string => `${code(peer)}${d.flow!.data.length ? ` (${d.flow!.data.map(code).join(', ')})` : ''}`;
  if (flowsIn.length > 0) lines.push('', `*Flows in:* ${flowsIn.map((d) => fmt(d, d.flow!.from)).join(', ')}`);
  if (flowsOut.length > 0) lines.push('', `*Flows out:* ${flowsOut.map((d) => fmt(d, d.flow!.to)).join(', ')}`);
  const refs = data.index.references.filter((r) => r.id === decl.id && r.owner && r.owner !== decl.id);
  if (refs.length > 0) {
    const by = [...new Set(refs.map((r) => `${code(r.owner!)} (${escapeMarkdown(r.property)})`))];
    lines.push('', `*Referenced by:* ${by.slice(0, 12).join(', ')}${by.length > 12 ? ` and ${by.length - 12} more` : ''}`);
  }
  const findings = data.findings.filter((f) => f.elementId === decl.id).sort((a, b) => levelRank(b.severity) - levelRank(a.severity) || (a.id < b.id ? -1 : 1));
  const open = findings.filter(isOpen);
  if (findings.length === 0) {
    lines.push('', '*No findings.*');
  } else {
    lines.push('', `**Findings:** ${open.length} open of ${findings.length}`);
    for (const f of findings) {
      lines.push('', '---', '', findingMarkdown(f));
    }
  }
  return lines.join('\n');
}
