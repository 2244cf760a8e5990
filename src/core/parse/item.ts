import { kindOfId } from '../config/load';
import type { TraceConfig } from '../config/types';
import { fingerprint, PIN } from '../graph/fingerprint';
import type { Finding } from '../model/finding';
import type { IdReference, Item, ItemField, LinkEntry, ParsedFile } from '../model/item';
import { LineIndex, type Range } from '../model/range';
import { splitFrontmatter } from './frontmatter';
import { ID_SHAPE, type IdScanner } from './ids';
import { findBodyReferences, firstH1 } from './markdown';
import { parseYaml } from './yaml';
import { describeType, toValue, type YamlNode } from './yamlTree';

/** Keys with a meaning of their own; everything else is a kind field, a link field, or free metadata. */
const RESERVED = new Set(['id', 'title', 'status', 'type']);

/**
 * Reads one Markdown file: its frontmatter, and if its `id` names a configured kind, the
 * design item with a source range for its id, fields and every link entry. `text` has
 * its BOM removed. Problems of the file itself are returned as findings; nothing throws.
 */
export function parseMarkdownFile(file: string, text: string, config: TraceConfig, scanner: IdScanner): ParsedFile {
  const lines = new LineIndex(text);
  const findings: Finding[] = [];
  const split = splitFrontmatter(text);
  const at = (start: number, end: number) => lines.rangeAt(start, end);
  const other = (extra: Partial<ParsedFile> = {}): ParsedFile => ({
    file,
    kind: 'markdown',
    references: markdownRefs(split.kind === 'ok' ? split.bodyStart : 0),
    tags: [],
    findings,
    ...extra,
  });
  const markdownRefs = (bodyStart: number): IdReference[] =>
    findBodyReferences(text, bodyStart, scanner).map((t) => ({ id: t.id, range: at(t.start, t.end) }));

  if (split.kind === 'none') return other();
  if (split.kind === 'unterminated') {
    findings.push({
      code: 'frontmatter.unterminated',
      severity: 'error',
      message: "The frontmatter's opening '---' is never closed by a '---' line",
      file,
      range: at(split.openStart, split.openEnd),
    });
    return { file, kind: 'markdown', references: [], tags: [], findings };
  }
  const yaml = parseYaml(text, split.yamlStart, split.yamlEnd);
  if (yaml.errors.length > 0) {
    for (const e of yaml.errors) {
      findings.push({ code: 'frontmatter.yaml', severity: 'error', message: `Frontmatter is not valid YAML: ${e.message}`, file, range: at(e.start, e.end) });
    }
    return other();
  }
  const root = yaml.root;
  if (!root || root.type !== 'map') return other();
  const idEntry = root.entries.find((e) => e.key === 'id');
  if (!idEntry || idEntry.value.type !== 'scalar' || typeof idEntry.value.value !== 'string') return other();
  const id = idEntry.value.value;
  const idRange = at(idEntry.value.start, idEntry.value.end);
  const kind = kindOfId(config, id);
  if (!kind) {
    if (ID_SHAPE.test(id)) {
      findings.push({
        code: 'item.unknown-kind',
        severity: 'warning',
        message: `'${id}' matches no configured kind (${config.kinds.map((k) => k.prefix ?? k.pattern.source).join(', ')})`,
        file,
        range: idRange,
      });
    }
    return other();
  }

  const fields = new Map<string, ItemField>();
  const links: LinkEntry[] = [];
  const invalid = (node: YamlNode, message: string, start = node.start, end = node.end): void => {
    findings.push({ code: 'item.invalid-field', severity: 'error', message, file, range: at(start, end), itemId: id });
  };
  for (const e of root.entries) {
    fields.set(e.key, { key: e.key, value: toValue(e.value), keyRange: at(e.keyStart, e.keyEnd), valueRange: at(e.value.start, e.value.end) });
    const linkType = config.links.get(e.key);
    if (linkType && !RESERVED.has(e.key)) readLinks(e.key, e.value, at(e.keyStart, e.keyEnd));
  }

  function readLinks(type: string, value: YamlNode, keyRange: ReturnType<typeof at>): void {
    if (value.type === 'scalar' && value.value === null) return;
    const entries = value.type === 'seq' ? value.items : value.type === 'scalar' ? [value] : undefined;
    if (!entries) {
      findings.push({ code: 'link.malformed', severity: 'error', message: `'${type}' must be an ID or a list of IDs, not ${describeType(value)}`, file, range: at(value.start, value.end), itemId: id });
      return;
    }
    for (const node of entries) {
      if (node.type !== 'scalar' || typeof node.value !== 'string') {
        findings.push({ code: 'link.malformed', severity: 'error', message: `A '${type}' entry must be an ID string, not ${describeType(node)}`, file, range: at(node.start, node.end), itemId: id });
        continue;
      }
      const raw = node.value;
      const atSign = raw.indexOf('@');
      const target = atSign < 0 ? raw : raw.slice(0, atSign);
      const pin = atSign < 0 ? undefined : raw.slice(atSign + 1);
      if (target.length === 0 || /\s/.test(target)) {
        findings.push({ code: 'link.malformed', severity: 'error', message: `'${raw}' is not an ID (expected ID or ID@fingerprint)`, file, range: at(node.start, node.end), itemId: id });
        continue;
      }
      if (pin !== undefined && !PIN.test(pin)) {
        findings.push({
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
      const inner = text.slice(node.start, node.end) === raw ? node.start : text.slice(node.start + 1, node.end - 1) === raw ? node.start + 1 : -1;
      const targetRange = inner < 0 ? at(node.start, node.end) : at(inner, inner + target.length);
      const pinRange = pin === undefined ? undefined : inner < 0 ? at(node.start, node.end) : at(inner + target.length + 1, inner + raw.length);
      links.push({ type, target, raw, range: at(node.start, node.end), targetRange, keyRange, ...(pin !== undefined ? { pin, pinRange } : {}) });
    }
  }

  const bodyStart = split.bodyStart;
  const titleEntry = root.entries.find((e) => e.key === 'title');
  let title: string | undefined;
  let titleRange;
  if (titleEntry) {
    const v = titleEntry.value;
    if (v.type === 'scalar' && typeof v.value === 'string') {
      title = v.value.trim();
      titleRange = at(v.start, v.end);
    } else if (!(v.type === 'scalar' && v.value === null)) {
      invalid(v, `'title' must be text, not ${describeType(v)}`);
    }
  }
  if (title === undefined || title === '') {
    const h1 = firstH1(text, bodyStart);
    if (h1 && h1.title !== '') {
      title = h1.title;
      titleRange = at(h1.start, h1.end);
    }
  }
  const statusEntry = root.entries.find((e) => e.key === 'status');
  let status = 'draft';
  let statusRange;
  if (statusEntry) {
    const v = statusEntry.value;
    statusRange = at(v.start, v.end);
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
  const resolvedTitle = title ?? '';
  const item = new ItemRecord(
    {
      id,
      kind: kind.name,
      file,
      idRange,
      title: resolvedTitle,
      titleRange,
      status,
      statusRange,
      live: status !== 'obsolete',
      fields,
      links,
      frontmatterRange: at(0, split.bodyStart),
    },
    text.slice(bodyStart),
    fpFields,
  );
  return { file, kind: 'item', item, references: markdownRefs(bodyStart), tags: [], findings };
}


/**
 * An item whose fingerprint is computed on first use: a check without pins or JSON
 * output needs few of them. A class, so that every item has the same shape.
 */
class ItemRecord implements Item {
  readonly id: string;
  readonly kind: string;
  readonly file: string;
  readonly idRange: Range;
  readonly title: string;
  readonly titleRange?: Range;
  readonly status: string;
  readonly statusRange?: Range;
  readonly live: boolean;
  readonly fields: ReadonlyMap<string, ItemField>;
  readonly links: readonly LinkEntry[];
  readonly frontmatterRange: Range;
  private fp: string | undefined;

  constructor(
    data: Omit<Item, 'fingerprint'>,
    private readonly body: string,
    private readonly fpFields: Record<string, unknown>,
  ) {
    this.id = data.id;
    this.kind = data.kind;
    this.file = data.file;
    this.idRange = data.idRange;
    this.title = data.title;
    this.titleRange = data.titleRange;
    this.status = data.status;
    this.statusRange = data.statusRange;
    this.live = data.live;
    this.fields = data.fields;
    this.links = data.links;
    this.frontmatterRange = data.frontmatterRange;
  }

  get fingerprint(): string {
    return (this.fp ??= fingerprint(this.title, this.body, this.fpFields));
  }

  /** Plain data, as JSON and structured clones want it (the fingerprint included). */
  toJSON(): Omit<Item, 'fields'> & { fields: Record<string, unknown> } {
    const { body: _b, fpFields: _f, fp: _p, ...rest } = this;
    return { ...rest, fields: Object.fromEntries([...this.fields].map(([k, v]) => [k, v.value])), fingerprint: this.fingerprint };
  }
}
