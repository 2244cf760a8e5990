import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { SIGNATURE_NAMESPACE, type ApprovalRecord, type Signer } from '../core/approvals/types';
import { canonicalText, formatRecord, recordFileName } from '../core/approvals/record';
import { inRole } from '../core/approvals/state';
import { splitMeaning } from '../core/approvals/config';
import type { TraceIndex } from '../core/traceIndex';
import type { SignatureVerifier } from '../core/approvals/state';
import { gitOrUndefined } from './git';
import type { WorkspaceHost } from '../core/host';

/** ssh-keygen or git failed in a way the user must fix (no key, no name, ...). */
export class ApprovalError extends Error {}

/** Runs a program with `input` on stdin; resolves with its exit code and output (never rejects but for a missing program). */
function run(
  cmd: string,
  args: readonly string[],
  input: string,
  cwd?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
      env: { ...process.env, LC_ALL: 'C' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'ENOENT' ? new ApprovalError(`${cmd} is not installed (or not on PATH)`) : e),
    );
    child.on('close', (code) => resolvePromise({ code: code ?? 1, stdout, stderr }));
    child.stdin.on('error', () => undefined); // a program that exits early closes its stdin
    child.stdin.end(input);
  });
}

/** The signer from git: `user.name` and `user.email` (as git resolves them in `cwd`). */
export async function gitSigner(cwd: string): Promise<Signer> {
  const name = (await gitOrUndefined(cwd, ['config', 'user.name']))?.trim();
  const email = (await gitOrUndefined(cwd, ['config', 'user.email']))?.trim();
  if (!name || !email)
    throw new ApprovalError(
      "git config user.name and user.email must be set: an approval carries the signer's printed name and e-mail",
    );
  return { name, email };
}

