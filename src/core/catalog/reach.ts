/**
 * Reachability with call-and-return semantics. A call (agent → model, agent → tool, agent → delegate,
 * MCP server → tool) gets its result back, but only to the caller: a model endpoint or tool shared by two
 * agents does not carry one agent's content to the other. Memory and flows carry content to anyone.
 *
 * The search is a breadth-first search over (component, caller-to-return-to) states, so its work is bounded by
 * edges × distinct callers. The one approximation: after a result returns, the caller is free again (we do not
 * keep a stack of nested calls), which can only add paths through a callee that is itself called by two callers.
 */
import type { InfoEdge, ResolvedModel } from '../model/graph';

/**
 * How a step treats the pending return. `open` enters a callee (remember who called), `close` goes back to a
 * caller (allowed only to the one remembered, or anyone when nothing is pending), `plain` forgets.
 * Searching backwards, a call reads as `close` and a return as `open`.
 */
export type StepKind = 'open' | 'close' | 'plain';

export interface Step {
  to: string;
  kind: StepKind;
  edge: InfoEdge;
}

/** Outgoing steps from a component, forward along information edges (optionally filtered). */
export function forwardSteps(model: ResolvedModel, follow?: (e: InfoEdge) => boolean): (id: string) => Step[] {
  return (id) => model.edgesFrom(id)
    .filter((e) => !follow || follow(e))
    .map((e) => ({ to: e.to, kind: e.direction === 'call' ? 'open' : e.direction === 'return' ? 'close' : 'plain', edge: e }));
}

/** Steps against the direction of information edges: from a sink back towards its sources. */
export function backwardSteps(model: ResolvedModel): (id: string) => Step[] {
  const into = new Map<string, Step[]>();
  for (const e of model.edges) {
    const kind: StepKind = e.direction === 'call' ? 'close' : e.direction === 'return' ? 'open' : 'plain';
    const list = into.get(e.to);
    const step = { to: e.from, kind, edge: e };
    if (list) list.push(step);
    else into.set(e.to, [step]);
  }
  return (id) => into.get(id) ?? [];
}

/** The result of a search: which components were reached, and a shortest chain back to a start. */
export class Reach {
  private readonly parent = new Map<string, string | null>();
  private readonly firstState = new Map<string, string>();

  /** @internal used by `search` */
  record(state: string, node: string, parentState: string | null): void {
    this.parent.set(state, parentState);
    if (!this.firstState.has(node)) this.firstState.set(node, state);
  }

  /** @internal */
  seen(state: string): boolean {
    return this.parent.has(state);
  }

  has(id: string): boolean {
    return this.firstState.has(id);
  }

  /** Component ids from `id` back to the start of the search (shortest), or [] when not reached. */
  chain(id: string): string[] {
    const out: string[] = [];
    let s: string | null | undefined = this.firstState.get(id);
    while (s !== null && s !== undefined && out.length <= this.parent.size) {
      out.push(nodeOf(s));
      s = this.parent.get(s);
    }
    return out;
  }
}

const SEP = '\u0000';
const stateOf = (node: string, pending: string | null) => (pending === null ? node : `${node}${SEP}${pending}`);
const nodeOf = (state: string) => state.split(SEP)[0]!;

/**
 * Breadth-first search from `starts`. With `passable`, components strictly between a start and the reached
 * component must pass the test (a start is always left; a component that fails is reached but not left).
 */
export function search(starts: readonly string[], steps: (id: string) => Step[], passable?: (id: string) => boolean): Reach {
  const reach = new Reach();
  const queue: Array<{ node: string; pending: string | null; state: string; start: boolean }> = [];
  for (const s of starts) {
    const state = stateOf(s, null);
    if (reach.seen(state)) continue;
    reach.record(state, s, null);
    queue.push({ node: s, pending: null, state, start: true });
  }
  for (let i = 0; i < queue.length; i++) {
    const cur = queue[i]!;
    if (passable && !cur.start && !passable(cur.node)) continue;
    for (const step of steps(cur.node)) {
      if (step.kind === 'close' && cur.pending !== null && cur.pending !== step.to) continue;
      const pending = step.kind === 'open' ? cur.node : null;
      const state = stateOf(step.to, pending);
      if (reach.seen(state)) continue;
      reach.record(state, step.to, cur.state);
      queue.push({ node: step.to, pending, state, start: false });
    }
  }
  return reach;
}
