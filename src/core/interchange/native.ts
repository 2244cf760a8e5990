import { stringify } from 'yaml';
import { DOORSTOP_FILE, DOORSTOP_LINK } from '../config/doorstop';
import { DEFAULT_CONFIG } from '../config/defaults';
import type { TraceConfig } from '../config/types';
import type { Item } from '../model/item';
import { compareIds } from '../model/compareIds';

/*
 * Native Tracespine items and a tracespine.yaml written from another tool's design (SPEC
 * section 11: `tracespine import`). The importers read their source into NativeItems; this
 * module renders them, deterministically (same source, byte-identical files).
 */

/** Something of the source that is not mapped, at its 1-based line and column (in `file` where given). */
export interface ImportProblem {
  readonly file?: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface NativeLink {
  readonly type: string;
  readonly target: string;
  readonly pin?: string;
}

export interface NativeItem {
  readonly id: string;
  readonly kind: string;
  readonly kindLabel: string;
  readonly title?: string;
  readonly status?: string;
  /** Frontmatter fields in order (link fields in their source form included, for Doorstop). */
  readonly fields: readonly (readonly [string, unknown])[];
  /** Links to write as `type: [ID, ID@pin]` (ReqIF). */
  readonly links: NativeLink[];
  readonly body: string;
  /** Folder of the item's file, relative to --into ('' for the kind's name). */
  readonly folder?: string;
}

export interface NativeDesign {
  readonly items: readonly NativeItem[];
  /** kind -> field -> allowed values (ReqIF enumerations). */
  readonly enumFields: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  /** kind -> its fields as a Tracespine export describes them. */
  readonly kindFields?: ReadonlyMap<string, readonly NativeKindField[]>;
  readonly problems: readonly ImportProblem[];
}

export interface NativeKindField {
  readonly name: string;
  readonly values: readonly (string | number | boolean)[];
  readonly required: boolean;
  readonly fingerprint: boolean;
}

export interface NativeFile {
  readonly path: string;
  readonly text: string;
}

const YAML_OPTIONS = { lineWidth: 0, minContentWidth: 0 } as const;

/** One item as Markdown with frontmatter: id, title, status, fields, links; then the body. */
export function renderItem(item: NativeItem): string {
  const fm: Record<string, unknown> = { id: item.id };
  if (item.title !== undefined && item.title !== '') fm.title = item.title;
  if (item.status !== undefined) fm.status = item.status;
  for (const [k, v] of item.fields) if (!(k in fm)) fm[k] = v;
  const byType = new Map<string, string[]>();
  for (const l of item.links) {
    let list = byType.get(l.type);
    if (!list) byType.set(l.type, (list = []));
    list.push(l.pin !== undefined ? `${l.target}@${l.pin}` : l.target);
  }
  for (const [type, list] of byType) fm[type] = list;
  return `---\n${stringify(fm, YAML_OPTIONS)}---\n${item.body}`;
}

function itemPath(item: NativeItem): string {
  const folder = item.folder ?? item.kind;
  return folder === '' ? `${item.id}.md` : `${folder}/${item.id}.md`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The ID rule of a kind from its items' IDs: `prefix` when they share one, else a pattern. */
function idRule(ids: readonly string[]): { prefix: string } | { pattern: string } {
  const heads = new Set<string>();
  let numbered = true;
  for (const id of ids) {
    const m = /^(.+)-\d+$/.exec(id);
    if (!m) numbered = false;
    else heads.add(m[1]!);
  }
  if (numbered && heads.size === 1) {
    const h = [...heads][0]!;
    if (/^[A-Za-z][A-Za-z0-9_]*$/.test(h)) return { prefix: h };
  }
  if (numbered) return { pattern: `^(?:${[...heads].sort().map(escapeRegExp).join('|')})-\\d+$` };
  return { pattern: `^(?:${[...ids].sort(compareIds).map(escapeRegExp).join('|')})$` };
}

/** tracespine.yaml for a ReqIF import: a kind per object type, a link type per relation type seen. */
export function reqifConfig(design: NativeDesign): Record<string, unknown> {
  const kinds: Record<string, unknown> = {};
  const idsOf = new Map<string, string[]>();
  const labels = new Map<string, string>();
  for (const i of design.items) {
    let l = idsOf.get(i.kind);
    if (!l) idsOf.set(i.kind, (l = []));
    l.push(i.id);
    if (!labels.has(i.kind)) labels.set(i.kind, i.kindLabel);
  }
  for (const kind of [...idsOf.keys()].sort()) {
    const fields = new Map<string, readonly (string | number | boolean)[]>(design.enumFields.get(kind) ?? []);
    const described = design.kindFields?.get(kind) ?? [];
    for (const f of described) fields.set(f.name, f.values);
    const required = described.filter((f) => f.required).map((f) => f.name);
    const fingerprint = described.filter((f) => f.fingerprint).map((f) => f.name);
    kinds[kind] = {
      ...idRule(idsOf.get(kind)!),
      name: labels.get(kind)!,
      ...(fields.size > 0 ? { fields: Object.fromEntries([...fields].sort(([a], [b]) => (a < b ? -1 : 1))) } : {}),
      ...(required.length > 0 ? { required } : {}),
      ...(fingerprint.length > 0 ? { fingerprint } : {}),
    };
  }
  const kindOf = new Map(design.items.map((i) => [i.id, i.kind]));
  const links = new Map<string, { from: Set<string>; to: Set<string> }>();
  for (const i of design.items)
    for (const l of i.links) {
      let t = links.get(l.type);
      if (!t) links.set(l.type, (t = { from: new Set(), to: new Set() }));
      t.from.add(i.kind);
      t.to.add(kindOf.get(l.target)!);
    }
  const statuses = [...DEFAULT_CONFIG.statuses] as string[];
  const seen = new Set(design.items.map((i) => i.status).filter((s): s is string => s !== undefined));
  for (const s of [...seen].sort()) if (!statuses.includes(s)) statuses.push(s);
  return {
    version: 1,
    items: ['**/*.md'],
    statuses,
    kinds,
    links: Object.fromEntries(
      [...links.keys()]
        .sort()
        .map((k) => [k, { from: [...links.get(k)!.from].sort(), to: [...links.get(k)!.to].sort() }]),
    ),
    required: [],
    coverage: [],
    code_tags: {},
  };
}

/**
 * A Doorstop tree (checked with `preset: doorstop`) as native items: each item where it was,
 * named by its UID, `header` as `title`, `text` as the body, every other attribute (links with
 * their stamps included) as it was; and a tracespine.yaml with the tree's kinds and rules.
 */
export function doorstopToNative(
  config: TraceConfig,
  items: readonly Item[],
): { design: NativeDesign; config: Record<string, unknown> } {
  const native: NativeItem[] = [];
  for (const item of [...items].sort((a, b) => compareIds(a.id, b.id))) {
    const yamlItem = item.file.endsWith('.yml');
    const slash = item.file.lastIndexOf('/');
    const fields: [string, unknown][] = [];
    for (const [k, f] of item.fields) {
      if (yamlItem && (k === 'text' || k === 'header')) continue;
      fields.push([k, f.value]);
    }
    native.push({
      id: item.id,
      kind: item.kind,
      kindLabel: config.kindByName.get(item.kind)?.label ?? item.kind,
      ...(yamlItem && item.title !== '' ? { title: item.title } : {}),
      fields,
      links: [],
      body: item.body ?? '',
      folder: slash < 0 ? '' : item.file.slice(0, slash),
    });
  }
  const docKinds = config.kinds.filter((k) => k.literalPrefix !== undefined);
  const kinds: Record<string, unknown> = {};
  for (const k of docKinds) kinds[k.name] = { pattern: `^${escapeRegExp(k.literalPrefix!)}\\d+$`, name: k.label };
  const link = config.links.get(DOORSTOP_LINK);
  const out: Record<string, unknown> = {
    version: 1,
    items: ['**/*.md'],
    code: [],
    fields: { type: null },
    retired_when: { active: false },
    kinds,
    links:
      link && link.from.size > 0
        ? { [DOORSTOP_LINK]: { from: [...link.from].sort(), to: [...link.to].sort(), acyclic: link.acyclic } }
        : {},
    required: config.required.map((r) => ({
      kind: r.kind,
      links: r.links,
      ...(r.unless ? { unless: Object.fromEntries(r.unless) } : {}),
    })),
    coverage: config.coverage.map((c) => ({
      name: c.name,
      kind: c.kind,
      by: c.by,
      severity: c.severity,
      ...(c.from ? { from: c.from } : {}),
      ...(c.unless ? { unless: Object.fromEntries(c.unless) } : {}),
    })),
    code_tags: {},
    rules: Object.fromEntries(config.rules),
  };
  return { design: { items: native, enumFields: new Map(), problems: [] }, config: out };
}

/** Every file an import writes: the items, then tracespine.yaml. */
export function nativeFiles(design: NativeDesign, config: Record<string, unknown>, header: string): NativeFile[] {
  const files = design.items.map((i) => ({ path: itemPath(i), text: renderItem(i) }));
  files.push({ path: 'tracespine.yaml', text: `# ${header}\n${stringify(config, YAML_OPTIONS)}` });
  return files;
}

export { DOORSTOP_FILE };
