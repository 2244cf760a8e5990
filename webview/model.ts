/**
 * The trace graph's view model: pure functions, no DOM, no ELK runtime (types only), so that
 * everything here runs and is unit-tested in plain Node.
 *
 * - filtering: kinds, depth around the focus, search matches;
 * - layering: bands by kind rank, sub-layers for links between items of one kind, hazards
 *   (other kinds of the same rank) beside the items that link to them;
 * - the ELK input graph and the reading of ELK's result into a {@link Layout};
 * - Mermaid text, edge labels, node text, keyboard navigation.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { Depth, GraphData, GraphEdge, GraphNode, KindInfo } from '../src/shared/protocol';
import { SLOT_COLORS } from './graphStyle';

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 64;
/** Graphs with at least this many nodes are laid out in the Web Worker. */
export const WORKER_THRESHOLD = 300;
/** Above this many nodes ELK runs with its cheapest settings. */
export const LARGE_GRAPH = 600;

// -------------------------------------------------------------------------------------------
// Kinds

/** Colour slot of a kind: well-known kinds get a fixed colour, the others a palette entry. */
export function kindColorSlot(kind: string, index: number): string {
  const k = kind.toLowerCase();
  if (/hazard|risk|harm|failure/.test(k)) return 'hazard';
  if (/test|verif|valid/.test(k)) return 'test';
  if (/need|user|stakeholder|input/.test(k)) return 'need';
  if (/req|spec|design/.test(k)) return 'req';
  return `p${index % 6}`;
}

/** Kinds sorted by rank, then by the order the host gave them. */
export function sortedKinds(kinds: readonly KindInfo[]): KindInfo[] {
  return kinds.map((k, i) => ({ k, i })).sort((a, b) => a.k.rank - b.k.rank || a.i - b.i).map((x) => x.k);
}

/** Safe for a CSS class name / DOM token. */
export function cssToken(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
}

// -------------------------------------------------------------------------------------------
// Filtering

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

// -------------------------------------------------------------------------------------------
// Text

export function edgeLabel(e: Pick<GraphEdge, 'type' | 'suspect'>): string {
  return e.suspect ? `${e.type} (suspect)` : e.type;
}

/** Cuts `s` to at most `max` characters, ending with an ellipsis when cut. */
export function truncate(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  return max <= 1 ? '…' : `${t.slice(0, max - 1).trimEnd()}…`;
}

/** Short badge texts of a node, in display order. */
export function nodeBadges(n: GraphNode): { cls: string; text: string; title: string }[] {
  const out: { cls: string; text: string; title: string }[] = [];
  if (n.change) out.push({ cls: `change-${n.change}`, text: n.change, title: `Changed on this branch: ${n.change}` });
  else if (n.impacted) out.push({ cls: 'impacted', text: 'impacted', title: 'Impacted by a change: needs re-review' });
  if (n.errors) out.push({ cls: 'errors', text: `✕ ${n.errors}`, title: `${n.errors} error${n.errors === 1 ? '' : 's'}` });
  if (n.warnings) out.push({ cls: 'warnings', text: `⚠ ${n.warnings}`, title: `${n.warnings} warning${n.warnings === 1 ? '' : 's'}` });
  if (n.untested) out.push({ cls: 'untested', text: 'untested', title: 'No test verifies this item' });
  if (n.unmitigated) out.push({ cls: 'unmitigated', text: 'unmitigated', title: 'No requirement mitigates this hazard' });
  if (n.suspect) out.push({ cls: 'suspect', text: 'suspect', title: 'A link of this item is suspect: its target changed since it was reviewed' });
  return out;
}

/** The accessible name of a node (also its tooltip's first line). */
export function nodeAriaLabel(n: GraphNode): string {
  const parts = [`${n.kindLabel} ${n.id}: ${n.title}`];
  if (n.status) parts.push(`status ${n.status}`);
  for (const b of nodeBadges(n)) parts.push(b.title.toLowerCase());
  return parts.join(', ');
}

/**
 * Escapes text for a quoted Mermaid label (`"…"`): the characters that could end the string or
 * the label, or start an entity or markup, become Mermaid entity codes (`#34;`).
 */
