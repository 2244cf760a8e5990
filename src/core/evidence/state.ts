import type { TraceConfig } from '../config/types';
import { compareIds, type TraceIndex } from '../traceIndex';
import type { Finding, RelatedLocation } from '../model/finding';
import type { Item } from '../model/item';
import { range } from '../model/range';
import type { JUnitReport, Outcome, TestCase } from './junit';
import { CaseMapper, caseLines } from './mapping';
import type { RunRecord } from './runRecord';

export type VerificationStatus = 'passed' | 'failed' | 'stale' | 'skipped' | 'missing' | 'none';

/** One result that counts for an item (SPEC section 8: `{test, outcome, source, line, via}`). */
export interface VerificationResult {
  /** The test: the case's name, or the test spec's ID when the result reached the item through it (and for records). */
  readonly test: string;
  readonly outcome: Outcome;
  /** Workspace-relative path of the report or manual record the result comes from. */
  readonly source: string;
  /** 1-based line in `source`: the `<testcase>` tag, or the record's `id`. */
  readonly line: number;
  /** property, name, tag (how the case names the item), record (a manual record), or the ID of the test spec in between. */
  readonly via: string;
  /** The item (or the test spec in between) changed since the result was recorded. */
  readonly stale?: boolean;
  /** When: the report's timestamp, the run's time, or the record's executed_at. */
  readonly time?: string;
  /** The case's full name (`classname > name`), for reports; the record's ID, for manual records. */
  readonly case?: string;
  readonly message?: string;
  /** The run record's run ID, for recorded results. */
  readonly run?: string;
  /** Manual records: who executed the test, on which version. */
  readonly executedBy?: string;
  readonly version?: string;
}

/** An item's verification state: the value of `items[].verification` in check JSON. */
export interface ItemVerification {
  readonly status: VerificationStatus;
  /** Sorted by source, then line. */
  readonly results: readonly VerificationResult[];
}

export interface EvidenceCounts {
  passed: number;
  failed: number;
  stale: number;
  skipped: number;
  missing: number;
}

/** Everything the engine knows of the evidence of a workspace. */
export interface EvidenceState {
  /** Items with a status other than `none`. */
  readonly verification: ReadonlyMap<string, ItemVerification>;
  /** evidence.* findings with their default severities (the `rules:` overrides not yet applied). */
  readonly findings: readonly Finding[];
  readonly counts: EvidenceCounts;
  /** IDs a test case maps to directly: each counts as the target of a `verifies` link. */
  readonly mappedIds: ReadonlySet<string>;
}

/** What the evidence is computed from; read by the host-facing loader (./load.ts) or given by the server. */
export interface EvidenceSources {
  /** Raw `results` reports with the SHA-256 of their text. */
  readonly reports: readonly { readonly report: JUnitReport; readonly sha256: string }[];
  /** Run records: parsed, or the reason they could not be. */
  readonly runs: readonly { readonly file: string; readonly record?: RunRecord; readonly error?: string }[];
  /** IDs of items edited after the raw reports were read (the language server): their raw results are stale. */
  readonly editedSince?: ReadonlySet<string>;
}

const NONE: ItemVerification = { status: 'none', results: [] };

/** The verification state of one item (`none` when nothing verifies it and no result names it). */
export function verificationOf(state: EvidenceState | undefined, id: string): ItemVerification {
  return state?.verification.get(id) ?? NONE;
}

/** Link types that make their source a verification of their target: `verifies`, and what code tags count as. */
export function verificationLinkTypes(config: TraceConfig): Set<string> {
  const out = new Set<string>();
  if (config.links.has('verifies')) out.add('verifies');
  for (const t of config.codeTags.values())
    if (t.countsAs !== undefined && config.links.has(t.countsAs)) out.add(t.countsAs);
  return out;
}

interface Entry {
  result: VerificationResult;
  /** Raw reports win over run records for the same case; later runs over earlier ones. */
  rank: string;
  key?: string;
}

function keyOf(report: string, c: { classname: string; name: string }): string {
  return `${report}\u0000${c.classname}\u0000${c.name}`;
}

