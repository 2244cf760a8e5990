import { createFileMatcher, type FileMatcher, type FileRole } from './config/globs';
import type { TraceConfig } from './config/types';
import type { Finding } from './model/finding';
import type { Item, ParsedFile } from './model/item';
import { parseCodeFile } from './parse/codeTags';
import { IdScanner } from './parse/ids';
import { parseMarkdownFile } from './parse/item';
import { unreadableFile } from './parse/unreadable';
import { emptyList } from './model/lists';
import { compareIds, isDigit } from './model/compareIds';

export { compareIds };

/** A file as the index holds it: its parse, findings of the file alone included. */
export type IndexedFile = ParsedFile;

/**
 * The workspace index: every read file's parse, and id -> definitions. Updating a file
 * re-parses that file alone; rules that span files run over the index afterwards.
 */
export class TraceIndex {
  readonly scanner: IdScanner;
  readonly matcher: FileMatcher;
  private readonly files = new Map<string, IndexedFile>();
  /** id -> its item, or its items sorted by file when it is defined more than once (rare: no array per item). */
  private readonly defs = new Map<string, Item | Item[]>();
  /**
   * id -> files that link to, tag or mention it: what must be re-checked when the id's
   * definition changes. Built on first use (a one-shot check never needs it), kept
   * current from then on. Small arrays: far lighter than a Set per ID.
   */
  private referrerFiles: Map<string, string[]> | undefined;
  private version = 0;
  private sortedItems: { revision: number; items: readonly Item[] } | undefined;

  constructor(readonly config: TraceConfig) {
    this.scanner = new IdScanner(config);
    this.matcher = createFileMatcher(config);
  }

  /** Bumped on every change; lets callers cache derived data. */
  get revision(): number {
    return this.version;
  }

  roleOf(file: string): FileRole | undefined {
    return this.matcher.roleOf(file);
  }

  /** Parses and stores `text` as the content of `file` (BOM allowed). Returns undefined for files outside the globs. */
  update(file: string, text: string, role: FileRole | undefined = this.roleOf(file)): IndexedFile | undefined {
    if (role === undefined) {
      this.remove(file);
      return undefined;
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const indexed =
      role === 'items'
        ? parseMarkdownFile(file, text, this.config, this.scanner)
        : parseCodeFile(file, text, this.config, this.scanner);
    if (this.files.has(file)) this.remove(file);
    this.files.set(file, indexed);
    if (indexed.item) this.addDefinition(indexed.item);
    if (this.referrerFiles) addReferrers(this.referrerFiles, indexed);
    this.version++;
    return indexed;
  }

  /** Stores `file` as one that could not be read (unreadable.ts): a file.unreadable finding, nothing else. */
  markUnreadable(
    file: string,
    reason: string,
    at?: { readonly line: number; readonly character: number },
    role: FileRole | undefined = this.roleOf(file),
  ): IndexedFile | undefined {
    this.remove(file);
    if (role === undefined) return undefined;
    const indexed = unreadableFile(file, role, reason, at);
    this.files.set(file, indexed);
    this.version++;
    return indexed;
  }

  /** Stores findings of a file that is neither item nor code (a Doorstop document's .doorstop.yml). */
  putFindings(file: string, findings: readonly Finding[]): void {
    this.remove(file);
    this.files.set(file, { file, kind: 'markdown', item: undefined, references: [], tags: [], findings });
    this.version++;
  }

  remove(file: string): boolean {
    const old = this.files.get(file);
    if (!old) return false;
    this.files.delete(file);
    const refs = this.referrerFiles;
    if (refs) {
      forEachMention(old, (id) => {
        const list = refs.get(id);
        if (!list) return;
        const i = list.indexOf(file);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0) refs.delete(id);
      });
    }
    if (old.item) {
      const id = old.item.id;
      const list = this.definitions(id).filter((i) => i.file !== file);
      if (list.length > 1) this.defs.set(id, list);
      else if (list.length === 1) this.defs.set(id, list[0]!);
      else this.defs.delete(id);
    }
    this.version++;
    return true;
  }

  private addDefinition(item: Item): void {
    const had = this.defs.get(item.id);
    if (had === undefined) {
      this.defs.set(item.id, item);
      return;
    }
    const list = Array.isArray(had) ? had : [had];
    list.push(item);
    list.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    this.defs.set(item.id, list);
  }

