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
  bands: { rank: number; top: number; bottom: number }[];
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
      else if (e.from === e.to)
        points = [
          { x: a.x + a.width, y: a.y + 10 },
          { x: a.x + a.width + 24, y: a.y + a.height / 2 },
          { x: a.x + a.width, y: a.y + a.height - 10 },
        ];
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

export function centre(b: NodeBox): Point {
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}
