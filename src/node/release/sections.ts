import type { CheckResult } from '../../core/engine';
import { NOT_CONFIGURED, type ReleaseInputs } from '../../core/release/inputs';
import { csvField } from '../matrix/text';

/** The release gate (SPEC 10): each term counts only where its section is configured. */
export interface Gate {
  readonly verdict: 'pass' | 'fail';
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
  /** Why it fails, one line per term that fails; empty when it passes. */
  readonly reasons: readonly string[];
}

export function gateOf(check: CheckResult, inputs: ReleaseInputs): Gate {
  const reasons: string[] = [];
  const { errors, warnings } = check.summary;
  if (errors > 0) reasons.push(`${errors} error finding${errors === 1 ? '' : 's'}`);
  const ev = inputs.evidence;
  if (ev && ev.failed > 0) reasons.push(`${ev.failed} item${ev.failed === 1 ? '' : 's'} with failed evidence`);
  if (ev && ev.stale > 0) reasons.push(`${ev.stale} item${ev.stale === 1 ? '' : 's'} with stale evidence`);
  const ap = inputs.approvals;
  if (ap && ap.missing > 0) reasons.push(`${ap.missing} required approval${ap.missing === 1 ? '' : 's'} missing`);
  if (ap && ap.stale > 0) reasons.push(`${ap.stale} required approval${ap.stale === 1 ? '' : 's'} stale`);
  const dv = inputs.deviations;
  if (dv && dv.expired > 0) reasons.push(`${dv.expired} expired deviation${dv.expired === 1 ? '' : 's'}`);
  const an = inputs.anomalies;
  if (an && an.unevaluated > 0)
    reasons.push(`${an.unevaluated} residual anomal${an.unevaluated === 1 ? 'y' : 'ies'} without a safety evaluation`);
  return {
    verdict: reasons.length === 0 ? 'pass' : 'fail',
    errors,
    warnings,
    suppressed: dv?.suppressed ?? 0,
    reasons,
  };
}

const NOTE = {
  evidence:
    'verification evidence (SPEC 8) is not configured at this commit (no evidence key, no --results): no results were mapped to items',
  approvals: 'approvals (SPEC 9) are not configured at this commit: no approval policy and no approval records',
  deviations: 'deviations (SPEC 9): the design has no deviation at this commit, none suppresses a finding',
  anomalies: 'problem reports (SPEC 12): the configuration at this commit has no anomaly kind',
};
export const NOT_CONFIGURED_NOTES: Readonly<Record<keyof typeof NOTE, string>> = NOTE;

/** evidence.json: the evidence section's JSON, or a plain "not configured", with the result files copied either way. */
export function evidenceJson(inputs: ReleaseInputs, copies: readonly { path: string; sha256: string }[]): string {
  const body = inputs.evidence
    ? { version: 1, configured: true, resultFiles: copies, evidence: inputs.evidence.json }
    : { version: 1, configured: false, status: NOT_CONFIGURED, note: NOTE.evidence, resultFiles: copies };
  return `${JSON.stringify(body, null, 2)}\n`;
}

function csv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}

function notConfiguredCsv(note: string): string {
  return csv([['status'], [`${NOT_CONFIGURED}: ${note}`]]);
}

export const APPROVAL_COLUMNS = [
  'item',
  'fingerprint',
  'meaning',
  'name',
  'email',
  'role',
  'signed_at',
  'commit',
  'signed',
  'state',
];

export function approvalsCsv(inputs: ReleaseInputs): string {
  if (!inputs.approvals) return notConfiguredCsv(NOTE.approvals);
  const rows = inputs.approvals.records.map((a) => [
    a.item,
    a.fingerprint,
    a.meaning,
    a.name,
    a.email,
    a.role,
    a.signedAt,
    a.commit,
    a.signed ? 'yes' : 'no',
    a.state,
  ]);
  return csv([APPROVAL_COLUMNS, ...rows]);
}

export const DEVIATION_COLUMNS = ['id', 'title', 'waives', 'justification', 'owner', 'expires', 'state', 'suppressed'];

export function deviationsCsv(inputs: ReleaseInputs): string {
  if (!inputs.deviations) return notConfiguredCsv(NOTE.deviations);
  const rows = inputs.deviations.deviations.map((d) => [
    d.id,
    d.title,
    d.waives,
    d.justification,
    d.owner,
    d.expires,
    d.state,
    String(d.suppressed),
  ]);
  return csv([DEVIATION_COLUMNS, ...rows]);
}
