import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { resolve } from 'node:path';
import { CONFIG_FILE } from '../core/config/defaults';
import { createFileMatcher, type FileRole } from '../core/config/globs';
import { loadConfig } from '../core/config/load';
import type { TraceConfig } from '../core/config/types';
import { buildIndex } from '../core/engine';
import { impactGraph } from '../core/graph/impactGraph';
import { kindRanks } from '../core/graph/traceGraph';
import type { ReadResult, WorkspaceHost } from '../core/host';
import { buildImpactReport, impactClosure } from '../core/impact/closure';
import { compareIndexes, comparePaths } from '../core/impact/compare';
import { reviewList } from '../core/impact/review';
import type { ImpactReport } from '../core/impact/types';
import { compareIds, TraceIndex } from '../core/traceIndex';
import type { Notice } from '../core/model/finding';
import { pushAll } from '../core/model/lists';
import type { ImpactView, KindInfo } from '../core/graph/types';
import { MAX_FILE_BYTES, NodeFsHost } from './fsHost';
import {
  branches,
  catFileBatch,
  GitError,
  lsTree,
  mergeBase,
  repoLocation,
  resolveCommit,
  upstreamOf,
  type BlobResult,
  type TreeEntry,
} from './git';
import { installNativeHash } from './nativeHash';

export type { ImpactReport } from '../core/impact/types';

/** Branch impact cannot be computed: not a git repository, an unknown ref, no merge base, an invalid configuration. */
export class ImpactError extends Error {
  /** Set when git itself is missing from the picture: no repository, or one without a commit. */
  constructor(
    message: string,
    readonly reason?: 'notGit' | 'noCommit',
  ) {
    super(message);
  }
}

export interface ImpactOptions {
  /** The workspace root (ROOT): any directory inside a git working tree. */
  readonly root: string;
  /** The base ref; default {@link defaultBase}. The comparison is against its merge base with head. */
  readonly base?: string;
  /** A commit-ish to compare; default the working tree (uncommitted and untracked files included). */
  readonly head?: string;
  /** The configuration; default the head side's tracespine.yaml (or `headIndex`'s configuration). */
  readonly config?: TraceConfig;
  /** Live editor state to use as head instead of reading the working tree. */
  readonly headIndex?: TraceIndex;
}

/** The report and what it was computed from, for callers that draw the graph. */
export interface ImpactAnalysis {
  readonly report: ImpactReport;
  /**
   * The base side. With `headIndex` it holds every base file; otherwise only the files whose
   * text differs from head's, and every definition of the IDs those define: all that the
   * report and {@link impactGraph} read from the base (deleted items, changed items' old links).
   */
  readonly baseIndex: TraceIndex;
  readonly headIndex: TraceIndex;
  readonly config: TraceConfig;
  /** Files that could not be read as text, on either side (base ones say so). */
  readonly notices: readonly Notice[];
}

/** Candidates for the default base after the upstream branch, in order. */
export const DEFAULT_BASES = ['main', 'master', 'origin/main', 'origin/master'] as const;

/** Compares the design at the merge base of `base` and head with head. Never writes a file. */
export async function computeImpact(opts: ImpactOptions): Promise<ImpactReport> {
  return (await analyzeImpact(opts)).report;
}

/** {@link computeImpact}, also returning both indexes, the configuration and the notices. */
export function analyzeImpact(opts: ImpactOptions): Promise<ImpactAnalysis> {
  return gitErrorsAsImpactErrors(() => analyze(opts));
}

