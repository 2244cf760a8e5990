import type { CancellationToken, WorkspaceHost } from '../host';
import type { TraceIndex } from '../index/traceIndex';
import { compareFindings, type Finding } from '../model/finding';
import { applySeverities } from '../validate/index';
import { evaluateApprovals, readApprovalRecords, verifyRecords, type SignatureVerifier } from './state';
import type { ItemApprovalState } from './types';

export interface Section9Options {
  readonly verifier?: SignatureVerifier;
  readonly token?: CancellationToken;
}

export interface Section9Result {
  /** Every finding: the rules' and approvals', severities applied, sorted. */
  readonly findings: Finding[];
  readonly approvals: ReadonlyMap<string, ItemApprovalState>;
}

/** Reads the approval records and adds what they (and their absence) mean to the rules' findings. */
export async function addApprovalFindings(host: WorkspaceHost, index: TraceIndex, findings: readonly Finding[], options: Section9Options = {}): Promise<Section9Result> {
  const config = index.config.approvals;
  const records = await readApprovalRecords(host, config, options.token);
  if (records.length === 0 && config.require.length === 0) return { findings: [...findings], approvals: new Map() };
  const verification = await verifyRecords(records, config, options.verifier);
  const evaluation = evaluateApprovals(index, records, verification);
  if (evaluation.findings.length === 0) return { findings: [...findings], approvals: evaluation.states };
  const all = [...findings, ...applySeverities(evaluation.findings, index.config)].sort(compareFindings);
  return { findings: all, approvals: evaluation.states };
}
