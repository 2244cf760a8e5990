import type { IdSource, KindConfig, ReaderConfig } from './types';

/*
 * The reader keys of tracespine.yaml (SPEC section 7): which frontmatter keys hold the
 * reserved fields, where an item's ID comes from, and which statuses or field values
 * retire an item. Every default keeps the format of section 1.
 */

type Raw = Record<string, unknown>;

const DEFAULT_KEYS = { id: ['id'], title: ['title'], status: ['status'], type: ['type'] } as const;
const DEFAULT_RETIRED = ['obsolete'];

function keyList(v: unknown, fallback: readonly string[]): readonly string[] {
  if (typeof v === 'string') return v === fallback[0] && fallback.length === 1 ? fallback : [v];
  if (Array.isArray(v)) return v as string[];
  return fallback;
}

/** The regular expression of an `id_from` form, or an error message. */
export function idFromPattern(v: unknown): { source: string; from: 'filename' | 'heading' } | undefined {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Raw;
    if (typeof o.filename === 'string') return { source: o.filename, from: 'filename' };
    if (typeof o.heading === 'string') return { source: o.heading, from: 'heading' };
  }
  return undefined;
}

/** Why an `id_from` pattern cannot be used, or undefined when it can. */
export function idFromProblem(source: string): string | undefined {
  let re: RegExp;
  try {
    re = new RegExp(source, 'du');
  } catch (e) {
    return `is not a valid regular expression: ${(e as Error).message}`;
  }
  // A named group `id` must exist: try the pattern's own source for `(?<id>`.
  if (!/\(\?<id>/.test(re.source)) return "needs a named group 'id', e.g. (?<id>[A-Z]+-\\d+)";
  return undefined;
}

function idSource(v: unknown): IdSource {
  if (v === 'filename') return { from: 'filename' };
  const p = idFromPattern(v);
  if (p)
    return p.from === 'filename'
      ? { from: 'filename', pattern: new RegExp(p.source, 'du') }
      : { from: 'heading', pattern: new RegExp(p.source, 'dum') };
  return { from: 'frontmatter' };
}

/** The kinds' prefixes, from `prefix` or the literal start of `pattern` (`REQ-` gives `REQ`). */
function prefixesOf(kinds: readonly KindConfig[]): string[] {
  const out = new Set<string>();
  for (const k of kinds) {
    const p = k.prefix ?? k.literalPrefix?.replace(/[-_.]+$/, '');
    if (p && /^[A-Za-z]/.test(p)) out.add(p);
  }
  return [...out];
}

export function resolveReader(raw: Raw, kinds: readonly KindConfig[]): ReaderConfig {
  const fields = (raw.fields ?? {}) as Raw;
  const idKeys = keyList(fields.id, DEFAULT_KEYS.id);
  const titleKeys = keyList(fields.title, DEFAULT_KEYS.title);
  const statusKeys = keyList(fields.status, DEFAULT_KEYS.status);
  const typeKeys = fields.type === null ? null : keyList(fields.type, DEFAULT_KEYS.type);
  const retired = new Set((raw.retired as string[] | undefined) ?? DEFAULT_RETIRED);
  const retiredWhen = Object.entries((raw.retired_when ?? {}) as Raw);
  const idFrom = idSource(raw.id_from);
  const reserved = new Set([...idKeys, ...titleKeys, ...statusKeys, ...(typeKeys ?? [])]);
  const plain =
    idKeys === DEFAULT_KEYS.id &&
    titleKeys === DEFAULT_KEYS.title &&
    statusKeys === DEFAULT_KEYS.status &&
    typeKeys === DEFAULT_KEYS.type &&
    idFrom.from === 'frontmatter' &&
    retiredWhen.length === 0 &&
    retired.size === 1 &&
    retired.has('obsolete');
  return {
    idKeys,
    titleKeys,
    statusKeys,
    typeKeys,
    idFrom,
    retired,
    retiredWhen,
    reserved,
    prefixes: prefixesOf(kinds),
    plain,
  };
}

/** Whether two strings differ by at most one insertion, deletion or substitution. */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la === lb) return a.slice(i + 1) === b.slice(i + 1);
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * An ID that fits no kind but is plainly meant as one (SPEC section 7, typos): it starts
 * with a configured prefix, or its leading letters differ from one by one edit, and a
 * separator and a digit follow (`SWX-AUTH-1` where `SWR` exists). Slugs stay silent.
 */
export function looksLikeMisspeltId(id: string, prefixes: readonly string[]): boolean {
  const m = /^([A-Za-z]+)[-_.]/.exec(id);
  if (!m || !/\d/.test(id)) return false;
  const head = m[1]!;
  for (const p of prefixes) if (withinOneEdit(head, p) || (id.startsWith(p) && head.length > p.length)) return true;
  return false;
}
