import { kindOfId } from '../config/load';
import type { TraceConfig } from '../config/types';
import { fingerprint, PIN } from '../graph/fingerprint';
import type { Finding } from '../model/finding';
import type { IdReference, Item, ItemField, LinkEntry, ParsedFile } from '../model/item';
import { LineIndex, type Range } from '../model/range';
import { splitFrontmatter } from './frontmatter';
import { FieldSpan, LinkSpan, ReferenceSpan } from './spans';
import { ID_SHAPE, type IdScanner } from './ids';
import { findBodyReferences, firstH1 } from './markdown';
import { parseYaml } from './yaml';
import { describeType, toValue, type YamlNode } from './yamlTree';

const NONE: readonly never[] = [];

/** Keys with a meaning of their own; everything else is a kind field, a link field, or free metadata. */
const RESERVED = new Set(['id', 'title', 'status', 'type']);

/**
 * Reads one Markdown file: its frontmatter, and if its `id` names a configured kind, the
 * design item with a source range for its id, fields and every link entry. `text` has
 * its BOM removed. Problems of the file itself are returned as findings; nothing throws.
 */
export function parseMarkdownFile(file: string, text: string, config: TraceConfig, scanner: IdScanner): ParsedFile {
  const lines = new LineIndex(text);
  // Most files have no finding, reference or tag: they share the empty lists below.
  let findings: Finding[] | undefined;
  const report = (f: Finding): void => {
    (findings ??= []).push(f);
  };
  const split = splitFrontmatter(text);
  const at = (start: number, end: number) => lines.rangeAt(start, end);
  const other = (extra: Partial<ParsedFile> = {}): ParsedFile => ({
    file,
    kind: 'markdown',
    references: markdownRefs(split.kind === 'ok' ? split.bodyStart : 0),
    tags: NONE,
    findings: findings ?? NONE,
    ...extra,
  });
  const markdownRefs = (bodyStart: number): readonly IdReference[] => {
    const tokens = findBodyReferences(text, bodyStart, scanner);
    return tokens.length === 0 ? NONE : tokens.map((t) => new ReferenceSpan(t.id, lines, t.start, t.end));
  };

  if (split.kind === 'none') return other();
  if (split.kind === 'unterminated') {
    report({
      code: 'frontmatter.unterminated',
      severity: 'error',
      message: "The frontmatter's opening '---' is never closed by a '---' line",
      file,
      range: at(split.openStart, split.openEnd),
    });
    return { file, kind: 'markdown', references: NONE, tags: NONE, findings: findings ?? NONE };
  }
  const yaml = parseYaml(text, split.yamlStart, split.yamlEnd);
  if (yaml.errors.length > 0) {
    for (const e of yaml.errors) {
      report({ code: 'frontmatter.yaml', severity: 'error', message: `Frontmatter is not valid YAML: ${e.message}`, file, range: at(e.start, e.end) });
    }
    return other();
  }
  const root = yaml.root;
  if (!root || root.type !== 'map') return other();
  const idEntry = root.entries.find((e) => e.key === 'id');
  if (!idEntry || idEntry.value.type !== 'scalar' || typeof idEntry.value.value !== 'string') return other();
  const id = idEntry.value.value;
  const idStart = idEntry.value.start;
  const idEnd = idEntry.value.end;
  const kind = kindOfId(config, id);
  if (!kind) {
    if (ID_SHAPE.test(id)) {
      report({
        code: 'item.unknown-kind',
        severity: 'warning',
        message: `'${id}' matches no configured kind (${config.kinds.map((k) => k.prefix ?? k.pattern.source).join(', ')})`,
        file,
        range: at(idStart, idEnd),
      });
    }
    return other();
  }

  const fields = new Map<string, ItemField>();
  const links: LinkEntry[] = [];
  const invalid = (node: YamlNode, message: string, start = node.start, end = node.end): void => {
    report({ code: 'item.invalid-field', severity: 'error', message, file, range: at(start, end), itemId: id });
  };
  for (const e of root.entries) {
    fields.set(e.key, new FieldSpan(e.key, toValue(e.value), lines, e.keyStart, e.keyEnd, e.value.start, e.value.end));
    const linkType = config.links.get(e.key);
    if (linkType && !RESERVED.has(e.key)) readLinks(e.key, e.value, e.keyStart, e.keyEnd);
  }

  function readLinks(type: string, value: YamlNode, keyStart: number, keyEnd: number): void {
    if (value.type === 'scalar' && value.value === null) return;
    const entries = value.type === 'seq' ? value.items : value.type === 'scalar' ? [value] : undefined;
    if (!entries) {
      report({ code: 'link.malformed', severity: 'error', message: `'${type}' must be an ID or a list of IDs, not ${describeType(value)}`, file, range: at(value.start, value.end), itemId: id });
      return;
    }
    for (const node of entries) {
      if (node.type !== 'scalar' || typeof node.value !== 'string') {
        report({ code: 'link.malformed', severity: 'error', message: `A '${type}' entry must be an ID string, not ${describeType(node)}`, file, range: at(node.start, node.end), itemId: id });
        continue;
      }
      const raw = node.value;
      const atSign = raw.indexOf('@');
      const target = atSign < 0 ? raw : raw.slice(0, atSign);
      const pin = atSign < 0 ? undefined : raw.slice(atSign + 1);
      if (target.length === 0 || /\s/.test(target)) {
        report({ code: 'link.malformed', severity: 'error', message: `'${raw}' is not an ID (expected ID or ID@fingerprint)`, file, range: at(node.start, node.end), itemId: id });
        continue;
      }
      if (pin !== undefined && !PIN.test(pin)) {
        report({
          code: 'link.malformed',
          severity: 'error',
          message: `The pin '${pin}' of '${target}' must be 8 lowercase hex digits (a fingerprint)`,
          file,
          range: at(node.start, node.end),
          itemId: id,
          target,
        });
        continue;
      }
      // Sub-ranges are exact when the source holds the raw text (plain, or quoted without escapes).
      const width = node.end - node.start;
      const inner = width === raw.length && text.startsWith(raw, node.start) ? node.start : width === raw.length + 2 && text.startsWith(raw, node.start + 1) ? node.start + 1 : -1;
      links.push(new LinkSpan(type, target, raw, pin, lines, node.start, node.end, inner, keyStart, keyEnd));
    }
  }

  const bodyStart = split.bodyStart;
  const titleEntry = root.entries.find((e) => e.key === 'title');
  let title: string | undefined;
  let titleStart = -1;
  let titleEnd = -1;
  if (titleEntry) {
    const v = titleEntry.value;
    if (v.type === 'scalar' && typeof v.value === 'string') {
      title = v.value.trim();
      titleStart = v.start;
      titleEnd = v.end;
    } else if (!(v.type === 'scalar' && v.value === null)) {
      invalid(v, `'title' must be text, not ${describeType(v)}`);
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
  const statusEntry = root.entries.find((e) => e.key === 'status');
  let status = 'draft';
  let statusStart = -1;
  let statusEnd = -1;
  if (statusEntry) {
    const v = statusEntry.value;
    statusStart = v.start;
    statusEnd = v.end;
    if (v.type === 'scalar' && typeof v.value === 'string') status = v.value;
    else if (!(v.type === 'scalar' && v.value === null)) invalid(v, `'status' must be one of ${config.statuses.join(', ')}, not ${describeType(v)}`);
  }
  const typeEntry = root.entries.find((e) => e.key === 'type');
  if (typeEntry && !(typeEntry.value.type === 'scalar' && typeof typeEntry.value.value === 'string')) {
    invalid(typeEntry.value, `'type' must name a kind (${kind.name}), not ${describeType(typeEntry.value)}`);
  }

  const fpFields: Record<string, unknown> = {};
  for (const f of kind.fingerprint) {
    const field = fields.get(f);
    if (field) fpFields[f] = field.value;
  }
  const item = new ItemRecord(id, kind.name, file, title ?? '', status, fields, links, lines, [idStart, idEnd, titleStart, titleEnd, statusStart, statusEnd, 0, split.bodyStart], text.slice(bodyStart), fpFields);
  return { file, kind: 'item', item, references: markdownRefs(bodyStart), tags: NONE, findings: findings ?? NONE };
}


/**
 * An item: ranges computed from offsets on demand, the fingerprint on first use (a check
 * without pins or JSON output needs few of them). A class, so every item has one shape.
 */
class ItemRecord implements Item {
  readonly live: boolean;
  private fp: string | undefined;

  constructor(
    readonly id: string,
    readonly kind: string,
    readonly file: string,
    readonly title: string,
    readonly status: string,
    readonly fields: ReadonlyMap<string, ItemField>,
    readonly links: readonly LinkEntry[],
    private readonly lines: LineIndex,
    /** Offsets, in pairs: id, title (-1: none), status (-1: none), frontmatter. One array, not four. */
    private readonly spans: readonly number[],
    private readonly body: string,
    private readonly fpFields: Record<string, unknown>,
  ) {
    this.live = status !== 'obsolete';
  }

  get idRange(): Range {
    return this.lines.rangeAt(this.spans[0]!, this.spans[1]!);
  }

  get titleRange(): Range | undefined {
    return this.spans[2]! < 0 ? undefined : this.lines.rangeAt(this.spans[2]!, this.spans[3]!);
  }

  get statusRange(): Range | undefined {
    return this.spans[4]! < 0 ? undefined : this.lines.rangeAt(this.spans[4]!, this.spans[5]!);
  }

  get frontmatterRange(): Range {
    return this.lines.rangeAt(this.spans[6]!, this.spans[7]!);
  }

  get fingerprint(): string {
    return (this.fp ??= fingerprint(this.title, this.body, this.fpFields));
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
