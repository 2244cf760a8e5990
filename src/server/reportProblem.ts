/**
 * "Report a problem…" on a failing test (SPEC 12): a code lens on the test's id, a code action
 * at the test's `evidence.failed`, and `tracespine/reportProblem` for the editor's command. The
 * engine writes the text (src/core/anomaly/reportProblem.ts); the client applies the edit, which
 * creates the new file only (never overwrites) and is undone like any edit.
 */
import {
  LSPErrorCodes,
  ResponseError,
  type CodeAction,
  type Connection,
  type Diagnostic,
} from 'vscode-languageserver/node';
import { failingTest, problemReportFor } from '../core/anomaly/reportProblem';
import { Commands } from '../core/commands';
import type { CodeLens } from '../core/services/types';
import type { TraceIndex } from '../core/traceIndex';
import type { Validator } from '../core/validate/validator';
import { ReportProblemRequest, type ReportProblemParams, type ReportProblemResult } from '../shared/lspProtocol';
import { findingRefOf, toCodeAction } from './convert';
import { toEdit, type HandlerContext } from './handlers/context';

export const REPORT_PROBLEM_TITLE = 'Report a problem…';

/** The lens "Report a problem…" on the id of the failing test in `file` (none for anything else). */
export function reportProblemLenses(index: TraceIndex, validator: Validator, file: string): CodeLens[] {
  const item = index.get(file)?.item;
  if (!item || index.resolve(item.id) !== item || !failingTest(index, validator.evidenceState, item.id)) return [];
  return [
    { range: item.idRange, title: REPORT_PROBLEM_TITLE, command: { name: Commands.reportProblem, args: [item.id] } },
  ];
}

/** At the failing test's `evidence.failed` diagnostic: the new problem report as a WorkspaceEdit. */
export function reportProblemActions(
  ctx: HandlerContext,
  index: TraceIndex,
  validator: Validator,
  file: string,
  diagnostics: readonly Diagnostic[],
): CodeAction[] {
  const item = index.get(file)?.item;
  if (!item) return [];
  const d = diagnostics.find((x) => {
    const ref = findingRefOf(x);
    return ref?.code === 'evidence.failed' && (ref.itemId === undefined || ref.itemId === item.id);
  });
  if (!d) return [];
  const created = problemReportFor(index, validator.evidenceState, item.id);
  if (!created) return [];
  const title = `${REPORT_PROBLEM_TITLE} (new ${created.id}: ${created.file})`;
  return [toCodeAction({ title, kind: 'quickfix', edit: created.edit }, toEdit(ctx, created.edit), [d])];
}

/** `tracespine/reportProblem` {id}: the new problem report's ID, file and text; null when `id` is no failing test. */
export function registerReportProblem(
  connection: Connection,
  state: () => Promise<{ index: TraceIndex; validator: Validator; configInvalid: boolean } | undefined>,
): void {
  connection.onRequest(ReportProblemRequest, async (p: ReportProblemParams): Promise<ReportProblemResult> => {
    if (typeof p?.id !== 'string')
      throw new ResponseError(LSPErrorCodes.RequestFailed, 'tracespine/reportProblem needs { id: string }');
    const st = await state();
    if (!st) throw new ResponseError(LSPErrorCodes.RequestFailed, 'no workspace folder is open');
    if (st.configInvalid) return null;
    const created = problemReportFor(st.index, st.validator.evidenceState, p.id);
    return created ? { id: created.id, file: created.file, text: created.text, test: p.id } : null;
  });
}
