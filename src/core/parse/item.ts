import { kindOfId, kindOfItem } from '../config/load';
import { looksLikeMisspeltId } from '../config/reader';
import type { KindConfig, LinkTypeConfig, TraceConfig } from '../config/types';
import { DEFAULT_SEVERITY, type FixedCode } from '../config/codes';
import { fingerprint, PIN } from '../graph/fingerprint';
import type { Finding } from '../model/finding';
import type { IdReference, Item, ItemField, ItemKeys, LinkEntry, ParsedFile } from '../model/item';
import { LineIndex, type Range } from '../model/range';
import { itemFindings } from '../validate/local';
import { PLACEHOLDER_TITLE, placeholderSpans } from '../validate/placeholder';
import { yamlErrorMessage } from './yamlMessages';
import { splitFrontmatter } from './frontmatter';
import { FieldSpan, LinkSpan, ReferenceSpan } from './spans';
import { ID_SHAPE, type IdScanner } from './ids';
import { findBodyReferences, firstH1 } from './markdown';
import { parseYaml } from './yaml';
import { describeType, mapGet, toValue, type YamlMap, type YamlMapEntry, type YamlNode } from './yamlTree';
import { emptyList } from '../model/lists';

const NONE: readonly never[] = emptyList();
const NO_FIELDS: Readonly<Record<string, unknown>> = Object.freeze({});
/** The single-item rules' findings for the file at hand: most items have none, and need no list of their own. */
const SCRATCH: Finding[] = emptyList();

/** Keys with a meaning of their own; everything else is a kind field, a link field, or free metadata. */
const RESERVED = new Set(['id', 'title', 'status', 'type']);
const PLAIN_KEYS: ItemKeys = Object.freeze({ title: 'title', status: 'status', type: 'type' });

/**
 * Reads one Markdown file: its frontmatter, and if its `id` names a configured kind, the
 * design item with a source range for its id, fields and every link entry. `text` has
 * its BOM removed. Problems of the file itself, and what the rules that look at one item
 * alone find, are returned as findings; nothing throws.
 */
