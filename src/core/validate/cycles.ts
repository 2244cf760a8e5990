import type { TraceIndex } from '../index/traceIndex';
import type { Finding } from '../model/finding';

/**
 * link.cycle: along each `acyclic` link type, every entry whose source and target lie on a
 * common cycle (same strongly connected component) is reported, with the cycle in the message.
 */
export function cycleRule(index: TraceIndex): Finding[] {
  const out: Finding[] = [];
  for (const type of index.config.links.values()) {
    if (!type.acyclic) continue;
    // Adjacency over resolved items only; entries are looked up again for the few on a cycle.
    const edges: Edges = new Map();
    for (const f of index.allFiles()) {
      const item = f.item;
      if (!item || item.links.length === 0) continue;
      let list: { to: string }[] | undefined;
      for (const link of item.links) {
        if (link.type !== type.name || link.target === item.id || index.definitions(link.target).length === 0) continue;
        (list ??= []).push({ to: link.target });
      }
      if (list && index.resolve(item.id) === item) edges.set(item.id, list);
    }
    const component = stronglyConnected(edges);
    if (component.size === 0) continue;
    for (const from of [...component.keys()].sort()) {
      const item = index.resolve(from)!;
      for (const link of item.links) {
        if (link.type !== type.name || link.target === from) continue;
        const c = component.get(from);
        if (c === undefined || c !== component.get(link.target)) continue;
        const path = pathWithin(edges, component, link.target, from);
        out.push({
          code: 'link.cycle',
          severity: 'error',
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

type Edges = Map<string, { to: string }[]>;

/** Tarjan's algorithm, iterative; returns node -> component id for components on a cycle. */
function stronglyConnected(edges: Edges): Map<string, number> {
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result = new Map<string, number>();
  let next = 0;
  let comp = 0;
  for (const root of edges.keys()) {
    if (indexOf.has(root)) continue;
    const work: { node: string; i: number }[] = [{ node: root, i: 0 }];
    indexOf.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const out = edges.get(frame.node) ?? [];
      if (frame.i < out.length) {
        const to = out[frame.i++]!.to;
        if (!indexOf.has(to)) {
          indexOf.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, i: 0 });
        } else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, indexOf.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === indexOf.get(frame.node)) {
        const members: string[] = [];
        let m: string;
        do {
          m = stack.pop()!;
          onStack.delete(m);
          members.push(m);
        } while (m !== frame.node);
        if (members.length > 1) {
          for (const x of members) result.set(x, comp);
          comp++;
        }
      }
    }
  }
  return result;
}

/** Shortest path from `from` to `to` inside one component (breadth first), both ends included. */
function pathWithin(edges: Edges, component: Map<string, number>, from: string, to: string): string[] {
  const c = component.get(from);
  const prev = new Map<string, string>([[from, from]]);
  const queue = [from];
  while (queue.length > 0) {
    const n = queue.shift()!;
    if (n === to) break;
    for (const e of edges.get(n) ?? []) {
      if (prev.has(e.to) || component.get(e.to) !== c) continue;
      prev.set(e.to, n);
      queue.push(e.to);
    }
  }
  const path = [to];
  for (let n = to; n !== from; ) {
    n = prev.get(n)!;
    path.unshift(n);
  }
  return path;
}
