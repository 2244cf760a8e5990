import { loadConfig } from '../core/config/load';
import { CONFIG_FILE } from '../core/config/defaults';
import { TraceIndex } from '../core/traceIndex';
import {
  invalidConfigPoint,
  measurePoint,
  type MetricsInputs,
  type MetricsPoint,
  type MetricsPointDetail,
  type MetricsReport,
} from '../core/metrics/metrics';
import type { Finding } from '../core/model/finding';
import { parseRecord, type ParsedRecord } from '../core/approvals/record';
import { approvalFigures, approvalStates, deviationFigures } from '../core/metrics/section9';
import { Validator, type FileChange } from '../core/validate/validator';
import { catFileBatch, git, GitError, lsTree, repoLocation, resolveCommit } from './git';

/** Item and code files larger than this are not read (as the workspace reader skips them). */
const MAX_BLOB = 8 * 1024 * 1024;
/** Tree or blob "none" in git's raw diff output. */
const NULL_OID = /^0+$/;

export interface HistoryOptions {
  /** Only commits after this one (its tree is the starting state, not a point). */
  readonly since?: string;
  /** One point per tagged commit instead of one per commit that changed the design. */
  readonly tags?: boolean;
  readonly inputs?: MetricsInputs;
}

export interface HistoryResult {
  readonly report: MetricsReport;
  /** Per point, what the pages draw besides the JSON figures. */
  readonly details: readonly MetricsPointDetail[];
}

interface Commit {
  readonly sha: string;
  readonly date: string;
  readonly parent: string | undefined;
}

interface Change {
  readonly path: string;
  /** The blob after the commit; undefined when the file was deleted. */
  readonly oid: string | undefined;
}

/**
 * The figures of SPEC section 12 over the first-parent history of `root`'s repository, oldest
 * first. Reads through git only (rev-list, diff-tree, ls-tree, cat-file): never checks out,
 * never writes. Incremental: one index is carried from commit to commit and only the blobs
 * `git diff-tree` reports changed are parsed; the validator re-checks what they can affect.
 * A commit that changes tracespine.yaml rebuilds the index from its tree.
 */
export async function metricsHistory(root: string, opts: HistoryOptions = {}): Promise<HistoryResult> {
  const loc = await repoLocation(root);
  if (!loc) throw new GitError(`${root} is not inside a git working tree`);
  const head = await resolveCommit(root, 'HEAD');
  if (!head) return { report: { version: 1, points: [] }, details: [] };
  let since: string | undefined;
  if (opts.since !== undefined) {
    since = await resolveCommit(root, opts.since);
    if (!since) throw new GitError(`--since ${opts.since}: no such commit`);
  }
  const commits = await firstParentChain(root, since ? `${since}..${head}` : head);
  const tags = await tagsByCommit(root);
  const changes = await diffs(root, commits, loc.prefix !== '');

  const points: MetricsPoint[] = [];
  const details: MetricsPointDetail[] = [];
  const state = new HistoryState(root);
  if (since) await state.rebuild(since);
  for (const c of commits) {
    const list = changes.get(c.sha) ?? [];
    const touched = c.parent === undefined && !since ? await state.rebuild(c.sha) : await state.apply(c.sha, list);
    const tag = tags.get(c.sha)?.[0] ?? null;
    if (opts.tags ? tag === null : !touched) continue;
    const m = state.measure(c, tag, opts.inputs);
    points.push(m.point);
    details.push(m.detail);
  }
  return { report: { version: 1, points }, details };
}

/** The index, its validator and running counts of findings, carried along the history. */
class HistoryState {
  private index: TraceIndex | undefined;
  private validator: Validator | undefined;
  private configFindings: readonly Finding[] = [];
  /** The approval records of the tree (SPEC 9: files under approvals.dir), by path. */
  private readonly records = new Map<string, ParsedRecord>();
  private readonly counts = new Map<string, { errors: number; warnings: number }>();
  private errors = 0;
  private warnings = 0;

  constructor(private readonly root: string) {}