/** The results of an item's entries, one per case (the highest rank). */
function dedupe(entries: readonly Entry[]): VerificationResult[] {
  if (entries.length === 1) return [entries[0]!.result];
  const best = new Map<string, Entry>();
  for (const e of entries) {
    const prev = best.get(e.key!);
    if (!prev || prev.rank < e.rank) best.set(e.key!, e);
  }
  return [...best.values()].map((e) => e.result);
}

export function caseLabel(c: { name: string; classname: string }): string {
  return c.classname !== '' && c.classname !== c.name && !c.name.startsWith(c.classname)
    ? `${c.classname} > ${c.name}`
    : c.name;
}

/**
 * The items each case (and manual record) maps to: directly, then through each test spec
 * it maps to (a case of `TST-3` counts for what `TST-3` verifies). Pure: nothing is read.
 */
export function mapReport(
  index: TraceIndex,
  report: JUnitReport,
  mapper = new CaseMapper(index),
): { c: TestCase; items: Map<string, string>; unknown: { id: string; range: import('../model/range').Range }[] }[] {
  const types = verificationLinkTypes(index.config);
  const lines = caseLines(report);
  return report.cases.map((c) => {
    const { targets, unknown } = mapper.map(report, c, c.file !== undefined ? lines.get(c.file) : undefined);
    const items = new Map<string, string>();
    for (const t of targets) items.set(t.id, t.via);
    for (const t of targets) {
      const item = index.resolve(t.id);
      if (item)
        for (const l of item.links)
          if (types.has(l.type) && !items.has(l.target) && index.resolve(l.target)) items.set(l.target, t.id);
    }
    return { c, items, unknown };
  });
}

