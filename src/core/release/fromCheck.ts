/**
 * The release inputs of SPEC sections 8, 9 and 12, taken from the check at the released
 * commit: evidence where it is configured (or --results given), approvals where a policy or
 * a record exists, deviations and open problem reports where the design has any. A part the
 * workspace does not use stays absent, and the packet says "not configured" for it.
 */
import { DEFAULT_APPROVALS } from '../approvals/types';
import { openAnomalies } from '../anomaly/anomalies';
import type { CheckResult } from '../engine';
import { verificationOf, type EvidenceState } from '../evidence/state';
import { compareIds } from '../traceIndex';
import type { ApprovalRow, EvidenceInput, ReleaseInputs } from './inputs';

/** The evidence part of the inputs, from the engine's evidence state (the CLI's check or the server's). */
export function evidenceInputOf(evidence: EvidenceState): EvidenceInput {
  const json: Record<string, unknown> = {};
  for (const id of [...evidence.verification.keys()].sort(compareIds)) json[id] = verificationOf(evidence, id);
  return {
    status: (id) => {
      const s = verificationOf(evidence, id).status;
      return s === 'none' ? undefined : s;
    },
    json: { counts: evidence.counts, items: json },
    failed: evidence.counts.failed,
    stale: evidence.counts.stale,
  };
}

export function releaseInputsOf(check: CheckResult): ReleaseInputs {
  const out: { -readonly [K in keyof ReleaseInputs]: ReleaseInputs[K] } = {};
  if (check.evidence) out.evidence = evidenceInputOf(check.evidence);
  if (check.config.approvals !== DEFAULT_APPROVALS || check.approvals.size > 0) {
    const records: ApprovalRow[] = [];
    let missing = 0;
    let stale = 0;
    for (const id of [...check.approvals.keys()].sort(compareIds)) {
      const st = check.approvals.get(id)!;
      missing += st.missing.length;
      stale += st.required.filter((r) => r.state === 'stale').length;
      for (const a of st.approvals) {
        records.push({
          item: id,
          fingerprint: a.fingerprint,
          meaning: a.meaning,
          name: a.signer.name,
          email: a.signer.email,
          role: a.role ?? '',
          signedAt: a.signed_at,
          commit: a.commit ?? '',
          signed: a.signature !== 'unsigned',
          state: a.fingerprint === st.fingerprint ? 'valid' : 'stale',
        });
      }
    }
    out.approvals = { records, missing, stale };
  }
  if (check.deviations.length > 0) {
    out.deviations = {
      deviations: check.deviations.map((d) => ({
        id: d.id,
        title: d.title,
        waives: d.waives.map((w) => `${w.code}: ${w.items.join(', ')}`).join('; '),
        justification: d.justification,
        owner: d.owner,
        expires: d.expires,
        state: d.inForce ? 'in-force' : d.expired ? 'expired' : 'unapproved',
        suppressed: d.suppresses,
      })),
      expired: check.deviations.filter((d) => d.expired).length,
      suppressed: check.suppressed.length,
    };
  }
  if (check.config.kindByName.has('anomaly')) {
    const open = openAnomalies(check.index);
    out.anomalies = {
      open: open.map((a) => ({
        id: a.id,
        title: a.title,
        severity: a.severity ?? '',
        state: a.state,
        safetyEvaluation: a.safety_evaluation ?? '',
        affects: a.affects,
      })),
      unevaluated: open.filter(
        (a) => a.safety_evaluation === undefined && (a.state === 'open' || a.state === 'deferred'),
      ).length,
    };
  }
  return out;
}
