/**
 * The layout rules: bands by kind rank, sub-layers for links between items of one kind, hazards
 * (other kinds of the same rank) beside the items that link to them; and the ELK input graph
 * that carries them (layout.ts runs ELK on it).
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { GraphData } from '../src/shared/protocol';

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 64;
/** Graphs with at least this many nodes are laid out in the Web Worker. */
export const WORKER_THRESHOLD = 300;
/** Horizontal room of one node in a layer (width + ELK's node spacing). */
export const NODE_PITCH = NODE_WIDTH + 64;

/** Graphs from this many nodes are not wrapped (edges across many rows cost ELK a dummy node per row). */
export const WRAP_BELOW = 300;

/**
 * How many items a row holds: a drawing about as wide as a `width`×`height` view is tall,
 * and at least the columns readable at zoom `k` (3 or more), so that a layer of 30 tests is
 * not one long strip.
 */
export function wrapWidth(nodes: number, width: number, height: number, k: number): number {
  const cols = Math.max(3, Math.floor((width - 48) / (k * NODE_PITCH)));
  const aspect = Math.max(0.3, width / Math.max(1, height));
  return Math.max(cols, Math.ceil(Math.sqrt(nodes * aspect * (LAYER_PITCH / NODE_PITCH))));
}

/** Vertical room of one layer (height + ELK's spacing between layers). */
export const LAYER_PITCH = NODE_HEIGHT + 64;

/** Above this many nodes ELK runs with its cheapest settings. */
export const LARGE_GRAPH = 600;

export interface Layering {
  /** Global layer index (0 = top) of every node. */
  layer: Map<string, number>;
  /** Edges (indices into `data.edges`) between two kinds of one rank: drawn sideways, not laid out by ELK. */
  lateral: Set<number>;
  /** Band (distinct rank, top to bottom) of every layer. */
  bandOfLayer: number[];
  /** The ranks, one per band (two bands share a rank when they hold kinds not linked to each other). */
  bandRanks: number[];
  /** The kinds of every band, in the host's order. */
  bandKinds: string[][];
}

/**
 * Bands (lanes) top to bottom: one per kind rank, split when kinds of one rank are not linked to
 * each other in the graph (validations share the requirements' rank, linking to needs like them,
 * but get a lane of their own; hazards, linked sideways from requirements, stay beside them).
 */
export function computeBands(data: GraphData): { bandOfKind: Map<string, number>; ranks: number[]; kinds: string[][] } {
  const order = data.kinds.map((k, i) => ({ k, i })).sort((a, b) => a.k.rank - b.k.rank || a.i - b.i);
  const present = new Set(data.nodes.map((n) => n.kind));
  const kindOf = new Map(data.nodes.map((n) => [n.id, n.kind]));
  const rankOf = new Map(data.kinds.map((k) => [k.kind, k.rank]));
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  for (const e of data.edges) {
    const a = kindOf.get(e.from);
    const b = kindOf.get(e.to);
    if (a === undefined || b === undefined || a === b || rankOf.get(a) !== rankOf.get(b)) continue;
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  }
  // Kinds the host did not list sit in rank 0, each with its own root.
  for (const k of present) if (!rankOf.has(k)) rankOf.set(k, 0);
  const listed = [...order.map((o) => o.k.kind), ...[...present].filter((k) => !data.kinds.some((x) => x.kind === k))];
  const bandOfKind = new Map<string, number>();
  const ranks: number[] = [];
  const kinds: string[][] = [];
  const bandOfRoot = new Map<string, number>();
  const sorted = listed.filter((k) => present.has(k)).sort((a, b) => rankOf.get(a)! - rankOf.get(b)!);
  for (const k of sorted) {
    const root = `${rankOf.get(k)}\u0000${find(k)}`;
    let b = bandOfRoot.get(root);
    if (b === undefined) {
      b = ranks.length;
      bandOfRoot.set(root, b);
      ranks.push(rankOf.get(k)!);
      kinds.push([]);
    }
    kinds[b]!.push(k);
    bandOfKind.set(k, b);
  }
  return { bandOfKind, ranks, kinds };
}