  /** Reads the whole design at `commit` into a fresh index. Returns true (every file is new). */
  async rebuild(commit: string): Promise<boolean> {
    const entries = (await lsTree(this.root, commit)).filter((e) => e.type === 'blob');
    const configEntry = entries.find((e) => e.path === CONFIG_FILE);
    const configText = configEntry
      ? await readBlobs(this.root, [configEntry.oid]).then((m) => m.get(configEntry.oid))
      : undefined;
    const loaded = loadConfig(configText, CONFIG_FILE);
    this.counts.clear();
    this.errors = 0;
    this.warnings = 0;
    this.configFindings = loaded.findings;
    if (loaded.findings.length > 0) {
      this.index = undefined;
      this.validator = undefined;
      return true;
    }
    const index = new TraceIndex(loaded.config);
    const wanted = entries.filter(
      (e) => index.roleOf(e.path) !== undefined && !index.matcher.skipDir(parentDir(e.path)),
    );
    wanted.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const blobs = await readBlobs(
      this.root,
      wanted.map((e) => e.oid),
    );
    for (const e of wanted) {
      const text = blobs.get(e.oid);
      if (text !== undefined) index.update(e.path, text);
    }
    this.records.clear();
    const isRecord = recordPath(index);
    const recordEntries = entries.filter((e) => isRecord(e.path));
    const recordBlobs = await readBlobs(
      this.root,
      recordEntries.map((e) => e.oid),
    );
    for (const e of recordEntries) {
      const text = recordBlobs.get(e.oid);
      if (text !== undefined) this.records.set(e.path, parseRecord(text, e.path));
    }
    const v = new Validator(index);
    v.validateAll();
    this.index = index;
    this.validator = v;
    for (const f of v.filesWithFindings()) this.recount(f);
    return true;
  }

  /** Applies one commit's changes; returns whether any design file (or the configuration) changed. */
  async apply(commit: string, changes: readonly Change[]): Promise<boolean> {
    if (changes.some((c) => c.path === CONFIG_FILE)) return this.rebuild(commit);
    const index = this.index;
    if (!index) return false; // an invalid configuration stays so until tracespine.yaml changes
    const relevant = changes.filter(
      (c) => index.roleOf(c.path) !== undefined && !index.matcher.skipDir(parentDir(c.path)),
    );
    const isRecord = recordPath(index);
    const recordChanges = changes.filter((c) => isRecord(c.path));
    if (relevant.length === 0 && recordChanges.length === 0) return false;
    const blobs = await readBlobs(
      this.root,
      [...relevant, ...recordChanges].flatMap((c) => (c.oid ? [c.oid] : [])),
    );
    for (const c of recordChanges) {
      const text = c.oid ? blobs.get(c.oid) : undefined;
      if (text === undefined) this.records.delete(c.path);
      else this.records.set(c.path, parseRecord(text, c.path));
    }
    const fileChanges: FileChange[] = [];
    for (const c of relevant) {
      const before = index.get(c.path);
      const text = c.oid ? blobs.get(c.oid) : undefined;
      if (text === undefined) {
        if (!before) continue;
        index.remove(c.path);
      } else index.update(c.path, text);
      fileChanges.push({ file: c.path, before });
    }
    if (fileChanges.length === 0) return true;
    for (const f of this.validator!.update(fileChanges)) this.recount(f);
    return true;
  }

  measure(
    c: Commit,
    tag: string | null,
    inputs: MetricsInputs | undefined,
  ): { point: MetricsPoint; detail: MetricsPointDetail } {
    if (!this.index || !this.validator) return invalidConfigPoint(c.sha, c.date, tag, this.configFindings);
    return measurePoint(
      { index: this.index, commit: c.sha, date: c.date, tag },
      { errors: this.errors, warnings: this.warnings },
      this.validator.coverage(),
      inputs ?? this.section9(),
    );
  }

  /** Approvals and deviations from the records and items of the tree at the point (SPEC 9's engine). */
  private section9(): MetricsInputs {
    let states: ReturnType<typeof approvalStates> | undefined;
    const statesOf = (index: TraceIndex): ReturnType<typeof approvalStates> => {
      if (!states) {
        const records = [...this.records.keys()].sort().map((p) => this.records.get(p)!);
        states = approvalStates(index, records);
      }
      return states;
    };
    return {
      approvals: ({ index }) => approvalFigures(statesOf(index)),
      deviations: ({ index, date }) => deviationFigures(index, statesOf(index), date.slice(0, 10)),
    };
  }

