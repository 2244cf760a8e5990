import { compareIds, type TraceIndex } from '../traceIndex';
import type { Item } from '../model/item';
import type { ImpactAnalysisResult, ImpactEdge } from './types';

/** Every ID the impact graph shows: changed, impacted and upstream items, in ID order. */
export function impactNodeIds(report: ImpactAnalysisResult): string[] {
  const ids = new Set<string>();
  for (const c of report.changed) ids.add(c.id);
  for (const i of report.impacted) ids.add(i.id);
  for (const u of report.upstream) ids.add(u.id);
  return [...ids].sort(compareIds);
}

/** The item behind a node: head's definition, or base's for a deleted item. */
export function impactNodeItem(
  base: TraceIndex,
  head: TraceIndex,
  report: ImpactAnalysisResult,
  id: string,
): Item | undefined {
  return deletedIds(report).has(id) ? base.resolve(id) : head.resolve(id);
}

/**
 * The links among the graph's nodes: as head has them, and as base had them for deleted
 * items. One edge per (from, type, to), sorted by from, to, type.
 */
export function impactEdges(base: TraceIndex, head: TraceIndex, report: ImpactAnalysisResult): ImpactEdge[] {
  const nodes = new Set(impactNodeIds(report));
  const deleted = deletedIds(report);
  const edges: ImpactEdge[] = [];
  const seen = new Set<string>();
  for (const id of nodes) {
    const isDeleted = deleted.has(id);
    const item = isDeleted ? base.resolve(id) : head.resolve(id);
    if (!item) continue;
    for (const l of item.links) {
      if (!nodes.has(l.target) || l.target === id) continue;
      const key = `${l.type}\u0000${l.target}`;
      if (seen.has(`${id}\u0000${key}`)) continue;
      seen.add(`${id}\u0000${key}`);
      edges.push({
        from: id,
        to: l.target,
        type: l.type,
        ...(l.pin !== undefined ? { pin: l.pin } : {}),
        deleted: isDeleted,
      });
    }
  }
  edges.sort(
    (a, b) => compareIds(a.from, b.from) || compareIds(a.to, b.to) || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0),
  );
  return edges;
}

function deletedIds(report: ImpactAnalysisResult): Set<string> {
  const out = new Set<string>();
  for (const c of report.changed) if (c.change === 'deleted') out.add(c.id);
  return out;
}
