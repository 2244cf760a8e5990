import { resolve } from 'node:path';
import type { TraceConfig } from '../core/config/types';
import { TraceIndex } from '../core/traceIndex';
import { MAX_FILE_BYTES } from './fsHost';
import { catFileBatch, git, GitError, repoLocation, type BlobResult } from './git';
import { decodeBlob } from './impact';

/**
 * What the reviewer's diffs read from git (src/extension/review.ts shows them): a file as a
 * commit has it, and the text an item had at a pinned fingerprint. Read-only, like ./git.ts.
 */

/** How many commits of a file's history {@link findPinnedVersion} reads at most. */
export const PINNED_SEARCH_COMMITS = 200;

export type BlobText =
  | { readonly text: string; readonly notice?: string }
  | { readonly text?: undefined; readonly notice: string; readonly missing?: boolean };

const COMMIT = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** A workspace-relative path with `/` separators that stays inside the workspace; undefined otherwise. */
export function cleanRelativePath(file: string): string | undefined {
  if (file === '' || file.startsWith('/') || file.includes('\\') || file.includes('\0')) return undefined;
  const parts = file.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return undefined;
  return file;
}

/**
 * The text of `file` (relative to `root`, a directory inside the working tree) in `commit`
 * (a full object ID). Never a crash: a missing file, a binary or oversized blob, a bad
 * argument come back as a notice.
 */
export async function gitBlobText(root: string, commit: string, file: string): Promise<BlobText> {
  if (!COMMIT.test(commit)) return { notice: `not a commit ID: ${commit.slice(0, 80)}` };
  const path = cleanRelativePath(file);
  if (path === undefined) return { notice: `not a workspace-relative path: ${file.slice(0, 200)}` };
  const dir = resolve(root);
  const loc = await repoLocation(dir);
  if (!loc) return { notice: `not a git repository: ${dir}` };
  let blob: BlobResult | undefined;
  try {
    await catFileBatch(dir, [`${commit}:${loc.prefix}${path}`], MAX_FILE_BYTES, (_name, b) => (blob = b));
  } catch (e) {
    if (e instanceof GitError) return { notice: `git: ${e.message}` };
    throw e;
  }
  if (!blob || (blob.data === undefined && blob.missing))
    return { notice: `${path} is not in commit ${commit.slice(0, 12)}`, missing: true };
  const r = decodeBlob(blob);
  return r.text !== undefined ? { text: r.text, ...(r.notice ? { notice: r.notice } : {}) } : { notice: r.notice };
}

export interface PinnedVersion {
  /** The newest commit (of those searched) whose `file` defines the item with the pinned fingerprint. */
  readonly commit: string;
  readonly file: string;
  readonly text: string;
}

export interface PinnedSearch {
  readonly found?: PinnedVersion;
  /** Commits of the file's history read. */
  readonly searched: number;
}

/**
 * Where git has item `id` with fingerprint `pin`: walks the history of `file` (the item's
 * current file, relative to `root`) over every ref, newest first, at most `maxCommits`
 * commits that touched it, and parses each version with `config` until one defines `id`
 * with that fingerprint. The file's earlier names (renames) are not followed.
 */
export async function findPinnedVersion(
  root: string,
  config: TraceConfig,
  id: string,
  file: string,
  pin: string,
  maxCommits = PINNED_SEARCH_COMMITS,
): Promise<PinnedSearch> {
  const path = cleanRelativePath(file);
  if (path === undefined || !/^[0-9a-f]{8}$/.test(pin)) return { searched: 0 };
  const dir = resolve(root);
  if (!(await repoLocation(dir))) return { searched: 0 };
  let out: string;
  try {
    out = await git(dir, [
      'log',
      '--all',
      `--max-count=${Math.max(1, Math.floor(maxCommits))}`,
      '--format=C%H',
      '--raw',
      '--no-abbrev',
      '--no-renames',
      '--end-of-options',
      '--',
      `:(literal)${path}`,
    ]);
  } catch (e) {
    if (e instanceof GitError) return { searched: 0 };
    throw e;
  }
  // "C<commit>", then one raw line per path touched: ":old-mode new-mode old-oid new-oid status\tpath".
  const versions: { commit: string; oid: string }[] = [];
  let commit: string | undefined;
  let searched = 0;
  for (const line of out.split('\n')) {
    if (line.startsWith('C')) {
      commit = line.slice(1).trim();
      searched++;
    } else if (line.startsWith(':') && commit !== undefined) {
      const fields = line.slice(1, line.indexOf('\t') >= 0 ? line.indexOf('\t') : undefined).split(' ');
      const oid = fields[3];
      if (oid && !/^0+$/.test(oid)) versions.push({ commit, oid });
    }
  }
  const texts = new Map<string, string>();
  const oids = [...new Set(versions.map((v) => v.oid))];
  try {
    await catFileBatch(dir, oids, MAX_FILE_BYTES, (oid, blob) => {
      const r = decodeBlob(blob);
      if (r.text !== undefined && r.notice === undefined) texts.set(oid, r.text);
    });
  } catch (e) {
    if (e instanceof GitError) return { searched };
    throw e;
  }
  const fingerprints = new Map<string, string | undefined>();
  for (const v of versions) {
    const text = texts.get(v.oid);
    if (text === undefined) continue;
    let fp = fingerprints.get(v.oid);
    if (!fingerprints.has(v.oid)) {
      const index = new TraceIndex(config);
      index.update(path, text, index.roleOf(path) ?? 'items');
      const item = index.resolve(id);
      fp = item?.file === path ? item.fingerprint : undefined;
      fingerprints.set(v.oid, fp);
    }
    if (fp === pin) return { found: { commit: v.commit, file: path, text }, searched };
  }
  return { searched };
}
