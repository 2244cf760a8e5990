import { kindOfId } from '../config/load';
import type { TraceIndex } from '../traceIndex';
import type { CodeTag, Item, LinkEntry } from '../model/item';
import { containsPosition, LineIndex, type Position, type Range } from '../model/range';
import { tokenAround } from '../parse/ids';
import { documentFor, span } from './document';

/**
 * - `definition`: the item's own `id` value
 * - `link`: a frontmatter link entry (the range is its target, also when the cursor is on the pin)
 * - `reference`: an ID in a Markdown body
 * - `tag`: an ID after a code tag
 * - `token`: any other word that matches a configured kind (code spans, comments, other fields)
 */
export type IdRole = 'definition' | 'link' | 'reference' | 'tag' | 'token';

export interface IdAt {
  readonly id: string;
  /** The ID's own range in the document. */
  readonly range: Range;
  readonly role: IdRole;
  /** The item the document defines, if it is an item file. */
  readonly item?: Item;
  readonly link?: LinkEntry;
  readonly tag?: CodeTag;
}

/** The trace ID at `position` in `file` whose current content is `text`, or undefined. */
export function idAt(index: TraceIndex, file: string, text: string, position: Position): IdAt | undefined {
  const doc = documentFor(index, file, text);
  const item = doc.item;
  const withItem = item ? { item } : {};
  if (item) {
    if (containsPosition(item.idRange, position)) return { id: item.id, range: item.idRange, role: 'definition', item };
    for (const link of item.links) {
      if (containsPosition(link.range, position))
        return { id: link.target, range: link.targetRange, role: 'link', item, link };
    }
  }
  for (const tag of doc.tags)
    if (containsPosition(tag.range, position)) return { id: tag.id, range: tag.range, role: 'tag', tag };
  if (doc.kind !== 'code') {
    for (const ref of doc.references)
      if (containsPosition(ref.range, position))
        return { id: ref.id, range: ref.range, role: 'reference', ...withItem };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = new LineIndex(text);
  const offset = lines.offsetAt(position);
  if (lines.positionAt(offset).line !== position.line) return undefined;
  const tok = tokenAround(text, offset);
  if (!tok) return undefined;
  const id = text.slice(tok.start, tok.end);
  if (!kindOfId(index.config, id)) return undefined;
  return { id, range: span(lines, tok.start, tok.end), role: 'token', ...withItem };
}
