import type { GraphData, GraphEdge, GraphNode, KindInfo, ReviewEntry } from './types';
import { impactEdges, impactNodeIds, impactNodeItem } from '../impact/edges';
import type { ChangeKind, ImpactAnalysisResult } from '../impact/types';
import { compareIds, type TraceIndex } from '../traceIndex';
import type { Item } from '../model/item';

/**
 * The trace-graph webview's data for branch impact: changed items (with `change`; deleted
 * ones as base had them), impacted items (`impacted: true`, `depth` = links from the nearest
 * change) and upstream items (plain), the links among them (head's, and base's for deleted
 * items; `suspect` when a pin differs from head's fingerprint), and one review entry per item
 * saying why it needs a look: changed items first (ID order), then impacted (by depth, then
 * ID), then upstream (ID order).
 */
export function impactGraph(
  head: TraceIndex,
  base: TraceIndex,
  report: ImpactAnalysisResult,
  kinds: KindInfo[],
): { data: GraphData; review: ReviewEntry[] } {
  const changed = new Map(report.changed.map((c) => [c.id, c.change]));
  const impacted = new Map(report.impacted.map((i) => [i.id, i]));
  const kindList = [...kinds];
  const kindLabel = new Map(kindList.map((k) => [k.kind, k.label]));
  const ensureKind = (kind: string): string => {
    let label = kindLabel.get(kind);
    if (label === undefined) {
      label = head.config.kindByName.get(kind)?.label ?? kind;
      const rank = kindList.reduce((m, k) => Math.max(m, k.rank + 1), 0);
      kindList.push({ kind, label, rank });
      kindLabel.set(kind, label);
    }
    return label;
  };

  const nodes: GraphNode[] = [];
  const items = new Map<string, Item>();
  for (const id of impactNodeIds(report)) {
    const item = impactNodeItem(base, head, report, id);
    if (!item) continue;
    items.set(id, item);
    const node: GraphNode = {
      id,
      kind: item.kind,
      kindLabel: ensureKind(item.kind),
      title: item.title,
      status: item.status,
      file: item.file,
      line: item.idRange.start.line,
    };
    const change = changed.get(id);
    const imp = impacted.get(id);
    if (change !== undefined) node.change = change;
    else if (imp) {
      node.impacted = true;
      node.depth = imp.depth;
    }
    if (change !== 'deleted' && hasSuspectLink(head, item)) node.suspect = true;
    nodes.push(node);
  }

  const edges: GraphEdge[] = [];
  for (const e of impactEdges(base, head, report)) {
    if (!items.has(e.from) || !items.has(e.to)) continue;
    const edge: GraphEdge = { from: e.from, to: e.to, type: e.type };
    if (!e.deleted && e.pin !== undefined) {
      const target = head.resolve(e.to);
      if (target && target.fingerprint !== e.pin) edge.suspect = true;
    }
    edges.push(edge);
  }

  const review: ReviewEntry[] = [];
  const entry = (id: string, reason: string): void => {
    const item = items.get(id);
    if (item)
      review.push({ id, kind: item.kind, title: item.title, file: item.file, line: item.idRange.start.line, reason });
  };
  for (const c of report.changed) entry(c.id, c.change);
  const byDepth = [...report.impacted].sort((a, b) => a.depth - b.depth || compareIds(a.id, b.id));
  for (const i of byDepth) entry(i.id, impactReason(head, i.via, changed));
  for (const u of report.upstream) entry(u.id, `upstream of ${u.via[0]!} (${changed.get(u.via[0]!) ?? 'changed'})`);

  return { data: { nodes, edges, kinds: kindList }, review };
}

/**
 * Why an impacted item needs review, read along its path from the change:
 * `verifies REQ-4 (modified)`, `verifies REQ-7, which derives_from UN-2 (modified)`.
 */
export function impactReason(
  head: TraceIndex,
  via: readonly string[],
  changed: ReadonlyMap<string, ChangeKind>,
): string {
  const parts: string[] = [];
  for (let k = via.length - 1; k > 0; k--) {
    const from = via[k]!;
    const to = via[k - 1]!;
    const type = head.resolve(from)?.links.find((l) => l.target === to)?.type ?? 'links to';
    parts.push(`${type} ${to}`);
  }
  const change = changed.get(via[0]!);
  return `${parts.join(', which ')}${change ? ` (${change})` : ''}`;
}

function hasSuspectLink(head: TraceIndex, item: Item): boolean {
  for (const l of item.links) {
    if (l.pin === undefined) continue;
    const target = head.resolve(l.target);
    if (target && target.fingerprint !== l.pin) return true;
  }
  return false;
}
