import { fixedCode } from './codes';
import type { Finding } from '../model/finding';
import { LineIndex } from '../model/range';
import { emptyList } from '../model/lists';
import { parseYamlSlow } from '../parse/yamlSlow';
import { mapGet, type YamlMap, type YamlNode } from '../parse/yamlTree';
import type { CoverageRule, KindConfig, LinkTypeConfig, RequiredRule, TraceConfig } from './types';

/*
 * `preset: doorstop` (SPEC section 7): every folder with a `.doorstop.yml` is a document; its
 * prefix is a kind, its parent allows the link type `links` to the parent's kind. The
 * documents are read from the same listing as the items (engine.ts), before the items are
 * parsed: no pass over the files of its own. docs/formats.md describes the mapping.
 */

/** The file that makes a folder a Doorstop document. */
export const DOORSTOP_FILE = '.doorstop.yml';
/** The link type of Doorstop's `links:` (child -> parent). */
export const DOORSTOP_LINK = 'links';

export function isDoorstopDocumentFile(path: string): boolean {
  return path === DOORSTOP_FILE || path.endsWith(`/${DOORSTOP_FILE}`);
}

export interface DoorstopDocument {
  /** The `.doorstop.yml` file, workspace-relative. */
  readonly file: string;
  /** The document's folder ('' at the root). */
  readonly dir: string;
  readonly prefix: string;
  readonly parent?: string;
  readonly sep: string;
  readonly digits: number;
  /** Where `parent` is in the file (for a finding when no document has that prefix). */
  readonly parentAt?: readonly [number, number];
  readonly prefixAt: readonly [number, number];
}

export interface DoorstopReadResult {
  readonly document?: DoorstopDocument;
  readonly findings: readonly Finding[];
}

