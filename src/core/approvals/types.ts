/**
 * Approvals, deviations and change control (SPEC section 9): the configuration as the
 * engine uses it, and the state it derives. Plain data, no Node, no editor.
 */

/** One `approvals.require` rule: items of `kind` at one of `statuses` need every meaning in `meanings`. */
export interface ApprovalRule {
  readonly kind: string;
  readonly statuses: readonly string[];
  /** `approved:qa` (meaning `approved`, by someone in role `qa`) or `approved` (any role). */
  readonly meanings: readonly string[];
  /** Each meaning of the rule by a different signer (by e-mail). */
  readonly distinct: boolean;
}

export interface ApprovalsConfig {
  /** Workspace-relative folder of the record files, without a trailing `/`. */
  readonly dir: string;
  /** Workspace-relative ssh-keygen allowed-signers file; null: signatures are not verified. */
  readonly allowedSigners: string | null;
  readonly signatures: 'optional' | 'required';
  /** role -> e-mail addresses of its members (compared case-insensitively). */
  readonly roles: ReadonlyMap<string, readonly string[]>;
  readonly require: readonly ApprovalRule[];
}

/** One `changes` class: the first whose `when` matches a change classifies it. */
export interface ChangeClassRule {
  readonly class: string;
  /** Matches when a changed item is of one of these kinds (absent: any kind). */
  readonly kinds?: readonly string[];
  /** Matches when the highest severity touched is at least this (absent: any, none included). */
  readonly severityAtLeast?: string;
  /** Approvals every changed item needs for its current fingerprint, e.g. `reviewed:risk-manager`. */
  readonly require: readonly string[];
}

export const DEFAULT_APPROVALS: ApprovalsConfig = {
  dir: '.tracespine/approvals',
  allowedSigners: null,
  signatures: 'optional',
  roles: new Map(),
  require: [],
};

/** The namespace of every approval signature (`ssh-keygen -Y sign -n`). */
export const SIGNATURE_NAMESPACE = 'tracespine-approval';

export interface Signer {
  readonly name: string;
  readonly email: string;
}

/** An approval record as written in its file (every field but the signature is signed). */
export interface ApprovalRecord {
  readonly item: string;
  readonly fingerprint: string;
  readonly meaning: string;
  readonly signer: Signer;
  readonly role: string | null;
  /** UTC, `YYYY-MM-DDTHH:MM:SSZ`. */
  readonly signed_at: string;
  readonly commit: string | null;
  readonly statement: string | null;
  /** The armoured SSH signature (`-----BEGIN SSH SIGNATURE-----` ...), when signed. */
  readonly signature?: string;
}

/** A valid approval as the state shows it. */
export interface ApprovalEntry {
  readonly meaning: string;
  readonly signer: Signer;
  readonly role: string | null;
  readonly signed_at: string;
  readonly fingerprint: string;
  readonly commit: string | null;
  readonly statement: string | null;
  /** The record file, workspace-relative. */
  readonly file: string;
  /** `verified`: the signature verifies against allowed_signers; `unverified`: signed, not checked; `unsigned`. */
  readonly signature: 'verified' | 'unverified' | 'unsigned';
}

/** What one required meaning of an item has: an approval of the current text, only older ones, or none. */
export interface RequiredApproval {
  /** The meaning as the rule names it, e.g. `approved:qa`. */
  readonly meaning: string;
  readonly state: 'approved' | 'stale' | 'missing';
  /** The approval that gives it (`approved`), or the latest one of an older fingerprint (`stale`). */
  readonly by?: ApprovalEntry;
}

/** An item's approval state. Lists are sorted by `signed_at`, then file. */
export interface ItemApprovalState {
  readonly item: string;
  readonly fingerprint: string;
  /** Valid approvals of the current fingerprint. */
  readonly approvals: readonly ApprovalEntry[];
  /** Required meanings without any approval (`approved:qa`, ...). */
  readonly missing: readonly string[];
  /** Valid approvals of an older fingerprint that no approval of the current one replaces. */
  readonly stale: readonly ApprovalEntry[];
  /** Each meaning the policy requires of the item at its status, in the rule's order. */
  readonly required: readonly RequiredApproval[];
}

/** A deviation item as the engine reads it. */
export interface Deviation {
  readonly id: string;
  readonly file: string;
  readonly title: string;
  readonly waives: readonly { readonly code: string; readonly items: readonly string[] }[];
  readonly justification: string;
  readonly owner: string;
  /** `YYYY-MM-DD`. */
  readonly expires: string;
  readonly approved: boolean;
  readonly expired: boolean;
  /** Approved and unexpired: it suppresses the findings it waives. */
  readonly inForce: boolean;
  /** How many findings it suppresses now. */
  readonly suppresses: number;
}
