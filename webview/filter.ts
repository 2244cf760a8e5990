/** What the graph shows: kinds, depth around the focus, search matches. */
import type { Depth, GraphData, GraphNode } from '../src/shared/protocol';

/**
 * Distance of every reachable node from `focus`, walking links either up (from the carrier to
 * its target: test → requirement → need) or down (target → carriers), never turning round, so
 * that siblings are not neighbours. A link between two kinds of the same rank (requirement →
 * hazard) counts as one step in either walk but is not walked through (a need's requirements
 * bring their hazards, not the hazards' other requirements), except from the focus itself (a
 * hazard's requirements lead on to their needs and tests).
 */
export function distancesFrom(data: GraphData, focus: string): Map<string, number> {
  const rank = new Map(data.kinds.map((k) => [k.kind, k.rank]));
  const kindOf = new Map(data.nodes.map((n) => [n.id, n.kind]));
  const up = new Map<string, string[]>();
  const down = new Map<string, string[]>();
  const lateral = new Map<string, string[]>();
  const push = (m: Map<string, string[]>, k: string, v: string): void => {
    const l = m.get(k);
    if (l) l.push(v);
    else m.set(k, [v]);
  };
  for (const e of data.edges) {
    const kf = kindOf.get(e.from);
    const kt = kindOf.get(e.to);
    if (kf === undefined || kt === undefined) continue;
    if (kf !== kt && rank.get(kf) === rank.get(kt)) {
      push(lateral, e.from, e.to);
      push(lateral, e.to, e.from);
    } else {
      push(up, e.from, e.to);
      push(down, e.to, e.from);
    }
  }
  const dist = new Map<string, number>();
  if (!kindOf.has(focus)) return dist;
  dist.set(focus, 0);
  for (const dir of [up, down]) {
    const seen = new Map<string, number>([[focus, 0]]);
    let frontier = [focus];
    for (let d = 1; frontier.length > 0; d++) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const m of [dir, lateral]) {
          for (const n of m.get(id) ?? []) {
            if (seen.has(n)) continue;
            seen.set(n, d);
            // A sideways neighbour is a leaf of the walk (shown, not walked through), except
            // next to the focus: a hazard's requirements lead on to their needs and tests.
            if (m === dir || id === focus) next.push(n);
            const old = dist.get(n);
            if (old === undefined || d < old) dist.set(n, d);
          }
        }
      }
      frontier = next;
    }
  }
  return dist;
}

export interface ViewFilter {
  /** Kinds the user unticked. */
  hiddenKinds?: ReadonlySet<string>;
  /** Keep nodes within this distance of `focus` (node `depth` if the host gave it, else computed). */
  depth?: Depth;
  focus?: string;
}

/** The visible subgraph: nodes in input order, edges whose both ends are visible. */
export function filterGraph(data: GraphData, filter: ViewFilter): GraphData {
  const hidden = filter.hiddenKinds ?? new Set<string>();
  let within: ((n: GraphNode) => boolean) | undefined;
  if (filter.depth !== undefined && filter.depth !== 'all' && filter.focus !== undefined) {
    const max = filter.depth;
    const hostDepths = data.nodes.every((n) => n.depth !== undefined);
    if (hostDepths) within = (n) => (n.depth ?? 0) <= max;
    else {
      const dist = distancesFrom(data, filter.focus);
      if (dist.size > 0) within = (n) => (dist.get(n.id) ?? Infinity) <= max;
    }
  }
  const nodes = data.nodes.filter((n) => (!hidden.has(n.kind) || n.id === filter.focus) && (!within || within(n)));
  if (nodes.length === data.nodes.length) return { nodes, edges: data.edges, kinds: data.kinds };
  const ids = new Set(nodes.map((n) => n.id));
  return { nodes, edges: data.edges.filter((e) => ids.has(e.from) && ids.has(e.to)), kinds: data.kinds };
}

/**
 * Ids of the nodes matching `query`: every whitespace-separated term must occur
 * (case-insensitively) in the id, title, kind label or status. An empty query matches nothing.
 */
export function searchMatches(nodes: readonly GraphNode[], query: string): Set<string> {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  const out = new Set<string>();
  if (terms.length === 0) return out;
  for (const n of nodes) {
    const hay = `${n.id}\n${n.title}\n${n.kindLabel}\n${n.status}`.toLowerCase();
    if (terms.every((t) => hay.includes(t))) out.add(n.id);
  }
  return out;
}
