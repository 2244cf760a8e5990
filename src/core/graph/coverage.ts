import type { TraceIndex } from '../index/traceIndex';
import type { Item } from '../model/item';

export interface CoverageResult {
  readonly name: string;
  readonly kind: string;
  /** Live items of the rule's kind, covered or not, sorted by ID. */
  readonly covered: readonly Item[];
  readonly uncovered: readonly Item[];
}

/**
 * Which items each coverage rule finds covered: targets of at least one live link of
 * the rule's `by` types, a live link being one from a live item or a code tag that
 * counts as that type. Obsolete items are neither subject to coverage nor count for it.
 */
export function computeCoverage(index: TraceIndex): CoverageResult[] {
  const config = index.config;
  if (config.coverage.length === 0) return [];
  const incoming = new Map<string, Set<string>>(); // link type -> target IDs with a live link
  const add = (type: string, target: string): void => {
    let set = incoming.get(type);
    if (!set) incoming.set(type, (set = new Set()));
    set.add(target);
  };
  for (const f of index.allFiles()) {
    if (f.item) {
      if (!f.item.live) continue;
      for (const l of f.item.links) add(l.type, l.target);
    }
    for (const t of f.tags) {
      const countsAs = config.codeTags.get(t.tag)?.countsAs;
      if (countsAs) add(countsAs, t.id);
    }
  }
  const items = index.items();
  return config.coverage.map((rule) => {
    const covered: Item[] = [];
    const uncovered: Item[] = [];
    for (const item of items) {
      if (item.kind !== rule.kind || !item.live) continue;
      if (rule.by.some((t) => incoming.get(t)?.has(item.id))) covered.push(item);
      else uncovered.push(item);
    }
    return { name: rule.name, kind: rule.kind, covered, uncovered };
  });
}