async function analyze(opts: ImpactOptions): Promise<ImpactAnalysis> {
  installNativeHash();
  const root = resolve(opts.root);
  if (!(await repoLocation(root))) throw new ImpactError(`not a git repository: ${root}`, 'notGit');

  const [headTip, baseChoice] = await Promise.all([
    resolveCommit(root, opts.head ?? 'HEAD'),
    opts.base !== undefined ? Promise.resolve({ name: opts.base, rev: opts.base }) : defaultBaseRev(root),
  ]);
  if (!headTip)
    throw new ImpactError(
      opts.head !== undefined
        ? `unknown ref '${opts.head}' (--head)`
        : 'the repository has no commit yet: nothing to compare with',
      opts.head !== undefined ? undefined : 'noCommit',
    );
  if (baseChoice === undefined)
    throw new ImpactError(
      `no base to compare with: the branch has no upstream and none of ${DEFAULT_BASES.join(', ')} exists; pass --base REF`,
    );
  const baseRef = baseChoice.name;
  const baseTip = await resolveCommit(root, baseChoice.rev);
  if (!baseTip) throw new ImpactError(`unknown ref '${baseRef}'${opts.base !== undefined ? ' (--base)' : ''}`);
  const base = await mergeBase(root, baseTip, headTip);
  if (!base) throw new ImpactError(`'${baseRef}' and '${opts.head ?? 'HEAD'}' have no common ancestor`);

  const baseEntries = lsTree(root, base);
  baseEntries.catch(() => undefined); // awaited below; not an unhandled rejection if head fails first
  const notices: Notice[] = [];
  const headCommit = opts.head !== undefined ? headTip : null;
  const headEntries = headCommit !== null && !opts.headIndex ? await lsTree(root, headCommit) : undefined;
  const config = opts.config ?? opts.headIndex?.config ?? (await headConfig(root, headEntries));
  const sides = { base: { ref: baseRef, commit: base }, head: { ref: opts.head ?? 'WORKTREE', commit: headCommit } };
  const baseLabel = `in base ${baseRef}`;

  if (opts.headIndex) {
    // Live state: nothing is known of head's files as git objects; read and compare everything.
    const baseTree = selectTree(await baseEntries, config);
    const baseIndex = new TraceIndex(config);
    await addFromTree(root, baseIndex, baseTree, [...baseTree.keys()], baseLabel, notices);
    const report = buildImpactReport(baseIndex, opts.headIndex, sides);
    return { report, baseIndex, headIndex: opts.headIndex, config, notices };
  }

  // Head in full (the impact closure runs on it), with each file's git object ID.
  let head: HeadSide;
  if (headCommit !== null) {
    const tree = selectTree(headEntries!, config);
    const index = new TraceIndex(config);
    const texts = await addFromTree(root, index, tree, [...tree.keys()], `at ${opts.head!}`, notices);
    head = {
      index,
      oid: (p) => tree.get(p)?.oid,
      text: (p) => texts.get(tree.get(p)?.oid ?? ''),
      textByOid: (o) => texts.get(o),
    };
  } else {
    const host = new HashingHost(new NodeFsHost(root), base.length === 64 ? 'sha256' : 'sha1');
    const built = await buildIndex(host, config);
    pushAll(notices, built.notices);
    head = {
      index: built.index,
      oid: (p) => host.blobs.get(p),
      text: (p) => host.textByPath.get(p),
      textByOid: (o) => host.texts.get(o),
    };
  }

  // Only files whose text differs can differ in items or tags: compare those, plus every other
  // definition of the IDs they define (duplicate IDs resolve as in full indexes).
  const baseTree = selectTree(await baseEntries, config);
  const differs = (file: string): boolean => {
    const oid = head.oid(file);
    return oid === undefined || oid !== baseTree.get(file)?.oid;
  };
  const baseIndex = new TraceIndex(config);
  await addFromTree(
    root,
    baseIndex,
    baseTree,
    [...baseTree.keys()].filter(differs),
    baseLabel,
    notices,
    head.textByOid,
  );
  const headDiff = new TraceIndex(config);
  for (const f of head.index.allFiles()) {
    const text = differs(f.file) ? head.text(f.file) : undefined;
    if (text !== undefined) headDiff.update(f.file, text);
  }
  const touched = new Set<string>();
  for (const idx of [baseIndex, headDiff]) for (const f of idx.allFiles()) if (f.item) touched.add(f.item.id);
  for (const id of touched) {
    for (const def of head.index.definitions(id)) {
      const text = differs(def.file) ? undefined : head.text(def.file);
      if (text === undefined) continue;
      baseIndex.update(def.file, text);
      headDiff.update(def.file, text);
    }
  }
  const { changed, code } = compareIndexes(baseIndex, headDiff);
  const closure = impactClosure(baseIndex, head.index, changed);
  const report: ImpactReport = {
    version: 1,
    base: sides.base,
    head: sides.head,
    changed,
    code,
    impacted: closure.impacted,
    upstream: closure.upstream,
    impactedCode: closure.impactedCode,
  };
  return { report, baseIndex, headIndex: head.index, config, notices };
}

/** What the comparison needs of the head side: its index, and each file's git object ID and text. */
interface HeadSide {
  readonly index: TraceIndex;
  readonly oid: (file: string) => string | undefined;
  readonly text: (file: string) => string | undefined;
  readonly textByOid: (oid: string) => string | undefined;
}

