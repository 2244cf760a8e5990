/**
 * Which diagnostic codes a report of one check lists as rules (SARIF `tool.driver.rules`):
 * every code this workspace can get, and no other, so that a workspace which does not use a
 * section of the SPEC (evidence, approvals, risk, problem reports) reports exactly as before
 * that section existed. The one place that says why a code is left out; the formats ask here.
 */
import { DEFAULT_APPROVALS } from './approvals/types';
import { ALL_CODES, EVIDENCE_CODES, type EvidenceCode, type FixedCode } from './config/codes';
import type { CheckResult } from './engine';

/** What decides whether a code is in use; a check gives it (`codeUseOf`). */
export interface CodeUse {
  readonly check: CheckResult;
  /** SPEC 9 is in use: `approvals:` configured, a record or a deviation, or a finding of it. */
  readonly section9: boolean;
}

type Condition = (use: CodeUse) => boolean;

/** A kind that the default configuration has but keeps quiet: in use where it has items or is declared. */
const kindInUse =
  (kind: string): Condition =>
  ({ check }) => {
    const k = check.config.kindByName.get(kind);
    return k !== undefined && (k.quiet !== true || (check.summary.byKind[k.name] ?? 0) > 0);
  };
const section9: Condition = (use) => use.section9;
const evidence: Condition = ({ check }) => check.config.evidence !== undefined;

/** Codes with a condition; every other fixed code is always listed. */
const CONDITIONS: Partial<Record<FixedCode | EvidenceCode, Condition>> = {
  'anomaly.unevaluated': kindInUse('anomaly'),
  'approval.missing': section9,
  'approval.stale': section9,
  'approval.invalid': section9,
  'deviation.expired': section9,
  'risk.unacceptable': ({ check }) => check.config.risk !== undefined,
  ...Object.fromEntries(EVIDENCE_CODES.map((c) => [c, evidence])),
};

const SECTION9 = new Set<string>(['approval.missing', 'approval.stale', 'approval.invalid', 'deviation.expired']);

/** The use of a check; `findings` are every finding of the report, suppressed ones included. */
export function codeUseOf(check: CheckResult, findings: readonly { code: string }[]): CodeUse {
  return {
    check,
    section9:
      check.config.approvals !== DEFAULT_APPROVALS ||
      check.approvals.size > 0 ||
      check.deviations.length > 0 ||
      findings.some((f) => SECTION9.has(f.code)),
  };
}

/** The fixed and evidence codes listed, in the table's order (fixed codes first). */
export function reportedCodes(use: CodeUse): (FixedCode | EvidenceCode)[] {
  return [...ALL_CODES, ...EVIDENCE_CODES].filter((code) => CONDITIONS[code]?.(use) ?? true);
}
