/**
 * What the diagram highlights for a finding selected in the Threats view: its element and flow, and every path
 * that carries it. A merged finding (engine/merge.ts) is one threat reaching its element several ways, or one
 * link drawn as a request and its reply: its merged paths and flows are part of the same threat, so they are
 * highlighted with the primary path, not left out.
 */
import type { Finding } from '../engine/types';

export interface FindingHighlight {
  /** Elements and flows to highlight (the finding's own first). */
  ids: string[];
  /** Each path of the finding, the primary one first; the diagram highlights the edges along every one. */
  paths: string[][];
}

export function findingHighlight(f: Pick<Finding, 'elementId' | 'flowId' | 'why' | 'merged'>): FindingHighlight {
  const ids = [f.elementId, ...(f.flowId && f.flowId !== f.elementId ? [f.flowId] : [])];
  const paths = f.why.path && f.why.path.length > 0 ? [f.why.path] : [];
  const seenPaths = new Set(paths.map((p) => p.join('\u0000')));
  for (const m of f.merged ?? []) {
    // `RULE@element` or, for a flow rule, `RULE@source@flow`: the flow is what it is on (as `elementId` of a flow
    // finding). Ids never contain '@' (the schema's id pattern).
    const [, element, flow] = m.id.split('@');
    const id = flow ?? element;
    if (id && !ids.includes(id)) ids.push(id);
    const key = m.path?.join('\u0000');
    if (m.path && m.path.length > 0 && !seenPaths.has(key!)) {
      seenPaths.add(key!);
      paths.push(m.path);
    }
  }
  return { ids, paths };
}
