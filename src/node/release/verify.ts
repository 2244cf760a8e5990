import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { git, GitError, repoLocation, resolveCommit } from '../git';
import { checkAtCommit, ReleaseError, RELEASE_SCHEMA, sha256Hex, type Manifest, type ReportFormats } from './build';

export interface VerifyResult {
  readonly intact: boolean;
  /** One line per problem found; empty when intact. */
  readonly problems: readonly string[];
  readonly files: number;
  readonly commit: string;
}

/**
 * `tracespine release verify DIR`: every checksum (SHA256SUMS and MANIFEST.json agree with
 * the files, and no file is missing or unlisted), and that the commit, read again through git
 * from the repository at `repo` (default: the current directory), still yields report.json.
 */
export async function verifyRelease(dir: string, repo: string, json: ReportFormats['json']): Promise<VerifyResult> {
  const out = resolve(dir);
  const manifestPath = join(out, 'MANIFEST.json');
  const sumsPath = join(out, 'SHA256SUMS');
  if (!existsSync(manifestPath) || !existsSync(sumsPath))
    throw new ReleaseError(`${dir} is not a release packet: MANIFEST.json or SHA256SUMS is missing`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch (e) {
    throw new ReleaseError(`${dir}/MANIFEST.json is not JSON: ${(e as Error).message}`);
  }
  const listedFiles = manifestFiles(manifest);
  if (
    manifest.schema !== RELEASE_SCHEMA ||
    !listedFiles ||
    typeof manifest.commit !== 'string' ||
    typeof manifest.root !== 'string'
  ) {
    throw new ReleaseError(`${dir}/MANIFEST.json is not a ${RELEASE_SCHEMA} manifest`);
  }
  const problems: string[] = [];

  const sums = new Map<string, string>();
  for (const line of readFileSync(sumsPath, 'utf8').split('\n')) {
    if (line === '') continue;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m || !safePath(m[2]!)) problems.push(`SHA256SUMS: malformed line '${line.slice(0, 80)}'`);
    else sums.set(m[2]!, m[1]!);
  }
  const present = new Set(listFiles(out));
  for (const [path, sum] of sums) {
    if (!present.has(path)) problems.push(`${path}: missing`);
    else if (sha256Hex(readFileSync(join(out, path))) !== sum)
      problems.push(`${path}: checksum differs from SHA256SUMS`);
  }
  for (const f of listedFiles) {
    if (!present.has(f.path)) {
      if (!sums.has(f.path)) problems.push(`${f.path}: missing`);
      continue;
    }
    const data = readFileSync(join(out, f.path));
    if (sha256Hex(data) !== f.sha256 || data.length !== f.bytes)
      problems.push(`${f.path}: checksum or size differs from MANIFEST.json`);
    if (!sums.has(f.path)) problems.push(`${f.path}: not in SHA256SUMS`);
  }
  const listed = new Set([...listedFiles.map((f) => f.path), 'MANIFEST.json', 'SHA256SUMS']);
  for (const p of [...present].sort()) if (!listed.has(p)) problems.push(`${p}: not listed in MANIFEST.json`);
  if (!sums.has('MANIFEST.json')) problems.push('MANIFEST.json: not in SHA256SUMS');

  try {
    const loc = await repoLocation(resolve(repo));
    if (!loc)
      throw new ReleaseError(
        `not a git repository: ${resolve(repo)} (run verify inside the repository, or pass --repo)`,
      );
    const root = manifest.root === '.' ? loc.toplevel : join(loc.toplevel, manifest.root);
    const commit = await resolveCommit(root, manifest.commit);
    if (commit !== manifest.commit) problems.push(`commit ${manifest.commit}: not in this repository`);
    else {
      const tree = (await git(root, ['rev-parse', '--verify', '--end-of-options', `${commit}^{tree}`])).trim();
      if (tree !== manifest.tree)
        problems.push(`commit ${commit}: its tree is ${tree}, the manifest says ${manifest.tree}`);
      // The packet's copies of the result files, laid over the commit as the build laid the originals.
      const copies = manifest.inputs.filter((i) => existsSync(join(out, 'evidence', i.path)));
      const results = copies.map((i) => ({ path: i.path, data: readFileSync(join(out, 'evidence', i.path)) }));
      const { reportJson } = await checkAtCommit(root, commit, manifest.root, json, results);
      const packed = present.has('report.json') ? readFileSync(join(out, 'report.json'), 'utf8') : undefined;
      if (packed !== reportJson)
        problems.push(`report.json: commit ${commit.slice(0, 12)} no longer yields the same report`);
    }
  } catch (e) {
    if (e instanceof GitError) throw new ReleaseError(`git: ${e.message}`);
    if (e instanceof ReleaseError && /invalid configuration/.test(e.message)) problems.push(e.message);
    else throw e;
  }
  return { intact: problems.length === 0, problems, files: present.size, commit: manifest.commit };
}

/** A packet path: relative, `/`-separated, never leaving the packet. */
function safePath(p: string): boolean {
  return (
    p !== '' &&
    !p.startsWith('/') &&
    !p.includes('\\') &&
    !p.split('/').some((s) => s === '..' || s === '.' || s === '')
  );
}

/** The manifest's file list, when it has the shape it must have. */
function manifestFiles(manifest: Manifest): { path: string; sha256: string; bytes: number }[] | undefined {
  const files = (manifest as { files?: unknown }).files;
  if (!Array.isArray(files)) return undefined;
  const out: { path: string; sha256: string; bytes: number }[] = [];
  for (const f of files as unknown[]) {
    const e = f as { path?: unknown; sha256?: unknown; bytes?: unknown };
    if (typeof e.path !== 'string' || !safePath(e.path) || typeof e.sha256 !== 'string' || typeof e.bytes !== 'number')
      return undefined;
    out.push({ path: e.path, sha256: e.sha256, bytes: e.bytes });
  }
  return out;
}

function listFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const path = rel === '' ? name : `${rel}/${name}`;
    if (statSync(join(dir, path)).isDirectory()) out.push(...listFiles(dir, path));
    else out.push(path);
  }
  return out;
}
