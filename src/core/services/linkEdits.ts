/**
 * Edits of one link entry, on every entry form the reader supports (SPEC sections 1 and 7):
 * a scalar `verifies: REQ-1`, a flow or block list, a comma string `"SWR-1, SWR-2"`, a list
 * of one-key mappings `{ID: stamp}` and mappings with a `target_key`. Pure: text in, edit out.
 */
import type { LinkEntry } from '../model/item';
import { LineIndex } from '../model/range';
import { splitFrontmatter } from '../parse/frontmatter';
import { parseYaml } from '../parse/yaml';
import type { YamlMapEntry, YamlNode } from '../parse/yamlTree';
import { span } from './document';
import type { TextEdit } from './types';

/** Replaces the entry's target ID by `id` (its pin goes too: a pin belongs to the old target). */
export function retargetLink(text: string, lines: LineIndex, link: LinkEntry): (id: string) => TextEdit | undefined {
  const start = lines.offsetAt(link.targetRange.start);
  const end = lines.offsetAt(link.pinRange ? link.pinRange.end : link.targetRange.end);
  if (text.slice(start, start + link.target.length) !== link.target) return () => undefined;
  return (id) => ({ range: span(lines, start, end), newText: id });
}

/**
 * Removes the entry from its field: the part and its comma in a comma string, the item and
 * its comma in a flow list, the item's lines in a block list; the only entry of a field
 * leaves the field empty (`verifies: []`, or `""` for a quoted string) so the key stays to
 * fill in. Undefined when the source does not show the entry exactly (escapes, aliases).
 */
export function removeLink(text: string, lines: LineIndex, link: LinkEntry): TextEdit | undefined {
  const split = splitFrontmatter(text);
  if (split.kind !== 'ok') return undefined;
  const root = parseYaml(text, split.yamlStart, split.yamlEnd).root;
  if (root?.type !== 'map') return undefined;
  const keyStart = lines.offsetAt(link.keyRange.start);
  const field = root.entries.find((e) => e.keyStart === keyStart);
  if (!field) return undefined;
  const at = lines.offsetAt(link.range.start);
  const atEnd = lines.offsetAt(link.range.end);
  const value = field.value;
  if (value.type === 'scalar') {
    const parts = typeof value.value === 'string' ? value.value.split(',').filter((p) => p.trim() !== '') : [];
    if (parts.length > 1) return removeCommaPart(text, lines, value.start, value.end, at, atEnd);
    return emptyField(text, lines, field, value.plain ? '[]' : '""');
  }
  if (value.type !== 'seq') return undefined;
  const index = value.items.findIndex((n) => n.start <= at && at < Math.max(n.end, n.start + 1));
  if (index < 0) return undefined;
  const node = value.items[index]!;
  // A comma string inside a list item: remove its part only.
  if (
    node.type === 'scalar' &&
    typeof node.value === 'string' &&
    node.value.split(',').filter((p) => p.trim()).length > 1
  )
    return removeCommaPart(text, lines, node.start, node.end, at, atEnd);
  if (value.items.length === 1) return emptyField(text, lines, field, '[]');
  return text[value.start] === '['
    ? removeFlowItem(text, lines, value.items, index)
    : removeBlockItem(text, lines, node);
}

/** `"A, B, C"` without `B`: the part and the comma before it (after it, for the first part). */
function removeCommaPart(
  text: string,
  lines: LineIndex,
  valueStart: number,
  valueEnd: number,
  at: number,
  atEnd: number,
): TextEdit | undefined {
  if (at <= valueStart && atEnd >= valueEnd) return undefined; // the source does not show the part exactly
  let s = at;
  while (s > valueStart && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  if (text[s - 1] === ',') return { range: span(lines, s - 1, atEnd), newText: '' };
  let e = atEnd;
  while (e < valueEnd && (text[e] === ' ' || text[e] === '\t')) e++;
  if (text[e] !== ',') return undefined;
  e++;
  while (e < valueEnd && (text[e] === ' ' || text[e] === '\t')) e++;
  return { range: span(lines, at, e), newText: '' };
}

/** Everything after `key:` up to the end of the field's value becomes ` []` (or ` ""`). */
function emptyField(text: string, lines: LineIndex, field: YamlMapEntry, empty: string): TextEdit | undefined {
  let colon = field.keyEnd;
  while (colon < text.length && text[colon] !== ':') colon++;
  if (text[colon] !== ':') return undefined;
  return { range: span(lines, colon + 1, contentEnd(text, field.value)), newText: ` ${empty}` };
}

/** `[A, B, C]` without one item: the item and the comma before it (after it, for the first). */
function removeFlowItem(text: string, lines: LineIndex, items: readonly YamlNode[], index: number): TextEdit {
  const node = items[index]!;
  if (index > 0) {
    let s = node.start;
    while (s > items[index - 1]!.end && text[s - 1] !== ',') s--;
    return { range: span(lines, s - 1, node.end), newText: '' };
  }
  return { range: span(lines, node.start, items[1]!.start), newText: '' };
}

/** A block list item without its lines: from its `-` line's start to the line after its end. */
function removeBlockItem(text: string, lines: LineIndex, node: YamlNode): TextEdit {
  const first = lines.offsetAt({ line: lines.positionAt(node.start).line, character: 0 });
  let next = contentEnd(text, node);
  while (next < text.length && text[next] !== '\n' && text[next] !== '\r') next++;
  if (text[next] === '\r' && text[next + 1] === '\n') next += 2;
  else if (next < text.length) next++;
  return { range: span(lines, first, next), newText: '' };
}

/** Where a node's content ends: a block node's span may take the line break after it. */
function contentEnd(text: string, node: YamlNode): number {
  let end = node.end;
  while (end > node.start && /[\s]/.test(text[end - 1]!)) end--;
  return end;
}
