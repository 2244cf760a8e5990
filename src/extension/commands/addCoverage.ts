/** "Add Coverage…": the engine's quick fix for an unmet coverage rule, applied as one undoable edit. */
import * as vscode from 'vscode';
import { CodeAction as LspCodeAction, type WorkspaceEdit as LspWorkspaceEdit } from 'vscode-languageclient/node';
import { CoverageActionsRequest } from '../../shared/lspProtocol';
import { uncoveredText } from '../itemState';
import { openAt, toRelative } from '../paths';
import { idLine, resolveItem, UserError, type CommandContext } from './context';

/**
 * `tracespine.addCoverage` [id, ruleName]: asks the server what would meet the item's
 * `coverage.<rule>` (`tracespine/coverageActions`: a stub that covers it, e.g. a test that
 * `verifies` it), applies that edit (undoable) and opens the new file.
 */
export async function addCoverage(
  { service }: CommandContext,
  idArg?: unknown,
  ruleArg?: unknown,
): Promise<{ title: string; files: string[] } | undefined> {
  const item = resolveItem(service, idArg);
  let rule = typeof ruleArg === 'string' ? ruleArg : undefined;
  if (rule === undefined) {
    if (item.uncovered.length === 0) {
      void vscode.window.showInformationMessage(`Tracespine: ${item.id} meets every coverage rule.`);
      return undefined;
    }
    rule = item.uncovered[0]!;
    if (item.uncovered.length > 1) {
      const pick = await vscode.window.showQuickPick(
        item.uncovered.map((r) => ({ label: uncoveredText(r), description: `coverage.${r}`, rule: r })),
        { title: `Tracespine: add coverage to ${item.id}` },
      );
      if (!pick) return undefined;
      rule = pick.rule;
    }
  }
  const client = service.languageClient;
  if (!client) throw new UserError('the language server is not running.');
  const result = await service.request(CoverageActionsRequest, { id: item.id, rule });
  const actions = result.filter(
    (a): a is LspCodeAction & { edit: LspWorkspaceEdit } => LspCodeAction.is(a) && a.edit !== undefined,
  );
  if (actions.length === 0) throw new UserError(`the server offers no way to cover ${item.id} (coverage.${rule}).`);
  let action = actions[0]!;
  if (actions.length > 1) {
    const pick = await vscode.window.showQuickPick(
      actions.map((a) => ({ label: a.title, action: a })),
      { title: `Tracespine: cover ${item.id} (${uncoveredText(rule)})` },
    );
    if (!pick) return undefined;
    action = pick.action;
  }
  const created = createdFiles(action.edit);
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(action.edit);
  if (!(await vscode.workspace.applyEdit(edit))) throw new UserError(`could not apply '${action.title}'.`);
  for (const f of created) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === f.toString());
    if (doc?.isDirty) await doc.save();
  }
  const first = created[0];
  if (first) {
    const doc = await vscode.workspace.openTextDocument(first);
    await openAt(first, idLine(doc.getText()), undefined, { preview: false });
  }
  return { title: action.title, files: created.map((u) => toRelative(u) ?? u.toString()) };
}

/** Files an LSP WorkspaceEdit creates. */
function createdFiles(edit: LspWorkspaceEdit): vscode.Uri[] {
  const out: vscode.Uri[] = [];
  for (const change of edit.documentChanges ?? [])
    if ('kind' in change && change.kind === 'create') out.push(vscode.Uri.parse(change.uri));
  return out;
}
