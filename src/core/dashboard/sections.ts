/**
 * The Design Controls Dashboard's sections that come from SPEC 8 and 9 (evidence, approvals,
 * deviations): what the check's own engine says, listed as entries that open their item. Pure:
 * the caller reads the approval records and knows the user's e-mail (git user.email).
 */
import { splitMeaning } from '../approvals/config';
import { evaluateDeviations } from '../approvals/deviations';
import type { ApprovalsConfig, ItemApprovalState } from '../approvals/types';
import type { EvidenceState, VerificationResult } from '../evidence/state';
import { addDays, EXPIRING_DAYS } from '../metrics/section9';
import { compareIds, type TraceIndex } from '../traceIndex';
import type { Item } from '../model/item';

/** One entry of a section (the shape of `DashboardEntry` in src/shared/lspProtocol.ts). */
export interface SectionEntry {
  readonly id: string;
  readonly title: string;
  readonly file: string;
  /** 0-based line of the item's id. */
  readonly line: number;
  readonly detail?: string;
}

/** Each section lists at most this many entries. */
export const MAX_SECTION_ENTRIES = 200;

function entryOf(item: Item, detail: string): SectionEntry {
  return { id: item.id, title: item.title, file: item.file, line: item.idRange.start.line, detail };
}

function names(results: readonly VerificationResult[]): string {
  const list = [...new Set(results.map((r) => r.case ?? r.test))];
  return list.length > 3 ? `${list.slice(0, 3).join(', ')}, +${list.length - 3} more` : list.join(', ');
}

/**
 * Live items whose verification failed, and those whose results are stale (SPEC 8: the states
 * `evidence.failed` and `evidence.stale` report), natural ID order; null where evidence is not
 * configured (then the page says so).
 */
export function evidenceSection(
  index: TraceIndex,
  state: EvidenceState | undefined,
): { failing: SectionEntry[]; stale: SectionEntry[] } | null {
  if (!index.config.evidence || !state) return null;
  const failing: SectionEntry[] = [];
  const stale: SectionEntry[] = [];
  const ids = [...state.verification.keys()].sort(compareIds);
  for (const id of ids) {
    const v = state.verification.get(id)!;
    if (v.status !== 'failed' && v.status !== 'stale') continue;
    const item = index.resolve(id);
    if (!item?.live) continue;
    if (v.status === 'failed') {
      if (failing.length < MAX_SECTION_ENTRIES)
        failing.push(entryOf(item, `failed: ${names(v.results.filter((r) => r.outcome === 'failed' && !r.stale))}`));
    } else if (stale.length < MAX_SECTION_ENTRIES)
      stale.push(entryOf(item, `stale: ${names(v.results.filter((r) => r.stale))}`));
  }
  return { failing, stale };
}

/** The roles `email` is in (`approvals.roles`), sorted; none for an unknown or absent e-mail. */
export function rolesOf(config: ApprovalsConfig, email: string | undefined): string[] {
  if (email === undefined) return [];
  const e = email.trim().toLowerCase();
  return [...config.roles]
    .filter(([, members]) => members.includes(e))
    .map(([role]) => role)
    .sort();
}

/**
 * Required approvals that are missing or stale and that the user may give: a meaning with a
 * role the user is in (git user.email in `approvals.roles`), or a meaning without a role. With
 * no roles configured, every role stands as written (as `inRole` says), so all are listed.
 * Natural ID order, then the rule's order.
 */
export function approvalsWaiting(
  index: TraceIndex,
  states: ReadonlyMap<string, ItemApprovalState>,
  email: string | undefined,
): { waiting: SectionEntry[]; roles: string[] } {
  const config = index.config.approvals;
  const roles = rolesOf(config, email);
  const mine = (spec: string): boolean => {
    const { role } = splitMeaning(spec);
    return role === null || config.roles.size === 0 || roles.includes(role);
  };
  const waiting: SectionEntry[] = [];
  for (const id of [...states.keys()].sort(compareIds)) {
    const s = states.get(id)!;
    const item = index.resolve(id);
    if (!item) continue;
    const open = s.required.filter((r) => r.state !== 'approved' && mine(r.meaning));
    if (open.length === 0) continue;
    if (waiting.length >= MAX_SECTION_ENTRIES) break;
    waiting.push(entryOf(item, open.map((r) => `${r.meaning} ${r.state}`).join(', ')));
  }
  return { waiting, roles };
}

/**
 * Approved deviations that expired or expire within 30 days of `asOf`, soonest first (then by
 * ID): what stops waiving findings soon, and what no longer does.
 */
export function deviationsExpiring(
  index: TraceIndex,
  states: ReadonlyMap<string, ItemApprovalState>,
  asOf: string,
): { expiring: SectionEntry[] } {
  const limit = addDays(asOf, EXPIRING_DAYS);
  const list = evaluateDeviations(index, states, asOf)
    .deviations.filter((d) => d.approved && d.expires <= limit)
    .sort((a, b) => (a.expires < b.expires ? -1 : a.expires > b.expires ? 1 : compareIds(a.id, b.id)));
  const expiring: SectionEntry[] = [];
  for (const d of list.slice(0, MAX_SECTION_ENTRIES)) {
    const item = index.resolve(d.id);
    if (!item) continue;
    const days = Math.round((Date.parse(`${d.expires}T00:00:00Z`) - Date.parse(`${asOf}T00:00:00Z`)) / 86_400_000);
    const when =
      days < 0
        ? `expired on ${d.expires}`
        : days === 0
          ? `expires today (${d.expires})`
          : `expires ${d.expires} (in ${days} day${days === 1 ? '' : 's'})`;
    expiring.push(entryOf(item, `${when} · owner ${d.owner}`));
  }
  return { expiring };
}
