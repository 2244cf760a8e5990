import type { TraceIndex } from '../traceIndex';
import type { Finding } from '../model/finding';
import type { Item, ItemField } from '../model/item';
import { compareIds } from '../traceIndex';
import type { Deviation, ItemApprovalState } from './types';

/** The kind whose items are deviations (SPEC section 9: default prefix DEV). */
export const DEVIATION_KIND = 'deviation';

/** A finding a deviation in force waives: kept (JSON, SARIF), left out of the text and the gate. */
export type SuppressedFinding = Finding & { readonly suppressed: { readonly by: string } };

export interface DeviationEvaluation {
  /** Live deviations in ID order (with `suppresses` counted by {@link applyDeviations}). */
  readonly deviations: readonly Omit<Deviation, 'suppresses'>[];
  /** deviation.expired, and item.missing-field / item.invalid-field for the deviation fields. */
  readonly findings: readonly Finding[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `s` is a real calendar date `YYYY-MM-DD`. */
export function isDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Today in UTC, `YYYY-MM-DD`. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Reads every live deviation: its fields (all required), whether it is approved (by the
 * approval rules of its kind when there are any, else by status `approved`) and whether it
 * expired before `asOf` (the expiry day itself is still covered).
 */
export function evaluateDeviations(
  index: TraceIndex,
  approvals: ReadonlyMap<string, ItemApprovalState>,
  asOf: string,
): DeviationEvaluation {
  const config = index.config;
  const kind = config.kindByName.get(DEVIATION_KIND);
  if (!kind) return { deviations: [], findings: [] };
  const rules = config.approvals.require.filter((r) => r.kind === DEVIATION_KIND);
  const findings: Finding[] = [];
  const deviations: Omit<Deviation, 'suppresses'>[] = [];
  const items = index.items().filter((i) => i.kind === DEVIATION_KIND && i.live && !index.isDuplicate(i.id));
  for (const item of [...items].sort((a, b) => compareIds(a.id, b.id))) {
    const base = { file: item.file, itemId: item.id };
    const missing = (name: string, what: string): void => {
      findings.push({
        ...base,
        code: 'item.missing-field',
        severity: 'error',
        message: `${kind.label} ${item.id} needs '${name}' (${what})`,
        range: item.idRange,
      });
    };
    const invalid = (f: ItemField, message: string): void => {
      findings.push({ ...base, code: 'item.invalid-field', severity: 'error', message, range: f.valueRange });
    };
    const text = (name: string, what: string): string | undefined => {
      const f = item.fields.get(name);
      if (!f || f.value === null) return (missing(name, what), undefined);
      if (typeof f.value !== 'string' || f.value.trim() === '')
        return (invalid(f, `'${name}' must be ${what}`), undefined);
      return f.value.trim();
    };
    const waives = readWaives(index, item, missing, invalid);
    const justification = text('justification', 'why the waiver is acceptable');
    const owner = text('owner', 'who answers for it');
    let expires: string | undefined;
    const ef = item.fields.get('expires');
    if (!ef || ef.value === null) missing('expires', 'a date, YYYY-MM-DD');
    else if (typeof ef.value !== 'string' || !isDate(ef.value)) invalid(ef, `'expires' must be a date, YYYY-MM-DD`);
    else expires = ef.value;
    if (!waives || justification === undefined || owner === undefined || expires === undefined) continue;
    const state = approvals.get(item.id);
    const approved =
      rules.length > 0
        ? rules.some((r) => r.statuses.includes(item.status)) &&
          state !== undefined &&
          state.required.length > 0 &&
          state.required.every((r) => r.state === 'approved')
        : item.status === 'approved';
    const expired = asOf > expires;
    if (expired) {
      findings.push({
        ...base,
        code: 'deviation.expired',
        severity: 'error',
        message: `${item.id} expired on ${expires} (owner ${owner}): it no longer waives ${waives.map((w) => w.code).join(', ')}; renew or close it`,
        range: ef!.valueRange,
      });
    }
    deviations.push({
      id: item.id,
      file: item.file,
      title: item.title,
      waives,
      justification,
      owner,
      expires,
      approved,
      expired,
      inForce: approved && !expired,
    });
  }
  return { deviations, findings };
}

function readWaives(
  index: TraceIndex,
  item: Item,
  missing: (name: string, what: string) => void,
  invalid: (f: ItemField, message: string) => void,
): { code: string; items: string[] }[] | undefined {
  const f = item.fields.get('waives');
  const shape = 'a list of {code, items: [ID, ...]}';
  if (!f || f.value === null) return (missing('waives', shape), undefined);
  if (!Array.isArray(f.value) || f.value.length === 0) return (invalid(f, `'waives' must be ${shape}`), undefined);
  const out: { code: string; items: string[] }[] = [];
  for (const w of f.value as unknown[]) {
    const rec = w as Record<string, unknown> | null;
    const items = rec?.items;
    const ids = typeof items === 'string' ? [items] : items;
    if (
      typeof rec !== 'object' ||
      rec === null ||
      Array.isArray(rec) ||
      typeof rec.code !== 'string' ||
      !Array.isArray(ids) ||
      ids.length === 0 ||
      ids.some((i) => typeof i !== 'string')
    ) {
      return (invalid(f, `'waives' must be ${shape}`), undefined);
    }
    const unknown = (ids as string[]).filter((id) => index.definitions(id).length === 0);
    if (unknown.length > 0)
      return (invalid(f, `'waives' names ${unknown.join(', ')}, which no item defines`), undefined);
    out.push({ code: rec.code, items: ids as string[] });
  }
  return out;
}

/** `code\0itemId` -> the deviation in force that waives it (the first by ID); `deviation.expired` is never waived. */
export function waiverMap(deviations: readonly Omit<Deviation, 'suppresses'>[]): Map<string, string> {
  const waiver = new Map<string, string>();
  for (const d of deviations) {
    if (!d.inForce) continue;
    for (const w of d.waives) {
      if (w.code === 'deviation.expired') continue;
      for (const id of w.items) if (!waiver.has(`${w.code}\u0000${id}`)) waiver.set(`${w.code}\u0000${id}`, d.id);
    }
  }
  return waiver;
}

/** The deviation that waives finding `f` under `waiver` ({@link waiverMap}), if any. */
export function waiverOf(waiver: ReadonlyMap<string, string>, f: Finding): string | undefined {
  if (waiver.size === 0 || f.itemId === undefined || f.code === 'deviation.expired') return undefined;
  return waiver.get(`${f.code}\u0000${f.itemId}`);
}

/** Splits findings into those that stand and those a deviation in force waives (the first such deviation by ID). */
export function applyDeviations(
  findings: readonly Finding[],
  deviations: readonly Omit<Deviation, 'suppresses'>[],
): { findings: Finding[]; suppressed: SuppressedFinding[]; deviations: Deviation[] } {
  const waiver = waiverMap(deviations);
  const counts = new Map<string, number>();
  if (waiver.size === 0)
    return { findings: [...findings], suppressed: [], deviations: deviations.map((d) => ({ ...d, suppresses: 0 })) };
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const f of findings) {
    const by = waiverOf(waiver, f);
    if (by === undefined) kept.push(f);
    else {
      suppressed.push({ ...f, suppressed: { by } });
      counts.set(by, (counts.get(by) ?? 0) + 1);
    }
  }
  return {
    findings: kept,
    suppressed,
    deviations: deviations.map((d) => ({ ...d, suppresses: counts.get(d.id) ?? 0 })),
  };
}
