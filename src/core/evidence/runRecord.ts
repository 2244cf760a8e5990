import type { Outcome } from './junit';

export const RUN_RECORD_SCHEMA = 'tracespine.evidence/1';

/** One case of a recorded run: its outcome and the fingerprints of the items it mapped to then. */
export interface RecordedCase {
  readonly report: string;
  readonly name: string;
  readonly classname: string;
  /** 1-based line of the `<testcase>` in the report. */
  readonly line: number;
  readonly outcome: Outcome;
  readonly message?: string;
  /**
   * item ID -> its fingerprint when recorded and how the case named it (property, name, tag,
   * or the ID of the test spec it reached the item through): every item the case maps to.
   */
  readonly items: Readonly<Record<string, RecordedItem>>;
}

export interface RecordedItem {
  readonly fingerprint: string;
  readonly via: string;
}

/** A run record, as `tracespine evidence record` writes it (one JSON file, never rewritten). */
export interface RunRecord {
  readonly schema: typeof RUN_RECORD_SCHEMA;
  readonly run: string;
  readonly commit: string;
  /** When the tests ran: the reports' earliest timestamp, else the commit's time (ISO 8601). */
  readonly time: string;
  readonly reports: readonly { readonly path: string; readonly sha256: string }[];
  readonly cases: readonly RecordedCase[];
}

const OUTCOMES = new Set(['passed', 'failed', 'skipped']);

function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Parses a run record; a message saying what is wrong otherwise. Never throws. */
export function parseRunRecord(text: string): { record: RunRecord } | { error: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { error: `not JSON: ${(e as Error).message}` };
  }
  const o = obj(v);
  if (!o || o.schema !== RUN_RECORD_SCHEMA)
    return { error: `not a run record (schema must be "${RUN_RECORD_SCHEMA}")` };
  if (typeof o.run !== 'string' || typeof o.commit !== 'string' || typeof o.time !== 'string')
    return { error: 'a run record needs run, commit and time strings' };
  if (!Array.isArray(o.reports) || !Array.isArray(o.cases))
    return { error: 'a run record needs reports and cases lists' };
  for (const x of o.reports as unknown[]) {
    const r = obj(x);
    if (!r || typeof r.path !== 'string' || typeof r.sha256 !== 'string')
      return { error: 'each report needs path and sha256' };
  }
  for (const x of o.cases as unknown[]) {
    const c = obj(x);
    const items = c ? obj(c.items) : undefined;
    const ok =
      c &&
      items &&
      typeof c.report === 'string' &&
      typeof c.name === 'string' &&
      typeof c.classname === 'string' &&
      typeof c.line === 'number' &&
      typeof c.outcome === 'string' &&
      OUTCOMES.has(c.outcome);
    if (!ok)
      return { error: 'each case needs report, name, classname, line, outcome (passed, failed, skipped) and items' };
    for (const i of Object.values(items)) {
      const it = obj(i);
      if (!it || typeof it.fingerprint !== 'string' || typeof it.via !== 'string')
        return { error: 'each item of a case needs fingerprint and via' };
    }
  }
  return { record: o as unknown as RunRecord };
}

/** The record's text: two-space JSON, keys in a fixed order, one trailing newline (byte-identical for the same run). */
export function serializeRunRecord(r: RunRecord): string {
  const ordered = {
    schema: r.schema,
    run: r.run,
    commit: r.commit,
    time: r.time,
    reports: r.reports.map((p) => ({ path: p.path, sha256: p.sha256 })),
    cases: r.cases.map((c) => ({
      report: c.report,
      name: c.name,
      classname: c.classname,
      line: c.line,
      outcome: c.outcome,
      ...(c.message !== undefined ? { message: c.message } : {}),
      items: Object.fromEntries(
        Object.keys(c.items)
          .sort()
          .map((k) => [k, { fingerprint: c.items[k]!.fingerprint, via: c.items[k]!.via }]),
      ),
    })),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