/**
 * The default base: the current branch's upstream (`@{upstream}`), else the first of
 * main, master, origin/main, origin/master that exists; undefined when none does.
 */
export async function defaultBase(root: string): Promise<string | undefined> {
  return (await defaultBaseRev(resolve(root)))?.name;
}

/** The default base's short name, and an unambiguous revision for it (a tag named `main` does not count). */
async function defaultBaseRev(root: string): Promise<{ name: string; rev: string } | undefined> {
  const upstream = await upstreamOf(root);
  if (upstream !== undefined) return { name: upstream, rev: '@{upstream}' };
  const { local, remote } = await branches(root);
  for (const name of DEFAULT_BASES) {
    if (name.startsWith('origin/') ? remote.includes(name) : local.includes(name)) {
      return { name, rev: name.startsWith('origin/') ? `refs/remotes/${name}` : `refs/heads/${name}` };
    }
  }
  return undefined;
}

/** Refs to offer as base: the default base first, then local branches, then remote-tracking branches (each in natural order). */
export function listBases(root: string): Promise<string[]> {
  return gitErrorsAsImpactErrors(async () => {
    const dir = resolve(root);
    if (!(await repoLocation(dir))) throw new ImpactError(`not a git repository: ${dir}`, 'notGit');
    const [def, { local, remote }] = await Promise.all([defaultBase(dir), branches(dir)]);
    const out = new Set<string>();
    if (def !== undefined) out.add(def);
    for (const b of local.sort(compareIds)) out.add(b);
    for (const b of remote.sort(compareIds)) out.add(b);
    return [...out];
  });
}

/**
 * The language server's `tracespine/impact` answer: the graph webview's data and review list
 * for `opts` (typically with `headIndex` = the live index), and the bases to choose from.
 * `kinds` defaults to {@link kindRanks} of the configuration.
 */
export async function impactView(opts: ImpactOptions & { readonly kinds?: KindInfo[] }): Promise<ImpactView> {
  const [analysis, bases] = await Promise.all([analyzeImpact(opts), listBases(opts.root)]);
  const { data } = impactGraph(
    analysis.headIndex,
    analysis.baseIndex,
    analysis.report,
    opts.kinds ?? kindRanks(analysis.config),
  );
  // The same entries as the graph's review list, grouped, with diff and suspect-link details.
  const { entries: review, code } = reviewList(analysis.headIndex, analysis.baseIndex, analysis.report);
  const base = analysis.report.base.ref;
  return {
    base,
    bases: bases.includes(base) ? bases : [base, ...bases],
    data,
    review,
    commit: analysis.report.base.commit,
    code,
  };
}

// ---------------------------------------------------------------------------------------------

/** Git failures (git missing, a corrupt repository, ...) reach callers as ImpactErrors with git's message. */
async function gitErrorsAsImpactErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof GitError) throw new ImpactError(`git: ${e.message}`);
    throw e;
  }
}

/** tracespine.yaml as the head side has it: in the working tree, or in the head commit's tree. */
async function headConfig(root: string, headEntries: readonly TreeEntry[] | undefined): Promise<TraceConfig> {
  let text: string | undefined;
  if (headEntries) {
    const entry = headEntries.find((e) => e.path === CONFIG_FILE && e.type === 'blob');
    if (entry) {
      let blob: BlobResult | undefined;
      await catFileBatch(root, [entry.oid], MAX_FILE_BYTES, (_oid, b) => (blob = b));
      const r = blob ? decodeBlob(blob) : undefined;
      if (r?.text === undefined) throw new ImpactError(`${CONFIG_FILE}: ${r?.notice ?? 'cannot be read'}`);
      text = r.text;
    }
  } else {
    const r = await new NodeFsHost(root).readFile(CONFIG_FILE);
    if (r.text === undefined && !r.missing) throw new ImpactError(`${CONFIG_FILE}: ${r.notice}`);
    text = r.text;
  }
  const loaded = loadConfig(text, CONFIG_FILE);
  const first = loaded.findings[0];
  if (first)
    throw new ImpactError(
      `${CONFIG_FILE}:${first.range.start.line + 1}:${first.range.start.character + 1}: invalid configuration: ${first.message} (run 'tracespine check' for every problem)`,
    );
  return loaded.config;
}

/**
 * The files of a git tree the configuration selects: items and code globs, with excluded
 * directories pruned as the working-tree walk prunes them; symbolic links and submodules
 * skipped. Path -> object ID and role.
 */
