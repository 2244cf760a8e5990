/** New items: the next free ID of a kind, its folder, and the file from the kind's template. */
import { kindOfId } from '../config/load';
import type { KindConfig, TraceConfig } from '../config/types';
import type { TraceIndex } from '../traceIndex';
import { mentions } from './document';
import { dirname, joinPath } from './paths';
import type { WorkspaceEdit } from './types';
import { PLACEHOLDER_TITLE, placeholderBody } from '../validate/placeholder';

/** The next free ID of a kind, and the IDs it passed over because something names them. */
export interface NextId {
  readonly id: string;
  /**
   * IDs above the highest defined one that links or references name although no item
   * defines them (dangling): the new item does not take them, so that creating it never
   * silently satisfies a dangling link. Sorted; empty when nothing was skipped.
   */
  readonly skipped: readonly string[];
}

/**
 * The next free ID of `kind`: one above the highest number among the defined items of that
 * kind, passing over the numbers that a link or reference names although no item defines
 * them (so a dangling `REQ-021` is never silently satisfied; a dangling `REQ-101` far above
 * does not push the numbering to REQ-102). Zero-padded like existing IDs (`TST-007` ->
 * `TST-008`). `<prefix>1` for a kind without items; undefined when the kind's pattern is
 * not `<literal prefix><digits>`. docs/editor.md, "Numbering".
 */
export function nextFreeId(index: TraceIndex, kindName: string): string | undefined {
  return nextId(index, kindName)?.id;
}

export function nextId(index: TraceIndex, kindName: string): NextId | undefined {
  const kind = index.config.kindByName.get(kindName);
  if (!kind) return undefined;
  const prefix = kind.prefix !== undefined ? `${kind.prefix}-` : kind.literalPrefix;
  if (prefix === undefined) return undefined;
  let max = 0;
  let width = 0;
  const numberOf = (id: string): number | undefined => {
    if (!id.startsWith(prefix)) return undefined;
    const digits = id.slice(prefix.length);
    if (!/^\d+$/.test(digits) || kindOfId(index.config, id) !== kind) return undefined;
    if (digits.length > 1 && digits.startsWith('0')) width = Math.max(width, digits.length);
    return Number(digits);
  };
  for (const id of index.ids()) max = Math.max(max, numberOf(id) ?? 0);
  const named = new Set<number>();
  for (const id of mentions(index).byId.keys()) {
    const n = numberOf(id);
    if (n !== undefined && n > max) named.add(n);
  }
  const skipped: string[] = [];
  const format = (n: number): string => `${prefix}${String(n).padStart(width, '0')}`;
  let next = max + 1;
  while (named.has(next)) skipped.push(format(next++));
  const id = format(next);
  return kind.pattern.test(id) ? { id, skipped } : undefined;
}

/**
 * Where items of `kind` live: the directory holding most of them (ties: the first by
 * name), else `design/<kind>s`.
 */
export function folderFor(index: TraceIndex, kindName: string): string {
  const counts = new Map<string, number>();
  for (const item of index.items())
    if (item.kind === kindName) counts.set(dirname(item.file), (counts.get(dirname(item.file)) ?? 0) + 1);
  let best: string | undefined;
  let bestCount = 0;
  for (const [dir, n] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    if (n > bestCount) [best, bestCount] = [dir, n];
  }
  return best ?? `design/${kindName}s`;
}

export interface NewItemOptions {
  readonly title?: string;
  /** The directory (default: folderFor the kind). */
  readonly dir?: string;
  /** Link fields to fill, e.g. `{ verifies: ['REQ-1'] }`. */
  readonly links?: Readonly<Record<string, readonly string[]>>;
  /**
   * How to write the kind's fields: `required` (default) lists the required ones empty,
   * the allowed values in a comment; `first` sets every field to its first allowed value.
   */
  readonly fields?: 'required' | 'first';
  /** The body (default: the placeholder line, validate/placeholder.ts). */
  readonly body?: string;
}

export interface NewItem {
  readonly id: string;
  readonly file: string;
  readonly text: string;
  readonly edit: WorkspaceEdit;
}

/** A new item of `kind` ("New Item…"): the next free ID, a file `<ID>.md` in the kind's folder. */
export function newItem(index: TraceIndex, kindName: string, options: NewItemOptions = {}): NewItem | undefined {
  const id = nextFreeId(index, kindName);
  return id === undefined ? undefined : newItemWithId(index, id, options);
}

export function newItemWithId(index: TraceIndex, id: string, options: NewItemOptions): NewItem | undefined {
  const kind = kindOfId(index.config, id);
  if (!kind) return undefined;
  const file = joinPath(options.dir ?? folderFor(index, kind.name), `${id}.md`);
  if (index.get(file)) return undefined;
  const text = itemTemplate(index.config, id, kind, options);
  return { id, file, text, edit: { changes: {}, create: [{ file, text }] } };
}

function itemTemplate(config: TraceConfig, id: string, kind: KindConfig, options: NewItemOptions): string {
  const out = [
    '---',
    `id: ${id}`,
    `title: ${yamlScalar(options.title ?? PLACEHOLDER_TITLE)}`,
    `status: ${draftStatus(config)}`,
  ];
  for (const [name, allowed] of kind.fields) {
    if (options.fields === 'first') {
      if (allowed.length > 0) out.push(`${name}: ${yamlScalar(String(allowed[0]))}`);
    } else if (kind.required.includes(name)) out.push(`${name}: # ${allowed.join(' | ')}`);
  }
  const links = options.links ?? {};
  for (const [type, targets] of Object.entries(links)) out.push(`${type}: [${targets.join(', ')}]`);
  // The link fields the kind's required rules ask for, to fill in (docs/editor.md, "New items").
  if (Object.keys(links).length === 0) {
    for (const rule of config.required) {
      if (rule.kind !== kind.name) continue;
      const type = rule.links.find((t) => config.links.has(t));
      if (type === undefined || out.some((l) => l.startsWith(`${type}:`))) continue;
      const to = [...config.links.get(type)!.to].map((k) => config.kindByName.get(k)?.label.toLowerCase() ?? k);
      const others = rule.links.filter((t) => t !== type);
      out.push(`${type}: [] # ${to.join(' or ')} IDs${others.length > 0 ? ` (or use ${others.join(', ')})` : ''}`);
    }
  }
  out.push('---', '', options.body ?? placeholderBody(kind.label), '');
  return out.join('\n');
}

/** The status a created item starts at: `draft` where configured, else the first status. */
function draftStatus(config: TraceConfig): string {
  return config.statuses.includes('draft') ? 'draft' : (config.statuses[0] ?? 'draft');
}

/** A YAML scalar for `s`: plain when that reads back as the same string, else double-quoted. */
export function yamlScalar(s: string): string {
  const plain =
    /^[A-Za-z0-9_(][^\n\r]*$/.test(s) &&
    !/: |\s#|:$|\s$/.test(s) &&
    !/^(true|false|yes|no|on|off|null|~|[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+)$/i.test(
      s,
    );
  return plain ? s : JSON.stringify(s);
}