export function parseMarkdownFile(file: string, text: string, config: TraceConfig, scanner: IdScanner): ParsedFile {
  const lines = new LineIndex(text);
  const out = new FileFindings(file, lines);
  const yamlItem = isYamlFile(file);
  const split: ReturnType<typeof splitFrontmatter> = yamlItem
    ? { kind: 'ok', yamlStart: 0, yamlEnd: text.length, bodyStart: text.length }
    : splitFrontmatter(text);
  const reader = config.reader;
  const idFrom = reader.idFrom.from;
  if (split.kind === 'none' && idFrom === 'frontmatter') return markdownFile(file, text, 0, lines, scanner, out);
  if (split.kind === 'unterminated') {
    out.report(
      'frontmatter.unterminated',
      "The frontmatter's opening '---' is never closed by a '---' line",
      split.openStart,
      split.openEnd,
    );
    return { file, kind: 'markdown', item: undefined, references: NONE, tags: NONE, findings: out.list };
  }
  // Without frontmatter (an ID in the file name or a heading), the whole file is body.
  const yamlStart = split.kind === 'ok' ? split.yamlStart : 0;
  const yamlEnd = split.kind === 'ok' ? split.yamlEnd : 0;
  const bodyStart = split.kind === 'ok' ? split.bodyStart : 0;
  let entries: readonly YamlMapEntry[] = NONE;
  if (split.kind === 'ok') {
    const yaml = parseYaml(text, yamlStart, yamlEnd);
    if (yaml.errors.length > 0) {
      for (const e of yaml.errors)
        out.report('frontmatter.yaml', yamlErrorMessage('Frontmatter', e.code, e.message), e.start, e.end);
      return markdownFile(file, text, bodyStart, lines, scanner, out);
    }
    const root = yaml.root;
    if (root && root.type === 'map') entries = root.entries;
    else if (idFrom === 'frontmatter' || root || yamlItem)
      return markdownFile(file, text, bodyStart, lines, scanner, out);
  }
  // One pass over the entries for the keys with a meaning of their own (the first listed key present wins).
  let idEntry: YamlMapEntry | undefined;
  let titleEntry: YamlMapEntry | undefined;
  let statusEntry: YamlMapEntry | undefined;
  let typeEntry: YamlMapEntry | undefined;
  if (reader.plain) {
    for (const e of entries) {
      if (e.key === 'id') idEntry = e;
      else if (e.key === 'title') titleEntry = e;
      else if (e.key === 'status') statusEntry = e;
      else if (e.key === 'type') typeEntry = e;
    }
  } else {
    let idRank = Infinity;
    let titleRank = Infinity;
    let statusRank = Infinity;
    let typeRank = Infinity;
    for (const e of entries) {
      let r = reader.idKeys.indexOf(e.key);
      if (r >= 0 && r <= idRank) [idEntry, idRank] = [e, r];
      r = reader.titleKeys.indexOf(e.key);
      if (r >= 0 && r <= titleRank) [titleEntry, titleRank] = [e, r];
      r = reader.statusKeys.indexOf(e.key);
      if (r >= 0 && r <= statusRank) [statusEntry, statusRank] = [e, r];
      r = reader.typeKeys ? reader.typeKeys.indexOf(e.key) : -1;
      if (r >= 0 && r <= typeRank) [typeEntry, typeRank] = [e, r];
    }
  }
  let id: string;
  let idStart: number;
  let idEnd: number;
  /** A title the ID's source gives (a heading's `title` group). */
  let sourceTitle: { title: string; start: number; end: number } | undefined;
  if (idFrom === 'frontmatter') {
    if (!idEntry || idEntry.value.type !== 'scalar' || typeof idEntry.value.value !== 'string')
      return markdownFile(file, text, bodyStart, lines, scanner, out);
    id = idEntry.value.value;
    idStart = idEntry.value.start;
    idEnd = idEntry.value.end;
  } else {
    const found =
      idFrom === 'filename'
        ? idFromFileName(file, config)
        : yamlItem
          ? undefined
          : idFromHeading(text, bodyStart, config);
    if (!found) return markdownFile(file, text, bodyStart, lines, scanner, out);
    id = found.id;
    idStart = found.start;
    idEnd = found.end;
    sourceTitle = found.title;
  }
  const kind =
    reader.plain && config.kinds.every((k) => k.match === undefined)
      ? kindOfId(config, id)
      : kindOfItem(config, id, (key) => scalarOf(entries, key));
  if (!kind) {
    if (ID_SHAPE.test(id) || looksLikeMisspeltId(id, reader.prefixes) || kindOfId(config, id)) {
      const known = config.kinds.map((k) => k.prefix ?? k.pattern.source).join(', ');
      const matched = kindOfId(config, id);
      const message = matched
        ? `'${id}' fits the ID pattern of ${matched.name} but its fields match no kind (${describeMatches(config)})`
        : `'${id}' matches no configured kind (${known})`;
      out.report('item.unknown-kind', message, idStart, idEnd);
    }
    return markdownFile(file, text, bodyStart, lines, scanner, out);
  }
  out.itemId = id;

  const links: LinkEntry[] = [];
  const reserved = reader.plain ? RESERVED : reader.reserved;
  malformedPins = undefined;
  for (const e of entries) {
    const linkType = reserved.has(e.key) ? undefined : config.links.get(e.key);
    if (linkType)
      readLinks(
        e,
        linkType,
        text,
        lines,
        links,
        out,
        (t) => scanner.isId(t) || ID_SHAPE.test(t) || looksLikeMisspeltId(t, reader.prefixes),
      );
  }

  let title: string | undefined;
  let titleStart = -1;
  let titleEnd = -1;
  if (titleEntry) {
    const v = titleEntry.value;
    if (v.type === 'scalar' && typeof v.value === 'string') {
      title = v.value.trim();
      titleStart = v.start;
      titleEnd = v.end;
    } else if (!isNull(v)) {
      out.invalidField(v, `'${titleEntry.key}' must be text, not ${describeType(v)}`);
    }
  }
  if ((title === undefined || title === '') && sourceTitle && sourceTitle.title !== '') {
    ({ title, start: titleStart, end: titleEnd } = sourceTitle);
  }
  // A YAML item's body is its `text` (Doorstop's): a string, with its source span.
  const bodyEntry = yamlItem ? lastEntry(entries, YAML_BODY_KEY) : undefined;
  const yamlBody =
    bodyEntry && bodyEntry.value.type === 'scalar' && typeof bodyEntry.value.value === 'string'
      ? bodyEntry.value
      : undefined;
  if (bodyEntry && !yamlBody && !isNull(bodyEntry.value))
    out.invalidField(bodyEntry.value, `'${YAML_BODY_KEY}' must be text, not ${describeType(bodyEntry.value)}`);
  if ((title === undefined || title === '') && !yamlItem) {
    const h1 = firstH1(text, bodyStart);
    if (h1 && h1.title !== '') {
      title = reader.plain ? h1.title : stripLeadingId(h1.title, id);
      titleStart = h1.start;
      titleEnd = h1.end;
    }
  }
  let status = 'draft';
  let statusStart = -1;
  let statusEnd = -1;
  if (statusEntry) {
    const v = statusEntry.value;
    statusStart = v.start;
    statusEnd = v.end;
    if (v.type === 'scalar' && typeof v.value === 'string') {
      const known = config.statuses.indexOf(v.value);
      status = known >= 0 ? config.statuses[known]! : v.value; // one string per status, not one per item
    } else if (!isNull(v)) {
      out.invalidField(v, `'${statusEntry.key}' must be one of ${config.statuses.join(', ')}, not ${describeType(v)}`);
    }
  }
  if (typeEntry && !(typeEntry.value.type === 'scalar' && typeof typeEntry.value.value === 'string')) {
    out.invalidField(
      typeEntry.value,
      `'${typeEntry.key}' must name a kind (${kind.name}), not ${describeType(typeEntry.value)}`,
    );
  }
  const retired = reader.plain
    ? status === 'obsolete'
    : reader.retired.has(status) || retiredByField(entries, reader.retiredWhen);
  const keys = reader.plain ? PLAIN_KEYS : { title: titleEntry?.key, status: statusEntry?.key, type: typeEntry?.key };

  const fields = new EntryFields(entries, lines);
  const item = new ItemRecord(
    id,
    kind,
    file,
    title ?? '',
    status,
    !retired,
    keys,
    links,
    text,
    lines,
    fingerprintFields(kind, fields),
  );
  item.setSpans(idStart, idEnd, titleStart, titleEnd, statusStart, statusEnd, yamlStart, yamlEnd, bodyStart);
  for (const [s, e] of placeholderSpans(text, bodyStart, title, titleStart, titleEnd, kind.label)) {
    item.placeholder = true;
    out.report(
      'item.placeholder',
      s === titleStart
        ? `The title is still the template's placeholder '${PLACEHOLDER_TITLE}': write the ${kind.label.toLowerCase()}'s title (until then ${id} counts as coverage for nothing)`
        : `The body is still the template's placeholder: describe the ${kind.label.toLowerCase()} (until then ${id} counts as coverage for nothing)`,
      s,
      e,
    );
  }
  if (yamlItem) item.setBody(yamlBody ? (yamlBody.value as string) : '', yamlBody ? yamlBody.start : text.length);
  // The rules that look at this item alone need its fields; afterwards they are rebuilt
  // from the text on demand, so that a large workspace does not hold every field of every item.
  item.cacheFields(fields);
  SCRATCH.length = 0;
  for (const f of itemFindings(item, config, SCRATCH)) out.add(f);
  item.cacheFields(undefined);
  const references = yamlItem
    ? yamlBody
      ? scanner.scan(text, yamlBody.start, yamlBody.end).map((t) => new ReferenceSpan(t.id, lines, t.start, t.end))
      : NONE
    : bodyReferences(text, bodyStart, lines, scanner);
  // The targets of entries with a malformed pin come first, as the frontmatter comes first.
  const badPins = malformedPins as IdReference[] | undefined;
  malformedPins = undefined;
  return {
    file,
    kind: 'item',
    item,
    references: badPins ? badPins.concat(references) : references,
    tags: NONE,
    findings: out.list,
  };
}

