/** "New Item…" and "Initialize Workspace": files from the server's templates, created with one undoable edit. */
import * as vscode from 'vscode';
import { InitTemplateRequest, KindsRequest, NewItemRequest } from '../../shared/lspProtocol';
import { exists, openAt } from '../paths';
import { createFiles, idLine, UserError, workspaceUri, type CommandContext } from './context';

/** Optional arguments of "New Item…" (tests and other commands pass them to skip the prompts). */
export interface NewItemArgs {
  kind?: string;
  title?: string;
}

export interface CreatedItem {
  id: string;
  file: string;
}

export async function newItem({ service }: CommandContext, args: NewItemArgs = {}): Promise<CreatedItem | undefined> {
  const { kinds } = await service.request(KindsRequest);
  if (kinds.length === 0) throw new UserError('no kinds are configured (tracespine.yaml `kinds`).');
  let kind = args.kind !== undefined ? kinds.find((k) => k.kind === args.kind || k.prefix === args.kind) : undefined;
  if (args.kind !== undefined && !kind)
    throw new UserError(`unknown kind '${args.kind}'; configured: ${kinds.map((k) => k.kind).join(', ')}.`);
  if (!kind) {
    const pick = await vscode.window.showQuickPick(
      kinds.map((k) => ({
        label: k.label,
        description: k.next ?? (k.prefix ? `${k.prefix}-…` : k.kind),
        ...(k.skipped ? { detail: skippedText(k.next, k.skipped) } : {}),
        value: k,
      })),
      { title: 'Tracespine: New Item', placeHolder: 'Kind of the new design item', matchOnDescription: true },
    );
    if (!pick) return undefined;
    kind = pick.value;
  }
  let title = args.title;
  if (title === undefined) {
    title = await vscode.window.showInputBox({
      title: `Tracespine: New ${kind.label}`,
      prompt: `Title of the new ${kind.label.toLowerCase()}`,
      validateInput: (v) => (v.trim() === '' ? 'A design item needs a title.' : undefined),
    });
    if (title === undefined) return undefined;
  }
  title = title.trim();
  if (title === '') throw new UserError('a design item needs a title.');
  const result = await service.request(NewItemRequest, { kind: kind.kind, title });
  if (!result)
    throw new UserError(`cannot create a new ${kind.label.toLowerCase()}: its ID pattern has no number to count up.`);
  const uri = workspaceUri(result.file);
  if (await exists(uri)) throw new UserError(`${result.file} already exists; nothing was created.`);
  await createFiles([{ uri, text: result.text }], `New ${kind.label.toLowerCase()} ${result.id}`);
  await openAt(uri, idLine(result.text), result.id);
  return { id: result.id, file: result.file };
}

/** Why New Item does not give the next number: "REQ-021 is named by links but not defined, so New Item passes over it: the new item is REQ-022". */
export function skippedText(next: string | undefined, skipped: readonly string[]): string {
  const which = skipped.length === 1 ? `${skipped[0]} is` : `${skipped.join(', ')} are`;
  const pronoun = skipped.length === 1 ? 'it' : 'them';
  return `${which} named by links but not defined, so New Item passes over ${pronoun}${next ? `: the new item is ${next}` : ''}`;
}

/**
 * Creates tracespine.yaml and one starter item per kind (`tracespine/initTemplate`) with one
 * undoable WorkspaceEdit. Refuses (changing nothing) when tracespine.yaml or any of the
 * files exists already, and says which.
 */
export async function initWorkspace({ service }: CommandContext): Promise<{ created: string[]; existing: string[] }> {
  const configUri = workspaceUri('tracespine.yaml');
  const { files } = await service.request(InitTemplateRequest);
  const targets = files.map((f) => ({ file: f.file, uri: workspaceUri(f.file), text: f.text }));
  const existing: string[] = [];
  if (await exists(configUri)) existing.push('tracespine.yaml');
  for (const t of targets) if (t.file !== 'tracespine.yaml' && (await exists(t.uri))) existing.push(t.file);
  if (existing.length > 0 || targets.length === 0) {
    const which =
      existing.length === 0
        ? 'its files exist'
        : `${existing.join(', ')} ${existing.length === 1 ? 'exists' : 'exist'}`;
    void vscode.window.showWarningMessage(
      `Tracespine: this workspace is initialized already (${which}). Nothing was changed.`,
    );
    return { created: [], existing };
  }
  await createFiles(targets, 'Initialize Tracespine workspace');
  const config = targets.find((t) => t.file === 'tracespine.yaml') ?? targets[0];
  if (config) await vscode.window.showTextDocument(config.uri, { preview: false });
  void vscode.window.showInformationMessage(`Tracespine: created ${targets.map((t) => t.file).join(', ')}.`);
  return { created: targets.map((t) => t.file), existing: [] };
}
