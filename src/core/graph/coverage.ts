import type { CoverageRule, TraceConfig } from '../config/types';
import type { TraceIndex } from '../traceIndex';
import type { Item } from '../model/item';
import { exemptBy } from '../validate/exempt';

export interface CoverageResult {
  readonly name: string;
  readonly kind: string;
  /** Live items of the rule's kind, covered or not, sorted by ID. */
  readonly covered: readonly Item[];
  readonly uncovered: readonly Item[];
}

/**
 * Whether links from `item` count as coverage: it is live, carries no template placeholder
 * (`item.placeholder`), and its status is one of `coverage_statuses` where tracespine.yaml
 * sets them (default: every live status, SPEC section 1).
 */
export function givesCoverage(config: TraceConfig, item: Item): boolean {
  if (!item.live || item.placeholder === true) return false;
  return config.coverageStatuses === undefined || config.coverageStatuses.has(item.status);
}

/**
 * The live links that cover `item` under `rule`: links of the rule's `by` types from live
 * items, and code tags that count as one of those types. Obsolete items neither need
 * coverage nor give it.
 */
export function coveringSources(
  index: TraceIndex,
  item: Item,
  rule: CoverageRule,
): { file: string; id?: string; type: string }[] {
  const out: { file: string; id?: string; type: string }[] = [];
  for (const file of index.referrers(item.id)) {
    const f = index.get(file);
    if (!f) continue;
    if (f.item && givesCoverage(index.config, f.item)) {
      for (const l of f.item.links)
        if (l.target === item.id && rule.by.includes(l.type) && fromKindOk(rule, f.item))
          out.push({ file, id: f.item.id, type: l.type });
    }
    for (const t of f.tags) {
      const countsAs = index.config.codeTags.get(t.tag)?.countsAs;
      if (t.id === item.id && countsAs !== undefined && rule.from === undefined && rule.by.includes(countsAs))
        out.push({ file, type: countsAs });
    }
  }
  return out;
}

/** Whether any live link covers `item` under `rule` (coveringSources without collecting them). */
export function isCovered(index: TraceIndex, item: Item, rule: CoverageRule): boolean {
  for (const file of index.referrers(item.id)) {
    const f = index.get(file);
    if (!f) continue;
    if (f.item && givesCoverage(index.config, f.item) && fromKindOk(rule, f.item))
      for (const l of f.item.links) if (l.target === item.id && rule.by.includes(l.type)) return true;
    for (const t of f.tags) {
      if (t.id !== item.id) continue;
      const countsAs = index.config.codeTags.get(t.tag)?.countsAs;
      if (countsAs !== undefined && rule.from === undefined && rule.by.includes(countsAs)) return true;
    }
  }
  return false;
}

/** Each coverage rule's covered and uncovered live items. */
export function computeCoverage(index: TraceIndex): CoverageResult[] {
  const items = index.items();
  return index.config.coverage.map((rule) => {
    const covered: Item[] = [];
    const uncovered: Item[] = [];
    for (const item of items) {
      if (item.kind !== rule.kind || !item.live || exemptBy(item, rule.unless)) continue;
      (isCovered(index, item, rule) ? covered : uncovered).push(item);
    }
    return { name: rule.name, kind: rule.kind, covered, uncovered };
  });
}

/** A rule's `from` kinds (none: any kind) admit links from `source`. */
function fromKindOk(rule: CoverageRule, source: Item): boolean {
  return rule.from === undefined || rule.from.includes(source.kind);
}