/** The key of a YAML item's body (Doorstop's `text`). */
const YAML_BODY_KEY = 'text';

/** `.yml` and `.yaml` files in the `items` globs are items written wholly in YAML (Doorstop's native format). */
function isYamlFile(file: string): boolean {
  return file.endsWith('.yml') || file.endsWith('.yaml');
}

function lastEntry(entries: readonly YamlMapEntry[], key: string): YamlMapEntry | undefined {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.key === key) return entries[i];
  return undefined;
}

/** A Markdown file that is not a design item: its references only (for navigation), and its findings. */
function markdownFile(
  file: string,
  text: string,
  bodyStart: number,
  lines: LineIndex,
  scanner: IdScanner,
  out: FileFindings,
): ParsedFile {
  return {
    file,
    kind: 'markdown',
    item: undefined,
    references: bodyReferences(text, bodyStart, lines, scanner),
    tags: NONE,
    findings: out.list,
  };
}

function bodyReferences(text: string, bodyStart: number, lines: LineIndex, scanner: IdScanner): readonly IdReference[] {
  const tokens = findBodyReferences(text, bodyStart, scanner);
  return tokens.length === 0 ? NONE : tokens.map((t) => new ReferenceSpan(t.id, lines, t.start, t.end));
}

/** The value of a top-level scalar entry (the last of a key), for kinds by `match` and `retired_when`. */
function scalarOf(entries: readonly YamlMapEntry[], key: string): unknown {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.key === key) return e.value.type === 'scalar' ? e.value.value : undefined;
  }
  return undefined;
}

