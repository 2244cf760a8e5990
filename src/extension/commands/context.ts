import * as vscode from 'vscode';
import type { TraceLink } from '../../shared/lspProtocol';
import type { ItemState } from '../../shared/lspProtocol';
import type { DesignControlsProvider, DesignNode } from '../designView';
import { openAt, toRelative, toUri } from '../paths';
import type { TracespineService } from '../service';

/** What every command may use: the service (language client, item states) and the Design Controls view. */
export interface CommandContext {
  readonly service: TracespineService;
  readonly view: DesignControlsProvider;
}

/** A user-visible refusal: shown as a message, returned to programmatic callers. */
export class UserError extends Error {}

/** One entry of "Show Links" / "Show Impact": an item or a code location (the engine's answer). */
export type LinkPick = TraceLink;

/** The item an argument names: an ID, a tree node, a URI; else the active editor's item. */
export function resolveItem(service: TracespineService, arg: unknown): ItemState {
  if (typeof arg === 'string') {
    const item = service.item(arg);
    if (!item) throw new UserError(`no item defines ${arg}.`);
    return item;
  }
  if (isItemNode(arg)) return service.item(arg.item.id) ?? arg.item;
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  const items = uri ? service.itemsInFile(uri) : [];
  if (items.length === 0)
    throw new UserError(uri ? `${toRelative(uri) ?? uri.fsPath} is not a design item.` : 'open a design item first.');
  return items[0]!;
}

function isItemNode(x: unknown): x is DesignNode & { type: 'item' } {
  return (
    typeof x === 'object' &&
    x !== null &&
    (x as { type?: unknown }).type === 'item' &&
    typeof (x as { item?: { id?: unknown } }).item?.id === 'string'
  );
}

export function workspaceUri(file: string): vscode.Uri {
  const uri = toUri(file);
  if (!uri) throw new UserError(`cannot place ${file}: open a folder first.`);
  return uri;
}

/** Creates files with one undoable WorkspaceEdit (createFile + insert), then saves them. */
export async function createFiles(files: readonly { uri: vscode.Uri; text: string }[], label: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = { label, needsConfirmation: false };
  for (const f of files) {
    edit.createFile(f.uri, { overwrite: false, ignoreIfExists: false }, metadata);
    edit.insert(f.uri, new vscode.Position(0, 0), f.text, metadata);
  }
  if (!(await vscode.workspace.applyEdit(edit)))
    throw new UserError(`could not create ${files.map((f) => toRelative(f.uri) ?? f.uri.fsPath).join(', ')}.`);
  for (const f of files) {
    const doc = await vscode.workspace.openTextDocument(f.uri);
    if (doc.isDirty) await doc.save();
  }
}

/** The links in a QuickPick; opens the chosen one and returns it. */
export async function pickAndOpen(
  links: readonly LinkPick[],
  title: string,
  placeHolder: string,
): Promise<LinkPick | undefined> {
  const picks = links.map((l) => ({
    label: l.id ? `$(symbol-class) ${l.id}` : `$(file-code) ${l.file}:${l.line + 1}`,
    description: l.id ? l.title : undefined,
    detail: l.id ? `${l.via} · ${l.file}` : l.via,
    link: l,
  }));
  const pick = await vscode.window.showQuickPick(picks, {
    title,
    placeHolder,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!pick) return undefined;
  const uri = toUri(pick.link.file);
  if (uri) await openAt(uri, pick.link.line, pick.link.id, { preview: false });
  return pick.link;
}

/** 0-based line of the frontmatter's `id:` in a new item's text. */
export function idLine(text: string): number {
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => /^id\s*:/.test(l));
  return Math.max(0, i);
}