/** Computes every item's verification state and the evidence findings (SPEC section 8). */
export function computeEvidence(index: TraceIndex, sources: EvidenceSources): EvidenceState {
  const config = index.config;
  const findings: Finding[] = [];
  // item -> its entries; the same case (key) twice keeps the higher rank, resolved at the end.
  const byItem = new Map<string, Entry[]>();
  const mappedIds = new Set<string>();
  const add = (id: string, key: string, entry: Entry): void => {
    entry.key = key;
    const list = byItem.get(id);
    if (list) list.push(entry);
    else byItem.set(id, [entry]);
  };
  const mapper = new CaseMapper(index);
  const recorded = new Set<string>();
  for (const r of sources.runs) if (r.record) for (const p of r.record.reports) recorded.add(p.sha256);

  // Run records: the outcome then, stale when an item's fingerprint differs now.
  const runs = sources.runs
    .filter((r) => r.record)
    .sort((a, b) =>
      a.record!.time < b.record!.time ? -1 : a.record!.time > b.record!.time ? 1 : a.file < b.file ? -1 : 1,
    );
  runs.forEach((r, n) => {
    const rec = r.record!;
    for (const c of rec.cases) {
      for (const [id, it] of Object.entries(c.items)) {
        const item = index.resolve(id);
        if (!item) continue;
        const viaItem = it.via.includes('-') ? c.items[it.via] : undefined;
        const viaNow = viaItem ? index.resolve(it.via) : undefined;
        const stale =
          item.fingerprint !== it.fingerprint ||
          (viaItem !== undefined && viaNow !== undefined && viaNow.fingerprint !== viaItem.fingerprint);
        if (!it.via.includes('-')) mappedIds.add(id);
        const label = caseLabel(c);
        const result: VerificationResult = {
          test: it.via.includes('-') ? it.via : label,
          outcome: c.outcome,
          source: c.report,
          line: c.line,
          via: it.via,
          ...(stale ? { stale: true } : {}),
          time: rec.time,
          case: label,
          ...(c.message !== undefined ? { message: c.message } : {}),
          run: rec.run,
        };
        add(id, keyOf(c.report, c), { result, rank: `0${String(n).padStart(8, '0')}` });
      }
    }
  });
  for (const r of sources.runs) {
    if (r.error)
      findings.push({
        code: 'evidence.unreadable',
        severity: 'error',
        message: `${r.file} is not a run record: ${r.error}`,
        file: r.file,
        range: range(0, 0, 0, 0),
      });
  }

  // Raw reports: the tree as it is (unless the same report was recorded: the record knows the fingerprints then).
  for (const { report, sha256 } of sources.reports) {
    if (report.error) {
      findings.push({
        code: 'evidence.unreadable',
        severity: 'error',
        message: `${report.file} is ${report.error.message}`,
        file: report.file,
        range: report.error.range,
      });
      continue;
    }
    if (recorded.has(sha256)) continue;
    for (const { c, items, unknown } of mapReport(index, report, mapper)) {
      for (const u of unknown) {
        findings.push({
          code: 'evidence.unknown-id',
          severity: 'warning',
          message: `test case '${caseLabel(c)}' names ${u.id}, which no item defines`,
          file: report.file,
          range: u.range,
          target: u.id,
        });
      }
      const label = caseLabel(c);
      for (const [id, via] of items) {
        if (!via.includes('-')) mappedIds.add(id);
        const stale =
          sources.editedSince !== undefined &&
          (sources.editedSince.has(id) || (via.includes('-') && sources.editedSince.has(via)));
        // One object shape for every result (absent fields undefined: JSON leaves them out).
        const result: VerificationResult = {
          test: via.includes('-') ? via : label,
          outcome: c.outcome,
          source: report.file,
          line: c.range.start.line + 1,
          via,
          stale: stale ? true : undefined,
          time: report.timestamp,
          case: label,
          message: c.message,
        };
        add(id, keyOf(report.file, c), { result, rank: '1' });
      }
    }
  }

  manualResults(index, add);

  // States, and the findings on the items.
  const types = verificationLinkTypes(config);
  const verifiedIds = new Set<string>();
  for (const f of index.allFiles()) {
    if (f.item?.live) {
      for (const l of f.item.links) {
        if (types.has(l.type)) {
          verifiedIds.add(l.target);
          verifiedIds.add(f.item.id);
        }
      }
    }
    for (const t of f.tags) if (config.codeTags.get(t.tag)?.countsAs !== undefined) verifiedIds.add(t.id);
  }
  const recordKind = config.evidence?.recordKind;
  const verification = new Map<string, ItemVerification>();
  const counts: EvidenceCounts = { passed: 0, failed: 0, stale: 0, skipped: 0, missing: 0 };
  const missingLevel = config.rules.get('evidence.missing');
  for (const item of index.items()) {
    if (item.kind === recordKind) continue;
    const entries = byItem.get(item.id);
    const results = entries ? dedupe(entries).sort(compareResults) : [];
    if (results.length === 0 && !verifiedIds.has(item.id)) continue;
    const status = statusOf(results);
    verification.set(item.id, { status, results });
    // Obsolete items keep their state (for the record) but are neither counted nor reported.
    if (status === 'none' || !item.live) continue;
    counts[status]++;
    if (status === 'failed') findings.push(failedFinding(index, item, results));
    else if (status === 'stale') {
      const which = results.filter((r) => r.stale).map((r) => r.test);
      findings.push({
        code: 'evidence.stale',
        severity: 'warning',
        message: `${label(index, item)} ${item.id} has stale results (${[...new Set(which)].join(', ')}): it or its test changed after they were recorded; rerun them`,
        file: item.file,
        range: item.idRange,
        itemId: item.id,
        related: results.filter((r) => r.stale).map((r) => relatedOf(r, 'stale result')),
      });
    } else if (status === 'missing' && missingLevel !== undefined && missingLevel !== 'off') {
      findings.push({
        code: 'evidence.missing',
        severity: missingLevel,
        message: `${label(index, item)} ${item.id} is verified by links or tags, but no test result names it`,
        file: item.file,
        range: item.idRange,
        itemId: item.id,
      });
    }
  }
  return { verification, findings, counts, mappedIds };
}