export function escapeMermaid(s: string): string {
  // No control characters; `%` as an entity, so that a title's `%%{init: …}%%` is no directive.
  // eslint-disable-next-line no-control-regex -- control characters become spaces
  return s.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ').trim().replace(/["#<>|`%]/g, (c) => `#${c.charCodeAt(0)};`);
}

/**
 * A Mermaid flowchart of `data`: `graph TD`, one node per item (`n0`, `n1`, … in input order,
 * labelled `ID: title`), one edge per link from carrier to target labelled with the link type
 * (dotted when suspect), then per kind a `classDef` (its colour) and a `class` line; the focus
 * gets a thick border.
 */
export function toMermaid(data: GraphData, focus?: string): string {
  const key = new Map<string, string>();
  const lines = ['graph TD'];
  data.nodes.forEach((n, i) => {
    key.set(n.id, `n${i}`);
    lines.push(`  n${i}["${escapeMermaid(`${n.id}: ${n.title}`)}"]`);
  });
  for (const e of data.edges) {
    const a = key.get(e.from);
    const b = key.get(e.to);
    if (!a || !b) continue;
    lines.push(`  ${a} ${e.suspect ? '-.->' : '-->'}|"${escapeMermaid(edgeLabel(e))}"| ${b}`);
  }
  sortedKinds(data.kinds).forEach((k, i) => {
    const members = data.nodes.filter((n) => n.kind === k.kind).map((n) => key.get(n.id));
    if (members.length === 0) return;
    const colour = SLOT_COLORS[kindColorSlot(k.kind, i)]?.[1] ?? '#888888';
    lines.push(`  classDef ${cssToken(k.kind)} stroke:${colour},stroke-width:2px`);
    lines.push(`  class ${members.join(',')} ${cssToken(k.kind)}`);
  });
  const f = focus !== undefined ? key.get(focus) : undefined;
  if (f) lines.push(`  style ${f} stroke-width:3px`);
  return lines.join('\n') + '\n';
}

// -------------------------------------------------------------------------------------------
// Layering and the ELK input

export interface Layering {
  /** Global layer index (0 = top) of every node. */
  layer: Map<string, number>;
  /** Edges (indices into `data.edges`) between two kinds of one rank: drawn sideways, not laid out by ELK. */
  lateral: Set<number>;
  /** Band (distinct rank, top to bottom) of every layer. */
  bandOfLayer: number[];
  /** The ranks, one per band. */
  bandRanks: number[];
}

/**
 * Bands by kind rank (top = lowest rank); within a band, links between items of one kind make
 * sub-layers (the target above the carrier: a requirement above the one refining it, cycles
 * broken); items of another kind of the same rank (hazards) take the sub-layer of the items
 * linked to them, so they sit beside them.
 */
