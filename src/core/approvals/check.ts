import type { CancellationToken, WorkspaceHost } from '../host';
import type { TraceIndex } from '../traceIndex';
import { compareFindings, type Finding } from '../model/finding';
import { applySeverities } from '../validate/validator';
import { applyDeviations, evaluateDeviations, todayUtc, type SuppressedFinding } from './deviations';
import { evaluateApprovals, readApprovalRecords, verifyRecords, type SignatureVerifier } from './state';
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
  const config = index.config.approvals;
  const records = await readApprovalRecords(host, config, options.token);
  let approvals: ReadonlyMap<string, ItemApprovalState> = new Map();
  const added: Finding[] = [];
  if (records.length > 0 || config.require.length > 0) {
    const evaluation = evaluateApprovals(index, records, await verifyRecords(records, config, options.verifier));
    approvals = evaluation.states;
    added.push(...evaluation.findings);
  }
  const dev = evaluateDeviations(index, approvals, options.asOf ?? todayUtc());
  added.push(...dev.findings);
  const all =
    added.length === 0 ? [...findings] : [...findings, ...applySeverities(added, index.config)].sort(compareFindings);
  const applied = applyDeviations(all, dev.deviations);
  return { findings: applied.findings, suppressed: applied.suppressed, approvals, deviations: applied.deviations };
}
