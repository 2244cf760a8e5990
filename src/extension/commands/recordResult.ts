/**
 * "Record Test Result…" (SPEC 8, manual records): asks for the test (default: the active
 * editor's), the result, the version (default `git describe`) and who executed it (default
 * git's user), then creates the record the server's template gives (src/core/evidence/recordTemplate.ts)
 * with one undoable WorkspaceEdit, never over an existing file, opens it and says what it wrote.
 */
import * as vscode from 'vscode';
import { RecordContextRequest, RecordTemplateRequest } from '../../shared/lspProtocol';
import { exists, openAt, toRelative } from '../paths';
import { createFiles, idLine, UserError, workspaceUri, type CommandContext } from './context';

/** Optional arguments (tests and other commands pass them to skip the prompts). */
export interface RecordResultArgs {
  test?: string;
  result?: string;
  version?: string;
  executedBy?: string;
}

export interface RecordedResult {
  id: string;
  file: string;
  test: string;
  result: string;
}

const RESULT_LABELS: Record<string, string> = {
  pass: '$(pass) pass',
  fail: '$(error) fail',
  blocked: '$(circle-slash) blocked',
};

export async function recordTestResult(
  { service }: CommandContext,
  arg?: unknown,
): Promise<RecordedResult | undefined> {
  const args: RecordResultArgs = typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri) ? arg : {};
  const active = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  const ctx = await service.request(RecordContextRequest, active ? { uri: active.toString() } : {});
  if (!ctx.evidence) throw new UserError('evidence is off: add an `evidence:` key to tracespine.yaml first.');
  if (ctx.tests.length === 0) throw new UserError('no live test item to record a result of.');

  let test = args.test ?? (typeof arg === 'string' ? arg : undefined);
  if (test === undefined) {
    const first = ctx.tests.find((t) => t.id === ctx.active);
    const ordered = first ? [first, ...ctx.tests.filter((t) => t !== first)] : ctx.tests;
    const pick = await vscode.window.showQuickPick(
      ordered.map((t) => ({
        label: t.id,
        description: t.title,
        detail: t.id === ctx.active ? `${t.file} · the active editor's test` : t.file,
        id: t.id,
      })),
      {
        title: 'Tracespine: Record Test Result (1/4)',
        placeHolder: 'The test that was executed',
        matchOnDescription: true,
      },
    );
    if (!pick) return undefined;
    test = pick.id;
  }
  if (!ctx.tests.some((t) => t.id === test)) throw new UserError(`${test} is not a live test item.`);

  let result = args.result;
  if (result === undefined) {
    const pick = await vscode.window.showQuickPick(
      ctx.results.map((r) => ({ label: RESULT_LABELS[r] ?? r, value: r })),
      { title: `Tracespine: Record Test Result of ${test} (2/4)`, placeHolder: 'The outcome' },
    );
    if (!pick) return undefined;
    result = pick.value;
  }

  let version = args.version;
  if (version === undefined) {
    version = await vscode.window.showInputBox({
      title: `Tracespine: Record Test Result of ${test} (3/4)`,
      prompt: 'The version that was tested (default: git describe)',
      value: ctx.version ?? '',
    });
    if (version === undefined) return undefined;
  }

  let executedBy = args.executedBy;
  if (executedBy === undefined) {
    executedBy = await vscode.window.showInputBox({
      title: `Tracespine: Record Test Result of ${test} (4/4)`,
      prompt: 'Who executed the test (default: git user.name <user.email>)',
      value: ctx.executedBy ?? '',
    });
    if (executedBy === undefined) return undefined;
  }

  const rec = await service.request(RecordTemplateRequest, { test, result, version, executedBy });
  const uri = workspaceUri(rec.file);
  if (await exists(uri)) throw new UserError(`${rec.file} already exists; nothing was written.`);
  await createFiles([{ uri, text: rec.text }], `Record ${result} of ${test} (${rec.id})`);
  await openAt(uri, idLine(rec.text), rec.id, { preview: false });
  const on = version.trim() !== '' ? ` on ${version.trim()}` : '';
  void vscode.window.showInformationMessage(
    `Tracespine: wrote ${toRelative(uri) ?? rec.file}: ${rec.id} records ${test} ${result}${on}.`,
  );
  return { id: rec.id, file: rec.file, test, result };
}