export function computeLayers(data: GraphData, opts: { flatBands?: boolean } = {}): Layering {
  const rankOf = new Map(data.kinds.map((k) => [k.kind, k.rank]));
  const bandRanks = [...new Set(data.nodes.map((n) => rankOf.get(n.kind) ?? 0))].sort((a, b) => a - b);
  const bandIndex = new Map(bandRanks.map((r, i) => [r, i]));
  const node = new Map(data.nodes.map((n) => [n.id, n]));
  const bandOf = (id: string): number => bandIndex.get(rankOf.get(node.get(id)?.kind ?? '') ?? 0) ?? 0;

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

  const depthOfBand = bandRanks.map(() => 0);
  for (const n of data.nodes) {
    const b = bandOf(n.id);
    depthOfBand[b] = Math.max(depthOfBand[b]!, (sub.get(n.id) ?? 0) + 1);
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
  return { layer, lateral, bandOfLayer, bandRanks };
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
export function buildElkGraph(data: GraphData, opts: { flatBands?: boolean } = {}): ElkBuild {
  const layering = computeLayers(data, { flatBands: opts.flatBands ?? data.nodes.length >= LARGE_GRAPH });
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
    ordered = layers.flatMap((l) => l.filter((id) => !hinted.has(id)).flatMap((id) => [id, ...(beside.get(id) ?? [])])).map((id) => byId.get(id)!);
  }
  return {
    graph: { id: 'root', layoutOptions: elkLayoutOptions(data.nodes.length), children: ordered, edges },
    layering,
    edgeMap,
  };
}

// -------------------------------------------------------------------------------------------
// The layout, as rendered

export interface Point {
  x: number;
  y: number;
}

export interface NodeBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidEdge {
  /** Index into the laid-out data's `edges`. */
  index: number;
  from: string;
  to: string;
  type: string;
  suspect: boolean;
  /** From the carrier to the target (the arrow head is at the last point). */
  points: Point[];
  /** Drawn as an arc between two items of one band (e.g. requirement → hazard). */
  lateral: boolean;
  label: Point;
}

export interface Layout {
  width: number;
  height: number;
  nodes: Map<string, NodeBox>;
  edges: LaidEdge[];
  /** Vertical extent of each band, top to bottom, for the band captions. */
  bands: { rank: number; top: number; bottom: number }[];
}

/** The point halfway along a polyline. */
export function midpoint(points: readonly Point[]): Point {
  if (points.length === 0) return { x: 0, y: 0 };
  let total = 0;
  for (let i = 1; i < points.length; i++) total += Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y);
  let half = total / 2;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (len >= half && len > 0) return { x: a.x + ((b.x - a.x) * half) / len, y: a.y + ((b.y - a.y) * half) / len };
    half -= len;
  }
  return { ...points[points.length - 1]! };
}

/** An arc over the top of two boxes in one layer, from `a`'s side to `b`'s side. */
export function lateralArc(a: NodeBox, b: NodeBox): Point[] {
  const leftToRight = a.x <= b.x;
  const start = { x: leftToRight ? a.x + a.width : a.x, y: a.y + a.height * 0.35 };
  const end = { x: leftToRight ? b.x : b.x + b.width, y: b.y + b.height * 0.35 };
  if (Math.abs(a.y - b.y) > 1 || Math.abs(end.x - start.x) > 2 * (a.width + 40)) {
    // Not neighbours: go over the nodes in between.
    const top = Math.min(a.y, b.y) - 18;
    const s = { x: a.x + a.width / 2, y: a.y };
    const t = { x: b.x + b.width / 2, y: b.y };
    return [s, { x: s.x, y: top }, { x: t.x, y: top }, t];
  }
  return [start, end];
}

/** Reads ELK's output into a {@link Layout}; edges that ELK did not route become straight lines. */
export function readElkLayout(data: GraphData, build: ElkBuild, result: ElkNode): Layout {
  const nodes = new Map<string, NodeBox>();
  for (const c of result.children ?? []) {
    nodes.set(c.id, { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? NODE_WIDTH, height: c.height ?? NODE_HEIGHT });
  }
  const routed = new Map<number, Point[]>();
  for (const e of result.edges ?? []) {
    const m = build.edgeMap.get(e.id);
    const s = e.sections?.[0];
    if (!m || !s) continue;
    const pts = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => ({ x: p.x, y: p.y }));
    routed.set(m.index, m.reversed ? pts.reverse() : pts);
  }
  const edges: LaidEdge[] = [];
  data.edges.forEach((e, index) => {
    const a = nodes.get(e.from);
    const b = nodes.get(e.to);
    if (!a || !b) return;
    const lateral = build.layering.lateral.has(index);
    let points = routed.get(index);
    if (!points) {
      if (lateral) points = lateralArc(a, b);
      else if (e.from === e.to) points = [{ x: a.x + a.width, y: a.y + 10 }, { x: a.x + a.width + 24, y: a.y + a.height / 2 }, { x: a.x + a.width, y: a.y + a.height - 10 }];
      else points = [centre(a), centre(b)];
    }
    const mid = midpoint(points);
    // A sideways link's label sits above its (horizontal) line.
    const label = lateral && points.length === 2 ? { x: mid.x, y: mid.y - 9 } : mid;
    edges.push({ index, from: e.from, to: e.to, type: e.type, suspect: !!e.suspect, points, lateral, label });
  });
  const bands: Layout['bands'] = [];
  const { layer, bandOfLayer, bandRanks } = build.layering;
  for (const [id, box] of nodes) {
    const l = layer.get(id);
    if (l === undefined) continue;
    const b = bandOfLayer[l]!;
    const cur = bands[b];
    if (!cur) bands[b] = { rank: bandRanks[b]!, top: box.y, bottom: box.y + box.height };
    else {
      cur.top = Math.min(cur.top, box.y);
      cur.bottom = Math.max(cur.bottom, box.y + box.height);
    }
  }
  return {
    width: result.width ?? 0,
    height: result.height ?? 0,
    nodes,
    edges,
    bands: bands.filter((b) => b !== undefined),
  };
}