/**
 * Bands by kind rank (top = lowest rank); within a band, links between items of one kind make
 * sub-layers (the target above the carrier: a requirement above the one refining it, cycles
 * broken); items of another kind of the same rank (hazards) take the sub-layer of the items
 * linked to them, so they sit beside them.
 */
export function computeLayers(data: GraphData, opts: { flatBands?: boolean; wrap?: number } = {}): Layering {
  const bands = computeBands(data);
  const bandRanks = bands.ranks;
  const node = new Map(data.nodes.map((n) => [n.id, n]));
  const bandOf = (id: string): number => bands.bandOfKind.get(node.get(id)?.kind ?? '') ?? 0;

  const lateral = new Set<number>();
  const parents = new Map<string, string[]>(); // same-kind, same-band: carrier -> targets
  const lateralNbrs = new Map<string, string[]>();
  data.edges.forEach((e, i) => {
    const a = node.get(e.from);
    const b = node.get(e.to);
    if (!a || !b || e.from === e.to || bandOf(e.from) !== bandOf(e.to)) return;
    if (a.kind === b.kind && !opts.flatBands) {
      const l = parents.get(e.from);
      if (l) l.push(e.to);
      else parents.set(e.from, [e.to]);
    } else {
      lateral.add(i);
      for (const [x, y] of [
        [e.from, e.to],
        [e.to, e.from],
      ] as const) {
        const l = lateralNbrs.get(x);
        if (l) l.push(y);
        else lateralNbrs.set(x, [y]);
      }
    }
  });

  // Sub-layer = longest chain of same-kind targets above (iterative DFS; back edges ignored).
  const sub = new Map<string, number>();
  const state = new Map<string, 1 | 2>(); // 1 = on stack, 2 = done
  for (const n of data.nodes) {
    if (state.has(n.id)) continue;
    const stack: { id: string; i: number; best: number }[] = [{ id: n.id, i: 0, best: 0 }];
    state.set(n.id, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const ps = parents.get(top.id) ?? [];
      if (top.i < ps.length) {
        const p = ps[top.i++]!;
        const s = state.get(p);
        if (s === 2) top.best = Math.max(top.best, sub.get(p)! + 1);
        else if (s === undefined) {
          state.set(p, 1);
          stack.push({ id: p, i: 0, best: 0 });
        }
        continue;
      }
      stack.pop();
      state.set(top.id, 2);
      sub.set(top.id, top.best);
      const below = stack[stack.length - 1];
      if (below) below.best = Math.max(below.best, top.best + 1);
    }
  }
  // Items joined only sideways (hazards) take the shallowest sub-layer of their partners.
  const hasVertical = new Set<string>();
  for (const [c, ps] of parents) {
    hasVertical.add(c);
    for (const p of ps) hasVertical.add(p);
  }
  for (const n of data.nodes) {
    if (hasVertical.has(n.id)) continue;
    const partners = lateralNbrs.get(n.id);
    if (!partners) continue;
    let best = Infinity;
    for (const p of partners) if (hasVertical.has(p)) best = Math.min(best, sub.get(p) ?? 0);
    if (best !== Infinity) sub.set(n.id, best);
  }

  // Wrap: a sub-layer wider than `wrap` items becomes several rows, in the input order (the host
  // sends the focus's neighbourhood first, so the nearest items take the first row).
  const wrap = opts.wrap !== undefined && opts.wrap >= 1 ? Math.floor(opts.wrap) : Infinity;
  const rowsOf = new Map<string, number>(); // `${band}:${sub}` -> rows
  const row = new Map<string, number>();
  if (wrap !== Infinity) {
    const count = new Map<string, number>();
    for (const n of data.nodes) {
      const key = `${bandOf(n.id)}:${sub.get(n.id) ?? 0}`;
      const c = count.get(key) ?? 0;
      count.set(key, c + 1);
      row.set(n.id, Math.floor(c / wrap));
    }
    for (const [key, c] of count) rowsOf.set(key, Math.ceil(c / wrap));
  }
  // Each sub-layer starts at the rows taken by the sub-layers above it in its band.
  const subStart = new Map<string, number>();
  const depthOfBand = bandRanks.map(() => 0);
  const maxSub = bandRanks.map(() => 0);
  for (const n of data.nodes) maxSub[bandOf(n.id)] = Math.max(maxSub[bandOf(n.id)]!, sub.get(n.id) ?? 0);
  maxSub.forEach((m, b) => {
    let acc = 0;
    for (let i = 0; i <= m; i++) {
      subStart.set(`${b}:${i}`, acc);
      acc += rowsOf.get(`${b}:${i}`) ?? 1;
    }
    depthOfBand[b] = acc;
  });
  for (const n of data.nodes) {
    const b = bandOf(n.id);
    sub.set(n.id, (subStart.get(`${b}:${sub.get(n.id) ?? 0}`) ?? 0) + (row.get(n.id) ?? 0));
  }
  const offset: number[] = [];
  const bandOfLayer: number[] = [];
  let acc = 0;
  depthOfBand.forEach((d, b) => {
    offset.push(acc);
    for (let i = 0; i < d; i++) bandOfLayer.push(b);
    acc += d;
  });
  const layer = new Map<string, number>();
  for (const n of data.nodes) layer.set(n.id, offset[bandOf(n.id)]! + (sub.get(n.id) ?? 0));
  return { layer, lateral, bandOfLayer, bandRanks, bandKinds: bands.kinds };
}

