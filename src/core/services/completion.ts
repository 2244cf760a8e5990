import { kindOfId } from '../config/load';
import type { TraceIndex } from '../traceIndex';
import { LineIndex, type Position } from '../model/range';
import { splitFrontmatter } from '../parse/frontmatter';
import { ID_SHAPE } from '../parse/ids';
import { documentFor, roleFor, span } from './document';
import type { CompletionItem, CompletionKind, CompletionList } from './types';

/**
 * Completion at `position`:
 * - in frontmatter, the value of a link field (`verifies: [`, `verifies: `, after `- ` in a
 *   block list under the key): IDs of the kinds the link type may target, title as detail,
 *   in natural order; the item itself, IDs already in the field and obsolete items are left
 *   out; after `ID@`: the target's current fingerprint;
 * - `status:` the configured statuses; `type:` the item's kind; a kind field (`severity:`):
 *   its allowed values;
 * - in a code file after `@implements ` / `@verifies ` (and after commas or further IDs):
 *   IDs of the kinds the tag may target.
 * `range` is the partial token being typed, which each item replaces.
 */
export function completion(
  index: TraceIndex,
  file: string,
  text: string,
  position: Position,
): CompletionList | undefined {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = new LineIndex(text);
  const offset = lines.offsetAt(position);
  if (lines.positionAt(offset).line !== position.line) return undefined;
  const lineStart = lines.offsetAt({ line: position.line, character: 0 });
  const ctx: Ctx = { index, file, text, lines, offset, lineStart };
  return roleFor(index, file) === 'items' ? frontmatterCompletion(ctx) : codeTagCompletion(ctx);
}

interface Ctx {
  readonly index: TraceIndex;
  readonly file: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly offset: number;
  readonly lineStart: number;
}

const ID_CHAR = /[A-Za-z0-9_.-]/;

function isIdChar(c: string | undefined): boolean {
  return c !== undefined && ID_CHAR.test(c);
}

/** The run of ID characters around the cursor: [start, end). */
function wordAt(text: string, offset: number, min: number): [number, number] {
  let s = offset;
  while (s > min && isIdChar(text[s - 1])) s--;
  let e = offset;
  while (e < text.length && isIdChar(text[e])) e++;
  return [s, e];
}

function lineEnd(text: string, from: number): number {
  let e = from;
  while (e < text.length && text[e] !== '\n' && text[e] !== '\r') e++;
  return e;
}

const TOP_KEY = /^([A-Za-z_][\w-]*)[ \t]*:(?=[ \t]|$)[ \t]*/;

function frontmatterCompletion(ctx: Ctx): CompletionList | undefined {
  const { text, offset, lineStart } = ctx;
  const split = splitFrontmatter(text);
  let yamlStart: number;
  let yamlEnd: number;
  if (split.kind === 'ok') [yamlStart, yamlEnd] = [split.yamlStart, split.yamlEnd];
  else if (split.kind === 'unterminated') [yamlStart, yamlEnd] = [lineEnd(text, 0), text.length + 1];
  else return undefined;
  if (offset < yamlStart || offset >= yamlEnd || lineStart < yamlStart) return undefined;
  const prefix = text.slice(lineStart, offset);
  if (prefix.includes('#')) return undefined;

  const keyLine = TOP_KEY.exec(prefix);
  if (keyLine) {
    const key = keyLine[1]!;
    const valueStart = lineStart + keyLine[0].length;
    const linkType = ctx.index.config.links.get(key);
    if (linkType) {
      const value = text.slice(valueStart, offset);
      if (value.includes(']')) return undefined;
      return linkValueCompletion(ctx, key, valueStart);
    }
    return scalarCompletion(ctx, key, valueStart, yamlStart, yamlEnd);
  }

  const dash = /^([ \t]*)-[ \t]+/.exec(prefix);
  if (dash) {
    const key = parentKey(text, lineStart, yamlStart);
    if (key !== undefined && ctx.index.config.links.has(key))
      return linkValueCompletion(ctx, key, lineStart + dash[0].length);
  }
  return undefined;
}

