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

/**
 * Where a search may go from a component: the model's information edges out of it (forward) or into it
 * (backward). The edges are the model's own objects, never copied: a search over a model with hundreds of
 * thousands of links allocates nothing per edge.
 */
export interface Steps {
  readonly backward: boolean;
  edges(id: string): readonly InfoEdge[];
}

/** The component a step along `e` leads to. */
export const stepTo = (steps: Steps, e: InfoEdge): string => (steps.backward ? e.from : e.to);

/** How a step along `e` treats the pending return. */
export function stepKind(steps: Steps, e: InfoEdge): StepKind {
  if (e.direction === 'call') return steps.backward ? 'close' : 'open';
  if (e.direction === 'return') return steps.backward ? 'open' : 'close';
  return 'plain';
}

/** Forward along information edges (optionally filtered; a filtered list is built once per component). */
export function forwardSteps(model: ResolvedModel, follow?: (e: InfoEdge) => boolean): Steps {
  if (!follow) return { backward: false, edges: (id) => model.edgesFrom(id) };
  const memo = new Map<string, readonly InfoEdge[]>();
  return {
    backward: false,
    edges: (id) => {
      let list = memo.get(id);
      if (!list) {
        list = model.edgesFrom(id).filter(follow);
        memo.set(id, list);
      }
      return list;
    },
  };
}

/** Against the direction of information edges: from a sink back towards its sources. */
export function backwardSteps(model: ResolvedModel): Steps {
  const into = new Map<string, InfoEdge[]>();
  for (const e of model.edges) {
    const list = into.get(e.to);
    if (list) list.push(e);
    else into.set(e.to, [e]);
  }
  return { backward: true, edges: (id) => into.get(id) ?? [] };
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
 * The result of a search: which components were reached, and a shortest chain back to a start. States are
 * numbered in the order the search meets them and kept in flat arrays of small integers (a shared tool called
 * by N agents has N states, so this is the search's memory). Each state keeps its depth and an anchor (its
 * ancestor at depth `PATH_TAIL - 1`), so a bounded chain costs O(PATH_HEAD + PATH_TAIL) however long the real
 * path is.
 */
export class Reach {
  /** Component ids by index, and each id's index. */
  private readonly ids: string[] = [];
  private readonly index = new Map<string, number>();
  /** Per state: its component, the caller it must return to (-1: none), parent state (-1: a start), depth, anchor. */
  private readonly node: number[] = [];
  private readonly pending: number[] = [];
  private readonly parent: number[] = [];
  private readonly depth: number[] = [];
  private readonly anchor: number[] = [];
  /** Per component: its state with nothing pending, its states by pending caller, the first state that reached it. */
  private readonly free: number[] = [];
  private readonly byPending: Array<Map<number, number> | undefined> = [];
  private readonly first: number[] = [];

  /** @internal the index of a component id, numbering it on first sight */
  nodeIndex(id: string): number {
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.ids.push(id);
      this.index.set(id, i);
      this.free.push(-1);
      this.byPending.push(undefined);
      this.first.push(-1);
    }
    return i;
  }

  /** @internal the state (component, pending caller), or -1 when not met yet */
  stateOf(node: number, pending: number): number {
    return pending < 0 ? this.free[node]! : this.byPending[node]?.get(pending) ?? -1;
  }

  /** @internal records a new state and returns its number */
  record(node: number, pending: number, parentState: number): number {
    const state = this.node.length;
    const d = parentState < 0 ? 0 : this.depth[parentState]! + 1;
    this.node.push(node);
    this.pending.push(pending);
    this.parent.push(parentState);
    this.depth.push(d);
    this.anchor.push(d < PATH_TAIL || parentState < 0 ? state : this.anchor[parentState]!);
    if (pending < 0) this.free[node] = state;
    else {
      let m = this.byPending[node];
      if (!m) this.byPending[node] = m = new Map();
      m.set(pending, state);
    }
    if (this.first[node]! < 0) this.first[node] = state;
    return state;
  }

  /** @internal */
  get states(): number {
    return this.node.length;
  }

  /** @internal */
  nodeOf(state: number): number {
    return this.node[state]!;
  }

  /** @internal */
  pendingOf(state: number): number {
    return this.pending[state]!;
  }

  /** @internal */
  idOf(node: number): string {
    return this.ids[node]!;
  }

  has(id: string): boolean {
    const i = this.index.get(id);
    return i !== undefined && this.first[i]! >= 0;
  }

  /** Component ids from `id` back to the start of the search (shortest, bounded), or no ids when not reached. */
  chain(id: string): Chain {
    const i = this.index.get(id);
    const first = i === undefined ? -1 : this.first[i]!;
    if (first < 0) return { ids: [] };
    const length = this.depth[first]! + 1;
    const ids: string[] = [];
    const walk = (from: number, max: number): void => {
      for (let s = from; s >= 0 && max > 0; s = this.parent[s]!, max--) ids.push(this.ids[this.node[s]!]!);
    };
    if (length <= PATH_HEAD + PATH_TAIL + 1) {
      walk(first, length);
      return { ids };
    }
    walk(first, PATH_HEAD);
    walk(this.anchor[first]!, PATH_TAIL);
    return { ids, omitted: { at: PATH_HEAD, count: length - PATH_HEAD - PATH_TAIL } };
  }
}

