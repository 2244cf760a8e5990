import { DEFAULT_SEVERITY, type FixedCode } from '../config/codes';
import { kindOfId } from '../config/load';
import type { KindConfig, TraceConfig } from '../config/types';
import { fingerprint, PIN } from '../graph/fingerprint';
import type { Finding } from '../model/finding';
import type { IdReference, Item, ItemField, LinkEntry, ParsedFile } from '../model/item';
import { LineIndex, type Range } from '../model/range';
import { itemFindings } from '../validate/local';
import { splitFrontmatter } from './frontmatter';
import { FieldSpan, LinkSpan, ReferenceSpan } from './spans';
import { ID_SHAPE, type IdScanner } from './ids';
import { findBodyReferences, firstH1 } from './markdown';
import { parseYaml } from './yaml';
import { describeType, toValue, type YamlMapEntry, type YamlNode } from './yamlTree';
import { emptyList } from '../model/lists';

const NONE: readonly never[] = emptyList();
const NO_FIELDS: Readonly<Record<string, unknown>> = Object.freeze({});
/** The single-item rules' findings for the file at hand: most items have none, and need no list of their own. */
const SCRATCH: Finding[] = emptyList();

/** Keys with a meaning of their own; everything else is a kind field, a link field, or free metadata. */
const RESERVED = new Set(['id', 'title', 'status', 'type']);

/**
 * Reads one Markdown file: its frontmatter, and if its `id` names a configured kind, the
 * design item with a source range for its id, fields and every link entry. `text` has
 * its BOM removed. Problems of the file itself, and what the rules that look at one item
 * alone find, are returned as findings; nothing throws.
 */
export function parseMarkdownFile(file: string, text: string, config: TraceConfig, scanner: IdScanner): ParsedFile {
  const lines = new LineIndex(text);
  const out = new FileFindings(file, lines);
  const split = splitFrontmatter(text);
  if (split.kind === 'none') return markdownFile(file, text, 0, lines, scanner, out);
  if (split.kind === 'unterminated') {
    out.report('frontmatter.unterminated', "The frontmatter's opening '---' is never closed by a '---' line", split.openStart, split.openEnd);
    return { file, kind: 'markdown', item: undefined, references: NONE, tags: NONE, findings: out.list };
  }
  const bodyStart = split.bodyStart;
  const yaml = parseYaml(text, split.yamlStart, split.yamlEnd);
  if (yaml.errors.length > 0) {
    for (const e of yaml.errors) out.report('frontmatter.yaml', `Frontmatter is not valid YAML: ${e.message}`, e.start, e.end);
    return markdownFile(file, text, bodyStart, lines, scanner, out);
  }
  const root = yaml.root;
  if (!root || root.type !== 'map') return markdownFile(file, text, bodyStart, lines, scanner, out);
  // One pass over the entries for the keys with a meaning of their own.
  let idEntry: YamlMapEntry | undefined;
  let titleEntry: YamlMapEntry | undefined;
  let statusEntry: YamlMapEntry | undefined;
  let typeEntry: YamlMapEntry | undefined;
  for (const e of root.entries) {
    if (e.key === 'id') idEntry = e;
    else if (e.key === 'title') titleEntry = e;
    else if (e.key === 'status') statusEntry = e;
    else if (e.key === 'type') typeEntry = e;
  }
  if (!idEntry || idEntry.value.type !== 'scalar' || typeof idEntry.value.value !== 'string') return markdownFile(file, text, bodyStart, lines, scanner, out);
  const id = idEntry.value.value;
  const kind = kindOfId(config, id);
  if (!kind) {
    if (ID_SHAPE.test(id)) {
      const known = config.kinds.map((k) => k.prefix ?? k.pattern.source).join(', ');
      out.report('item.unknown-kind', `'${id}' matches no configured kind (${known})`, idEntry.value.start, idEntry.value.end);
    }
    return markdownFile(file, text, bodyStart, lines, scanner, out);
  }
  out.itemId = id;

  const links: LinkEntry[] = [];
  for (const e of root.entries) {
    const linkType = RESERVED.has(e.key) ? undefined : config.links.get(e.key);
    if (linkType) readLinks(e, linkType.name, text, lines, links, out);
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
      out.invalidField(v, `'title' must be text, not ${describeType(v)}`);
    }
  }
  if (title === undefined || title === '') {
    const h1 = firstH1(text, bodyStart);
    if (h1 && h1.title !== '') {
      title = h1.title;
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
    } else if (!isNull(v)) out.invalidField(v, `'status' must be one of ${config.statuses.join(', ')}, not ${describeType(v)}`);
  }
  if (typeEntry && !(typeEntry.value.type === 'scalar' && typeof typeEntry.value.value === 'string')) {
    out.invalidField(typeEntry.value, `'type' must name a kind (${kind.name}), not ${describeType(typeEntry.value)}`);
  }

  const fields = new EntryFields(root.entries, lines);
  const item = new ItemRecord(id, kind, file, title ?? '', status, links, text, lines, fingerprintFields(kind, fields));
  item.setSpans(idEntry.value.start, idEntry.value.end, titleStart, titleEnd, statusStart, statusEnd, split.yamlStart, split.yamlEnd, bodyStart);
  // The rules that look at this item alone need its fields; afterwards they are rebuilt
  // from the text on demand, so that a large workspace does not hold every field of every item.
  item.cacheFields(fields);
  SCRATCH.length = 0;
  for (const f of itemFindings(item, config, SCRATCH)) out.add(f);
  item.cacheFields(undefined);
  return { file, kind: 'item', item, references: bodyReferences(text, bodyStart, lines, scanner), tags: NONE, findings: out.list };
}

