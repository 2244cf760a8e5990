/**
 * "Did you mean REQ-011?" for a link to an ID no item defines: the defined IDs of an allowed
 * kind closest to it by edit distance (optimal string alignment: a swap of two neighbouring
 * characters, `REQ-101` for `REQ-011`, is one edit). Deterministic: by distance, then swaps
 * before other edits, then natural ID order.
 */
import { compareIds, type TraceIndex } from '../traceIndex';
import type { Item } from '../model/item';

/** At most this many suggestions. */
export const MAX_SUGGESTIONS = 3;

/** Candidates further than this many edits are not suggested. */
const MAX_DISTANCE = 2;

/** Defined, live items whose ID is within a few edits of `id`, of a kind in `kinds` (all kinds when undefined). */
export function closeIds(
  index: TraceIndex,
  id: string,
  kinds: ReadonlySet<string> | undefined,
  exclude?: string,
): Item[] {
  const found: { item: Item; distance: number; swap: boolean }[] = [];
  for (const item of index.items()) {
    if (item.id === id || item.id === exclude || !item.live) continue;
    if (kinds && !kinds.has(item.kind)) continue;
    if (Math.abs(item.id.length - id.length) > MAX_DISTANCE) continue;
    if (index.resolve(item.id) !== item) continue; // a duplicate ID: one suggestion per ID
    const distance = editDistance(id, item.id, MAX_DISTANCE);
    if (distance > MAX_DISTANCE) continue;
    found.push({ item, distance, swap: sameLetters(id, item.id) });
  }
  found.sort((a, b) => a.distance - b.distance || Number(b.swap) - Number(a.swap) || compareIds(a.item.id, b.item.id));
  return found.slice(0, MAX_SUGGESTIONS).map((f) => f.item);
}

/** Optimal string alignment distance, or `limit + 1` once it is certain to exceed `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const n = b.length;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let best = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[n]!;
}

/** The same characters in another order (a transposition typo). */
function sameLetters(a: string, b: string): boolean {
  return a.length === b.length && [...a].sort().join('') === [...b].sort().join('');
}
