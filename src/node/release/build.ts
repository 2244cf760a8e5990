import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import picomatch from 'picomatch';
import { CONFIG_FILE } from '../../core/config/defaults';
import { checkWorkspace, type CheckResult } from '../../core/engine';
import { formatImpactJson } from '../../core/impact/format';
import type { ImpactReport } from '../../core/impact/types';
import { TraceIndex } from '../../core/traceIndex';
import { matrixTable } from '../../core/matrix/matrix';
import type { ReleaseInputs } from '../../core/release/inputs';
import { git, GitError, repoLocation, resolveCommit } from '../git';
import { GitTreeHost } from '../gitTree';
import { sshVerifier } from '../approvals';
import type { SignatureVerifier } from '../../core/approvals/state';
import type { CancellationToken, FileList, ReadResult, WorkspaceHost } from '../../core/host';
import { analyzeImpact, ImpactError } from '../impact';
import { matrixCsv } from '../matrix/text';
import { approvalsCsv, deviationsCsv, evidenceJson, gateOf, type Gate } from './sections';
import { releaseRecordHtml } from './record';

/**
 * `tracespine release` (SPEC 10): the design at one commit, read through git, as a packet
 * of files that is byte-identical when rebuilt from the same commit and inputs (every time
 * is the commit's; nothing of the machine, its clock, time zone, locale or directories).
 */

/** A usage or git problem: nothing is written, exit 2. */
export class ReleaseError extends Error {}

export const RELEASE_SCHEMA = 'tracespine.release/1';

export interface ReleaseOptions {
  readonly root: string;
  readonly ref?: string;
  readonly previous?: string;
  /** Globs of result files, relative to root. */
  readonly results?: readonly string[];
  readonly product?: string;
  readonly version?: string;
  readonly allowDirty?: boolean;
  readonly toolVersion: string;
  /** The check's JSON and SARIF formatters (the CLI's: the packet holds exactly what `tracespine check` prints). */
  readonly formats: ReportFormats;
  /** What sections 8, 9 and 12 give; default none ("not configured"). */
  readonly inputs?: (ctx: InputsContext) => Promise<ReleaseInputs>;
}

export interface ReportFormats {
  /** The check JSON with `root` as given. */
  readonly json: (check: CheckResult, root: string) => string;
  /** SARIF with paths relative to `cwd`. */
  readonly sarif: (check: CheckResult, root: string, cwd: string) => string;
}

/** What an inputs provider may read: the check at the commit, and the result files given. */
export interface InputsContext {
  readonly root: string;
  readonly commit: string;
  readonly check: CheckResult;
  readonly resultFiles: readonly { readonly path: string; readonly data: Buffer }[];
}

export interface Manifest {
  readonly schema: typeof RELEASE_SCHEMA;
  readonly tool: { readonly name: 'tracespine'; readonly version: string };
  readonly product: string | null;
  readonly version: string | null;
  readonly ref: string;
  readonly commit: string;
  readonly tree: string;
  readonly tag: string | null;
  readonly commitTime: string;
  /** ROOT relative to the repository's top ('.' at the top): where `release verify` re-checks. */
  readonly root: string;
  readonly previous: { readonly ref: string; readonly commit: string } | null;
  readonly dirty: { readonly allowed: boolean; readonly paths: readonly string[] };
  readonly gate: Gate;
  readonly sections: Record<'evidence' | 'approvals' | 'deviations' | 'anomalies', 'configured' | 'not configured'>;
  readonly files: readonly { readonly path: string; readonly sha256: string; readonly bytes: number }[];
  readonly inputs: readonly { readonly path: string; readonly sha256: string }[];
}

