import type { CoverageRule } from '../config/types';
import { compareIds, type TraceIndex } from '../index/traceIndex';
import type { Item } from '../model/item';
import { coveringSources } from '../graph/coverage';
import { mentionsOf, type Mention } from './document';

/** Links and code tags that name `id`: who links to it. */
export function incomingLinks(index: TraceIndex, id: string): Mention[] {
  return mentionsOf(index, id).filter((m) => m.role !== 'reference');
}

export interface ItemCoverage {
  readonly rule: CoverageRule;
  /** Obsolete items are exempt from coverage. */
  readonly exempt: boolean;
  readonly covered: boolean;
  /** Live items whose links of the rule's `by` types name the item, sorted by ID. */
  readonly byItems: readonly Item[];
  /** Code files whose tags count as one of the `by` types, sorted. */
  readonly byFiles: readonly string[];
}

/** The coverage rules that apply to `item` (those of its kind), with what covers it (graph/coverage.ts decides). */
export function itemCoverage(index: TraceIndex, item: Item): ItemCoverage[] {
  return index.config.coverage
    .filter((r) => r.kind === item.kind)
    .map((rule) => {
      const items = new Map<string, Item>();
      const files = new Set<string>();
      for (const source of coveringSources(index, item, rule)) {
        const by = source.id !== undefined ? index.get(source.file)?.item : undefined;
        if (by) {
          if (!items.has(by.id)) items.set(by.id, by);
        } else files.add(source.file);
      }
      const byItems = [...items.values()].sort((a, b) => compareIds(a.id, b.id));
      const byFiles = [...files].sort();
      return { rule, exempt: !item.live, covered: item.live && (byItems.length > 0 || byFiles.length > 0), byItems, byFiles };
    });
}

/** "verified" for `unverified`, "mitigated" for `unmitigated`; otherwise "covered (<name>)". */
export function coverageVerb(rule: CoverageRule): string {
  return /^un[a-z]/.test(rule.name) ? rule.name.slice(2) : `covered (${rule.name})`;
}

/** "verified by TST-3, TST-7, test/rate.c" or "not verified". `max` caps the names listed. */
export function coverageText(c: ItemCoverage, max = Infinity): string {
  const verb = coverageVerb(c.rule);
  if (c.exempt) return `obsolete: exempt from '${c.rule.name}'`;
  if (!c.covered) return `not ${verb}`;
  const names = [...c.byItems.map((i) => i.id), ...c.byFiles];
  const shown = names.slice(0, max);
  const more = names.length - shown.length;
  return `${verb} by ${shown.join(', ')}${more > 0 ? ` +${more} more` : ''}`;
}

export interface Downstream {
  /** Items that link to the ID, and their dependents, transitively (the ID itself excluded), sorted. */
  readonly items: readonly string[];
  /** Code files with a tag naming the ID or any of those items, sorted. */
  readonly codeFiles: readonly string[];
}

/** Transitive dependents of `id` along incoming links of any type. */
export function downstream(index: TraceIndex, id: string): Downstream {
  const seen = new Set<string>([id]);
  const files = new Set<string>();
  const queue = [id];
  for (let q = 0; q < queue.length; q++) {
    const cur = queue[q]!;
    for (const m of mentionsOf(index, cur)) {
      if (m.role === 'tag') files.add(m.file);
      else if (m.role === 'link' && m.item && !seen.has(m.item.id)) {
        seen.add(m.item.id);
        queue.push(m.item.id);
      }
    }
  }
  seen.delete(id);
  return { items: [...seen].sort(compareIds), codeFiles: [...files].sort() };
}
