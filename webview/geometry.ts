/** The layout as rendered: boxes, routed edges, and the reading of ELK's result into them. */
import type { ElkNode } from 'elkjs/lib/elk-api';
import { NODE_HEIGHT, NODE_WIDTH, type ElkBuild } from './layering';
import type { GraphData } from '../src/shared/protocol';

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
  bands: { rank: number; kinds: string[]; top: number; bottom: number }[];
}

/** The point halfway along a polyline. */
export function midpoint(points: readonly Point[]): Point {
  if (points.length === 0) return { x: 0, y: 0 };
  let total = 0;
  for (let i = 1; i < points.length; i++)
    total += Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y);
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

/** Whether the segment p–q passes through box `b` (grown by `pad`). Liang–Barsky clipping. */
export function segmentHitsBox(p: Point, q: Point, b: NodeBox, pad = 2): boolean {
  const x0 = b.x - pad;
  const y0 = b.y - pad;
  const x1 = b.x + b.width + pad;
  const y1 = b.y + b.height + pad;
  let t0 = 0;
  let t1 = 1;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  for (const [pp, qq] of [
    [-dx, p.x - x0],
    [dx, x1 - p.x],
    [-dy, p.y - y0],
    [dy, y1 - p.y],
  ] as const) {
    if (pp === 0) {
      if (qq < 0) return false;
      continue;
    }
    const r = qq / pp;
    if (pp < 0) t0 = Math.max(t0, r);
    else t1 = Math.min(t1, r);
    if (t0 > t1) return false;
  }
  return true;
}

/** Whether the polyline passes through any box of `others`. */
export function polylineHits(points: readonly Point[], others: readonly NodeBox[]): NodeBox[] {
  const hit: NodeBox[] = [];
  for (const o of others)
    for (let i = 1; i < points.length; i++)
      if (segmentHitsBox(points[i - 1]!, points[i]!, o)) {
        hit.push(o);
        break;
      }
  return hit;
}

/**
 * A sideways link between two boxes of one band, from `a`'s side to `b`'s side: straight when
 * nothing is in the way, else over the top of every box in between (`others`: the other boxes
 * of the drawing), so that it never runs behind an unrelated node.
 */
export function lateralArc(a: NodeBox, b: NodeBox, others: readonly NodeBox[] = []): Point[] {
  const leftToRight = a.x <= b.x;
  const start = { x: leftToRight ? a.x + a.width : a.x, y: a.y + a.height * 0.35 };
  const end = { x: leftToRight ? b.x : b.x + b.width, y: b.y + b.height * 0.35 };
  const straight = [start, end];
  if (Math.abs(a.y - b.y) <= 1 && polylineHits(straight, others).length === 0) return straight;
  const s = { x: a.x + a.width / 2, y: a.y };
  const t = { x: b.x + b.width / 2, y: b.y };
  let top = Math.min(a.y, b.y) - 18;
  // Raise the arc above whatever its three legs would cross.
  for (let i = 0; i < 4; i++) {
    const path = [s, { x: s.x, y: top }, { x: t.x, y: top }, t];
    const hit = polylineHits(path, others);
    if (hit.length === 0) return path;
    top = Math.min(...hit.map((h) => h.y)) - 18;
  }
  return [s, { x: s.x, y: top }, { x: t.x, y: top }, t];
}

/** The point at `f` (0…1) of a polyline's length. */
export function pointAlong(points: readonly Point[], f: number): Point {
  if (points.length === 0) return { x: 0, y: 0 };
  let total = 0;
  for (let i = 1; i < points.length; i++)
    total += Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y);
  let rest = total * f;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (len >= rest && len > 0) return { x: a.x + ((b.x - a.x) * rest) / len, y: a.y + ((b.y - a.y) * rest) / len };
    rest -= len;
  }
  return { ...points[points.length - 1]! };
}

/** Half the size of an edge label's box (10.5 px text): the label must not cover a node. */
const LABEL_HALF = { w: 34, h: 8 };

/** Where an edge's label goes: the middle of the line, or the nearest place along it clear of every node box. */
export function labelPoint(points: readonly Point[], boxes: readonly NodeBox[], text = ''): Point {
  const hw = Math.max(LABEL_HALF.w, text.length * 3.2);
  const clear = (p: Point): boolean =>
    !boxes.some(
      (b) =>
        p.x + hw > b.x && p.x - hw < b.x + b.width && p.y + LABEL_HALF.h > b.y && p.y - LABEL_HALF.h < b.y + b.height,
    );
  for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
    const p = pointAlong(points, f);
    if (clear(p)) return p;
  }
  return midpoint(points);
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
  const allBoxes = [...nodes.values()];
  data.edges.forEach((e, index) => {
    const a = nodes.get(e.from);
    const b = nodes.get(e.to);
    if (!a || !b) return;
    const lateral = build.layering.lateral.has(index);
    let points = routed.get(index);
    if (!points) {
      if (lateral)
        points = lateralArc(
          a,
          b,
          allBoxes.filter((o) => o !== a && o !== b && Math.abs(o.y - a.y) < a.height * 4),
        );
      else if (e.from === e.to)
        points = [
          { x: a.x + a.width, y: a.y + 10 },
          { x: a.x + a.width + 24, y: a.y + a.height / 2 },
          { x: a.x + a.width, y: a.y + a.height - 10 },
        ];
      else points = [centre(a), centre(b)];
    }
    const mid = midpoint(points);
    // A sideways link's label sits above its (horizontal) line; any other label where no node covers it.
    const near = allBoxes.length <= 2000 ? allBoxes : [a, b];
    const label = lateral && points.length === 2 ? { x: mid.x, y: mid.y - 9 } : labelPoint(points, near, e.type);
    edges.push({ index, from: e.from, to: e.to, type: e.type, suspect: !!e.suspect, points, lateral, label });
  });
  const bands: Layout['bands'] = [];
  const { layer, bandOfLayer, bandRanks, bandKinds } = build.layering;
  for (const [id, box] of nodes) {
    const l = layer.get(id);
    if (l === undefined) continue;
    const b = bandOfLayer[l]!;
    const cur = bands[b];
    if (!cur) bands[b] = { rank: bandRanks[b]!, kinds: bandKinds[b] ?? [], top: box.y, bottom: box.y + box.height };
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

export function centre(b: NodeBox): Point {
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}