export interface ElkBuild {
  graph: ElkNode;
  layering: Layering;
  /** ELK edge id -> index into `data.edges`, and whether ELK's direction is the reverse of the link's. */
  edgeMap: Map<string, { index: number; reversed: boolean }>;
}

export function elkLayoutOptions(nodeCount: number): Record<string, string> {
  const large = nodeCount >= LARGE_GRAPH;
  return {
    'elk.algorithm': 'layered',
    'elk.direction': 'DOWN',
    // Layers come from the kinds (node y), not from ELK: see computeLayers.
    'elk.layered.layering.strategy': 'INTERACTIVE',
    // One layering for all components, so that every band lines up across the drawing.
    'elk.separateConnectedComponents': 'false',
    // Fixed-size nodes without ELK labels: skip ELK's label and node-size pass.
    'elk.omitNodeMicroLayout': 'true',
    'elk.edgeRouting': 'POLYLINE',
    // Room between neighbours for a sideways link and its label (requirement → hazard).
    'elk.spacing.nodeNode': '64',
    'elk.layered.spacing.nodeNodeBetweenLayers': '64',
    'elk.spacing.edgeNode': '16',
    'elk.layered.spacing.edgeNodeBetweenLayers': '16',
    // Large graphs come pre-ordered (orderLayers): ELK's own sweeps cost seconds there.
    'elk.layered.crossingMinimization.strategy': large ? 'NONE' : 'LAYER_SWEEP',
    'elk.layered.thoroughness': '7',
    'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    'elk.layered.nodePlacement.favorStraightEdges': 'true',
    'elk.randomSeed': '1',
  };
}

/**
 * Orders the nodes of every layer by barycentre sweeps (down, then up, `rounds` times) over
 * `edges` (source above target), starting from `initial` order. Returns the layers, top to
 * bottom, each in its new order. A cheap stand-in for ELK's crossing minimisation on large graphs.
 */
export function orderLayers(
  ids: readonly string[],
  layerOf: ReadonlyMap<string, number>,
  edges: readonly { source: string; target: string }[],
  rounds = 4,
): string[][] {
  const layers: string[][] = [];
  for (const id of ids) {
    const l = layerOf.get(id) ?? 0;
    (layers[l] ??= []).push(id);
  }
  for (let i = 0; i < layers.length; i++) layers[i] ??= [];
  const above = new Map<string, string[]>();
  const below = new Map<string, string[]>();
  for (const { source, target } of edges) {
    (below.get(source) ?? below.set(source, []).get(source)!).push(target);
    (above.get(target) ?? above.set(target, []).get(target)!).push(source);
  }
  const pos = new Map<string, number>();
  const place = (l: string[]): void => l.forEach((id, i) => pos.set(id, i / Math.max(1, l.length - 1)));
  layers.forEach(place);
  const sweep = (layer: string[], nbrs: Map<string, string[]>): void => {
    const bc = new Map<string, number>();
    for (const id of layer) {
      const ns = nbrs.get(id);
      let sum = 0;
      let n = 0;
      for (const x of ns ?? []) {
        const p = pos.get(x);
        if (p !== undefined) {
          sum += p;
          n++;
        }
      }
      bc.set(id, n > 0 ? sum / n : pos.get(id)!);
    }
    layer.sort((a, b) => bc.get(a)! - bc.get(b)!);
    place(layer);
  };
  for (let r = 0; r < rounds; r++) {
    for (let i = 1; i < layers.length; i++) sweep(layers[i]!, above);
    for (let i = layers.length - 2; i >= 0; i--) sweep(layers[i]!, below);
  }
  return layers;
}