/** A Markdown file that is not a design item: its references only (for navigation), and its findings. */
function markdownFile(file: string, text: string, bodyStart: number, lines: LineIndex, scanner: IdScanner, out: FileFindings): ParsedFile {
  return { file, kind: 'markdown', item: undefined, references: bodyReferences(text, bodyStart, lines, scanner), tags: NONE, findings: out.list };
}

function bodyReferences(text: string, bodyStart: number, lines: LineIndex, scanner: IdScanner): readonly IdReference[] {
  const tokens = findBodyReferences(text, bodyStart, scanner);
  return tokens.length === 0 ? NONE : tokens.map((t) => new ReferenceSpan(t.id, lines, t.start, t.end));
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
    const f: Finding = { code, severity: DEFAULT_SEVERITY[code], message, file: this.file, range: this.lines.rangeAt(start, end) };
    this.add(this.itemId === undefined ? f : target === undefined ? { ...f, itemId: this.itemId } : { ...f, itemId: this.itemId, target });
  }

  invalidField(node: YamlNode, message: string): void {
    this.report('item.invalid-field', message, node.start, node.end);
  }
}

/** The entries of one link field: `ID`, `ID@FP`, or a list of them. `type` is the configuration's name for it (one string for every item). */
function readLinks(e: YamlMapEntry, type: string, text: string, lines: LineIndex, links: LinkEntry[], out: FileFindings): void {
  const value = e.value;
  if (isNull(value)) return;
  const entries = value.type === 'seq' ? value.items : value.type === 'scalar' ? [value] : undefined;
  if (!entries) {
    out.report('link.malformed', `'${type}' must be an ID or a list of IDs, not ${describeType(value)}`, value.start, value.end);
    return;
  }
  for (const node of entries) {
    if (node.type !== 'scalar' || typeof node.value !== 'string') {
      out.report('link.malformed', `A '${type}' entry must be an ID string, not ${describeType(node)}`, node.start, node.end);
      continue;
    }
    const raw = node.value;
    const atSign = raw.indexOf('@');
    const target = atSign < 0 ? raw : raw.slice(0, atSign);
    const pin = atSign < 0 ? undefined : raw.slice(atSign + 1);
    if (target.length === 0 || /\s/.test(target)) {
      out.report('link.malformed', `'${raw}' is not an ID (expected ID or ID@fingerprint)`, node.start, node.end);
      continue;
    }
    if (pin !== undefined && !PIN.test(pin)) {
      out.report('link.malformed', `The pin '${pin}' of '${target}' must be 8 lowercase hex digits (a fingerprint)`, node.start, node.end, target);
      continue;
    }
    // Sub-ranges are exact when the source holds the raw text (plain, or quoted without escapes).
    const width = node.end - node.start;
    const inner = width === raw.length && text.startsWith(raw, node.start) ? node.start : width === raw.length + 2 && text.startsWith(raw, node.start + 1) ? node.start + 1 : -1;
    links.push(new LinkSpan(type, target, raw, pin, lines, node.start, node.end, inner, e.keyStart, e.keyEnd));
  }
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
function fingerprintFields(kind: KindConfig, fields: ReadonlyMap<string, ItemField>): Readonly<Record<string, unknown>> {
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
  readonly live: boolean;
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

  constructor(
    readonly id: string,
    kind: KindConfig,
    readonly file: string,
    readonly title: string,
    readonly status: string,
    readonly links: readonly LinkEntry[],
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly fpFields: Readonly<Record<string, unknown>>,
  ) {
    this.kind = kind.name;
    this.live = status !== 'obsolete';
  }

  setSpans(idStart: number, idEnd: number, titleStart: number, titleEnd: number, statusStart: number, statusEnd: number, yamlStart: number, yamlEnd: number, bodyStart: number): void {
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
    return this.lines.rangeAt(0, this.bodyStart);
  }

  get fingerprint(): string {
    return (this.fp ??= fingerprint(this.title, this.text.slice(this.bodyStart), this.fpFields));
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