/** The top-level key a block-list line belongs to: the nearest line above that is not a list item, blank or comment. */
function parentKey(text: string, lineStart: number, yamlStart: number): string | undefined {
  let end = lineStart;
  while (end > yamlStart) {
    // Step to the previous line.
    let e = end - 1;
    if (text[e] === '\n' && text[e - 1] === '\r') e--;
    let s = e;
    while (s > yamlStart && text[s - 1] !== '\n' && text[s - 1] !== '\r') s--;
    const line = text.slice(s, e);
    end = s;
    if (/^[ \t]*(#.*)?$/.test(line) || /^[ \t]*-([ \t]|$)/.test(line)) continue;
    const m = /^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(#.*)?$/.exec(line);
    return m ? m[1] : undefined;
  }
  return undefined;
}

/** IDs (or, after `ID@`, the target's fingerprint) for a link field's value. */
function linkValueCompletion(ctx: Ctx, type: string, valueStart: number): CompletionList | undefined {
  const { index, text, offset, lines } = ctx;
  let s = offset;
  while (s > valueStart && (isIdChar(text[s - 1]) || text[s - 1] === '@')) s--;
  const before = s === valueStart ? '' : text[s - 1]!;
  if (!(s === valueStart || /[[, \t'"]/.test(before))) return undefined;
  const typed = text.slice(s, offset);
  const at = typed.indexOf('@');
  if (at >= 0) {
    const target = index.resolve(typed.slice(0, at));
    const pinStart = s + at + 1;
    let e = offset;
    while (e < text.length && /[0-9a-f]/.test(text[e]!)) e++;
    const range = span(lines, pinStart, e);
    return {
      range,
      items: target ? [entry(target.fingerprint, `current fingerprint of ${target.id}`, 'fingerprint', 0)] : [],
    };
  }
  const [, e] = wordAt(text, offset, s);
  const range = span(lines, s, e);
  const linkType = index.config.links.get(type)!;
  const doc = documentFor(index, ctx.file, text);
  const self = doc.item?.id;
  const listed = new Set<string>();
  for (const l of doc.item?.links ?? []) {
    if (l.type !== type) continue;
    const ls = lines.offsetAt(l.range.start);
    const le = lines.offsetAt(l.range.end);
    if (le < s || ls > e) listed.add(l.target);
  }
  return { range, items: idItems(index, linkType.to, (id) => id !== self && !listed.has(id)) };
}

function idItems(index: TraceIndex, kinds: ReadonlySet<string>, keep: (id: string) => boolean): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (const item of index.items()) {
    if (!kinds.has(item.kind) || !item.live || !keep(item.id)) continue;
    out.push(entry(item.id, item.title, 'id', out.length));
  }
  return out;
}

function entry(label: string, detail: string | undefined, kind: CompletionKind, rank: number): CompletionItem {
  return { label, ...(detail ? { detail } : {}), kind, sortText: String(rank).padStart(6, '0') };
}

/** `status:`, `type:` and kind fields with allowed values. */
function scalarCompletion(
  ctx: Ctx,
  key: string,
  valueStart: number,
  yamlStart: number,
  yamlEnd: number,
): CompletionList | undefined {
  const { index, text, offset, lines } = ctx;
  const config = index.config;
  const [s, e] = wordAt(text, offset, valueStart);
  const before = s === valueStart ? '' : text[s - 1]!;
  if (!(s === valueStart || /['"]/.test(before))) return undefined;
  const range = span(lines, s, e);
  const values = (
    list: readonly (string | number | boolean)[],
    detail?: (v: string) => string | undefined,
  ): CompletionList => ({
    range,
    items: list.map((v, i) => entry(String(v), detail?.(String(v)), 'value', i)),
  });
  if (config.reader.statusKeys.includes(key)) return values(config.statuses);
  const kind = kindOfFrontmatter(ctx, yamlStart, yamlEnd);
  if (config.reader.typeKeys?.includes(key)) {
    const kinds = kind ? [kind] : config.kinds.map((k) => k.name);
    return values(kinds, (k) => config.kindByName.get(k)?.label);
  }
  const allowed = kind ? config.kindByName.get(kind)?.fields.get(key) : undefined;
  return allowed ? values(allowed) : undefined;
}

/** The kind of the frontmatter's `id`, read from the text itself (the YAML may be half-typed). */
function kindOfFrontmatter(ctx: Ctx, yamlStart: number, yamlEnd: number): string | undefined {
  const parsed = documentFor(ctx.index, ctx.file, ctx.text).item?.kind;
  if (parsed) return parsed;
  const yaml = ctx.text.slice(yamlStart, Math.min(yamlEnd, ctx.text.length));
  const keys = ctx.index.config.reader.idKeys.map(escapeRegExp).join('|');
  const m = new RegExp(`^(?:${keys})[ \\t]*:[ \\t]*['"]?([^\\s'"#]+)`, 'm').exec(yaml);
  return m ? kindOfId(ctx.index.config, m[1]!)?.name : undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** After `@implements ` / `@verifies ` and further IDs, commas or spaces, on the same line. */
function codeTagCompletion(ctx: Ctx): CompletionList | undefined {
  const { index, text, offset, lineStart, lines } = ctx;
  const config = index.config;
  if (config.codeTags.size === 0) return undefined;
  const prefix = text.slice(lineStart, offset);
  const names = [...config.codeTags.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const re = new RegExp(`(?<![\\w.])@(${names.join('|')})(?=[\\s:,]|$)`, 'g');
  let found: { tag: string; from: number } | undefined;
  for (let m = re.exec(prefix); m; m = re.exec(prefix)) found = { tag: m[1]!, from: m.index + m[0].length };
  if (!found) return undefined;
  const rest = prefix.slice(found.from);
  let i = 0;
  let separated = false;
  if (rest[0] === ':') {
    i = 1;
    separated = true;
  }
  const listed = new Set<string>();
  for (;;) {
    const sepStart = i;
    while (i < rest.length && /[ \t,]/.test(rest[i]!)) i++;
    if (i > sepStart) separated = true;
    if (!separated) return undefined;
    const tokStart = i;
    while (i < rest.length && isIdChar(rest[i])) i++;
    if (i === rest.length) break; // the partial token (possibly empty) reaches the cursor
    const tok = rest.slice(tokStart, i);
    if (tok === '' || !(index.scanner.isId(tok) || ID_SHAPE.test(tok))) return undefined;
    listed.add(tok);
    separated = false;
  }
  const start = offset - lastTokenLength(rest);
  const [, e] = wordAt(text, offset, start);
  const tag = config.codeTags.get(found.tag)!;
  return { range: span(lines, start, e), items: idItems(index, tag.to, (id) => !listed.has(id)) };
}

function lastTokenLength(s: string): number {
  let n = 0;
  while (n < s.length && isIdChar(s[s.length - 1 - n])) n++;
  return n;
}
