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
  // Built once per component: searches ask for the same component's steps many times.
  const memo = new Map<string, Step[]>();
  return (id) => {
    let steps = memo.get(id);
    if (!steps) {
      steps = model.edgesFrom(id)
        .filter((e) => !follow || follow(e))
        .map((e) => ({ to: e.to, kind: e.direction === 'call' ? 'open' : e.direction === 'return' ? 'close' : 'plain', edge: e }));
      memo.set(id, steps);
    }
    return steps;
  };
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

/** Evidence paths longer than this keep their first `PATH_HEAD` and last `PATH_TAIL` ids and count the rest. */
export const PATH_HEAD = 8;
export const PATH_TAIL = 8;

/** A chain of component ids; `omitted` says how many ids were left out just before index `at`. */
export interface Chain {
  ids: string[];
  omitted?: { at: number; count: number };
}

/** Reverses a chain, keeping its omission marker in the same place between the same two ids. */
export function reverseChain(c: Chain): Chain {
  const ids = [...c.ids].reverse();
  return c.omitted ? { ids, omitted: { at: ids.length - c.omitted.at, count: c.omitted.count } } : { ids };
}

/** Work a search may charge (one unit per state and per step looked at); throws to stop a search. */
export type Charge = (units: number) => void;

/**
 * The result of a search: which components were reached, and a shortest chain back to a start. Each state
 * keeps its depth and an anchor (its ancestor at depth `PATH_TAIL - 1`), so a bounded chain costs
 * O(PATH_HEAD + PATH_TAIL) however long the real path is.
 */
export class Reach {
  private readonly parent = new Map<string, string | null>();
  private readonly depth = new Map<string, number>();
  private readonly anchor = new Map<string, string>();
  private readonly firstState = new Map<string, string>();

  /** @internal used by `search` */
  record(state: string, node: string, parentState: string | null): void {
    const d = parentState === null ? 0 : this.depth.get(parentState)! + 1;
    this.parent.set(state, parentState);
    this.depth.set(state, d);
    this.anchor.set(state, d < PATH_TAIL || parentState === null ? state : this.anchor.get(parentState)!);
    if (!this.firstState.has(node)) this.firstState.set(node, state);
  }

  /** @internal */
  seen(state: string): boolean {
    return this.parent.has(state);
  }

  has(id: string): boolean {
    return this.firstState.has(id);
  }

  /** Component ids from `id` back to the start of the search (shortest, bounded), or no ids when not reached. */
  chain(id: string): Chain {
    const first = this.firstState.get(id);
    if (first === undefined) return { ids: [] };
    const length = this.depth.get(first)! + 1;
    const ids: string[] = [];
    const walk = (from: string | null | undefined, max: number): void => {
      for (let s = from; s !== null && s !== undefined && max > 0; s = this.parent.get(s), max--) ids.push(nodeOf(s));
    };
    if (length <= PATH_HEAD + PATH_TAIL + 1) {
      walk(first, length);
      return { ids };
    }
    walk(first, PATH_HEAD);
    walk(this.anchor.get(first), PATH_TAIL);
    return { ids, omitted: { at: PATH_HEAD, count: length - PATH_HEAD - PATH_TAIL } };
  }
}

const SEP = '\u0000';
const stateOf = (node: string, pending: string | null) => (pending === null ? node : `${node}${SEP}${pending}`);
const nodeOf = (state: string) => {
  const i = state.indexOf(SEP);
  return i < 0 ? state : state.slice(0, i);
};

/** A node's steps, split so that a state with a pending caller looks only at the one return it may take. */
interface Grouped {
  all: Step[];
  /** Indexes (into `all`) of open and plain steps, and of the returns to each caller. */
  free: number[];
  closeTo: Map<string, number[]>;
}

function group(all: Step[]): Grouped {
  const g: Grouped = { all, free: [], closeTo: new Map() };
  all.forEach((step, i) => {
    if (step.kind !== 'close') return void g.free.push(i);
    const list = g.closeTo.get(step.to);
    if (list) list.push(i);
    else g.closeTo.set(step.to, [i]);
  });
  return g;
}

/** The steps a state may take, in the node's edge order (so ties between shortest paths break as before). */
function allowed(g: Grouped, pending: string | null): Step[] {
  if (pending === null) return g.all;
  const closes = g.closeTo.get(pending);
  if (!closes) return g.free.map((i) => g.all[i]!);
  const out: Step[] = [];
  let a = 0;
  let b = 0;
  while (a < g.free.length || b < closes.length) {
    const next = b >= closes.length || (a < g.free.length && g.free[a]! < closes[b]!) ? g.free[a++]! : closes[b++]!;
    out.push(g.all[next]!);
  }
  return out;
}

/**
 * Breadth-first search from `starts`. With `passable`, components strictly between a start and the reached
 * component must pass the test (a start is always left; a component that fails is reached but not left).
 * Work: each state looks at its node's open and plain steps plus the returns to its own caller, so N agents
 * sharing M tools cost about N·M (the call edges), not N·M·N.
 */
export function search(starts: readonly string[], steps: (id: string) => Step[], passable?: (id: string) => boolean, charge?: Charge): Reach {
  const reach = new Reach();
  const grouped = new Map<string, Grouped>();
  const stepsOf = (node: string): Grouped => {
    let g = grouped.get(node);
    if (!g) {
      const list = steps(node);
      charge?.(list.length + 1);
      g = group(list);
      grouped.set(node, g);
    }
    return g;
  };
  const queue: Array<{ node: string; pending: string | null; state: string; start: boolean }> = [];
  for (const s of starts) {
    const state = stateOf(s, null);
    if (reach.seen(state)) continue;
    reach.record(state, s, null);
    queue.push({ node: s, pending: null, state, start: true });
  }
  const visit = (cur: { node: string; state: string }, step: Step): void => {
    const pending = step.kind === 'open' ? cur.node : null;
    const state = stateOf(step.to, pending);
    if (reach.seen(state)) return;
    reach.record(state, step.to, cur.state);
    queue.push({ node: step.to, pending, state, start: false });
  };
  for (let i = 0; i < queue.length; i++) {
    const cur = queue[i]!;
    if (passable && !cur.start && !passable(cur.node)) continue;
    const next = allowed(stepsOf(cur.node), cur.pending);
    charge?.(1 + next.length);
    for (const step of next) visit(cur, step);
  }
  return reach;
}
