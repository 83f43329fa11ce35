/**
 * The toolbar (runtime: webview): view, focus hops, boundary and severity filters, zoom, legend and export.
 * It reflects the options the host last rendered with and reports the user's changes as `ViewOptions`.
 */
import type { Level } from '../core/catalog/types';
import type { Diagram, DiagramViewRequest } from '../core/diagram/types';
import type { BoundaryChoice, ViewOptions } from '../shared/protocol';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

export class Toolbar {
  readonly view = $<HTMLSelectElement>('view');
  readonly hops = $<HTMLSelectElement>('hops');
  readonly boundary = $<HTMLSelectElement>('boundary');
  readonly severity = $<HTMLSelectElement>('severity');
  readonly direction = $<HTMLSelectElement>('direction');
  private boundariesKey = '';
  private options: ViewOptions = { view: 'auto' };

  constructor(private readonly onOptions: (o: ViewOptions) => void, private readonly focusCandidate: () => string | undefined) {
    for (const el of [this.view, this.hops, this.boundary, this.severity, this.direction]) {
      el.addEventListener('change', () => this.onOptions(this.read()));
    }
  }

  /** The options the controls show now; choosing Focus focuses on the last selected element. */
  read(): ViewOptions {
    const view = this.view.value as DiagramViewRequest;
    const focus = view === 'focus' ? (this.focusCandidate() ?? this.options.focus) : undefined;
    return {
      view,
      ...(focus ? { focus } : {}),
      ...(view === 'focus' ? { hops: Number(this.hops.value) || 1 } : {}),
      ...(this.boundary.value ? { boundaries: [this.boundary.value] } : {}),
      ...(this.severity.value ? { minSeverity: this.severity.value as Level } : {}),
      direction: this.direction.value === 'LR' || this.direction.value === 'TB' ? this.direction.value : fittingDirection(),
    };
  }

  show(options: ViewOptions, diagram: Diagram, boundaries: readonly BoundaryChoice[]): void {
    this.options = options;
    const key = JSON.stringify(boundaries);
    if (key !== this.boundariesKey) {
      this.boundariesKey = key;
      const all = document.createElement('option');
      all.value = '';
      all.textContent = 'All';
      this.boundary.replaceChildren(all, ...boundaries.map((b) => {
        const o = document.createElement('option');
        o.value = b.id;
        o.textContent = `${'\u00a0\u00a0'.repeat(b.depth)}${b.label}`;
        return o;
      }));
    }
    this.view.value = options.view;
    this.view.querySelector<HTMLOptionElement>('option[value="auto"]')!.textContent = options.view === 'auto' ? `Auto (${diagram.view})` : 'Auto';
    this.hops.value = String(options.hops ?? 1);
    $('hops-label').hidden = options.view !== 'focus';
    this.boundary.value = options.boundaries?.[0] ?? '';
    this.severity.value = options.minSeverity ?? '';
  }
}

/**
 * The layout that fits the panel: a panel beside the YAML is usually taller than wide, where a left-to-right
 * diagram shrinks to a thin strip; top to bottom uses the height instead.
 */
export function fittingDirection(): 'LR' | 'TB' {
  const w = window.innerWidth || 1;
  const h = window.innerHeight || 1;
  return w < h * 1.3 ? 'TB' : 'LR';
}
