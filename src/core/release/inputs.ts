/**
 * What the matrix and the release packet take from the other design-control sections
 * (SPEC 8 evidence, 9 approvals and deviations, 12 problem reports). Each part is optional:
 * until the engine provides it, the matrix leaves its column empty and the packet says
 * "not configured" in that section and file, and the gate does not count it. See
 * docs/release.md ("Inputs from the other sections").
 */

/** SPEC 8: an item's verification status. */
export type VerificationStatus = 'passed' | 'failed' | 'stale' | 'skipped' | 'missing' | 'none';

export interface EvidenceInput {
  /** The verification status of an item, or undefined where none applies. */
  readonly status: (id: string) => VerificationStatus | undefined;
  /** Written as evidence.json (any JSON value; keys in a fixed order, for byte-identical packets). */
  readonly json: unknown;
  /** Items with failed, and with stale, evidence: the gate fails on either. */
  readonly failed: number;
  readonly stale: number;
}

/** SPEC 9: one approval record as the packet prints it. */
export interface ApprovalRow {
  readonly item: string;
  readonly fingerprint: string;
  readonly meaning: string;
  /** The printed name of the signer. */
  readonly name: string;
  readonly email: string;
  readonly role: string;
  /** UTC, ISO 8601. */
  readonly signedAt: string;
  readonly commit: string;
  readonly signed: boolean;
  /** valid, stale (the item changed since) or invalid. */
  readonly state: string;
}

export interface ApprovalsInput {
  readonly records: readonly ApprovalRow[];
  /** Required approvals missing, and stale: the gate fails on either. */
  readonly missing: number;
  readonly stale: number;
}

/** SPEC 9: one deviation. */
export interface DeviationRow {
  readonly id: string;
  readonly title: string;
  /** `code: ID, ID; code: ID` */
  readonly waives: string;
  readonly justification: string;
  readonly owner: string;
  readonly expires: string;
  /** in-force, expired or unapproved. */
  readonly state: string;
  /** Findings it suppresses. */
  readonly suppressed: number;
}

export interface DeviationsInput {
  readonly deviations: readonly DeviationRow[];
  /** Expired deviations: the gate fails on any. */
  readonly expired: number;
  /** Findings suppressed by deviations in force (MANIFEST gate.suppressed). */
  readonly suppressed: number;
}

/** SPEC 12: one open or deferred problem report, a known residual anomaly of the release. */
export interface AnomalyRow {
  readonly id: string;
  readonly title: string;
  readonly severity: string;
  readonly state: string;
  readonly safetyEvaluation: string;
  readonly affects: readonly string[];
}

export interface AnomaliesInput {
  readonly open: readonly AnomalyRow[];
  /** Open or deferred anomalies without a safety evaluation: the gate fails on any. */
  readonly unevaluated: number;
}

/** Everything the sections 8, 9 and 12 give the matrix and the packet; absent parts are "not configured". */
export interface ReleaseInputs {
  readonly evidence?: EvidenceInput;
  readonly approvals?: ApprovalsInput;
  readonly deviations?: DeviationsInput;
  readonly anomalies?: AnomaliesInput;
}

export const NOT_CONFIGURED = 'not configured';
