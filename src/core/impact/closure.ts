import { compareIds, type TraceIndex } from '../traceIndex';
import type { Item } from '../model/item';
import { compareIndexes, comparePaths, type CompareOptions, type ItemComparison } from './compare';
import type {
  ChangedItem,
  ImpactAnalysisResult,
  ImpactedCode,
  ImpactedItem,
  ImpactReport,
  ImpactSide,
  UpstreamItem,
} from './types';

/**
 * What a set of changes impacts, on the head graph.
 *
 * - **Impacted**: every live item that links, directly or transitively, to a changed item
 *   (a test that verifies a changed requirement, a requirement that derives from a changed
 *   need, the tests of that requirement, ...), with the path from the nearest changed item
 *   (`via`) and its length in links (`depth`). Links are followed as head has them; for a
 *   deleted item, that is the items that still link to its ID. Breadth first from every
 *   change at once, changes and neighbours in ID order, so a tie between two equally near
 *   changes goes to the one first in ID order. Obsolete items are neither impacted nor
 *   followed: they need no review.
 * - **Upstream**: the live items a changed item links to, to re-check (the need a modified
 *   requirement derives from, the hazard it mitigates): head's links, and for a relinked or
 *   modified item also the links base had, since a removed link may leave its old target
 *   uncovered; base's links for a deleted item. An item that is changed or impacted is not
 *   also upstream. `via` is `[changedId, id]` for the first changed item in ID order.
 * - **Impacted code**: code files whose tags name a changed or impacted item.
 */
export function impactClosure(
  base: TraceIndex,
  head: TraceIndex,
  changed: readonly ChangedItem[],
): Omit<ImpactAnalysisResult, 'changed' | 'code'> {
  const paths = new Map<string, readonly string[]>();
  const queue: string[] = [];
  for (const c of changed) {
    paths.set(c.id, [c.id]);
    queue.push(c.id);
  }
  const impacted: ImpactedItem[] = [];
  const code = new Map<string, { ids: Set<string>; depth: number }>();
  for (let q = 0; q < queue.length; q++) {
    const id = queue[q]!;
    const via = paths.get(id)!;
    const { items, files } = dependents(head, id);
    for (const file of files) {
      const entry = code.get(file);
      if (entry) entry.ids.add(id);
      else code.set(file, { ids: new Set([id]), depth: via.length });
    }
    for (const dep of items) {
      if (paths.has(dep.id)) continue;
      const path = [...via, dep.id];
      paths.set(dep.id, path);
      queue.push(dep.id);
      impacted.push({
        id: dep.id,
        kind: dep.kind,
        file: dep.file,
        title: dep.title,
        via: path,
        depth: path.length - 1,
      });
    }
  }
  impacted.sort((a, b) => compareIds(a.id, b.id));

  const upstream = new Map<string, UpstreamItem>();
  for (const c of changed) {
    const targets = new Set<string>();
    if (c.change !== 'deleted') for (const l of head.resolve(c.id)?.links ?? []) targets.add(l.target);
    if (c.change !== 'added') for (const l of base.resolve(c.id)?.links ?? []) targets.add(l.target);
    for (const t of [...targets].sort(compareIds)) {
      if (paths.has(t) || upstream.has(t)) continue;
      const item = head.resolve(t);
      if (!item?.live) continue;
      upstream.set(t, { id: t, kind: item.kind, file: item.file, title: item.title, via: [c.id, t] });
    }
  }

  const impactedCode: ImpactedCode[] = [];
  for (const [file, { ids, depth }] of code) impactedCode.push({ file, ids: [...ids].sort(compareIds), depth });
  impactedCode.sort((a, b) => comparePaths(a.file, b.file));
  return { impacted, upstream: [...upstream.values()].sort((a, b) => compareIds(a.id, b.id)), impactedCode };
}

/** The live items of `head` that link to `id` (resolved definitions, in ID order) and the code files that tag it. */
function dependents(head: TraceIndex, id: string): { items: Item[]; files: string[] } {
  const items = new Map<string, Item>();
  const files: string[] = [];
  for (const file of head.referrers(id)) {
    const f = head.get(file);
    if (!f) continue;
    if (f.item) {
      if (!f.item.live || !f.item.links.some((l) => l.target === id)) continue;
      const item = head.resolve(f.item.id);
      if (item?.live && item.id !== id) items.set(item.id, item);
    } else if (f.tags.some((t) => t.id === id)) files.push(file);
  }
  return { items: [...items.values()].sort((a, b) => compareIds(a.id, b.id)), files: files.sort(comparePaths) };
}

/** Compares the indexes and computes the impact: the whole report but for the refs. */
export function analyzeIndexes(base: TraceIndex, head: TraceIndex, options: CompareOptions = {}): ImpactAnalysisResult {
  const comparison: ItemComparison = compareIndexes(base, head, options);
  return { ...comparison, ...impactClosure(base, head, comparison.changed) };
}

/** The versioned report, keys in their documented order. */
export function buildImpactReport(
  base: TraceIndex,
  head: TraceIndex,
  sides: { base: ImpactSide & { commit: string }; head: ImpactSide },
  options: CompareOptions = {},
): ImpactReport {
  const r = analyzeIndexes(base, head, options);
  return {
    version: 1,
    base: { ref: sides.base.ref, commit: sides.base.commit },
    head: { ref: sides.head.ref, commit: sides.head.commit },
    changed: r.changed,
    code: r.code,
    impacted: r.impacted,
    upstream: r.upstream,
    impactedCode: r.impactedCode,
  };
}
