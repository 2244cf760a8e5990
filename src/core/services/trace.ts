import type { CoverageRule } from '../config/types';
import { compareIds, type TraceIndex } from '../traceIndex';
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
      return {
        rule,
        exempt: !item.live,
        covered: item.live && (byItems.length > 0 || byFiles.length > 0),
        byItems,
        byFiles,
      };
    });
}

/** "verified" for `unverified`, "mitigated" for `unmitigated`; otherwise "covered (<name>)". */
export function coverageVerb(rule: Pick<CoverageRule, 'name'>): string {
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
  const walk = walkDownstream(index, id);
  const files = new Set<string>();
  for (const tags of walk.tags.values()) for (const m of tags) files.add(m.file);
  return { items: walk.items, codeFiles: [...files].sort() };
}

/** One entry of a list of links: an item (with its `id`) or a code location. */
export interface TraceLink {
  /** Item ID, or undefined for a code location. */
  readonly id?: string;
  readonly file: string;
  /** 0-based line of the item's `id` or of the tag's ID. */
  readonly line: number;
  /** Link type (`verifies`) or tag (`@verifies`); downstream, with the item it leads to (`verifies REQ-1`). */
  readonly via: string;
  readonly title?: string;
}

/**
 * What links to `id` ("Show Links"): items by link type (of `types`, or any), sorted by ID,
 * each item and type once; then code tags naming it, by file and line.
 */
export function incomingLinkList(index: TraceIndex, id: string, types?: readonly string[]): TraceLink[] {
  const items: TraceLink[] = [];
  const tags: TraceLink[] = [];
  const seen = new Set<string>();
  for (const m of mentionsOf(index, id)) {
    if (m.role === 'link' && m.item && m.link) {
      if (types && !types.includes(m.link.type)) continue;
      const key = `${m.item.id}\0${m.link.type}`;
      if (seen.has(key)) continue;
      seen.add(key);
      items.push(itemLink(m.item, m.link.type));
    } else if (m.role === 'tag' && m.tag && (!types || types.includes(m.tag.tag))) {
      tags.push({ file: m.file, line: m.range.start.line, via: `@${m.tag.tag}` });
    }
  }
  items.sort((a, b) => compareIds(a.id!, b.id!));
  return [...items, ...tags.sort(compareLines)];
}

/**
 * Everything downstream of `id` ("Show Impact" as a list; the code lens counts the same):
 * the items, sorted by ID, each with the link that reached it first; then the code tags
 * naming `id` or any of them, once per file and line.
 */
export function downstreamList(index: TraceIndex, id: string): TraceLink[] {
  const walk = walkDownstream(index, id);
  const out: TraceLink[] = [];
  for (const d of walk.items) {
    const reached = walk.via.get(d)!;
    out.push(itemLink(reached.item, `${reached.type} ${reached.to}`));
  }
  const seen = new Set<string>();
  for (const target of [id, ...walk.items]) {
    const tags = (walk.tags.get(target) ?? [])
      .map((m) => ({ file: m.file, line: m.range.start.line, tag: m.tag!.tag }))
      .sort(compareLines);
    for (const t of tags) {
      const key = `${t.file}:${t.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ file: t.file, line: t.line, via: `@${t.tag} ${target}` });
    }
  }
  return out;
}

interface DownstreamWalk {
  /** The dependents, sorted by ID. */
  readonly items: readonly string[];
  /** How each dependent was reached first: its item, and the link type and target. */
  readonly via: ReadonlyMap<string, { item: Item; type: string; to: string }>;
  /** Code tags naming `id` or a dependent, by the ID they name. */
  readonly tags: ReadonlyMap<string, readonly Mention[]>;
}

/** Breadth-first along incoming links of any type, from `id`. */
function walkDownstream(index: TraceIndex, id: string): DownstreamWalk {
  const via = new Map<string, { item: Item; type: string; to: string }>();
  const tags = new Map<string, Mention[]>();
  const seen = new Set<string>([id]);
  const queue = [id];
  for (let q = 0; q < queue.length; q++) {
    const cur = queue[q]!;
    for (const m of mentionsOf(index, cur)) {
      if (m.role === 'tag') {
        const list = tags.get(cur);
        if (list) list.push(m);
        else tags.set(cur, [m]);
      } else if (m.role === 'link' && m.item && !seen.has(m.item.id)) {
        seen.add(m.item.id);
        via.set(m.item.id, { item: m.item, type: m.link!.type, to: cur });
        queue.push(m.item.id);
      }
    }
  }
  seen.delete(id);
  return { items: [...seen].sort(compareIds), via, tags };
}

function itemLink(item: Item, via: string): TraceLink {
  return { id: item.id, file: item.file, line: item.idRange.start.line, via, title: item.title };
}

function compareLines(a: { file: string; line: number }, b: { file: string; line: number }): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line;
}