/**
 * A component's steps, split so that a state with a pending caller looks only at the one return it may take:
 * `free` lists the open and plain steps (indexes into `edges`, in edge order); `closeTo` gives, per caller, the
 * first return to it, and `nextClose` chains the further returns to the same caller.
 */
interface Grouped {
  edges: readonly InfoEdge[];
  to: number[];
  open: boolean[];
  free: number[];
  closeTo: Map<number, number>;
  nextClose: number[];
}

function group(reach: Reach, steps: Steps, edges: readonly InfoEdge[]): Grouped {
  const g: Grouped = { edges, to: [], open: [], free: [], closeTo: new Map(), nextClose: [] };
  const lastClose = new Map<number, number>();
  edges.forEach((e, i) => {
    const to = reach.nodeIndex(stepTo(steps, e));
    const kind = stepKind(steps, e);
    g.to.push(to);
    g.open.push(kind === 'open');
    g.nextClose.push(-1);
    if (kind !== 'close') return void g.free.push(i);
    const last = lastClose.get(to);
    if (last === undefined) g.closeTo.set(to, i);
    else g.nextClose[last] = i;
    lastClose.set(to, i);
  });
  return g;
}

/** Takes step `i` of the current state's node: records the state it leads to, unless it was met before. */
function take(reach: Reach, g: Grouped, i: number, cur: number): void {
  const pending = g.open[i] ? reach.nodeOf(cur) : -1;
  const to = g.to[i]!;
  if (reach.stateOf(to, pending) < 0) reach.record(to, pending, cur);
}

/**
 * Breadth-first search from `starts`. With `passable`, components strictly between a start and the reached
 * component must pass the test (a start is always left; a component that fails is reached but not left).
 * Work: each state looks at its node's open and plain steps plus the returns to its own caller, so N agents
 * sharing M tools cost about N·M (the call edges), not N·M·N. Steps are taken in the node's edge order, so ties
 * between shortest paths always break the same way.
 */
export function search(starts: readonly string[], steps: Steps, passable?: (id: string) => boolean, charge?: Charge): Reach {
  const reach = new Reach();
  const grouped = new Map<number, Grouped>();
  const stepsOf = (node: number): Grouped => {
    let g = grouped.get(node);
    if (!g) {
      const edges = steps.edges(reach.idOf(node));
      charge?.(edges.length + 1);
      g = group(reach, steps, edges);
      grouped.set(node, g);
    }
    return g;
  };
  for (const s of starts) {
    const node = reach.nodeIndex(s);
    if (reach.stateOf(node, -1) < 0) reach.record(node, -1, -1);
  }
  const startStates = reach.states;
  // The states are the queue: they are numbered in the order they are met.
  for (let cur = 0; cur < reach.states; cur++) {
    const node = reach.nodeOf(cur);
    if (passable && cur >= startStates && !passable(reach.idOf(node))) continue;
    const g = stepsOf(node);
    const pending = reach.pendingOf(cur);
    if (pending < 0) {
      charge?.(1 + g.edges.length);
      for (let i = 0; i < g.edges.length; i++) take(reach, g, i, cur);
      continue;
    }
    // The free steps and the returns to the pending caller, merged back into edge order.
    let c = g.closeTo.get(pending) ?? -1;
    let closes = 0;
    for (let k = c; k >= 0; k = g.nextClose[k]!) closes++;
    charge?.(1 + g.free.length + closes);
    let a = 0;
    while (a < g.free.length || c >= 0) {
      if (c < 0 || (a < g.free.length && g.free[a]! < c)) take(reach, g, g.free[a++]!, cur);
      else {
        take(reach, g, c, cur);
        c = g.nextClose[c]!;
      }
    }
  }
  return reach;
}
