/**
 * Document symbols (Outline, breadcrumbs, Ctrl+Shift+O) of a model file, from the editor index: one symbol
 * per top-level section, with the elements declared in it (by id, with name and kind) and, under
 * `tracking`, one per finding id. Plain data with LSP-shaped ranges; the extension maps it to vscode.
 */
import type { Range } from '../problem';
import type { ModelIndex } from './yaml-index';

/** Symbol kinds by meaning; the extension maps them to vscode.SymbolKind. */
export type SymbolRole = 'section' | 'component' | 'boundary' | 'data' | 'provider' | 'rag' | 'flow' | 'control' | 'tracking';

export interface ModelSymbol {
  name: string;
  detail: string;
  role: SymbolRole;
  /** The whole section or item. */
  range: Range;
  /** What is selected when the symbol is picked: the key or the id. */
  selectionRange: Range;
  children: ModelSymbol[];
}

const ROLE = { boundaries: 'boundary', data: 'data', providers: 'provider', components: 'component', rag: 'rag', flows: 'flow', controls: 'control' } as const;

const within = (inner: { start: number; end: number }, outer: { start: number; end: number }) => inner.start >= outer.start && inner.end <= outer.end;

export function documentSymbols(index: ModelIndex): ModelSymbol[] {
  return index.sections.map((s) => {
    const whole = { start: s.keySpan.start, end: s.valueSpan?.end ?? s.keySpan.end };
    const range = { start: s.keySpan.range.start, end: (s.valueSpan ?? s.keySpan).range.end };
    const children: ModelSymbol[] = [];
    if (s.key === 'tracking') {
      for (const t of index.tracking) {
        if (!within(t.span, whole)) continue;
        children.push({ name: t.key, detail: t.status ?? '', role: 'tracking', range: t.pairSpan.range, selectionRange: t.span.range, children: [] });
      }
    } else {
      for (const d of index.declarations) {
        if (d.section !== s.key || !within(d.span, whole)) continue;
        const detail = [d.name && d.name !== d.id ? d.name : undefined, d.kind].filter(Boolean).join(' · ');
        children.push({ name: d.id, detail, role: ROLE[d.section], range: d.span.range, selectionRange: (d.idSpan ?? d.span).range, children: [] });
      }
    }
    return { name: s.key, detail: s.items > 0 ? `${s.items}` : '', role: 'section' as const, range, selectionRange: s.keySpan.range, children };
  });
}
