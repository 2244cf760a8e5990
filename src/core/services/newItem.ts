/** New items: the next free ID of a kind, its folder, and the file from the kind's template. */
import { kindOfId } from '../config/load';
import type { KindConfig, TraceConfig } from '../config/types';
import type { TraceIndex } from '../traceIndex';
import { mentions } from './document';
import { dirname, joinPath } from './paths';
import type { WorkspaceEdit } from './types';

/**
 * The next free ID of `kind`: one above the highest number among the IDs of that kind
 * that are defined or named anywhere (so a dangling link is never silently satisfied),
 * zero-padded like existing IDs (`TST-007` -> `TST-008`). `<prefix>1` for a kind without
 * items; undefined when the kind's pattern is not `<literal prefix><digits>`.
 */
export function nextFreeId(index: TraceIndex, kindName: string): string | undefined {
  const kind = index.config.kindByName.get(kindName);
  if (!kind) return undefined;
  const prefix = kind.prefix !== undefined ? `${kind.prefix}-` : kind.literalPrefix;
  if (prefix === undefined) return undefined;
  let max = 0;
  let width = 0;
  const consider = (id: string): void => {
    if (!id.startsWith(prefix)) return;
    const digits = id.slice(prefix.length);
    if (!/^\d+$/.test(digits) || kindOfId(index.config, id) !== kind) return;
    max = Math.max(max, Number(digits));
    if (digits.length > 1 && digits.startsWith('0')) width = Math.max(width, digits.length);
  };
  for (const id of index.ids()) consider(id);
  for (const id of mentions(index).byId.keys()) consider(id);
  const id = `${prefix}${String(max + 1).padStart(width, '0')}`;
  return kind.pattern.test(id) ? id : undefined;
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
    `title: ${yamlScalar(options.title ?? 'TODO title')}`,
    `status: ${config.statuses[0] ?? 'draft'}`,
  ];
  for (const [name, allowed] of kind.fields) {
    if (options.fields === 'first') {
      if (allowed.length > 0) out.push(`${name}: ${yamlScalar(String(allowed[0]))}`);
    } else if (kind.required.includes(name)) out.push(`${name}: # ${allowed.join(' | ')}`);
  }
  for (const [type, targets] of Object.entries(options.links ?? {})) out.push(`${type}: [${targets.join(', ')}]`);
  out.push('---', '', `TODO: describe this ${kind.label.toLowerCase()}.`, '');
  return out.join('\n');
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
