import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeApproval } from '../core/approvals/state';
import { splitMeaning } from '../core/approvals/config';
import type { ApprovalEntry, ItemApprovalState } from '../core/approvals/types';
import { checkWorkspace, type CheckResult } from '../core/engine';
import { NodeFsHost, readTextFile } from '../node/fsHost';
import { ApprovalError, prepareApprovals, sshVerifier, writeNewFile } from '../node/approvals';
import { oneOf, parseArgs, UsageError } from './args';
import type { CommandOutput } from './check';
import { displayPath } from './format/paths';

export const APPROVE_HELP = `Usage: tracespine approve ID... --meaning M [--role R] [--statement S] [--sign] [--root DIR] [--config FILE]

Records an approval of each item's current text: one new YAML file per item in
approvals.dir (default .tracespine/approvals), bound to the item's fingerprint, signed
by git's user.name and user.email, at the current UTC time and commit. Never rewrites
or replaces a record. Commit the files it writes.

Options:
  --meaning M      what the signature means, e.g. approved, reviewed (or approved:qa for
                   meaning and role at once)
  --role R         the role the signer signs in (default: the one role of approvals.roles
                   that lists the signer's e-mail, if exactly one does)
  --statement S    a statement recorded with the approval
  --sign           sign the record with git's SSH signing key (ssh-keygen -Y sign,
                   namespace tracespine-approval)
  --root DIR       the workspace (default: the current directory)
  --config FILE    configuration file (default: ROOT/tracespine.yaml)
  -h, --help       show this help

Exit codes: 0 written, 1 refused (nothing written: unknown item, signer not in the role,
signature required), 2 usage, configuration or internal error.
`;

export const APPROVALS_HELP = `Usage: tracespine approvals [ROOT] [--format text|json] [--config FILE]

Lists every item's approval state: who approved it, when and as what (signature verified,
unverified or absent), approvals that an edit made stale, and required approvals that are
missing, with any invalid record. Never writes a file.

Options:
  --format FORMAT  text (default) or json
  --config FILE    configuration file (default: ROOT/tracespine.yaml)
  -h, --help       show this help

Exit codes: 0 listed, 2 usage, configuration or internal error.
`;

function workspaceRoot(cwd: string, dir: string | true | undefined): string {
  if (dir === true) throw new UsageError('--root needs a directory');
  const root = resolve(cwd, dir ?? '.');
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`'${dir ?? '.'}' is not a directory`);
  return root;
}

/** Runs the check the approval state comes from, with signatures verified by ssh-keygen. */
async function checkFor(root: string, config: string | true | undefined, cwd: string): Promise<CheckResult> {
  let configText: string | undefined;
  let configFile: string | undefined;
  if (config === true) throw new UsageError('--config needs a file');
  if (config !== undefined) {
    const read = readTextFile(resolve(cwd, config));
    if (read.text === undefined) throw new UsageError(`--config ${config}: ${read.notice}`);
    configText = read.text;
    configFile = config;
  }
  const host = new NodeFsHost(root);
  try {
    return await checkWorkspace(host, {
      verifier: sshVerifier(root),
      ...(configText !== undefined ? { configText, configFile } : {}),
    });
  } finally {
    host.dispose();
  }
}

