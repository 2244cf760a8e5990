/**
 * "Approve Item…" and the diff since an approval (SPEC section 9 in the editor): thin commands
 * over the server's requests (src/shared/approvalProtocol.ts). The record is built by the
 * CLI's own code in the server; the editor creates its file, never over an existing one.
 */
import * as vscode from 'vscode';
import {
  ApprovalInfoRequest,
  ApprovedTextRequest,
  PrepareApprovalRequest,
  type ApprovalInfoResult,
} from '../shared/approvalProtocol';
import { Commands } from '../shared/commands';
import { toRelative, toUri } from './paths';
import type { TracespineService } from './service';

/** The read-only documents of approved texts: `tracespine-approved:/<file>?<commit>`. */
export const APPROVED_SCHEME = 'tracespine-approved';

/** Arguments a caller (a lens, a test, a keybinding) may pass instead of answering the prompts. */
export interface ApproveArgs {
  id?: string;
  meaning?: string;
  role?: string;
  statement?: string;
  sign?: boolean;
  /** The caller confirmed already: no modal question. */
  confirmed?: boolean;
}

export function registerApprovalCommands(svc: TracespineService): vscode.Disposable[] {
  const texts = new Map<string, string>();
  const provider: vscode.TextDocumentContentProvider = {
    provideTextDocumentContent: (uri) => texts.get(uri.toString()) ?? '',
  };
  return [
    vscode.workspace.registerTextDocumentContentProvider(APPROVED_SCHEME, provider),
    vscode.commands.registerCommand(Commands.approveItem, (arg?: unknown) => run(() => approveItem(svc, arg))),
    vscode.commands.registerCommand(Commands.showApprovalDiff, (arg?: unknown) =>
      run(() => showApprovalDiff(svc, arg, texts)),
    ),
  ];
}

async function run<T>(f: () => Promise<T>): Promise<T | undefined> {
  try {
    return await f();
  } catch (e) {
    void vscode.window.showErrorMessage(`Tracespine: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

/** The ID the argument names (a string, `{id}`, a tree node `{item: {id}}`), else the active editor's item. */
function itemIdOf(svc: TracespineService, arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const a = arg as { id?: unknown; item?: { id?: unknown } } | undefined;
  if (typeof a?.id === 'string') return a.id;
  if (typeof a?.item?.id === 'string') return a.item.id;
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  return uri ? svc.itemsInFile(uri)[0]?.id : undefined;
}

/** What the confirmation shows: exactly what the signature will cover. */
export function approvalSummary(info: ApprovalInfoResult, meaning: string, role: string | undefined): string {
  const body = info.text.length > 1500 ? `${info.text.slice(0, 1500)}\n…` : info.text;
  return [
    `${info.id} — ${info.title}`,
    `Fingerprint ${info.fingerprint} (${info.file}, status ${info.status})`,
    `Meaning: ${meaning}${role ? `, as ${role}` : ''}`,
    `Signer: ${info.signer ? `${info.signer.name} <${info.signer.email}>` : 'git user.name/user.email not set'}`,
    '',
    body,
  ].join('\n');
}

/** Returns the workspace-relative path of the record written, or undefined when cancelled. */
async function approveItem(svc: TracespineService, arg: unknown): Promise<string | undefined> {
  const args = (typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri) ? arg : {}) as ApproveArgs;
  const id = itemIdOf(svc, arg);
  if (!id) throw new Error('open a design item (or name one) to approve.');
  const info = await svc.request(ApprovalInfoRequest, { id });
  if (!info.signer)
    throw new Error("git config user.name and user.email must be set: an approval carries the signer's printed name");
  let meaning = args.meaning;
  if (meaning === undefined) {
    const pick = await vscode.window.showQuickPick(
      info.meanings.map((m) => ({ label: m, description: m.includes(':') ? 'meaning:role' : 'meaning' })),
      {
        title: `Approve ${info.id} (fingerprint ${info.fingerprint}): what does the signature mean?`,
        ignoreFocusOut: true,
      },
    );
    if (!pick) return undefined;
    meaning = pick.label;
  }
  let role = args.role ?? (meaning.includes(':') ? undefined : undefined);
  if (role === undefined && !meaning.includes(':') && info.roles.length > 0 && args.meaning === undefined) {
    const choices = info.signerRoles.length > 0 ? info.signerRoles : info.roles;
    if (choices.length === 1) role = choices[0];
    else {
      const pick = await vscode.window.showQuickPick(choices, {
        title: `Sign ${info.id} as which role?`,
        ignoreFocusOut: true,
      });
      if (!pick) return undefined;
      role = pick;
    }
  }
  let sign = args.sign;
  if (sign === undefined) {
    if (info.signaturesRequired) sign = true;
    else if (info.canSign && args.meaning === undefined) {
      const pick = await vscode.window.showQuickPick(['Sign with my SSH key (ssh-keygen)', 'Do not sign'], {
        title: 'Sign the record?',
        ignoreFocusOut: true,
      });
      if (!pick) return undefined;
      sign = pick.startsWith('Sign');
    } else sign = false;
  }
  if (!args.confirmed) {
    const answer = await vscode.window.showWarningMessage(
      `Approve ${info.id}?`,
      { modal: true, detail: approvalSummary(info, meaning, role) },
      'Approve',
    );
    if (answer !== 'Approve') return undefined;
  }
  const prepared = await svc.request(PrepareApprovalRequest, {
    id: info.id,
    fingerprint: info.fingerprint,
    meaning,
    ...(role !== undefined ? { role } : {}),
    ...(args.statement !== undefined ? { statement: args.statement } : {}),
    sign,
  });
  const uri = toUri(prepared.file);
  if (!uri) throw new Error('no workspace folder is open');
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { overwrite: false, ignoreIfExists: false, contents: new TextEncoder().encode(prepared.text) });
  if (!(await vscode.workspace.applyEdit(edit)))
    throw new Error(`${prepared.file} could not be created (it may exist: records are never overwritten)`);
  void vscode.window.showInformationMessage(`Tracespine: wrote ${prepared.file}: ${prepared.description}`);
  return prepared.file;
}

/** Opens a diff: the item's file as approved (from git) against the file now. */
async function showApprovalDiff(
  svc: TracespineService,
  arg: unknown,
  texts: Map<string, string>,
): Promise<string | undefined> {
  const a = arg as { id?: unknown; fingerprint?: unknown; commit?: unknown } | undefined;
  if (typeof a?.id !== 'string' || typeof a.fingerprint !== 'string')
    throw new Error('the approval diff needs { id, fingerprint } (use the lens of a stale approval)');
  const r = await svc.request(ApprovedTextRequest, {
    id: a.id,
    fingerprint: a.fingerprint,
    ...(typeof a.commit === 'string' ? { commit: a.commit } : {}),
  });
  const now = toUri(r.file);
  if (r.text === null || !now) {
    void vscode.window.showInformationMessage(`Tracespine: ${r.message ?? 'the approved text is not in git'}`);
    return undefined;
  }
  const left = vscode.Uri.from({ scheme: APPROVED_SCHEME, path: `/${r.file}`, query: r.commit ?? '' });
  texts.set(left.toString(), r.text);
  const rel = toRelative(now) ?? r.file;
  await vscode.commands.executeCommand(
    'vscode.diff',
    left,
    now,
    `${a.id}: approved (${a.fingerprint}, ${r.commit?.slice(0, 8) ?? '?'}) ↔ now — ${rel}`,
  );
  return left.toString();
}
