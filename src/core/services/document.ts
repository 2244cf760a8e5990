import type { FileRole } from '../config/globs';
import type { IndexedFile, TraceIndex } from '../traceIndex';
import type { CodeTag, Item, LinkEntry, ParsedFile } from '../model/item';
import { LineIndex, type Position, type Range } from '../model/range';
import { parseCodeFile } from '../parse/codeTags';
import { parseMarkdownFile } from '../parse/item';

/**
 * Shared plumbing of the services: the parse of the document at hand, and a per-revision
 * map of every mention of every ID (link entries, body references, code tags).
 */

/** The file's role by the configuration, else by its extension (an untitled or excluded buffer). */
export function roleFor(index: TraceIndex, file: string): FileRole {
  return index.roleOf(file) ?? (/\.(md|markdown)$/i.test(file) ? 'items' : 'code');
}

const fresh = new WeakMap<TraceIndex, { file: string; text: string; parsed: ParsedFile }>();

/**
 * The parse of `file` as it reads now (`text`). The index's entry is used when it is
 * current (the usual case: the server updates the index on every change); otherwise the
 * text is parsed on the side, without touching the index.
 */
export function documentFor(index: TraceIndex, file: string, text: string): ParsedFile {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const indexed = index.get(file);
  if (indexed && looksCurrent(indexed, text)) return indexed;
  const last = fresh.get(index);
  if (last && last.file === file && last.text === text) return last.parsed;
  const parsed =
    roleFor(index, file) === 'items'
      ? parseMarkdownFile(file, text, index.config, index.scanner)
      : parseCodeFile(file, text, index.config, index.scanner);
  fresh.set(index, { file, text, parsed });
  return parsed;
}

/**
 * A cheap check that the index's parse belongs to this text: every range it holds for the
 * id, link entries (pins included), references and tags still covers what it named.
 */
function looksCurrent(f: IndexedFile, text: string): boolean {
  const lines = new LineIndex(text);
  const holds = (r: Range, s: string): boolean =>
    text.slice(lines.offsetAt(r.start), lines.offsetAt(r.end)).includes(s);
  if (f.item) {
    if (!holds(f.item.idRange, f.item.id)) return false;
    for (const l of f.item.links) if (!holds(l.range, l.pin === undefined ? l.target : l.pin)) return false;
  }
  for (const ref of f.references) if (!holds(ref.range, ref.id)) return false;
  return true;
}

export type MentionRole = 'link' | 'reference' | 'tag';

/** One place that names an ID: a link entry's target, a body reference or a code tag. */
export interface Mention {
  readonly id: string;
  readonly file: string;
  /** The ID itself (a link entry's target range, never its pin). */
  readonly range: Range;
  readonly role: MentionRole;
  /** The item whose file it is, if the file is an item. */
  readonly item?: Item;
  readonly link?: LinkEntry;
  readonly tag?: CodeTag;
}

export interface MentionMap {
  readonly byId: ReadonlyMap<string, readonly Mention[]>;
}

const mentionCache = new WeakMap<TraceIndex, { revision: number; map: MentionMap }>();

/** Every mention of every ID in the index, by ID, sorted by file and position. A workspace scan, cached per index revision. */
export function mentions(index: TraceIndex): MentionMap {
  const cached = mentionCache.get(index);
  if (cached && cached.revision === index.revision) return cached.map;
  const byId = new Map<string, Mention[]>();
  const add = (m: Mention): void => {
    let list = byId.get(m.id);
    if (!list) byId.set(m.id, (list = []));
    list.push(m);
  };
  const files = [...index.allFiles()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const f of files) {
    for (const m of fileMentions(f)) add(m);
  }
  const map = { byId };
  mentionCache.set(index, { revision: index.revision, map });
  return map;
}

/** The mentions one parsed file holds, in source order. */
export function fileMentions(f: ParsedFile): Mention[] {
  const out: Mention[] = [];
  const item = f.item;
  if (f.kind === 'code') {
    for (const tag of f.tags) out.push({ id: tag.id, file: f.file, range: tag.range, role: 'tag', tag });
    return out;
  }
  if (item)
    for (const link of item.links)
      out.push({ id: link.target, file: f.file, range: link.targetRange, role: 'link', item, link });
  for (const ref of f.references)
    out.push({ id: ref.id, file: f.file, range: ref.range, role: 'reference', ...(item ? { item } : {}) });
  return out;
}

/** The mentions of one ID, sorted by file and position (through the index's referrers: no workspace scan). */
export function mentionsOf(index: TraceIndex, id: string): readonly Mention[] {
  const cached = mentionCache.get(index);
  if (cached && cached.revision === index.revision) return cached.map.byId.get(id) ?? [];
  const out: Mention[] = [];
  for (const file of [...index.referrers(id)].sort()) {
    const f = index.get(file);
    if (f) for (const m of fileMentions(f)) if (m.id === id) out.push(m);
  }
  return out;
}

export function compareLocations(a: { file: string; range: Range }, b: { file: string; range: Range }): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

export function offsetOf(text: string, p: Position): number {
  return new LineIndex(text).offsetAt(p);
}

/** The range of `[start, end)` exactly, line breaks included (LineIndex.rangeAt drops trailing ones; edits must not). */
export function span(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.positionAt(start), end: lines.positionAt(end) };
}

/** Escapes text for Markdown (titles in hovers). */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]<>()#+!|~]/g, '\\$&');
}