/**
 * The ELK input: one node per item at y = its layer (ELK's INTERACTIVE layering keeps it), one
 * edge per link between layers oriented top to bottom, sideways links left out. An item joined
 * only sideways (a hazard) gets invisible hint edges to its partner's neighbours above and
 * below, so crossing minimisation puts it next to its partner.
 */
export function buildElkGraph(data: GraphData, opts: { flatBands?: boolean; wrap?: number } = {}): ElkBuild {
  const large = data.nodes.length >= LARGE_GRAPH;
  const layering = computeLayers(data, {
    flatBands: opts.flatBands ?? large,
    ...(opts.wrap !== undefined && data.nodes.length < WRAP_BELOW ? { wrap: opts.wrap } : {}),
  });
  const { layer, lateral } = layering;
  const gap = NODE_HEIGHT * 3;
  const children: ElkNode[] = data.nodes.map((n) => ({
    id: n.id,
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
    x: 0,
    y: layer.get(n.id)! * gap,
  }));
  const edges: ElkExtendedEdge[] = [];
  const edgeMap = new Map<string, { index: number; reversed: boolean }>();
  const nbrs = new Map<string, { other: string; above: boolean }[]>();
  const addNbr = (a: string, other: string, above: boolean): void => {
    const l = nbrs.get(a);
    if (l) l.push({ other, above });
    else nbrs.set(a, [{ other, above }]);
  };
  data.edges.forEach((e, i) => {
    if (lateral.has(i) || e.from === e.to) return;
    const lf = layer.get(e.from);
    const lt = layer.get(e.to);
    if (lf === undefined || lt === undefined || lf === lt) return;
    const reversed = lt < lf; // the usual case: the target (requirement) sits above its carrier (test)
    const source = reversed ? e.to : e.from;
    const target = reversed ? e.from : e.to;
    const id = `e${i}`;
    edges.push({ id, sources: [source], targets: [target] });
    edgeMap.set(id, { index: i, reversed });
    addNbr(target, source, true);
    addNbr(source, target, false);
  });
  let hint = 0;
  const hinted = new Set<string>();
  const beside = new Map<string, string[]>(); // partner -> sideways-only items to put next to it
  for (const i of lateral) {
    const e = data.edges[i]!;
    for (const [who, partner] of [
      [e.to, e.from],
      [e.from, e.to],
    ] as const) {
      if (hinted.has(who) || nbrs.has(who)) continue; // has links of its own: ELK places it
      const pn = nbrs.get(partner);
      if (!pn) continue;
      hinted.add(who);
      (beside.get(partner) ?? beside.set(partner, []).get(partner)!).push(who);
      const above = pn.find((x) => x.above);
      const below = pn.find((x) => !x.above);
      if (above) edges.push({ id: `h${hint++}`, sources: [above.other], targets: [who] });
      if (below) edges.push({ id: `h${hint++}`, sources: [who], targets: [below.other] });
    }
  }
  let ordered = children;
  if (data.nodes.length >= LARGE_GRAPH) {
    // ELK keeps this order (crossing minimisation NONE): sort the children layer by layer.
    const byId = new Map(children.map((c) => [c.id, c]));
    const layers = orderLayers(
      children.map((c) => c.id),
      layer,
      edges.map((e) => ({ source: e.sources[0]!, target: e.targets[0]! })),
    );
    // Sideways-only items (hazards) right after their partner: ELK keeps the order.
    ordered = layers
      .flatMap((l) => l.filter((id) => !hinted.has(id)).flatMap((id) => [id, ...(beside.get(id) ?? [])]))
      .map((id) => byId.get(id)!);
  }
  return {
    graph: { id: 'root', layoutOptions: elkLayoutOptions(data.nodes.length), children: ordered, edges },
    layering,
    edgeMap,
  };
}
