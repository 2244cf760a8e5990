/**
 * "Initialize Workspace": tracespine.yaml with the default policy written out and
 * commented, and one starter item per kind, linked so that the starter set passes every
 * required-link and coverage rule. Pure: the server decides which files to offer.
 */
import { DEFAULT_CONFIG, CONFIG_FILE } from '../config/defaults';
import { DEVIATION_KIND } from '../approvals/deviations';
import type { TraceConfig } from '../config/types';
import { TraceIndex } from '../traceIndex';
import { newItem, nextFreeId } from './newItem';

const TOP_COMMENTS: Record<string, string[]> = {
  version: [
    'Tracespine configuration: your design-controls policy as code.',
    'The editor and `tracespine check` in CI read this same file, so CI enforces what authors see.',
    'Every top-level key is optional; a key you set replaces its default whole.',
    'This file spells out the defaults: edit what your quality system needs.',
  ],
  items: ['Where design items may live: Markdown files whose frontmatter `id` matches a kind below.'],
  code: ['Source files whose @implements / @verifies tags link code to items.'],
  exclude: ['Never read.'],
  statuses: [
    'Allowed `status` values; an absent status is the first. `obsolete` items need no coverage and give none.',
  ],
  kinds: [
    'Item kinds: an ID `prefix` (IDs are PREFIX-NUMBER) or a `pattern` (a regular expression), a display `name`,',
    'allowed `fields` values, `required` fields, and the `fingerprint` fields whose change makes links to the item suspect.',
  ],
  links: ['Link types: the frontmatter key, which kinds may carry it (`from`) and which kinds it may target (`to`).'],
  required: ['Every live item of `kind` has at least one outgoing link of one of `links`.'],
  coverage: [
    'Every live item of `kind` is the target of at least one live link of `by` (reported as coverage.<name>).',
  ],
  code_tags: [
    'Tags in code (`@implements REQ-1`): the kinds they may target; `counts_as` makes a tag count as that link type for coverage.',
  ],
  rules: [
    'Severity per diagnostic code: error | warning | info | off, e.g.',
    '  coverage.unverified: error',
    '  link.suspect: error',
  ],
};

/** tracespine.yaml spelling out DEFAULT_CONFIG, with a comment above each key. */
export function defaultConfigYaml(): string {
  const out: string[] = [];
  for (const [key, value] of Object.entries(DEFAULT_CONFIG)) {
    if (out.length > 0) out.push('');
    for (const c of TOP_COMMENTS[key] ?? []) out.push(`# ${c}`.trimEnd());
    emit(out, key, value, 0);
  }
  return `${out.join('\n')}\n`;
}

const MAX_FLOW = 96;

function emit(out: string[], key: string, value: unknown, indent: number): void {
  const pad = ' '.repeat(indent);
  const flat = flow(value);
  if (!isObject(value) && !Array.isArray(value)) {
    out.push(`${pad}${key}: ${flat}`);
    return;
  }
  if (Array.isArray(value) && value.every((v) => !isObject(v) && !Array.isArray(v))) {
    out.push(`${pad}${key}: ${flat}`);
    return;
  }
  if (indent > 0 && pad.length + key.length + 2 + flat.length <= MAX_FLOW) {
    out.push(`${pad}${key}: ${flat}`);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push(`${pad}${key}: []`);
      return;
    }
    out.push(`${pad}${key}:`);
    for (const v of value) out.push(`${pad}  - ${flow(v)}`);
    return;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) {
    out.push(`${pad}${key}: {}`);
    return;
  }
  out.push(`${pad}${key}:`);
  // Values aligned in the top-level maps (kinds, links, code_tags), as the README writes them.
  const width = indent === 0 ? Math.max(...entries.map(([k]) => k.length)) : 0;
  for (const [k, v] of entries) {
    const line = `${pad}  ${`${k}:`.padEnd(width + 1)} ${flow(v)}`;
    if ((isObject(v) || Array.isArray(v)) && line.length > MAX_FLOW) emit(out, k, v, indent + 2);
    else out.push(line);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function flow(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (isObject(v)) {
    const entries = Object.entries(v);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, x]) => `${k}: ${flow(x)}`).join(', ')} }`;
  }
  if (typeof v === 'string') return scalar(v);
  return String(v);
}

/** A plain scalar where YAML reads it back as the same string (in flow context too), else double-quoted. */
function scalar(s: string): string {
  const plain =
    /^[A-Za-z_][A-Za-z0-9_ .-]*$/.test(s) && !/ $/.test(s) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(s);
  return plain ? s : JSON.stringify(s);
}

export interface TemplateFile {
  file: string;
  text: string;
}

/**
 * One starter item per kind of `config`: the next free ID of the kind in `index` (so the
 * starters never collide with existing items), in the folder where that kind's items live
 * (`design/<kind>s` in an empty workspace), fields set to their first allowed value. Each
 * starter links, through every link type its kind may carry, to the starters of the
 * target kinds that a coverage rule wants covered by that type (else the first other
 * target kind), so the set meets the required-link and coverage rules.
 */
export function starterItems(config: TraceConfig, index: TraceIndex = new TraceIndex(config)): TemplateFile[] {
  const ids = new Map<string, string>();
  for (const k of config.kinds) {
    const id = nextFreeId(index, k.name);
    if (id !== undefined) ids.set(k.name, id);
  }
  const linked = new Set<string>(); // `${type}\0${fromKind}\0${toKind}` along acyclic types, to avoid cycles
  const out: TemplateFile[] = [];
  for (const k of config.kinds) {
    // A deviation waives a real finding, and a new workspace has no problem reports (a starter
    // one would need a safety evaluation): no example of either (docs/approvals.md, docs/anomalies.md).
    if (!ids.has(k.name) || k.name === DEVIATION_KIND || k.quiet === true) continue;
    const links: Record<string, string[]> = {};
    for (const type of config.links.values()) {
      if (!type.from.has(k.name)) continue;
      const candidates = config.kinds.map((x) => x.name).filter((t) => t !== k.name && type.to.has(t) && ids.has(t));
      const wanted = candidates.filter((t) => config.coverage.some((r) => r.kind === t && r.by.includes(type.name)));
      const chosen = (wanted.length > 0 ? wanted : candidates.slice(0, 1)).filter(
        (t) => !(type.acyclic && linked.has(`${type.name}\u0000${t}\u0000${k.name}`)),
      );
      if (chosen.length === 0) continue;
      for (const t of chosen) linked.add(`${type.name}\u0000${k.name}\u0000${t}`);
      links[type.name] = chosen.map((t) => ids.get(t)!);
    }
    const created = newItem(index, k.name, {
      title: `Example ${k.label.toLowerCase()}`,
      links,
      fields: 'first',
      body: `An example ${k.label.toLowerCase()}, linked so that the starter set meets the rules: replace it with your own.`,
    });
    if (created) out.push({ file: created.file, text: created.text });
  }
  return out;
}

export { CONFIG_FILE };