  get(file: string): IndexedFile | undefined {
    return this.files.get(file);
  }

  allFiles(): IterableIterator<IndexedFile> {
    return this.files.values();
  }

  get fileCount(): number {
    return this.files.size;
  }

  /** Every definition of `id`, sorted by file. */
  definitions(id: string): readonly Item[] {
    const d = this.defs.get(id);
    return d === undefined ? NO_ITEMS : Array.isArray(d) ? d : [d];
  }

  /** Whether `id` is defined in more than one file. */
  isDuplicate(id: string): boolean {
    return Array.isArray(this.defs.get(id));
  }

  /** The item an ID resolves to: its first definition by path (duplicates are reported separately). */
  resolve(id: string): Item | undefined {
    const d = this.defs.get(id);
    return Array.isArray(d) ? d[0] : d;
  }

  /** One item per ID (the resolved definition), sorted by ID. Cached until the next change. */
  items(): readonly Item[] {
    if (this.sortedItems?.revision === this.version) return this.sortedItems.items;
    const out: Item[] = [];
    for (const d of this.defs.values()) out.push(Array.isArray(d) ? d[0]! : d);
    sortByIds(out);
    this.sortedItems = { revision: this.version, items: out };
    return out;
  }

  /** Files whose links, tags or body mention `id`. */
  referrers(id: string): readonly string[] {
    if (!this.referrerFiles) {
      const refs = new Map<string, string[]>();
      for (const f of this.files.values()) addReferrers(refs, f);
      this.referrerFiles = refs;
    }
    return this.referrerFiles.get(id) ?? EMPTY;
  }

  ids(): IterableIterator<string> {
    return this.defs.keys();
  }

  duplicateIds(): [string, readonly Item[]][] {
    const out: [string, readonly Item[]][] = [];
    for (const [id, d] of this.defs) if (Array.isArray(d)) out.push([id, d]);
    return out;
  }
}

const EMPTY: readonly string[] = emptyList();
const NO_ITEMS: readonly Item[] = emptyList();

function forEachMention(f: ParsedFile, fn: (id: string) => void): void {
  if (f.item) for (const l of f.item.links) fn(l.target);
  for (const r of f.references) fn(r.id);
  for (const t of f.tags) fn(t.id);
}

function addReferrers(refs: Map<string, string[]>, f: ParsedFile): void {
  const file = f.file;
  forEachMention(f, (id) => {
    const list = refs.get(id);
    if (!list) refs.set(id, [file]);
    else if (list[list.length - 1] !== file && !list.includes(file)) list.push(file);
  });
}

/**
 * Sorts items by compareIds, fast for the usual IDs (letters and punctuation, then one run
 * of digits): the part before the digits alone decides between IDs whose parts differ, so
 * items are put in buckets by it, and a bucket is sorted by number (then by the ID itself,
 * as compareIds breaks ties). Any other ID sends the whole list through compareIds.
 */
export function sortByIds(items: Item[]): void {
  const buckets = new Map<string, { item: Item; n: number }[]>();
  for (const item of items) {
    const id = item.id;
    let d = id.length;
    while (d > 0 && isDigit(id.charCodeAt(d - 1))) d--;
    let nonDigits = true;
    for (let i = 0; i < d && nonDigits; i++) if (isDigit(id.charCodeAt(i))) nonDigits = false;
    if (!nonDigits || d === id.length || id.length - d > 15) {
      items.sort((a, b) => compareIds(a.id, b.id));
      return;
    }
    const prefix = id.slice(0, d);
    let bucket = buckets.get(prefix);
    if (!bucket) buckets.set(prefix, (bucket = []));
    bucket.push({ item, n: Number(id.slice(d)) });
  }
  let k = 0;
  // An ID with a digit where another has another character compares as a digit would: `0`.
  for (const prefix of [...buckets.keys()].sort((a, b) => compareIds(`${a}0`, `${b}0`))) {
    const bucket = buckets.get(prefix)!;
    bucket.sort((a, b) => a.n - b.n || (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0));
    for (const e of bucket) items[k++] = e.item;
  }
}