function configProblem(result: CheckResult): CommandOutput {
  const f = result.findings[0]!;
  const where = `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
  return {
    stdout: '',
    stderr: `tracespine: ${where}: invalid configuration: ${f.message} (run 'tracespine check' for every problem)\n`,
    exitCode: 2,
  };
}

function refuse(message: string): CommandOutput {
  return { stdout: '', stderr: `tracespine: ${message}; nothing written\n`, exitCode: 1 };
}

export async function runApprove(argv: readonly string[], cwd = process.cwd()): Promise<CommandOutput> {
  const spec = {
    meaning: 'value',
    role: 'value',
    statement: 'value',
    sign: 'flag',
    root: 'value',
    config: 'value',
    help: 'flag',
    h: 'flag',
  } as const;
  const args = parseArgs(argv, spec);
  if (args.options.has('help') || args.options.has('h')) return { stdout: APPROVE_HELP, stderr: '', exitCode: 0 };
  const ids = args.positional;
  if (ids.length === 0) throw new UsageError('approve needs at least one item ID');
  const meaningOpt = args.options.get('meaning');
  if (typeof meaningOpt !== 'string' || meaningOpt.trim() === '')
    throw new UsageError('approve needs --meaning M (e.g. approved, reviewed)');
  const split = splitMeaning(meaningOpt.trim());
  const roleOpt = args.options.get('role');
  if (roleOpt === true) throw new UsageError('--role needs a role name');
  if (split.role !== null && roleOpt !== undefined && roleOpt !== split.role)
    throw new UsageError(`--meaning ${meaningOpt} and --role ${roleOpt} name different roles`);
  const statementOpt = args.options.get('statement');
  if (statementOpt === true) throw new UsageError('--statement needs a text');
  const root = workspaceRoot(cwd, args.options.get('root'));
  const result = await checkFor(root, args.options.get('config'), cwd);
  if (result.configInvalid) return configProblem(result);
  let prepared;
  try {
    prepared = await prepareApprovals(root, result.index, {
      ids,
      meaning: meaningOpt,
      ...(typeof roleOpt === 'string' ? { role: roleOpt } : {}),
      ...(typeof statementOpt === 'string' ? { statement: statementOpt } : {}),
      sign: args.options.has('sign'),
    });
  } catch (e) {
    if (e instanceof ApprovalError) return refuse(e.message);
    throw e;
  }
  const lines: string[] = [];
  const errors: string[] = [];
  for (const { record: r, file: rel, text } of prepared) {
    const shown = displayPath(root, rel, cwd);
    if (!writeNewFile(join(root, rel), text)) {
      errors.push(`tracespine: ${shown} exists; not overwritten (approve again in a second)\n`);
      continue;
    }
    const who = `${r.signer.name} <${r.signer.email}>${r.role ? ` as ${r.role}` : ''}`;
    lines.push(
      `wrote ${shown}: ${r.item} (fingerprint ${r.fingerprint}) '${r.meaning}' by ${who}, ${r.signed_at}${r.signature ? ', signed' : ''}`,
    );
  }
  return { stdout: lines.map((l) => `${l}\n`).join(''), stderr: errors.join(''), exitCode: errors.length > 0 ? 1 : 0 };
}

function entryJson(e: ApprovalEntry): Record<string, unknown> {
  return {
    meaning: e.meaning,
    signer: e.signer,
    role: e.role,
    signed_at: e.signed_at,
    fingerprint: e.fingerprint,
    commit: e.commit,
    statement: e.statement,
    file: e.file,
    signature: e.signature,
  };
}

/** The `tracespine approvals --format json` report (version 1). */
export function approvalsJson(result: CheckResult, root: string): string {
  const items = [...result.approvals.values()].map((s: ItemApprovalState) => ({
    id: s.item,
    fingerprint: s.fingerprint,
    approvals: s.approvals.map(entryJson),
    missing: s.missing,
    stale: s.stale.map(entryJson),
    required: s.required.map((r) => ({ meaning: r.meaning, state: r.state, ...(r.by ? { by: entryJson(r.by) } : {}) })),
  }));
  const invalid = result.findings
    .filter((f) => f.code === 'approval.invalid')
    .map((f) => ({
      file: f.file,
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      message: f.message,
      ...(f.itemId ? { itemId: f.itemId } : {}),
    }));
  return `${JSON.stringify({ version: 1, root, items, invalid }, null, 2)}\n`;
}

export function approvalsText(result: CheckResult, root: string, cwd: string): string {
  const out: string[] = [];
  for (const s of result.approvals.values()) {
    out.push(`${s.item} (fingerprint ${s.fingerprint})`);
    for (const e of s.approvals)
      out.push(`  ${describeApproval(e)} [${e.signature}] ${displayPath(root, e.file, cwd)}`);
    for (const e of s.stale)
      out.push(
        `  stale: changed since ${describeApproval(e)} (approved ${e.fingerprint}) ${displayPath(root, e.file, cwd)}`,
      );
    for (const m of s.missing) out.push(`  missing: ${m}`);
  }
  for (const f of result.findings) {
    if (f.code !== 'approval.invalid') continue;
    out.push(
      `${displayPath(root, f.file, cwd)}:${f.range.start.line + 1}:${f.range.start.character + 1}: invalid: ${f.message}`,
    );
  }
  if (out.length === 0) out.push('No approvals recorded and none required.');
  return `${out.join('\n')}\n`;
}

export async function runApprovals(argv: readonly string[], cwd = process.cwd()): Promise<CommandOutput> {
  const args = parseArgs(argv, { format: 'value', config: 'value', help: 'flag', h: 'flag' });
  if (args.options.has('help') || args.options.has('h')) return { stdout: APPROVALS_HELP, stderr: '', exitCode: 0 };
  if (args.positional.length > 1) throw new UsageError(`expected at most one ROOT, got ${args.positional.length}`);
  const format = oneOf(args.options.get('format'), ['text', 'json'] as const, 'format', 'text');
  const root = workspaceRoot(cwd, args.positional[0]);
  const result = await checkFor(root, args.options.get('config'), cwd);
  if (result.configInvalid) return configProblem(result);
  return {
    stdout: format === 'json' ? approvalsJson(result, root) : approvalsText(result, root, cwd),
    stderr: '',
    exitCode: 0,
  };
}