function selectTree(entries: readonly TreeEntry[], config: TraceConfig): Map<string, { oid: string; role: FileRole }> {
  const matcher = createFileMatcher(config);
  const skipped = new Map<string, boolean>();
  const dirSkipped = (dir: string): boolean => {
    let s = skipped.get(dir);
    if (s === undefined) {
      const slash = dir.lastIndexOf('/');
      s = (slash > 0 && dirSkipped(dir.slice(0, slash))) || matcher.skipDir(dir);
      skipped.set(dir, s);
    }
    return s;
  };
  const out = new Map<string, { oid: string; role: FileRole }>();
  for (const e of entries) {
    if (e.type !== 'blob' || e.mode === '120000') continue;
    const role = matcher.roleOf(e.path);
    if (!role) continue;
    const slash = e.path.lastIndexOf('/');
    if (slash > 0 && dirSkipped(e.path.slice(0, slash))) continue;
    out.set(e.path, { oid: e.oid, role });
  }
  return out;
}

/**
 * Adds `paths` of a selected tree to `index`: the text from `known` (by object ID) when it
 * has it, else streamed from one `git cat-file --batch`. Returns the texts read, by object ID.
 */
async function addFromTree(
  root: string,
  index: TraceIndex,
  tree: ReadonlyMap<string, { oid: string; role: FileRole }>,
  paths: readonly string[],
  label: string,
  notices: Notice[],
  known: (oid: string) => string | undefined = () => undefined,
): Promise<Map<string, string>> {
  const byOid = new Map<string, { path: string; role: FileRole }[]>();
  for (const path of [...paths].sort(comparePaths)) {
    const entry = tree.get(path);
    if (!entry) continue;
    let list = byOid.get(entry.oid);
    if (!list) byOid.set(entry.oid, (list = []));
    list.push({ path, role: entry.role });
  }
  const texts = new Map<string, string>();
  const missing: string[] = [];
  for (const [oid, list] of byOid) {
    const text = known(oid);
    if (text === undefined) missing.push(oid);
    else for (const { path, role } of list) index.update(path, text, role);
  }
  await catFileBatch(root, missing, MAX_FILE_BYTES, (oid, blob) => {
    const r = decodeBlob(blob);
    if (r.text !== undefined) texts.set(oid, r.text);
    for (const { path, role } of byOid.get(oid) ?? []) {
      if (r.notice) notices.push({ file: path, message: `${label}: ${r.notice}` });
      if (r.text !== undefined) index.update(path, r.text, role);
    }
  });
  return texts;
}

const BINARY_SNIFF_BYTES = 8000;

/** A blob as text, with the working-tree reader's rules (size, NUL bytes, UTF-8). */
export function decodeBlob(blob: BlobResult): ReadResult {
  if (blob.data === undefined) {
    if (blob.missing) return { notice: 'object missing from the repository; skipped' };
    return {
      notice: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB (${(blob.size / 1024 / 1024).toFixed(1)} MiB); skipped`,
    };
  }
  const buf = blob.data;
  if (buf.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { notice: 'binary file (contains NUL bytes); skipped' };
  if (!isUtf8(buf))
    return { text: new TextDecoder('utf-8').decode(buf), notice: 'not valid UTF-8: invalid bytes were read as U+FFFD' };
  return { text: buf.toString('utf8') };
}

/**
 * A host that also records the git object ID each file's text would have (and the text by
 * that ID), so that the base side can tell which files are unchanged without comparing
 * their items, and need not read them through git.
 */
class HashingHost implements WorkspaceHost {
  /** path -> object ID */
  readonly blobs = new Map<string, string>();
  /** object ID -> text, for files read without a notice */
  readonly texts = new Map<string, string>();
  /** path -> text, for every file read */
  readonly textByPath = new Map<string, string>();
  constructor(
    private readonly inner: WorkspaceHost,
    private readonly algorithm: 'sha1' | 'sha256',
  ) {}

  listFiles(...args: Parameters<WorkspaceHost['listFiles']>): ReturnType<WorkspaceHost['listFiles']> {
    return this.inner.listFiles(...args);
  }

  async readFile(path: string): Promise<ReadResult> {
    const r = await this.inner.readFile(path);
    if (r.text !== undefined) this.textByPath.set(path, r.text);
    if (r.text !== undefined && r.notice === undefined) {
      const bytes = Buffer.from(r.text, 'utf8');
      const oid = createHash(this.algorithm).update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
      this.blobs.set(path, oid);
      this.texts.set(oid, r.text);
    }
    return r;
  }
}
