import { compareIds, type TraceIndex } from '../traceIndex';
import type { Item, ParsedFile } from '../model/item';
import type { ChangedItem, ChangeKind, CodeChange } from './types';

export interface ItemComparison {
  /** Sorted by ID (natural order). */
  readonly changed: readonly ChangedItem[];
  /** Sorted by path. */
  readonly code: readonly CodeChange[];
}

export interface CompareOptions {
  /**
   * Files known to have the same text in base and head (for instance, the same git blob):
   * their items are equal without computing fingerprints. Only an optimisation.
   */
  readonly sameText?: (file: string) => boolean;
}

/**
 * Compares the design items and code tags of two indexes built with the same configuration.
 *
 * Items are matched by ID (each ID's resolved definition: the first by path when an ID is
 * defined twice), so moving an item to another file changes nothing by itself. An item is
 * - `added` / `deleted` when only head / only base defines its ID;
 * - `modified` when its fingerprint differs (title, body, the kind's fingerprint fields;
 *   whitespace at line ends and line-ending style do not count, as for pins);
 * - `relinked` when only its set of links differs, each link taken as (type, target):
 *   order, duplicates and pins do not count. Re-pinning a link is the record of a review,
 *   not a change of the trace.
 * Status and fields outside the fingerprint are not compared.
 *
 * A code file is listed when its set of (tag, ID) pairs differs; `ids` are the IDs of the
 * pairs that were added or removed. Code files are matched by path.
 */
export function compareIndexes(base: TraceIndex, head: TraceIndex, options: CompareOptions = {}): ItemComparison {
  const changed: ChangedItem[] = [];
  const ids = new Set<string>(base.ids());
  for (const id of head.ids()) ids.add(id);
  for (const id of ids) {
    const b = base.resolve(id);
    const h = head.resolve(id);
    let change: ChangeKind | undefined;
    if (!b) change = 'added';
    else if (!h) change = 'deleted';
    else if (b.file === h.file && options.sameText?.(h.file) === true) continue;
    else if (b.fingerprint !== h.fingerprint) change = 'modified';
    else if (!sameLinks(b, h)) change = 'relinked';
    if (change === undefined) continue;
    const item = (h ?? b)!;
    changed.push({ id, kind: item.kind, change, file: item.file, title: item.title });
  }
  changed.sort((x, y) => compareIds(x.id, y.id));

  const code: CodeChange[] = [];
  const files = new Set<string>();
  for (const f of base.allFiles()) if (f.tags.length > 0) files.add(f.file);
  for (const f of head.allFiles()) if (f.tags.length > 0) files.add(f.file);
  for (const file of files) {
    if (options.sameText?.(file) === true && base.get(file) && head.get(file)) continue;
    const before = tagKeys(base.get(file));
    const after = tagKeys(head.get(file));
    const diff = new Set<string>();
    for (const [k, id] of before) if (!after.has(k)) diff.add(id);
    for (const [k, id] of after) if (!before.has(k)) diff.add(id);
    if (diff.size > 0) code.push({ file, ids: [...diff].sort(compareIds) });
  }
  code.sort((x, y) => comparePaths(x.file, y.file));
  return { changed, code };
}

/** Whether two versions of an item link to the same (type, target) pairs. */
export function sameLinks(a: Item, b: Item): boolean {
  const ka = linkKeys(a);
  const kb = linkKeys(b);
  if (ka.size !== kb.size) return false;
  for (const k of ka) if (!kb.has(k)) return false;
  return true;
}

function linkKeys(item: Item): Set<string> {
  const keys = new Set<string>();
  for (const l of item.links) keys.add(`${l.type}\u0000${l.target}`);
  return keys;
}

function tagKeys(f: ParsedFile | undefined): Map<string, string> {
  const keys = new Map<string, string>();
  if (f) for (const t of f.tags) keys.set(`${t.tag}\u0000${t.id}`, t.id);
  return keys;
}

/** Plain code-unit order for paths: the same on every machine. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
