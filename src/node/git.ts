import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The few git plumbing commands branch impact needs, run with the git CLI. Read-only: none
 * of them touches the working tree or the index (and GIT_OPTIONAL_LOCKS=0 keeps git from
 * refreshing the index opportunistically).
 */

/** git failed: not installed, not a repository, unknown object, ... The message is git's first error line. */
export class GitError extends Error {
  constructor(
    message: string,
    readonly stderr = '',
    readonly exitCode: number | null = null,
  ) {
    super(message);
  }
}

/** The environment for git: the caller's, read at each call, plus no optional locks, C messages, no prompts. */
function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' };
}

/** Runs `git args` in `cwd` (with `input` on its standard input, if given) and resolves with its standard output. */
export function git(cwd: string, args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args,
      { cwd, env: gitEnv(), maxBuffer: 1024 * 1024 * 1024, encoding: 'utf8', windowsHide: true },
      (err, stdout, stderr) => {
        if (err) {
          const e = err as NodeJS.ErrnoException & { code?: string | number };
          if (e.code === 'ENOENT')
            reject(
              new GitError(existsSync(cwd) ? 'git is not installed (or not on PATH)' : `no such directory: ${cwd}`),
            );
          else reject(new GitError(firstLine(stderr) || e.message, stderr, typeof e.code === 'number' ? e.code : null));
          return;
        }
        resolve(stdout);
      },
    );
    if (input !== undefined) {
      child.stdin?.on('error', () => undefined); // EPIPE when git dies early: reported by the callback
      child.stdin?.end(input);
    }
  });
}

/** Like {@link git}, but undefined when git fails. */
export async function gitOrUndefined(cwd: string, args: readonly string[]): Promise<string | undefined> {
  try {
    return await git(cwd, args);
  } catch (e) {
    if (e instanceof GitError && /^(git is not installed|no such directory)/.test(e.message)) throw e;
    return undefined;
  }
}

export interface RepoLocation {
  /** Absolute path of the working tree's top directory. */
  readonly toplevel: string;
  /** `dir` relative to the top, with a trailing `/`, or '' at the top. */
  readonly prefix: string;
}

/** Where `dir` sits in its repository; undefined when it is not inside a git working tree. */
export async function repoLocation(dir: string): Promise<RepoLocation | undefined> {
  const out = await gitOrUndefined(dir, ['rev-parse', '--is-inside-work-tree', '--show-toplevel', '--show-prefix']);
  if (out === undefined) return undefined;
  const [inside, toplevel, prefix] = out.split('\n');
  if (inside !== 'true' || !toplevel) return undefined;
  return { toplevel, prefix: prefix ?? '' };
}