function centre(b: NodeBox): Point {
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

// -------------------------------------------------------------------------------------------
// Keyboard navigation and the viewport

export type Direction = 'up' | 'down' | 'left' | 'right';

/**
 * The node to move to from `from` with an arrow key: the nearest node whose centre lies in that
 * direction within a 45° cone either side, distance weighted against sideways drift.
 */
export function neighbourInDirection(nodes: ReadonlyMap<string, NodeBox>, from: string, dir: Direction): string | undefined {
  const a = nodes.get(from);
  if (!a) return undefined;
  const ca = centre(a);
  let best: string | undefined;
  let bestScore = Infinity;
  for (const [id, b] of nodes) {
    if (id === from) continue;
    const cb = centre(b);
    const dx = cb.x - ca.x;
    const dy = cb.y - ca.y;
    const along = dir === 'up' ? -dy : dir === 'down' ? dy : dir === 'left' ? -dx : dx;
    const across = dir === 'up' || dir === 'down' ? Math.abs(dx) : Math.abs(dy);
    if (along <= 0 || across > along * (dir === 'up' || dir === 'down' ? 8 : 1)) continue;
    const score = along + across * 2;
    if (score < bestScore || (score === bestScore && best !== undefined && id < best)) {
      bestScore = score;
      best = id;
    }
  }
  return best;
}

/** Reading order (top to bottom, left to right) for Tab. */
export function readingOrder(nodes: ReadonlyMap<string, NodeBox>): string[] {
  return [...nodes].sort(([ia, a], [ib, b]) => a.y - b.y || a.x - b.x || (ia < ib ? -1 : 1)).map(([id]) => id);
}

export interface Transform {
  x: number;
  y: number;
  k: number;
}

export const MIN_ZOOM = 0.001;
export const MAX_ZOOM = 3;

export function clampZoom(k: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));
}

/** Shows the box `b` centred in a `w`×`h` viewport with `pad` pixels around it, never above `maxK`. */
export function fitTransform(b: { x: number; y: number; width: number; height: number }, w: number, h: number, pad = 24, maxK = 1): Transform {
  const k = clampZoom(Math.min(maxK, (w - 2 * pad) / Math.max(1, b.width), (h - 2 * pad) / Math.max(1, b.height)));
  return { k, x: (w - b.width * k) / 2 - b.x * k, y: (h - b.height * k) / 2 - b.y * k };
}

/** Zooms by `factor` keeping the screen point (`px`, `py`) fixed. */
export function zoomAt(t: Transform, factor: number, px: number, py: number): Transform {
  const k = clampZoom(t.k * factor);
  const f = k / t.k;
  return { k, x: px - (px - t.x) * f, y: py - (py - t.y) * f };
}

/** The smallest pan that brings box `b` fully into a `w`×`h` viewport (with `pad`). */
export function panIntoView(t: Transform, b: NodeBox, w: number, h: number, pad = 24): Transform {
  const left = b.x * t.k + t.x;
  const top = b.y * t.k + t.y;
  const right = left + b.width * t.k;
  const bottom = top + b.height * t.k;
  let dx = 0;
  let dy = 0;
  if (right > w - pad) dx = w - pad - right;
  if (left + dx < pad) dx = pad - left;
  if (bottom > h - pad) dy = h - pad - bottom;
  if (top + dy < pad) dy = pad - top;
  return { k: t.k, x: t.x + dx, y: t.y + dy };
}
