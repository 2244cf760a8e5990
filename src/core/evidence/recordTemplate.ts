/**
 * "Record Test Result…" (SPEC section 8, manual records): which tests a record may execute,
 * and the text of a new `record` item for one of them. Pure: the caller supplies the time,
 * the version and who executed it (the server takes them from the clock and git).
 */
import { compareIds } from '../model/compareIds';
import type { TraceIndex } from '../traceIndex';
import { folderFor, nextFreeId, yamlScalar } from '../services/newItem';
import { joinPath } from '../services/paths';

export interface RecordableTest {
  readonly id: string;
  readonly title: string;
  readonly file: string;
  /** 0-based line of its `id`. */
  readonly line: number;
  readonly fingerprint: string;
}

/** The live items a manual record may execute (the `to` kinds of the executes link), sorted by ID. */
export function recordableTests(index: TraceIndex): RecordableTest[] {
  const ev = index.config.evidence;
  const link = ev ? index.config.links.get(ev.executesLink) : undefined;
  if (!ev || !link) return [];
  return index
    .items()
    .filter((i) => i.live && link.to.has(i.kind) && !index.isDuplicate(i.id))
    .sort((a, b) => compareIds(a.id, b.id))
    .map((i) => ({ id: i.id, title: i.title, file: i.file, line: i.idRange.start.line, fingerprint: i.fingerprint }));
}

/** The values the record kind allows for `result` (default pass, fail, blocked). */
export function recordResults(index: TraceIndex): string[] {
  const ev = index.config.evidence;
  const kind = ev ? index.config.kindByName.get(ev.recordKind) : undefined;
  return (kind?.fields.get('result') ?? []).map(String);
}

export interface ManualRecordInput {
  /** The test the record executes. */
  readonly test: string;
  /** One of {@link recordResults}. */
  readonly result: string;
  /** ISO 8601, e.g. `2026-12-03T17:20:00Z`. */
  readonly executedAt: string;
  readonly executedBy?: string;
  readonly version?: string;
}

export interface ManualRecord {
  readonly id: string;
  readonly file: string;
  readonly text: string;
}

/**
 * A new manual record of `input.test`: the next free record ID, in the folder that holds most
 * records (else `design/records`), with `executes: [TEST@fp]` pinned to the test's current
 * fingerprint. `{ error }` (a sentence) when evidence is off, the test or result is not one a
 * record may name, or the record kind cannot be numbered.
 */
export function manualRecord(index: TraceIndex, input: ManualRecordInput): ManualRecord | { error: string } {
  const ev = index.config.evidence;
  if (!ev) return { error: 'evidence is off: tracespine.yaml has no `evidence:` key' };
  const test = recordableTests(index).find((t) => t.id === input.test);
  if (!test) return { error: `${input.test} is not a live test that a record may execute` };
  const results = recordResults(index);
  if (!results.includes(input.result))
    return { error: `'${input.result}' is not a result a record may have (${results.join(', ')})` };
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(input.executedAt))
    return { error: `'${input.executedAt}' is not an ISO 8601 time` };
  const id = nextFreeId(index, ev.recordKind);
  if (id === undefined) return { error: `the ${ev.recordKind} kind's IDs cannot be numbered` };
  const file = joinPath(folderFor(index, ev.recordKind), `${id}.md`);
  if (index.get(file)) return { error: `${file} exists already` };
  const version = input.version?.trim() ?? '';
  const by = input.executedBy?.trim() ?? '';
  const lines = [
    '---',
    `id: ${id}`,
    `title: ${yamlScalar(`Run of ${test.id} (${test.title})${version !== '' ? ` on ${version}` : ''}`)}`,
    `status: ${index.config.statuses[0] ?? 'draft'}`,
    `${ev.executesLink}: [${test.id}@${test.fingerprint}]`,
    `result: ${yamlScalar(input.result)}`,
    ...(by !== '' ? [`executed_by: ${yamlScalar(by)}`] : []),
    `executed_at: ${JSON.stringify(input.executedAt)}`,
    ...(version !== '' ? [`version: ${yamlScalar(version)}`] : []),
    '---',
    '',
    `TODO: what was observed when ${test.id} was executed, and where the raw data is kept.`,
    '',
  ];
  return { id, file, text: lines.join('\n') };
}