export interface ReleasePacket {
  readonly manifest: Manifest;
  /** Packet path -> content, MANIFEST.json and SHA256SUMS included, in path order. */
  readonly files: ReadonlyMap<string, Buffer>;
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Where ROOT is in its repository, and the commit REF names; a ReleaseError otherwise. */
export async function locate(
  root: string,
  ref: string,
  option = '--ref',
): Promise<{ prefix: string; toplevel: string; commit: string }> {
  const loc = await repoLocation(root);
  if (!loc) throw new ReleaseError(`not a git repository: ${root}`);
  const commit = await resolveCommit(root, ref);
  if (!commit) throw new ReleaseError(`unknown ref '${ref}' (${option})`);
  return { prefix: loc.prefix, toplevel: loc.toplevel, commit };
}

/** A result file given with --results, as read from the working tree (or from a packet's evidence/ copies). */
export interface ResultFile {
  readonly path: string;
  readonly data: Buffer;
}

/**
 * The commit's tree with the --results files laid over it: they are made by the CI run, not
 * committed, yet the check at the commit must map them (and `release verify` lays the
 * packet's copies over it the same way).
 */
class ResultsOverCommit implements WorkspaceHost {
  private readonly extra: ReadonlyMap<string, string>;
  constructor(
    private readonly inner: WorkspaceHost,
    files: readonly ResultFile[],
  ) {
    this.extra = new Map(files.map((f) => [f.path, f.data.toString('utf8')]));
  }
  async listFiles(
    wanted: (path: string) => boolean,
    skipDir: (dir: string) => boolean,
    token?: CancellationToken,
  ): Promise<FileList> {
    const list = await this.inner.listFiles(wanted, skipDir, token);
    const files = new Set(list.files);
    for (const p of this.extra.keys()) if (wanted(p)) files.add(p);
    return { files: [...files].sort(), notices: list.notices };
  }
  readFile(path: string): Promise<ReadResult> {
    const text = this.extra.get(path);
    return text !== undefined ? Promise.resolve({ text }) : this.inner.readFile(path);
  }
}

/** The check at `commit`, read through git, with the check JSON as the packet holds it (ROOT as a repository path). */
export async function checkAtCommit(
  root: string,
  commit: string,
  rootLabel: string,
  json: ReportFormats['json'],
  resultFiles: readonly ResultFile[] = [],
): Promise<{ check: CheckResult; reportJson: string; host: GitTreeHost }> {
  const host = await GitTreeHost.open(root, commit);
  const verifier: SignatureVerifier = { verify: (request) => sshVerifier(root).verify(request) };
  const check =
    resultFiles.length > 0
      ? await checkWorkspace(new ResultsOverCommit(host, resultFiles), {
          verifier,
          results: resultFiles.map((r) => r.path),
        })
      : await checkWorkspace(host, { verifier });
  if (check.configInvalid) {
    const f = check.findings[0]!;
    throw new ReleaseError(
      `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} at ${commit.slice(0, 12)}: invalid configuration: ${f.message}`,
    );
  }
  return { check, reportJson: json(check, rootLabel), host };
}

export function rootLabelOf(prefix: string): string {
  return prefix === '' ? '.' : prefix.replace(/\/$/, '');
}

export async function buildRelease(opts: ReleaseOptions): Promise<ReleasePacket> {
  try {
    return await build(opts);
  } catch (e) {
    if (e instanceof GitError) throw new ReleaseError(`git: ${e.message}`);
    if (e instanceof ImpactError) throw new ReleaseError(e.message);
    throw e;
  }
}

async function build(opts: ReleaseOptions): Promise<ReleasePacket> {
  const root = resolve(opts.root);
  const ref = opts.ref ?? 'HEAD';
  const { prefix, commit } = await locate(root, ref);
  const previousCommit = opts.previous !== undefined ? await resolveCommit(root, opts.previous) : undefined;
  if (opts.previous !== undefined && !previousCommit)
    throw new ReleaseError(`unknown ref '${opts.previous}' (--previous)`);
  const rootLabel = rootLabelOf(prefix);

  const resultFiles = listResults(root, opts.results ?? []);
  const { check, reportJson } = await checkAtCommit(root, commit, rootLabel, opts.formats.json, resultFiles);
  const dirty = await dirtyDesignFiles(root, prefix, check.index);
  if (dirty.length > 0 && !opts.allowDirty) {
    const shown = dirty.slice(0, 10).join(', ') + (dirty.length > 10 ? `, and ${dirty.length - 10} more` : '');
    throw new ReleaseError(
      `the working tree has uncommitted changes to design items or code (${shown}): commit them, or pass --allow-dirty (recorded in the packet)`,
    );
  }
  const [meta, tags] = await Promise.all([
    git(root, ['log', '-1', '--no-show-signature', '--format=%T%x00%ct', '--end-of-options', commit]),
    git(root, ['tag', '--points-at', commit]),
  ]);
  const [tree, ct] = meta.trim().split('\0');
  const commitTime = new Date(Number(ct) * 1000).toISOString().replace('.000Z', 'Z');
  const tag =
    tags
      .split('\n')
      .filter((t) => t !== '')
      .sort()[0] ?? null;

  const inputs = opts.inputs ? await opts.inputs({ root, commit, check, resultFiles }) : {};
  let changes: ImpactReport | undefined;
  if (opts.previous !== undefined)
    changes = (await analyzeImpact({ root, base: opts.previous, head: commit, config: check.config })).report;

  const gate = gateOf(check, inputs);
  const files = new Map<string, Buffer>();
  const put = (path: string, text: string | Buffer): void =>
    void files.set(path, typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  put('report.json', reportJson);
  put('findings.sarif', opts.formats.sarif(check, root, root));
  put('trace.csv', matrixCsv(matrixTable(check.index, 'links', inputs.evidence ? { evidence: inputs.evidence } : {})));
  put(
    'evidence.json',
    evidenceJson(
      inputs,
      resultFiles.map((r) => ({ path: `evidence/${r.path}`, sha256: sha256Hex(r.data) })),
    ),
  );
  put('approvals.csv', approvalsCsv(inputs));
  put('deviations.csv', deviationsCsv(inputs));
  put(
    'changes.json',
    changes
      ? formatImpactJson(changes)
      : `${JSON.stringify({ version: 1, previous: null, note: 'not configured: no --previous release was given' }, null, 2)}\n`,
  );
  for (const r of resultFiles) put(`evidence/${r.path}`, r.data);
  const identity = {
    product: opts.product ?? null,
    version: opts.version ?? null,
    ref,
    commit,
    tree: tree!,
    tag,
    commitTime,
    root: rootLabel,
    previous: opts.previous !== undefined ? { ref: opts.previous, commit: previousCommit! } : null,
    dirty: { allowed: opts.allowDirty === true, paths: dirty },
  };
  const sections = {
    evidence: inputs.evidence ? 'configured' : 'not configured',
    approvals: inputs.approvals ? 'configured' : 'not configured',
    deviations: inputs.deviations ? 'configured' : 'not configured',
    anomalies: inputs.anomalies ? 'configured' : 'not configured',
  } as const;
  put(
    'index.html',
    releaseRecordHtml({
      ...identity,
      toolVersion: opts.toolVersion,
      gate,
      sections,
      check,
      inputs,
      changes,
      resultFiles: resultFiles.map((r) => ({ path: r.path, sha256: sha256Hex(r.data), bytes: r.data.length })),
    }),
  );

  const listed = [...files.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, data]) => ({ path, sha256: sha256Hex(data), bytes: data.length }));
  const manifest: Manifest = {
    schema: RELEASE_SCHEMA,
    tool: { name: 'tracespine', version: opts.toolVersion },
    ...identity,
    gate,
    sections,
    files: listed,
    inputs: resultFiles.map((r) => ({ path: r.path, sha256: sha256Hex(r.data) })),
  };
  put('MANIFEST.json', `${JSON.stringify(manifest, null, 2)}\n`);
  put('SHA256SUMS', sha256sums(files));
  return { manifest, files: new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}

/** `sha256sum -c` input: `HEX  PATH` per file (SHA256SUMS itself left out), in path order. */
export function sha256sums(files: ReadonlyMap<string, Buffer>): string {
  return [...files.keys()]
    .filter((p) => p !== 'SHA256SUMS')
    .sort()
    .map((p) => `${sha256Hex(files.get(p)!)}  ${p}\n`)
    .join('');
}

/** Design items, code files and tracespine.yaml with uncommitted changes (untracked ones included), relative to root. */
async function dirtyDesignFiles(root: string, prefix: string, index: TraceIndex): Promise<string[]> {
  const out = await git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--', '.']);
  const dirty: string[] = [];
  for (const rec of out.split('\0')) {
    if (rec.length < 4) continue;
    const path = rec.slice(3);
    if (!path.startsWith(prefix)) continue;
    const rel = path.slice(prefix.length);
    if (rel === CONFIG_FILE || index.roleOf(rel) !== undefined) dirty.push(rel);
  }
  return dirty.sort();
}

/** The files below root that the globs match (excluded directories and .git pruned), read, in path order. */
function listResults(root: string, globs: readonly string[]): { path: string; data: Buffer }[] {
  if (globs.length === 0) return [];
  const match = picomatch(globs as string[], { dot: true });
  const out: { path: string; data: Buffer }[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name === '.git' || name === 'node_modules') continue;
      const abs = join(dir, name);
      const path = rel === '' ? name : `${rel}/${name}`;
      const st = statSync(abs);
      if (st.isDirectory()) walk(abs, path);
      else if (st.isFile() && match(path)) out.push({ path, data: readFileSync(abs) });
    }
  };
  walk(root, '');
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Writes the packet into `out` (created; refused when it exists and is not empty). Returns the paths written. */
export function writePacket(out: string, packet: ReleasePacket): string[] {
  let entries: string[] = [];
  try {
    entries = readdirSync(out);
  } catch {
    /* absent: created below */
  }
  if (entries.length > 0)
    throw new ReleaseError(`--out ${out}: the directory is not empty (a packet is never written over anything)`);
  for (const [path, data] of packet.files) {
    const abs = join(out, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, data, { flag: 'wx' });
  }
  return [...packet.files.keys()];
}
