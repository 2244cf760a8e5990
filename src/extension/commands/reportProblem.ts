/** "Report a problem…" on a failing test: the server's new problem report, created with one undoable edit. */
import { ReportProblemRequest } from '../../shared/lspProtocol';
import { exists, openAt } from '../paths';
import { createFiles, idLine, resolveItem, UserError, workspaceUri, type CommandContext } from './context';

/**
 * `tracespine.reportProblem` [testId]: asks the server for a problem report of the failing test
 * (`tracespine/reportProblem`: the next PR ID, prefilled with the failing case, `affects` what the
 * test verifies, `found_by` the test), creates the file (refusing when it exists) and opens it.
 * Without an argument, the active editor's item.
 */
export async function reportProblem(
  { service }: CommandContext,
  idArg?: unknown,
): Promise<{ id: string; file: string } | undefined> {
  const test = resolveItem(service, idArg);
  const result = await service.request(ReportProblemRequest, { id: test.id });
  if (!result) throw new UserError(`${test.id} is not a failing test (its evidence has no failed result).`);
  const uri = workspaceUri(result.file);
  if (await exists(uri)) throw new UserError(`${result.file} already exists; nothing was created.`);
  await createFiles([{ uri, text: result.text }], `Report a problem with ${test.id}: ${result.id}`);
  await openAt(uri, idLine(result.text), result.id);
  return { id: result.id, file: result.file };
}