function retiredByField(entries: readonly YamlMapEntry[], when: readonly (readonly [string, unknown])[]): boolean {
  for (const [key, value] of when) if (scalarOf(entries, key) === value) return true;
  return false;
}

function describeMatches(config: TraceConfig): string {
  const parts: string[] = [];
  for (const k of config.kinds)
    if (k.match) parts.push(`${k.name}: ${k.match.map(([f, v]) => `${f} ${String(v)}`).join(', ')}`);
  return parts.join('; ');
}

/** `REQ-1 Login`, `REQ-1: Login`, `REQ-1 - Login` as a title: the ID at its start is not part of it. */
function stripLeadingId(title: string, id: string): string {
  if (!title.startsWith(id)) return title;
  const rest = title.slice(id.length);
  const m = /^(?:\s*[:\-–—.]\s*|\s+)/.exec(rest);
  return m ? rest.slice(m[0].length).trim() || title : title;
}

interface FoundId {
  readonly id: string;
  /** Where the ID is in the text (an empty span at the start when it is only in the file name). */
  readonly start: number;
  readonly end: number;
  readonly title?: { title: string; start: number; end: number };
}

/** `id_from: filename` or `{filename: REGEX}`: the base name without its extension, or the pattern's `id` group in it. */
function idFromFileName(file: string, config: TraceConfig): FoundId | undefined {
  const base = file.slice(file.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const source = config.reader.idFrom;
  if (source.from !== 'filename' || !source.pattern) return stem === '' ? undefined : { id: stem, start: 0, end: 0 };
  const m = source.pattern.exec(base);
  const id = m?.groups?.id;
  return id ? { id, start: 0, end: 0 } : undefined;
}

/** `id_from: {heading: REGEX}`: the first H1's text, matched by the pattern's `id` (and `title`) groups, with exact spans. */
function idFromHeading(text: string, bodyStart: number, config: TraceConfig): FoundId | undefined {
  const source = config.reader.idFrom;
  if (source.from !== 'heading') return undefined;
  const h1 = firstH1(text, bodyStart);
  if (!h1) return undefined;
  // The heading's content: after the `#` marks of an ATX heading, the text itself of a setext one.
  const lead = /^[ \t]{0,3}#{1}[ \t]*/.exec(text.slice(h1.start, h1.end));
  const contentStart = h1.start + (lead ? lead[0].length : 0);
  let contentEnd = text.indexOf('\n', contentStart);
  if (contentEnd < 0 || contentEnd > h1.end) contentEnd = h1.end;
  if (text.charCodeAt(contentEnd - 1) === 13) contentEnd--;
  source.pattern.lastIndex = 0;
  const m = source.pattern.exec(text.slice(contentStart, contentEnd));
  const idAt = m?.indices?.groups?.id;
  const id = m?.groups?.id;
  if (!m || !id || !idAt) return undefined;
  const titleAt = m.indices?.groups?.title;
  const title = m.groups?.title;
  return {
    id,
    start: contentStart + idAt[0],
    end: contentStart + idAt[1],
    ...(title !== undefined && titleAt
      ? { title: { title: title.trim(), start: contentStart + titleAt[0], end: contentStart + titleAt[1] } }
      : {}),
  };
}

function isNull(v: YamlNode): boolean {
  return v.type === 'scalar' && v.value === null;
}

/** A file's findings as they are found: most files have none, and share one empty list. */
class FileFindings {
  private found: Finding[] | undefined;
  itemId: string | undefined;

  constructor(
    private readonly file: string,
    private readonly lines: LineIndex,
  ) {}

  get list(): readonly Finding[] {
    return this.found ?? NONE;
  }

  add(f: Finding): void {
    (this.found ??= []).push(f);
  }

  /** A finding of a fixed code, with the code's default severity (config/codes.ts). */
  report(code: FixedCode, message: string, start: number, end: number, target?: string): void {
    const f: Finding = {
      code,
      severity: DEFAULT_SEVERITY[code],
      message,
      file: this.file,
      range: this.lines.rangeAt(start, end),
    };
    this.add(
      this.itemId === undefined
        ? f
        : target === undefined
          ? { ...f, itemId: this.itemId }
          : { ...f, itemId: this.itemId, target },
    );
  }

  invalidField(node: YamlNode, message: string): void {
    this.report('item.invalid-field', message, node.start, node.end);
  }
}

/**
 * The entries of one link field (SPEC sections 1 and 7): `ID`, `ID@FP`, a string of them
 * separated by commas, a list of any of these, of one-key mappings `{ID: stamp}` (the stamp
 * is kept, not compared), or of mappings whose target is under the link type's `target_key`.
 * `type` is the configuration's name for it (one string for every item).
 */
function readLinks(
  e: YamlMapEntry,
  linkType: LinkTypeConfig,
  text: string,
  lines: LineIndex,
  links: LinkEntry[],
  out: FileFindings,
  idLike: (token: string) => boolean,
): void {
  const type = linkType.name;
  const value = e.value;
  if (isNull(value)) return;
  const entries = value.type === 'seq' ? value.items : value.type === 'scalar' ? [value] : undefined;
  if (!entries) {
    out.report(
      'link.malformed',
      `'${type}' must be an ID or a list of IDs, not ${describeType(value)}`,
      value.start,
      value.end,
    );
    return;
  }
  for (const node of entries) {
    // `{ID: stamp}` is an entry when its one key is meant as an ID; any other mapping is malformed, as before.
    if (
      node.type === 'map' &&
      (linkType.targetKey !== undefined || (node.entries.length === 1 && idLike(node.entries[0]!.key)))
    ) {
      readMappingEntry(node, linkType, text, lines, links, out, e);
      continue;
    }
    if (node.type !== 'scalar' || typeof node.value !== 'string') {
      out.report(
        'link.malformed',
        `A '${type}' entry must be an ID string, not ${describeType(node)}`,
        node.start,
        node.end,
      );
      continue;
    }
    const raw = node.value;
    // Sub-ranges are exact when the source holds the raw text (plain, or quoted without escapes).
    const width = node.end - node.start;
    const inner =
      width === raw.length && text.startsWith(raw, node.start)
        ? node.start
        : width === raw.length + 2 && text.startsWith(raw, node.start + 1)
          ? node.start + 1
          : -1;
    if (raw.indexOf(',') < 0) {
      readLinkText(raw, type, node.start, node.end, inner, text, lines, links, out, e);
      continue;
    }
    // `"SWR-1, SWR-2"`: each part is an entry of its own, with its own range where the source shows it.
    let at = 0;
    for (const part of raw.split(',')) {
      const lead = part.length - part.trimStart().length;
      const trimmed = part.trim();
      const partStart = at + lead;
      at += part.length + 1;
      if (trimmed === '') continue;
      if (inner < 0) readLinkText(trimmed, type, node.start, node.end, -1, text, lines, links, out, e);
      else
        readLinkText(
          trimmed,
          type,
          inner + partStart,
          inner + partStart + trimmed.length,
          inner + partStart,
          text,
          lines,
          links,
          out,
          e,
        );
    }
  }
}

/** One entry's text, `ID` or `ID@FP`, spanning [start, end) in the source; `inner` is where the raw text starts (-1: unknown). */
function readLinkText(
  raw: string,
  type: string,
  start: number,
  end: number,
  inner: number,
  text: string,
  lines: LineIndex,
  links: LinkEntry[],
  out: FileFindings,
  e: YamlMapEntry,
  stamp?: unknown,
): void {
  void text;
  const atSign = raw.indexOf('@');
  const target = atSign < 0 ? raw : raw.slice(0, atSign);
  const pin = atSign < 0 ? undefined : raw.slice(atSign + 1);
  if (target.length === 0 || /\s/.test(target)) {
    out.report('link.malformed', `'${raw}' is not an ID (expected ID or ID@fingerprint)`, start, end);
    return;
  }
  if (pin !== undefined && !PIN.test(pin)) {
    out.report(
      'link.malformed',
      `The pin '${pin}' of '${target}' must be 8 lowercase hex digits (a fingerprint)`,
      start,
      end,
      target,
    );
    // No link, but its target is still a mention: find-references and rename must see it.
    if (inner >= 0) (malformedPins ??= []).push({ id: target, range: lines.rangeAt(inner, inner + target.length) });
    return;
  }
  const span = new LinkSpan(type, target, raw, pin, lines, start, end, inner, e.keyStart, e.keyEnd);
  if (stamp !== undefined) span.stamp = stamp;
  links.push(span);
}

/**
 * Targets of link entries with a malformed pin in the item being parsed (parsing is
 * synchronous: set and taken within one parseItem call).
 */
let malformedPins: IdReference[] | undefined;

/** A mapping in a link list: `{ID: stamp}` (Doorstop) or `{target_key: ID, ...}`. */
function readMappingEntry(
  node: YamlMap,
  linkType: LinkTypeConfig,
  text: string,
  lines: LineIndex,
  links: LinkEntry[],
  out: FileFindings,
  e: YamlMapEntry,
): void {
  const type = linkType.name;
  if (linkType.targetKey !== undefined) {
    const t = mapGet(node, linkType.targetKey);
    if (!t || t.value.type !== 'scalar' || typeof t.value.value !== 'string') {
      const [s, en] = t ? [t.value.start, t.value.end] : [node.start, node.end];
      out.report('link.malformed', `A '${type}' entry must give its target ID under '${linkType.targetKey}'`, s, en);
      return;
    }
    const v = t.value;
    const raw = v.value as string;
    const width = v.end - v.start;
    const inner =
      width === raw.length && text.startsWith(raw, v.start)
        ? v.start
        : width === raw.length + 2 && text.startsWith(raw, v.start + 1)
          ? v.start + 1
          : -1;
    readLinkText(raw, type, v.start, v.end, inner, text, lines, links, out, e, toValue(node));
    return;
  }
  if (node.entries.length !== 1) {
    out.report(
      'link.malformed',
      `A '${type}' entry that is a mapping must have one key, the target ID ({ID: stamp})`,
      node.start,
      node.end,
    );
    return;
  }
  const only = node.entries[0]!;
  const raw = only.key;
  const width = only.keyEnd - only.keyStart;
  const inner =
    width === raw.length && text.startsWith(raw, only.keyStart)
      ? only.keyStart
      : width === raw.length + 2 && text.startsWith(raw, only.keyStart + 1)
        ? only.keyStart + 1
        : -1;
  readLinkText(raw, type, only.keyStart, only.keyEnd, inner, text, lines, links, out, e, toValue(only.value));
}

/** Every top-level frontmatter entry, with its value and ranges. */
function fieldMap(entries: readonly YamlMapEntry[], lines: LineIndex): Map<string, ItemField> {
  const fields = new Map<string, ItemField>();
  for (const e of entries) fields.set(e.key, fieldOf(e, lines));
  return fields;
}

function fieldOf(e: YamlMapEntry, lines: LineIndex): ItemField {
  return new FieldSpan(e.key, toValue(e.value), lines, e.keyStart, e.keyEnd, e.value.start, e.value.end);
}

/**
 * The frontmatter's fields while its file is parsed, as a map that makes a field only when
 * asked for one: the single-item rules look at a few, of each of tens of thousands of items.
 */
class EntryFields implements ReadonlyMap<string, ItemField> {
  private whole: Map<string, ItemField> | undefined;

  constructor(
    private readonly yamlEntries: readonly YamlMapEntry[],
    private readonly lines: LineIndex,
  ) {}

  get(key: string): ItemField | undefined {
    if (this.whole) return this.whole.get(key);
    // The last entry of a key wins, as in the map of all of them.
    for (let i = this.yamlEntries.length - 1; i >= 0; i--) {
      const e = this.yamlEntries[i]!;
      if (e.key === key) return fieldOf(e, this.lines);
    }
    return undefined;
  }

  has(key: string): boolean {
    return this.yamlEntries.some((e) => e.key === key);
  }

  get size(): number {
    return this.all().size;
  }

  forEach(fn: (value: ItemField, key: string, map: ReadonlyMap<string, ItemField>) => void, thisArg?: unknown): void {
    this.all().forEach((v, k) => fn.call(thisArg, v, k, this));
  }

  entries(): ReturnType<Map<string, ItemField>['entries']> {
    return this.all().entries();
  }

  keys(): ReturnType<Map<string, ItemField>['keys']> {
    return this.all().keys();
  }

  values(): ReturnType<Map<string, ItemField>['values']> {
    return this.all().values();
  }

  [Symbol.iterator](): ReturnType<Map<string, ItemField>['entries']> {
    return this.all().entries();
  }

  private all(): Map<string, ItemField> {
    return (this.whole ??= fieldMap(this.yamlEntries, this.lines));
  }
}

/** The kind's fingerprint fields the item sets, with their values (SPEC section 4). */
function fingerprintFields(
  kind: KindConfig,
  fields: ReadonlyMap<string, ItemField>,
): Readonly<Record<string, unknown>> {
  let out: Record<string, unknown> | undefined;
  for (const f of kind.fingerprint) {
    const field = fields.get(f);
    if (field) (out ??= {})[f] = field.value;
  }
  return out ?? NO_FIELDS;
}

/**
 * An item, as lean as a workspace of tens of thousands of them needs: offsets instead of
 * ranges (positions are worked out on demand), the body and the fields read again from
 * the text when asked for, the fingerprint on first use (a check without pins or JSON
 * output needs few of them). A class, so every item has one shape.
 */
class ItemRecord implements Item {
  readonly kind: string;
  private fp: string | undefined;
  private fieldCache: ReadonlyMap<string, ItemField> | undefined;
  // Offsets into `text`: id, title (-1: none), status (-1: none), the YAML, the body.
  private idStart = 0;
  private idEnd = 0;
  private titleStart = -1;
  private titleEnd = -1;
  private statusStart = -1;
  private statusEnd = -1;
  private yamlStart = 0;
  private yamlEnd = 0;
  private bodyStart = 0;
  /** The text is still (partly) a template's placeholder (validate/placeholder.ts). */
  placeholder = false;
  private yamlBody: string | undefined;
  /** Where a YAML item's `text` starts: what comes before it is its "frontmatter". */
  private yamlBodyStart = -1;

  constructor(
    readonly id: string,
    kind: KindConfig,
    readonly file: string,
    readonly title: string,
    readonly status: string,
    readonly live: boolean,
    readonly keys: ItemKeys,
    readonly links: readonly LinkEntry[],
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly fpFields: Readonly<Record<string, unknown>>,
  ) {
    this.kind = kind.name;
  }

  setSpans(
    idStart: number,
    idEnd: number,
    titleStart: number,
    titleEnd: number,
    statusStart: number,
    statusEnd: number,
    yamlStart: number,
    yamlEnd: number,
    bodyStart: number,
  ): void {
    this.idStart = idStart;
    this.idEnd = idEnd;
    this.titleStart = titleStart;
    this.titleEnd = titleEnd;
    this.statusStart = statusStart;
    this.statusEnd = statusEnd;
    this.yamlStart = yamlStart;
    this.yamlEnd = yamlEnd;
    this.bodyStart = bodyStart;
  }

  /** A YAML item's body: its `text` value (the file has no Markdown body). */
  setBody(body: string, at: number): void {
    this.yamlBody = body;
    this.yamlBodyStart = at;
  }

  cacheFields(fields: ReadonlyMap<string, ItemField> | undefined): void {
    this.fieldCache = fields;
  }

  /** Every top-level frontmatter entry; read again from the text (the frontmatter parsed once already). */
  get fields(): ReadonlyMap<string, ItemField> {
    if (this.fieldCache) return this.fieldCache;
    const root = parseYaml(this.text, this.yamlStart, this.yamlEnd).root;
    return root?.type === 'map' ? fieldMap(root.entries, this.lines) : new Map();
  }

  get idRange(): Range {
    return this.lines.rangeAt(this.idStart, this.idEnd);
  }

  get titleRange(): Range | undefined {
    return this.titleStart < 0 ? undefined : this.lines.rangeAt(this.titleStart, this.titleEnd);
  }

  get statusRange(): Range | undefined {
    return this.statusStart < 0 ? undefined : this.lines.rangeAt(this.statusStart, this.statusEnd);
  }

  get frontmatterRange(): Range {
    return this.lines.rangeAt(0, this.yamlBodyStart >= 0 ? this.yamlBodyStart : this.bodyStart);
  }

  get body(): string {
    return this.yamlBody ?? this.text.slice(this.bodyStart);
  }

  get fingerprint(): string {
    return (this.fp ??= fingerprint(this.title, this.yamlBody ?? this.text.slice(this.bodyStart), this.fpFields));
  }

  /** Plain data, as JSON wants it. */
  toJSON(): object {
    return {
      id: this.id,
      kind: this.kind,
      file: this.file,
      idRange: this.idRange,
      title: this.title,
      titleRange: this.titleRange,
      status: this.status,
      statusRange: this.statusRange,
      live: this.live,
      fields: Object.fromEntries([...this.fields].map(([k, v]) => [k, v.value])),
      links: this.links,
      fingerprint: this.fingerprint,
      frontmatterRange: this.frontmatterRange,
    };
  }
}
