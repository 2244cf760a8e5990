import type { CancellationToken, WorkspaceHost } from '../host';
import type { TraceIndex } from '../traceIndex';
import { compareFindings, type Finding } from '../model/finding';
import { applySeverities } from '../validate/validator';
import { applyDeviations, evaluateDeviations, todayUtc, type SuppressedFinding } from './deviations';
import type { ParsedRecord } from './record';
import {
  evaluateApprovals,
  readApprovalRecords,
  verifyRecords,
  type SignatureVerifier,
  type VerificationResults,
} from './state';
import type { Deviation, ItemApprovalState } from './types';

export interface Section9Options {
  readonly verifier?: SignatureVerifier;
  readonly token?: CancellationToken;
  /** The day deviations are judged on, `YYYY-MM-DD` (default: today, UTC). */
  readonly asOf?: string;
}

export interface Section9Result {
  /** The findings that stand: the rules', approvals' and deviations', severities applied, sorted. */
  readonly findings: Finding[];
  /** Findings a deviation in force waives, sorted; never in the gate. */
  readonly suppressed: SuppressedFinding[];
  readonly approvals: ReadonlyMap<string, ItemApprovalState>;
  readonly deviations: readonly Deviation[];
}

/** What section 9 adds to a validated index, before any finding is waived. */
export interface Section9Evaluation {
  /** approval.*, deviation.expired and the deviation fields' findings, severities applied (unsorted). */
  readonly findings: readonly Finding[];
  readonly approvals: ReadonlyMap<string, ItemApprovalState>;
  /** Live deviations in ID order (`suppresses` not counted yet). */
  readonly deviations: readonly Omit<Deviation, 'suppresses'>[];
}

/** Reads and verifies the approval records: the inputs of {@link evaluateSection9}. */
export async function readSection9Inputs(
  host: WorkspaceHost,
  index: TraceIndex,
  options: Section9Options = {},
): Promise<{ records: ParsedRecord[]; verification: VerificationResults }> {
  const config = index.config.approvals;
  const records = await readApprovalRecords(host, config, options.token);
  return { records, verification: await verifyRecords(records, config, options.verifier) };
}

/**
 * SPEC section 9 as a pure function of the index, the records and their signature checks, and
 * the day: the findings approvals (and their absence) and deviations give, the approval
 * states and the deviations. The CLI and the language server both use it.
 */
export function evaluateSection9(
  index: TraceIndex,
  records: readonly ParsedRecord[],
  verification: VerificationResults,
  asOf: string,
): Section9Evaluation {
  const config = index.config.approvals;
  let approvals: ReadonlyMap<string, ItemApprovalState> = new Map();
  const added: Finding[] = [];
  if (records.length > 0 || config.require.length > 0) {
    const evaluation = evaluateApprovals(index, records, verification);
    approvals = evaluation.states;
    added.push(...evaluation.findings);
  }
  const dev = evaluateDeviations(index, approvals, asOf);
  added.push(...dev.findings);
  return {
    findings: added.length === 0 ? [] : applySeverities(added, index.config),
    approvals,
    deviations: dev.deviations,
  };
}

/**
 * SPEC section 9 over a validated index: reads the approval records, adds what they (and
 * their absence) mean, reads the deviations and takes out the findings those in force waive.
 */
export async function applySection9(
  host: WorkspaceHost,
  index: TraceIndex,
  findings: readonly Finding[],
  options: Section9Options = {},
): Promise<Section9Result> {
  const { records, verification } = await readSection9Inputs(host, index, options);
  const s9 = evaluateSection9(index, records, verification, options.asOf ?? todayUtc());
  const all = s9.findings.length === 0 ? [...findings] : [...findings, ...s9.findings].sort(compareFindings);
  const applied = applyDeviations(all, s9.deviations);
  return {
    findings: applied.findings,
    suppressed: applied.suppressed,
    approvals: s9.approvals,
    deviations: applied.deviations,
  };
}
