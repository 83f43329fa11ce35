/**
 * The legend beside the diagram (runtime: webview): the shapes of the kinds on screen, drawn by mermaid as
 * a small diagram of its own (so they are exactly the shapes used), and the severity colours.
 */
import { GROUP_SHAPE, KIND_SHAPES, kindWords } from '../core/diagram/style';
import type { ComponentKind } from '../core/model/types';
import { renderSvg } from './mermaid-setup';

let lastKey = '';

export function legendText(kinds: readonly ComponentKind[], groups: boolean): string {
  const entries = kinds.map((k) => `lg_${k.replace(/-/g, '_')}["${kindWords(k)}"]@{ shape: ${KIND_SHAPES[k]} }`);
  if (groups) entries.push(`lg_group["trust boundary"]@{ shape: ${GROUP_SHAPE} }`);
  // Rows of four joined by invisible links (`~~~`): ELK lays each row out left to right, rows stack.
  const lines = ['flowchart LR'];
  for (let i = 0; i < entries.length; i += 4) lines.push(`  ${entries.slice(i, i + 4).join(' ~~~ ')}`);
  return `${lines.join('\n')}\n`;
}

/** Draws the kinds legend when the set of kinds (or the theme) changed. */
export async function updateLegend(host: HTMLElement, kinds: readonly ComponentKind[], groups: boolean, theme: string): Promise<void> {
  const key = `${theme}|${groups}|${kinds.join(',')}`;
  if (key === lastKey) return;
  lastKey = key;
  if (kinds.length === 0 && !groups) {
    host.replaceChildren();
    return;
  }
  try {
    const { svg } = await renderSvg(legendText(kinds, groups));
    if (key !== lastKey) return;
    host.innerHTML = svg; // mermaid output for our own fixed text: kind names and shapes only
  } catch {
    host.textContent = kinds.map(kindWords).join(', ');
  }
}

export function severityLegend(list: HTMLElement): void {
  if (list.childElementCount > 0) return;
  const rows: Array<[string, string]> = [
    ['critical', 'worst open finding: critical'], ['high', 'high'], ['medium', 'medium'], ['low', 'low'],
    ['implied', 'dotted: implied by properties'],
    ['arrow', 'collapsed view: a plain arrow is one flow'],
  ];
  for (const [cls, text] of rows) {
    const li = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `tm-swatch tm-swatch-${cls}`;
    li.append(swatch, document.createTextNode(text));
    list.append(li);
  }
  const badge = document.createElement('li');
  const b = document.createElement('span');
  b.className = 'tm-swatch tm-swatch-badge';
  b.textContent = '3';
  badge.append(b, document.createTextNode('open findings'));
  list.append(badge);
}