/** The commit HEAD points at, or null outside a repository (or before the first commit). */
export async function headCommit(cwd: string): Promise<string | null> {
  return (await gitOrUndefined(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD']))?.trim() || null;
}

/**
 * Signs `text` with the SSH key git signs commits with (`user.signingkey`: a key file, its
 * public half with the private key in ssh-agent, or `key::ssh-...`), namespace
 * `tracespine-approval`: `ssh-keygen -Y sign`. Resolves with the armoured signature.
 */
export async function sshSign(cwd: string, text: string): Promise<string> {
  const configured = (await gitOrUndefined(cwd, ['config', 'user.signingkey']))?.trim();
  if (!configured)
    throw new ApprovalError(
      '--sign needs an SSH signing key: git config user.signingkey ~/.ssh/id_ed25519 (as for signed commits)',
    );
  let tmp: string | undefined;
  let keyFile: string;
  if (configured.startsWith('key::')) {
    tmp = mkdtempSync(join(tmpdir(), 'tracespine-sign-'));
    keyFile = join(tmp, 'key.pub');
    writeFileSync(keyFile, `${configured.slice(5)}\n`);
  } else {
    const expanded = configured.startsWith('~/') ? join(homedir(), configured.slice(2)) : configured;
    keyFile = isAbsolute(expanded) ? expanded : resolve(cwd, expanded);
  }
  try {
    const r = await run('ssh-keygen', ['-Y', 'sign', '-q', '-f', keyFile, '-n', SIGNATURE_NAMESPACE], text);
    if (r.code !== 0 || !r.stdout.includes('BEGIN SSH SIGNATURE')) {
      throw new ApprovalError(
        `ssh-keygen -Y sign failed with ${keyFile}: ${firstLine(r.stderr) || `exit code ${r.code}`}`,
      );
    }
    return r.stdout;
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

/** Verifies approval signatures with `ssh-keygen -Y verify` against the workspace's allowed-signers file. */
export function sshVerifier(root: string): SignatureVerifier {
  return {
    async verify({ text, signature, identity, namespace, allowedSigners }) {
      const dir = mkdtempSync(join(tmpdir(), 'tracespine-verify-'));
      try {
        const sig = join(dir, 'record.sig');
        writeFileSync(sig, signature);
        const file = resolve(root, allowedSigners);
        const r = await run(
          'ssh-keygen',
          ['-Y', 'verify', '-f', file, '-I', identity, '-n', namespace, '-s', sig],
          text,
        );
        if (r.code === 0) return { ok: true };
        return { ok: false, message: firstLine(r.stderr) || firstLine(r.stdout) || `ssh-keygen exit code ${r.code}` };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Writes a new file; never replaces one (`wx`). Returns false when the file exists. */
export function writeNewFile(abs: string, text: string): boolean {
  mkdirSync(resolve(abs, '..'), { recursive: true });
  try {
    writeFileSync(abs, text, { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0] ?? '';
}

/**
 * The files of `commit` below `root`, read through git (for approval records at a commit
 * that is not checked out). Paths are relative to `root`, as the working tree's are.
 */
export function gitCommitHost(root: string, commit: string): WorkspaceHost {
  return {
    async listFiles(wanted, skipDir) {
      const out = (await gitOrUndefined(root, ['ls-tree', '-r', '--name-only', '-z', commit, '--', '.'])) ?? '';
      const files = out.split('\0').filter((p) => {
        if (p === '') return false;
        const parts = p.split('/');
        for (let i = 1; i < parts.length; i++) if (skipDir(parts.slice(0, i).join('/'))) return false;
        return wanted(p);
      });
      return { files, notices: [] };
    },
    async readFile(path) {
      const text = await gitOrUndefined(root, ['cat-file', 'blob', `${commit}:./${path}`]);
      return text === undefined ? { notice: `not in ${commit}`, missing: true } : { text };
    },
  };
}

export interface ApprovalRequest {
  readonly ids: readonly string[];
  /** `approved`, or `approved:qa` (meaning and role at once). */
  readonly meaning: string;
  readonly role?: string;
  readonly statement?: string;
  readonly sign?: boolean;
  /** When given, each item must still have this fingerprint (what the user saw is what is approved). */
  readonly fingerprints?: ReadonlyMap<string, string>;
}

/** A record ready to be written: its workspace-relative file and text. */
export interface PreparedApproval {
  readonly record: ApprovalRecord;
  readonly file: string;
  readonly text: string;
}

/** UTC now, to the second: `2026-12-01T10:00:00Z`. */
function utcNow(): string {
  return `${new Date().toISOString().slice(0, 19)}Z`;
}

/**
 * The approval records `tracespine approve` (and the editor's "Approve Item…") writes: the
 * signer from git, the role checked against approvals.roles, the current fingerprint, HEAD,
 * the time, and with `sign` the SSH signature. Refusals are {@link ApprovalError}s; nothing
 * is written here (the CLI writes with writeNewFile, the editor with a WorkspaceEdit that
 * never overwrites).
 */
export async function prepareApprovals(
  root: string,
  index: TraceIndex,
  request: ApprovalRequest,
): Promise<PreparedApproval[]> {
  const approvals = index.config.approvals;
  const split = splitMeaning(request.meaning.trim());
  for (const id of request.ids) {
    const defs = index.definitions(id);
    if (defs.length === 0) throw new ApprovalError(`no item ${id}`);
    if (defs.length > 1)
      throw new ApprovalError(`${id} is defined in ${defs.length} files (${defs.map((d) => d.file).join(', ')})`);
    const want = request.fingerprints?.get(id);
    const now = index.resolve(id)!.fingerprint;
    if (want !== undefined && want !== now)
      throw new ApprovalError(`${id} changed while it was shown (fingerprint ${want}, now ${now}): look at it again`);
  }
  const signer = await gitSigner(root);
  let role = split.role ?? request.role ?? null;
  if (role === null && approvals.roles.size > 0) {
    const mine = [...approvals.roles.keys()].filter((r) => inRole(approvals, r, signer.email));
    if (mine.length === 1) role = mine[0]!;
    else if (mine.length > 1)
      throw new ApprovalError(`${signer.email} is in roles ${mine.join(', ')}: say which with --role`);
  }
  if (role !== null && approvals.roles.size > 0 && !inRole(approvals, role, signer.email)) {
    throw new ApprovalError(
      approvals.roles.has(role)
        ? `${signer.email} is not in role '${role}' (approvals.roles.${role})`
        : `role '${role}' is not in approvals.roles`,
    );
  }
  if (approvals.signatures === 'required' && request.sign !== true)
    throw new ApprovalError("approvals.signatures is 'required': approve with --sign");
  const signedAt = utcNow();
  const commit = await headCommit(root);
  const out: PreparedApproval[] = [];
  for (const id of request.ids) {
    const item = index.resolve(id)!;
    const unsigned: ApprovalRecord = {
      item: item.id,
      fingerprint: item.fingerprint,
      meaning: split.meaning,
      signer,
      role,
      signed_at: signedAt,
      commit,
      statement: request.statement ?? null,
    };
    const record =
      request.sign === true ? { ...unsigned, signature: await sshSign(root, canonicalText(unsigned)) } : unsigned;
    out.push({ record, file: `${approvals.dir}/${recordFileName(record)}`, text: formatRecord(record) });
  }
  return out;
}

/** Whether git has a signing key configured (the editor offers signing then). */
export async function canSign(cwd: string): Promise<boolean> {
  return ((await gitOrUndefined(cwd, ['config', 'user.signingkey']))?.trim() ?? '') !== '';
}