  private recount(file: string): void {
    const old = this.counts.get(file);
    if (old) {
      this.errors -= old.errors;
      this.warnings -= old.warnings;
    }
    let errors = 0;
    let warnings = 0;
    for (const f of this.validator!.findings(file)) {
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
    }
    if (errors + warnings === 0) this.counts.delete(file);
    else this.counts.set(file, { errors, warnings });
    this.errors += errors;
    this.warnings += warnings;
  }
}

/** Whether a path is an approval record file (`approvals.dir/**.yaml`, as the check lists them). */
function recordPath(index: TraceIndex): (path: string) => boolean {
  const dir = `${index.config.approvals.dir}/`;
  return (path) => path.startsWith(dir) && /\.ya?ml$/.test(path);
}

function parentDir(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Blob texts by object id (UTF-8; a leading BOM is left to the index). */
async function readBlobs(cwd: string, oids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(oids)];
  const out = new Map<string, string>();
  await catFileBatch(cwd, unique, MAX_BLOB, (oid, blob) => {
    if (blob.data) out.set(oid, blob.data.toString('utf8'));
  });
  return out;
}

/** The first-parent chain of `range` (a commit, or `A..B`), oldest first, with dates and first parents. */
async function firstParentChain(cwd: string, range: string): Promise<Commit[]> {
  const out = await git(cwd, [
    'log',
    '--first-parent',
    '--reverse',
    '--format=%H %cI %P',
    '--end-of-options',
    range,
    '--',
  ]);
  const commits: Commit[] = [];
  for (const line of out.split('\n')) {
    const [sha, date, parent] = line.split(' ');
    if (sha && date) commits.push({ sha, date: utc(date), parent: parent || undefined });
  }
  return commits;
}

/** A git date in UTC, to the second (`2024-01-01T10:00:00Z`), whatever the committer's time zone. */
function utc(date: string): string {
  const t = Date.parse(date);
  return Number.isNaN(t) ? date : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Commit -> the names of the tags on it (annotated tags peeled), sorted. */
async function tagsByCommit(cwd: string): Promise<Map<string, string[]>> {
  const out = await git(cwd, [
    'for-each-ref',
    '--format=%(refname:short)%00%(objectname)%00%(*objectname)',
    'refs/tags',
  ]);
  const map = new Map<string, string[]>();
  for (const line of out.split('\n')) {
    const [name, obj, peeled] = line.split('\0');
    if (!name || !obj) continue;
    const sha = peeled || obj;
    let list = map.get(sha);
    if (!list) map.set(sha, (list = []));
    list.push(name);
  }
  for (const list of map.values()) list.sort();
  return map;
}

/**
 * Each commit's changes against its first parent, from one `git diff-tree --stdin` (a root
 * commit against nothing), paths relative to the directory git runs in.
 */
async function diffs(cwd: string, commits: readonly Commit[], relative: boolean): Promise<Map<string, Change[]>> {
  const map = new Map<string, Change[]>();
  if (commits.length === 0) return map;
  const input = commits.map((c) => (c.parent ? `${c.sha} ${c.parent}` : c.sha)).join('\n');
  const args = [
    'diff-tree',
    '--stdin',
    '-r',
    '-z',
    '--no-renames',
    '--root',
    '--always',
    ...(relative ? ['--relative'] : []),
  ];
  const out = await git(cwd, args, `${input}\n`);
  const tokens = out.split('\0');
  let current: Change[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === '') continue;
    if (t.startsWith(':')) {
      const path = tokens[++i];
      if (!current || path === undefined) continue;
      const newOid = t.split(' ')[3];
      current.push({ path, oid: newOid && !NULL_OID.test(newOid) ? newOid : undefined });
      continue;
    }
    const sha = t.split(' ')[0]!.trim();
    map.set(sha, (current = []));
  }
  return map;
}