/** Reads one `.doorstop.yml`: its `settings` (prefix, parent, digits, sep), or positioned findings. */
export function readDoorstopDocument(file: string, text: string): DoorstopReadResult {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = new LineIndex(text);
  const findings: Finding[] = [];
  const report = (message: string, start: number, end: number): void => {
    findings.push({ ...fixedCode('config.invalid'), message, file, range: lines.rangeAt(start, end) });
  };
  const parsed = parseYamlSlow(text);
  for (const e of parsed.errors) report(`${DOORSTOP_FILE} is not valid YAML: ${e.message}`, e.start, e.end);
  if (findings.length > 0) return { findings };
  const root = parsed.root;
  const settings = root?.type === 'map' ? mapGet(root, 'settings') : undefined;
  if (!root || root.type !== 'map' || !settings || settings.value.type !== 'map') {
    const [s, e] = settings ? [settings.value.start, settings.value.end] : root ? [root.start, root.end] : [0, 0];
    report(`${DOORSTOP_FILE} needs 'settings' with the document's 'prefix'`, s, e);
    return { findings };
  }
  const map: YamlMap = settings.value;
  const str = (key: string): { value: string; at: [number, number] } | undefined | null => {
    const e = mapGet(map, key);
    if (!e) return undefined;
    const v: YamlNode = e.value;
    if (v.type === 'scalar' && (typeof v.value === 'string' || typeof v.value === 'number'))
      return { value: String(v.value), at: [v.start, v.end] };
    if (v.type === 'scalar' && v.value === null) return undefined;
    report(`'settings.${key}' must be text`, v.start, v.end);
    return null;
  };
  const prefix = str('prefix');
  const parent = str('parent');
  const sep = str('sep');
  if (prefix === null || parent === null || sep === null) return { findings };
  if (!prefix || !/^[A-Za-z][A-Za-z0-9_]*$/.test(prefix.value)) {
    const [s, e] = prefix ? prefix.at : [map.start, map.end];
    report(`'settings.prefix' must be letters, digits or '_', starting with a letter (a Doorstop prefix)`, s, e);
    return { findings };
  }
  let digits = 3;
  const d = mapGet(map, 'digits');
  if (d) {
    if (d.value.type === 'scalar' && typeof d.value.value === 'number' && Number.isInteger(d.value.value))
      digits = d.value.value;
    else {
      report(`'settings.digits' must be a whole number`, d.value.start, d.value.end);
      return { findings };
    }
  }
  const slash = file.lastIndexOf('/');
  return {
    document: {
      file,
      dir: slash < 0 ? '' : file.slice(0, slash),
      prefix: prefix.value,
      ...(parent ? { parent: parent.value, parentAt: parent.at } : {}),
      sep: sep?.value ?? '',
      digits,
      prefixAt: prefix.at,
    },
    findings,
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Positioned findings for a `.doorstop.yml` of the tree (a parent no document has, a prefix used twice). */
export interface DoorstopTree {
  readonly config: TraceConfig;
  /** file -> findings of that `.doorstop.yml`. */
  readonly findings: ReadonlyMap<string, readonly Finding[]>;
}

/**
 * The configuration with the tree's documents: a kind per prefix (`PREFIX SEP digits`), the
 * link type `links` from each child document's kind to its parent's, `link.missing` for a
 * child's items without a parent link (unless `derived: true` or `normative: false`), and a
 * coverage rule `child-CHILD` on each parent document's items: a link from an item of each
 * child document (unless `normative: false`). Kinds, link types and rules the user's file
 * defines under the same names stay as they are.
 */
export function withDoorstopTree(
  config: TraceConfig,
  read: readonly { readonly file: string; readonly text: string }[],
): DoorstopTree {
  const findings = new Map<string, Finding[]>();
  const add = (f: Finding): void => {
    const list = findings.get(f.file);
    if (list) list.push(f);
    else findings.set(f.file, [f]);
  };
  const docs: DoorstopDocument[] = [];
  const byPrefix = new Map<string, DoorstopDocument>();
  for (const { file, text } of [...read].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    const r = readDoorstopDocument(file, text);
    for (const f of r.findings) add(f);
    const doc = r.document;
    if (!doc) continue;
    const other = byPrefix.get(doc.prefix);
    if (other) {
      const lines = new LineIndex(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      add({
        ...fixedCode('config.invalid'),
        message: `Document prefix '${doc.prefix}' is the prefix of ${other.file} too`,
        file,
        range: lines.rangeAt(doc.prefixAt[0], doc.prefixAt[1]),
        related: [
          {
            file: other.file,
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            message: `the other document with prefix '${doc.prefix}'`,
          },
        ],
      });
      continue;
    }
    byPrefix.set(doc.prefix, doc);
    docs.push(doc);
  }
  for (const doc of docs) {
    if (doc.parent === undefined || byPrefix.has(doc.parent)) continue;
    const text = read.find((r) => r.file === doc.file)!.text;
    const lines = new LineIndex(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    add({
      ...fixedCode('config.invalid'),
      message: `Parent document '${doc.parent}' is not in the tree (${[...byPrefix.keys()].join(', ') || 'no documents'})`,
      file: doc.file,
      range: lines.rangeAt(doc.parentAt![0], doc.parentAt![1]),
    });
  }
  const kinds: KindConfig[] = [...config.kinds];
  for (const doc of docs) {
    if (config.kindByName.has(doc.prefix)) continue;
    const head = `${doc.prefix}${doc.sep}`;
    kinds.push({
      name: doc.prefix,
      label: `${doc.prefix} item`,
      pattern: new RegExp(`^${escapeRegExp(head)}\\d+$`, 'u'),
      literalPrefix: head,
      fields: new Map(),
      required: emptyList<string>(),
      fingerprint: emptyList<string>(),
    });
  }
  const withParent = docs.filter((d) => d.parent !== undefined && byPrefix.has(d.parent));
  const links = new Map<string, LinkTypeConfig>(config.links);
  if (!links.has(DOORSTOP_LINK))
    links.set(DOORSTOP_LINK, {
      name: DOORSTOP_LINK,
      from: new Set(withParent.map((d) => d.prefix)),
      to: new Set(withParent.map((d) => d.parent!)),
      acyclic: true,
    });
  const required: RequiredRule[] = [...config.required];
  const coverage: CoverageRule[] = [...config.coverage];
  const names = new Set(coverage.map((c) => c.name));
  for (const doc of withParent) {
    required.push({
      kind: doc.prefix,
      links: [DOORSTOP_LINK],
      unless: [
        ['derived', true],
        ['normative', false],
      ],
    });
  }
  for (const doc of withParent) {
    const name = `child-${doc.prefix}`;
    if (names.has(name)) continue;
    names.add(name);
    // One rule per child document; it applies to the parent's kind only (several parents: one each).
    coverage.push({
      name,
      kind: doc.parent!,
      by: [DOORSTOP_LINK],
      severity: 'warning',
      from: [doc.prefix],
      unless: [['normative', false]],
    });
  }
  const prefixes = new Set(config.reader.prefixes);
  for (const d of docs) prefixes.add(d.prefix);
  return {
    config: {
      ...config,
      kinds,
      kindByName: new Map(kinds.map((k) => [k.name, k])),
      links,
      required,
      coverage,
      reader: { ...config.reader, prefixes: [...prefixes] },
    },
    findings,
  };
}
