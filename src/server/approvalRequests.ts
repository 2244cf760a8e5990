/** The approval requests (src/shared/approvalProtocol.ts): what an approval covers, the record, the approved text. */
import { LSPErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import { splitMeaning } from '../core/approvals';
import type { WorkspaceState } from '../core/services/workspaceView';
import { ApprovalError, canSign, gitSigner, prepareApprovals } from '../node/approvals';
import { inRole } from '../core/approvals';
import { findApprovedText } from '../node/approvedText';
import {
  ApprovalInfoRequest,
  ApprovedTextRequest,
  PrepareApprovalRequest,
  type ApprovalInfoParams,
  type ApprovalInfoResult,
  type ApprovedTextParams,
  type ApprovedTextResult,
  type PrepareApprovalParams,
  type PrepareApprovalResult,
} from '../shared/approvalProtocol';
import type { Workspace } from './workspace';

function failed(message: string): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestFailed, message);
}

async function need(ws: Workspace): Promise<{ st: WorkspaceState; root: string }> {
  const st = await ws.current();
  const root = ws.mapper?.root;
  if (!st || !root) throw failed('no workspace folder is open');
  if (st.configInvalid) throw failed('tracespine.yaml is invalid: fix it first');
  return { st, root };
}

function itemOf(st: WorkspaceState, id: unknown) {
  if (typeof id !== 'string') throw failed('the request needs { id: string }');
  const defs = st.index.definitions(id);
  if (defs.length === 0) throw failed(`no item ${id}`);
  if (defs.length > 1) throw failed(`${id} is defined in ${defs.length} files (${defs.map((d) => d.file).join(', ')})`);
  return st.index.resolve(id)!;
}

export async function approvalInfo(ws: Workspace, p: ApprovalInfoParams): Promise<ApprovalInfoResult> {
  const { st, root } = await need(ws);
  const item = itemOf(st, p?.id);
  const config = st.config.approvals;
  const state = ws.approvals.state(item.id);
  const meanings: string[] = [];
  const add = (m: string): void => {
    if (!meanings.includes(m)) meanings.push(m);
  };
  for (const m of state?.missing ?? []) add(m);
  for (const r of state?.required ?? []) add(r.meaning);
  for (const rule of config.require) if (rule.kind === item.kind) for (const m of rule.meanings) add(m);
  for (const rule of config.require) for (const m of rule.meanings) add(splitMeaning(m).meaning);
  add('approved');
  add('reviewed');
  let signer: { name: string; email: string } | null = null;
  try {
    signer = await gitSigner(root);
  } catch (e) {
    if (!(e instanceof ApprovalError)) throw e;
  }
  const roles = [...config.roles.keys()];
  return {
    id: item.id,
    title: item.title,
    kind: item.kind,
    status: item.status,
    fingerprint: item.fingerprint,
    file: item.file,
    text: ws.textOf(item.file) ?? '',
    meanings,
    roles,
    signer,
    signerRoles: signer ? roles.filter((r) => inRole(config, r, signer.email)) : [],
    canSign: await canSign(root),
    signaturesRequired: config.signatures === 'required',
    dir: config.dir,
  };
}

export async function prepareApproval(ws: Workspace, p: PrepareApprovalParams): Promise<PrepareApprovalResult> {
  const { st, root } = await need(ws);
  const item = itemOf(st, p?.id);
  if (typeof p.fingerprint !== 'string' || typeof p.meaning !== 'string' || p.meaning.trim() === '')
    throw failed('tracespine/prepareApproval needs { id, fingerprint, meaning }');
  try {
    const [r] = await prepareApprovals(root, st.index, {
      ids: [item.id],
      meaning: p.meaning,
      ...(typeof p.role === 'string' && p.role !== '' ? { role: p.role } : {}),
      ...(typeof p.statement === 'string' && p.statement.trim() !== '' ? { statement: p.statement.trim() } : {}),
      sign: p.sign === true,
      fingerprints: new Map([[item.id, p.fingerprint]]),
    });
    const rec = r!.record;
    const who = `${rec.signer.name} <${rec.signer.email}>${rec.role ? ` as ${rec.role}` : ''}`;
    return {
      file: r!.file,
      text: r!.text,
      description: `${rec.item} (fingerprint ${rec.fingerprint}) '${rec.meaning}' by ${who}, ${rec.signed_at}${rec.signature ? ', signed' : ''}`,
    };
  } catch (e) {
    if (e instanceof ApprovalError) throw failed(e.message);
    throw e;
  }
}

export async function approvedText(ws: Workspace, p: ApprovedTextParams): Promise<ApprovedTextResult> {
  const { st, root } = await need(ws);
  const item = itemOf(st, p?.id);
  if (typeof p.fingerprint !== 'string' || !/^[0-9a-f]{8}$/.test(p.fingerprint))
    throw failed('tracespine/approvedText needs { id, fingerprint: 8 hex digits }');
  const found = await findApprovedText(root, st.config, item.file, item.id, p.fingerprint, p.commit);
  return found
    ? { file: item.file, text: found.text, commit: found.commit }
    : {
        file: item.file,
        text: null,
        commit: null,
        message: `no commit of ${item.file} (of the last 200) has ${item.id} at fingerprint ${p.fingerprint}`,
      };
}

export function registerApprovalRequests(connection: Connection, ws: Workspace): void {
  connection.onRequest(ApprovalInfoRequest, (p: ApprovalInfoParams) => approvalInfo(ws, p));
  connection.onRequest(PrepareApprovalRequest, (p: PrepareApprovalParams) => prepareApproval(ws, p));
  connection.onRequest(ApprovedTextRequest, (p: ApprovedTextParams) => approvedText(ws, p));
}
