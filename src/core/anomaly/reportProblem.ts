/**
 * "Report a problem…" on a failing test (SPEC 12 over SPEC 8): a new problem report prefilled
 * with the failing case (test, report, message, version) and linked to what the test verifies
 * (`affects`) and to the test, and the manual record where one failed (`found_by`). Pure: the
 * editor applies the edit, which only creates a file that does not exist.
 */
import { verificationLinkTypes, verificationOf, type EvidenceState, type VerificationResult } from '../evidence/state';
import type { Item } from '../model/item';
import { newItemWithId, nextFreeId, yamlScalar, type NewItem } from '../services/newItem';
import type { TraceIndex } from '../traceIndex';
import { ANOMALY_KIND } from './anomalies';

/** The failing test an editor may offer "Report a problem…" on, with its fresh failed results. */
export interface FailingTest {
  readonly test: Item;
  /** Fresh failed results of the test (its cases, or its manual record), by source and line. */
  readonly failed: readonly VerificationResult[];
  /** What the test verifies (targets of its verification links that `affects` may name), source order. */
  readonly affects: readonly string[];
}

/**
 * `id` as a failing test: a live item that verifies others (it carries a `verifies` link or
 * what a code tag counts as) whose verification state is `failed`; undefined otherwise, or
 * where the configuration has no problem reports (kind `anomaly` with `affects`, `found_by`).
 */
export function failingTest(index: TraceIndex, state: EvidenceState | undefined, id: string): FailingTest | undefined {
  const config = index.config;
  if (!state || !config.kindByName.has(ANOMALY_KIND)) return undefined;
  const affectsType = config.links.get('affects');
  const foundBy = config.links.get('found_by');
  if (!affectsType?.from.has(ANOMALY_KIND) || !foundBy?.from.has(ANOMALY_KIND)) return undefined;
  const test = index.resolve(id);
  if (!test?.live || !foundBy.to.has(test.kind)) return undefined;
  const types = verificationLinkTypes(config);
  const links = test.links.filter((l) => types.has(l.type));
  if (links.length === 0) return undefined;
  const v = verificationOf(state, test.id);
  if (v.status !== 'failed') return undefined;
  const affects: string[] = [];
  for (const l of links) {
    const target = index.resolve(l.target);
    if (target && affectsType.to.has(target.kind) && !affects.includes(target.id)) affects.push(target.id);
  }
  return { test, failed: v.results.filter((r) => r.outcome === 'failed' && !r.stale), affects };
}

/** The manual records among the failed results that `found_by` may name (their IDs). */
function failedRecords(index: TraceIndex, failing: FailingTest): string[] {
  const foundBy = index.config.links.get('found_by')!;
  const out: string[] = [];
  for (const r of failing.failed) {
    if (r.via !== 'record' || r.case === undefined) continue;
    const rec = index.resolve(r.case);
    if (rec && foundBy.to.has(rec.kind) && !out.includes(rec.id)) out.push(rec.id);
  }
  return out;
}

/** The Markdown list of one failed result: test, case, report (path:line), message, version, time, run. */
function caseLines(failing: FailingTest, r: VerificationResult): string[] {
  const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``;
  const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();
  const out = [`- Test: ${failing.test.id} (${oneLine(failing.test.title)})`];
  if (r.case !== undefined && r.case !== failing.test.id) out.push(`- Case: ${code(oneLine(r.case))}`);
  out.push(`- ${r.via === 'record' ? 'Record' : 'Report'}: ${code(`${r.source}:${r.line}`)}`);
  if (r.message !== undefined && r.message.trim() !== '') out.push(`- Message: ${code(oneLine(r.message))}`);
  if (r.version !== undefined) out.push(`- Version: ${oneLine(r.version)}`);
  if (r.executedBy !== undefined) out.push(`- Executed by: ${oneLine(r.executedBy)}`);
  if (r.time !== undefined) out.push(`- When: ${r.time}`);
  if (r.run !== undefined) out.push(`- Run: ${r.run}`);
  return out;
}

/**
 * The text of the new problem report: state `open`, the severity scale and the safety
 * evaluation left for the author (so `anomaly.unevaluated` asks for one), `affects` the items
 * the test verifies, `found_by` the test (and the failed manual records), then the failing case.
 */
export function problemReportText(index: TraceIndex, id: string, failing: FailingTest): string {
  const config = index.config;
  const kind = config.kindByName.get(ANOMALY_KIND)!;
  const first = failing.failed[0];
  const what = first?.case !== undefined && first.case !== failing.test.id ? first.case : failing.test.title;
  const title = `${failing.test.id} fails: ${what.replace(/\s+/g, ' ').trim()}`;
  const severities = kind.fields.get('severity');
  const states = kind.fields.get('state');
  const foundBy = [failing.test.id, ...failedRecords(index, failing)];
  const out = ['---', `id: ${id}`, `title: ${yamlScalar(title)}`, `status: ${config.statuses[0] ?? 'draft'}`];
  if (states === undefined || states.includes('open')) out.push('state: open');
  if (severities !== undefined && severities.length > 0) out.push(`# severity: ${severities.join(' | ')}`);
  out.push('# safety_evaluation: can this problem cause or contribute to a hazard? (IEC 62304 5.8.2, 5.8.3)');
  if (failing.affects.length > 0) out.push(`affects: [${failing.affects.join(', ')}]`);
  out.push(`found_by: [${foundBy.join(', ')}]`, '---', '');
  out.push(failing.failed.length === 1 ? '## Failing case' : '## Failing cases', '');
  failing.failed.forEach((r, i) => {
    if (i > 0) out.push('');
    out.push(...caseLines(failing, r));
  });
  out.push('', '## Problem', '', 'TODO: what goes wrong, and how to reproduce it.', '');
  return out.join('\n');
}

/** The new problem report for the failing test `testId` (next free PR ID, the anomaly kind's folder); undefined when it is not one. */
export function problemReportFor(
  index: TraceIndex,
  state: EvidenceState | undefined,
  testId: string,
): (NewItem & { readonly test: string }) | undefined {
  const failing = failingTest(index, state, testId);
  if (!failing) return undefined;
  const id = nextFreeId(index, ANOMALY_KIND);
  if (id === undefined) return undefined;
  // Beside the other problem reports; the first goes to design/anomalies (not `design/anomalys`).
  const hasAny = index.items().some((i) => i.kind === ANOMALY_KIND);
  const created = newItemWithId(index, id, hasAny ? {} : { dir: 'design/anomalies' });
  if (!created) return undefined;
  const text = problemReportText(index, id, failing);
  return { id, file: created.file, text, edit: { changes: {}, create: [{ file: created.file, text }] }, test: testId };
}