/** The commit `ref` names (branch, tag, SHA, `HEAD~2`, ...), or undefined when there is none. */
export async function resolveCommit(cwd: string, ref: string): Promise<string | undefined> {
  if (ref === '' || ref.startsWith('-')) return undefined;
  const out = await gitOrUndefined(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  const sha = out?.trim();
  return sha && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
}

/** The best common ancestor of two commits, or undefined when they share none. */
export async function mergeBase(cwd: string, a: string, b: string): Promise<string | undefined> {
  const out = await gitOrUndefined(cwd, ['merge-base', a, b]);
  const sha = out?.trim();
  return sha ? sha : undefined;
}

/** The short name of the current branch's upstream (`origin/main`), if it has one that exists. */
export async function upstreamOf(cwd: string): Promise<string | undefined> {
  const out = await gitOrUndefined(cwd, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}']);
  const name = out?.trim();
  return name ? name : undefined;
}

/** Local branches and remote-tracking branches (symbolic refs such as `origin/HEAD` left out), by short name. */
export async function branches(cwd: string): Promise<{ local: string[]; remote: string[] }> {
  const out = await git(cwd, ['for-each-ref', '--format=%(refname)%00%(symref)', 'refs/heads', 'refs/remotes']);
  const local: string[] = [];
  const remote: string[] = [];
  for (const line of out.split('\n')) {
    const [name, symref] = line.split('\0');
    if (!name || symref) continue;
    if (name.startsWith('refs/heads/')) local.push(name.slice('refs/heads/'.length));
    else if (name.startsWith('refs/remotes/')) remote.push(name.slice('refs/remotes/'.length));
  }
  return { local, remote };
}

export interface TreeEntry {
  readonly mode: string;
  readonly type: string;
  readonly oid: string;
  /** Relative to the directory git ran in, `/` separators. */
  readonly path: string;
}

/**
 * Every entry of `commit`'s tree below `cwd` (recursively; paths relative to `cwd`, as
 * `git ls-tree` gives them without --full-tree). Submodules appear with type `commit`.
 */
export async function lsTree(cwd: string, commit: string): Promise<TreeEntry[]> {
  const out = await git(cwd, ['ls-tree', '-r', '-z', '--end-of-options', commit]);
  const entries: TreeEntry[] = [];
  for (const rec of out.split('\0')) {
    if (rec === '') continue;
    const tab = rec.indexOf('\t');
    const [mode, type, oid] = rec.slice(0, tab).split(' ');
    if (tab < 0 || !mode || !type || !oid) continue;
    entries.push({ mode, type, oid, path: rec.slice(tab + 1) });
  }
  return entries;
}

export type BlobResult =
  { readonly data: Buffer } | { readonly data?: undefined; readonly size: number; readonly missing?: boolean };

/**
 * Streams the blobs `oids` through one `git cat-file --batch` process and calls `onBlob`
 * for each, in the order asked. Blobs larger than `maxBytes` are not kept (their size is
 * reported instead); neither are missing objects.
 */
export function catFileBatch(
  cwd: string,
  oids: readonly string[],
  maxBytes: number,
  onBlob: (oid: string, blob: BlobResult) => void,
): Promise<void> {
  if (oids.length === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch', '--buffer'], {
      cwd,
      env: gitEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let stderr = '';
    let failed = false;
    const fail = (e: Error): void => {
      if (failed) return;
      failed = true;
      child.kill();
      reject(e);
    };
    child.on('error', (e: NodeJS.ErrnoException) =>
      fail(e.code === 'ENOENT' ? new GitError('git is not installed (or not on PATH)') : e),
    );
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (stderr += d));
    child.stdin.on('error', () => undefined); // EPIPE when git dies early: reported on close

    // Parser state: a header line, then `size` content bytes, then one LF.
    let header: Buffer[] = [];
    let current: { oid: string; body: Buffer | undefined; size: number; filled: number } | undefined;
    let answered = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      if (failed) return;
      let pos = 0;
      try {
        while (pos < chunk.length) {
          if (current && current.filled < current.size) {
            const take = Math.min(current.size - current.filled, chunk.length - pos);
            if (current.body) chunk.copy(current.body, current.filled, pos, pos + take);
            current.filled += take;
            pos += take;
            continue;
          }
          if (current) {
            if (chunk[pos] !== 10)
              throw new GitError('unexpected output from git cat-file: no line feed after an object');
            pos++;
            const done = current;
            current = undefined;
            answered++;
            onBlob(done.oid, done.body ? { data: done.body } : { size: done.size });
            continue;
          }
          const nl = chunk.indexOf(10, pos);
          if (nl < 0) {
            header.push(chunk.subarray(pos));
            break;
          }
          header.push(chunk.subarray(pos, nl));
          pos = nl + 1;
          const line = Buffer.concat(header).toString('utf8');
          header = [];
          const parts = line.split(' ');
          if (parts.length === 2 && parts[1] === 'missing') {
            answered++;
            onBlob(parts[0]!, { size: 0, missing: true });
            continue;
          }
          const size = Number(parts[2]);
          if (parts.length !== 3 || !Number.isSafeInteger(size) || size < 0)
            throw new GitError(`unexpected output from git cat-file: ${line.slice(0, 200)}`);
          current = { oid: parts[0]!, body: size <= maxBytes ? Buffer.allocUnsafe(size) : undefined, size, filled: 0 };
        }
      } catch (e) {
        fail(e instanceof Error ? e : new Error(String(e)));
      }
    });
    child.on('close', (code) => {
      if (failed) return;
      if (code !== 0)
        return fail(new GitError(firstLine(stderr) || `git cat-file exited with code ${code}`, stderr, code));
      if (current || answered !== oids.length)
        return fail(new GitError(`git cat-file answered ${answered} of ${oids.length} objects`, stderr));
      resolve();
    });
    child.stdin.end(`${oids.join('\n')}\n`);
  });
}

function firstLine(s: string): string {
  const line = s
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '');
  return (line ?? '').replace(/^(fatal|error): /, '');
}
