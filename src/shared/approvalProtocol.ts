/**
 * Approval requests between the language server and the editor (SPEC section 9): what an
 * item's approval would cover, the record to write, and the item's text as it was approved.
 * Typed descriptors (method, params and result together). No `vscode`, no Node.
 */
import { RequestType } from 'vscode-languageserver-protocol';

/** `tracespine/approvalInfo`: exactly what approving `id` now would cover, and the choices the policy gives. */
export interface ApprovalInfoParams {
  id: string;
}
export interface ApprovalInfoResult {
  id: string;
  title: string;
  kind: string;
  status: string;
  /** The current fingerprint: the approval is bound to it. */
  fingerprint: string;
  /** Workspace-relative file of the item. */
  file: string;
  /** The item's text (its file as the editor has it). */
  text: string;
  /** Meanings to offer, `meaning` or `meaning:role`: the policy's required ones for the item first (those still missing first of all). */
  meanings: string[];
  /** The roles of approvals.roles. */
  roles: string[];
  /** The signer from git (null: user.name/user.email not set). */
  signer: { name: string; email: string } | null;
  /** The roles approvals.roles lists the signer in. */
  signerRoles: string[];
  /** git has a signing key (user.signingkey). */
  canSign: boolean;
  signaturesRequired: boolean;
  /** The approvals dir (where the record goes). */
  dir: string;
}
export const ApprovalInfoRequest = new RequestType<ApprovalInfoParams, ApprovalInfoResult, void>(
  'tracespine/approvalInfo',
);

/**
 * `tracespine/prepareApproval`: the record approving `id` as shown (its fingerprint must still be
 * `fingerprint`), built by the CLI's own code. The server writes nothing: the client creates
 * the file, never over an existing one.
 */
export interface PrepareApprovalParams {
  id: string;
  fingerprint: string;
  meaning: string;
  role?: string;
  statement?: string;
  sign?: boolean;
}
export interface PrepareApprovalResult {
  /** Workspace-relative path of the new record. */
  file: string;
  text: string;
  /** "REQ-1 (fingerprint 9f2c41d0) 'approved' by Alice Example <alice@example.com> as qa, 2026-12-01T10:00:00Z". */
  description: string;
}
export const PrepareApprovalRequest = new RequestType<PrepareApprovalParams, PrepareApprovalResult, void>(
  'tracespine/prepareApproval',
);

/** `tracespine/approvedText`: the item's file as it was when its text had `fingerprint`, from git. */
export interface ApprovedTextParams {
  id: string;
  fingerprint: string;
  /** The approval record's commit, tried first. */
  commit?: string | null;
}
export interface ApprovedTextResult {
  /** Workspace-relative file of the item now. */
  file: string;
  /** The file's text at that commit; null when no commit in the bounded walk has that fingerprint. */
  text: string | null;
  commit: string | null;
  /** Why there is no text, when there is none. */
  message?: string;
}
export const ApprovedTextRequest = new RequestType<ApprovedTextParams, ApprovedTextResult, void>(
  'tracespine/approvedText',
);
