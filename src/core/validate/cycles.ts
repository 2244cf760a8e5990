import { fixedCode } from '../config/codes';
import type { TraceIndex } from '../traceIndex';
import type { Finding } from '../model/finding';

/**
 * link.cycle: along each `acyclic` link type, every entry whose source and target lie on a
 * common cycle (same strongly connected component) is reported, with the cycle in the message.
 */
export function cycleRule(index: TraceIndex): Finding[] {
  const out: Finding[] = [];
  for (const type of index.config.links.values()) {
    if (!type.acyclic) continue;
    const graph = linkGraph(index, type.name);
    const component = stronglyConnected(graph);
    if (component.size === 0) continue;
    for (const from of [...component.keys()].sort()) {
      const item = index.resolve(from)!;
      for (const link of item.links) {
        if (link.type !== type.name || link.target === from) continue;
        const c = component.get(from);
        if (c === undefined || c !== component.get(link.target)) continue;
        const path = pathWithin(graph, component, link.target, from);
        out.push({
          ...fixedCode('link.cycle'),
          message: `'${type.name}' forms a cycle: ${[from, ...path].join(' → ')}`,
          file: item.file,
          range: link.targetRange,
          itemId: from,
          target: link.target,
        });
      }
    }
  }
  return out;
}

/**
 * The resolved items and their links of one type (to defined items, not to themselves), with
 * nodes numbered so that the search below works on arrays of numbers rather than maps of IDs:
 * the node `n` has the edges `targets[first[n]]` up to `targets[end[n]]`, in link order.
 */
interface LinkGraph {
  readonly ids: string[];
  /** ID -> its node, or -1 for an ID no item defines (links to it are no edges): one look-up per link. */
  readonly number: Map<string, number>;
  readonly first: number[];
  readonly end: number[];
  readonly targets: number[];
  /** Nodes with edges, in the order their items were indexed. */
  readonly sources: number[];
}

function linkGraph(index: TraceIndex, type: string): LinkGraph {
  const g: LinkGraph = { ids: [], number: new Map(), first: [], end: [], targets: [], sources: [] };
  const node = (id: string): number => {
    let n = g.number.get(id);
    if (n === undefined) {
      n = index.resolve(id) === undefined ? -1 : g.ids.length;
      g.number.set(id, n);
      if (n >= 0) {
        g.ids.push(id);
        g.first.push(0);
        g.end.push(0);
      }
    }
    return n;
  };
  for (const f of index.allFiles()) {
    const item = f.item;
    if (!item || item.links.length === 0) continue;
    let start = -1;
    for (const link of item.links) {
      if (link.type !== type || link.target === item.id) continue;
      const to = node(link.target);
      if (to < 0) continue;
      if (start < 0) {
        if (index.resolve(item.id) !== item) break; // a duplicate definition: the resolved one speaks for the ID
        start = g.targets.length;
      }
      g.targets.push(to);
    }
    if (start < 0) continue;
    const n = node(item.id);
    g.first[n] = start;
    g.end[n] = g.targets.length;
    g.sources.push(n);
  }
  return g;
}

/** Tarjan's algorithm, iterative; returns ID -> component number for the components on a cycle. */
function stronglyConnected(g: LinkGraph): Map<string, number> {
  const count = g.ids.length;
  const order = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const next = new Int32Array(count); // the next edge to follow, per node on the work stack
  const stack: number[] = [];
  const work: number[] = [];
  const result = new Map<string, number>();
  let visited = 0;
  let comp = 0;
  const enter = (n: number): void => {
    order[n] = low[n] = visited++;
    next[n] = g.first[n]!;
    stack.push(n);
    onStack[n] = 1;
    work.push(n);
  };
  for (const root of g.sources) {
    if (order[root]! >= 0) continue;
    enter(root);
    while (work.length > 0) {
      const n = work[work.length - 1]!;
      if (next[n]! < g.end[n]!) {
        const to = g.targets[next[n]!++]!;
        if (order[to]! < 0) enter(to);
        else if (onStack[to]) low[n] = Math.min(low[n]!, order[to]!);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low[parent] = Math.min(low[parent]!, low[n]!);
      if (low[n] === order[n]) {
        let size = 0;
        let m: number;
        const members: number[] = [];
        do {
          m = stack.pop()!;
          onStack[m] = 0;
          members.push(m);
          size++;
        } while (m !== n);
        if (size > 1) {
          for (const x of members) result.set(g.ids[x]!, comp);
          comp++;
        }
      }
    }
  }
  return result;
}

/** Shortest path from `from` to `to` inside one component (breadth first), both ends included. */
function pathWithin(g: LinkGraph, component: Map<string, number>, from: string, to: string): string[] {
  const c = component.get(from);
  const prev = new Map<string, string>([[from, from]]);
  const queue = [from];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (id === to) break;
    const n = g.number.get(id)!;
    for (let e = g.first[n]!; e < g.end[n]!; e++) {
      const next = g.ids[g.targets[e]!]!;
      if (prev.has(next) || component.get(next) !== c) continue;
      prev.set(next, id);
      queue.push(next);
    }
  }
  const path = [to];
  for (let n = to; n !== from;) {
    n = prev.get(n)!;
    path.unshift(n);
  }
  return path;
}