function label(index: TraceIndex, item: Item): string {
  return index.config.kindByName.get(item.kind)?.label ?? item.kind;
}

function relatedOf(r: VerificationResult, what: string): RelatedLocation {
  return {
    file: r.source,
    range: range(r.line - 1, 0, r.line - 1, 0),
    message: `${what}: ${r.case ?? r.test}${r.message ? ` (${r.message})` : ''}`,
  };
}

function failedFinding(index: TraceIndex, item: Item, results: readonly VerificationResult[]): Finding {
  const failed = results.filter((r) => r.outcome === 'failed' && !r.stale);
  const names = [...new Set(failed.map((r) => r.test))];
  return {
    code: 'evidence.failed',
    severity: 'error',
    message: `${label(index, item)} ${item.id} failed verification: ${names.join(', ')} failed`,
    file: item.file,
    range: item.idRange,
    itemId: item.id,
    related: failed.map((r) => relatedOf(r, 'failed')),
  };
}

/**
 * failed: a fresh result failed; stale: otherwise, a result is stale; passed: a fresh result
 * passed; skipped: only skipped results; missing: no result, though links or tags verify it.
 */
export function statusOf(results: readonly VerificationResult[]): VerificationStatus {
  if (results.length === 0) return 'missing';
  let stale = false;
  let passed = false;
  for (const r of results) {
    if (r.stale) stale = true;
    else if (r.outcome === 'failed') return 'failed';
    else if (r.outcome === 'passed') passed = true;
  }
  if (stale) return 'stale';
  return passed ? 'passed' : 'skipped';
}

function compareResults(a: VerificationResult, b: VerificationResult): number {
  return a.source < b.source
    ? -1
    : a.source > b.source
      ? 1
      : a.line - b.line || (a.test < b.test ? -1 : a.test > b.test ? 1 : 0);
}

const MANUAL: Record<string, Outcome> = { pass: 'passed', fail: 'failed', blocked: 'skipped' };

/** Manual test records: the latest record (by executed_at, then ID) of each test is its manual result. */
function manualResults(index: TraceIndex, add: (id: string, key: string, e: Entry) => void): void {
  const ev = index.config.evidence;
  if (!ev) return;
  const latest = new Map<string, { rec: Item; at: string; pin?: string }>();
  for (const rec of index.items()) {
    if (rec.kind !== ev.recordKind || !rec.live) continue;
    const at = stringField(rec, 'executed_at') ?? '';
    for (const l of rec.links) {
      if (l.type !== ev.executesLink) continue;
      const prev = latest.get(l.target);
      if (!prev || prev.at < at || (prev.at === at && compareIds(prev.rec.id, rec.id) < 0))
        latest.set(l.target, { rec, at, ...(l.pin ? { pin: l.pin } : {}) });
    }
  }
  const types = verificationLinkTypes(index.config);
  for (const [testId, { rec, at, pin }] of latest) {
    const test = index.resolve(testId);
    const outcome = MANUAL[stringField(rec, 'result') ?? ''];
    if (!test || !outcome) continue;
    const stale = pin !== undefined && pin !== test.fingerprint;
    const by = stringField(rec, 'executed_by');
    const version = stringField(rec, 'version');
    const base = {
      test: testId,
      outcome,
      source: rec.file,
      line: rec.idRange.start.line + 1,
      ...(stale ? { stale: true } : {}),
      ...(at !== '' ? { time: at } : {}),
      case: rec.id,
      ...(by !== undefined ? { executedBy: by } : {}),
      ...(version !== undefined ? { version } : {}),
    };
    add(testId, `record\u0000${testId}`, { result: { ...base, via: 'record' }, rank: '2' });
    for (const l of test.links) {
      if (types.has(l.type) && index.resolve(l.target))
        add(l.target, `record\u0000${testId}`, { result: { ...base, via: testId }, rank: '2' });
    }
  }
}

function stringField(item: Item, key: string): string | undefined {
  const v = item.fields.get(key)?.value;
  if (v === undefined || v === null) return undefined;
  if (v instanceof Date) return v.toISOString();
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}
