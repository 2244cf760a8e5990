import { compareIds, type TraceIndex } from '../traceIndex';
import type { Item, LinkEntry } from '../model/item';
import { comparePositions, LineIndex, type Range } from '../model/range';
import { documentFor } from './document';
import type { DocumentSymbol, WorkspaceSymbol } from './types';

/** Outline of an item file: the item (whole file), its link fields as children, their entries below. [] for other files. */
export function documentSymbols(index: TraceIndex, file: string, text: string): DocumentSymbol[] {
  const item = documentFor(index, file, text).item;
  if (!item) return [];
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const whole: Range = { start: { line: 0, character: 0 }, end: new LineIndex(text).positionAt(text.length) };
  const byType = new Map<string, LinkEntry[]>();
  for (const l of item.links) {
    let list = byType.get(l.type);
    if (!list) byType.set(l.type, (list = []));
    list.push(l);
  }
  const children: DocumentSymbol[] = [];
  for (const [type, entries] of byType) {
    const key = entries[0]!.keyRange;
    const last = entries[entries.length - 1]!.range.end;
    const value = item.fields.get(type)?.valueRange.end;
    children.push({
      name: type,
      detail: entries.map((e) => e.target).join(', '),
      kind: 'linkField',
      range: { start: key.start, end: value && comparePositions(value, last) > 0 ? value : last },
      selectionRange: key,
      children: entries.map((e) => ({
        name: e.target,
        detail: index.resolve(e.target)?.title ?? '',
        kind: 'link',
        range: e.range,
        selectionRange: e.targetRange,
        children: [],
      })),
    });
  }
  return [{ name: item.id, detail: item.title, kind: 'item', range: whole, selectionRange: item.idRange, children }];
}

/**
 * Items whose ID or title matches `query`, ranked: exact ID, ID prefix, ID substring,
 * title prefix, title word prefix, title substring, then IDs whose characters appear in order with the
 * query's numbers found whole (fuzzy: `rq12` finds REQ-112, not REQ-1002);
 * naturally sorted within a rank. Case-insensitive; `-`, `_`, `.` and spaces are ignored
 * when comparing IDs, so `req12` finds REQ-12. An empty query lists items by ID.
 */
export function workspaceSymbols(index: TraceIndex, query: string, limit = 200): WorkspaceSymbol[] {
  const q = query.trim().toLowerCase();
  const qId = squash(q);
  const ranked: { rank: number; item: Item }[] = [];
  for (const item of index.items()) {
    const rank = q === '' ? 0 : rankOf(item, q, qId);
    if (rank >= 0) ranked.push({ rank, item });
  }
  ranked.sort((a, b) => a.rank - b.rank || compareIds(a.item.id, b.item.id));
  return ranked.slice(0, limit).map(({ item }) => ({
    name: item.id,
    detail: item.title,
    kind: item.kind,
    location: { file: item.file, range: item.idRange },
  }));
}

function squash(s: string): string {
  return s.replace(/[-_. ]/g, '');
}

function rankOf(item: Item, q: string, qId: string): number {
  const id = item.id.toLowerCase();
  const sid = squash(id);
  if (id === q || (qId !== '' && sid === qId)) return 0;
  if (id.startsWith(q) || (qId !== '' && sid.startsWith(qId))) return 1;
  if (id.includes(q) || (qId !== '' && sid.includes(qId))) return 2;
  const title = item.title.toLowerCase();
  if (title !== '') {
    if (title.startsWith(q)) return 3;
    if (title.includes(` ${q}`)) return 4;
    if (title.includes(q)) return 5;
  }
  if (qId !== '' && subsequence(sid, qId) && (qId.match(/\d+/g) ?? []).every((n) => sid.includes(n))) return 6;
  return -1;
}

function subsequence(s: string, q: string): boolean {
  let j = 0;
  for (let i = 0; i < s.length && j < q.length; i++) if (s[i] === q[j]) j++;
  return j === q.length;
}
