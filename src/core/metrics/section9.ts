/**
 * The approvals and deviations figures of a metrics point (SPEC 12 over SPEC 9): the same
 * engine functions `tracespine check` runs (evaluateApprovals, evaluateDeviations), over the
 * approval records and deviation items of the tree at that commit. Pure.
 */
import { evaluateDeviations } from '../approvals/deviations';
import type { ParsedRecord } from '../approvals/record';
import { evaluateApprovals } from '../approvals/state';
import type { ItemApprovalState } from '../approvals/types';
import type { TraceIndex } from '../traceIndex';

/** A deviation expiring within this many days of the point's date counts as expiring. */
export const EXPIRING_DAYS = 30;

/** Per item, its approval state, as the check derives it (signatures are not verified here). */
export function approvalStates(
  index: TraceIndex,
  records: readonly ParsedRecord[],
): ReadonlyMap<string, ItemApprovalState> {
  if (records.length === 0 && index.config.approvals.require.length === 0) return new Map();
  return evaluateApprovals(index, records, new Map()).states;
}

/** Required approvals with none of the item's current text (`approval.missing`) and with only an older one (`approval.stale`). */
export function approvalFigures(states: ReadonlyMap<string, ItemApprovalState>): { missing: number; stale: number } {
  let missing = 0;
  let stale = 0;
  for (const s of states.values()) {
    for (const r of s.required) {
      if (r.state === 'missing') missing++;
      else if (r.state === 'stale') stale++;
    }
  }
  return { missing, stale };
}

/** `YYYY-MM-DD` plus `days` (UTC calendar days). */
export function addDays(day: string, days: number): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(t) ? day : new Date(t + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Deviations in force on `asOf` (approved, not expired) and those of them whose `expires` is
 * at most {@link EXPIRING_DAYS} days after it.
 */
export function deviationFigures(
  index: TraceIndex,
  states: ReadonlyMap<string, ItemApprovalState>,
  asOf: string,
): { active: number; expiring: number } {
  const limit = addDays(asOf, EXPIRING_DAYS);
  let active = 0;
  let expiring = 0;
  for (const d of evaluateDeviations(index, states, asOf).deviations) {
    if (!d.inForce) continue;
    active++;
    if (d.expires <= limit) expiring++;
  }
  return { active, expiring };
}
