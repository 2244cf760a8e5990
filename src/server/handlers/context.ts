import type { ClientCapabilities } from 'vscode-languageserver/node';
import type { WorkspaceState } from '../../core/services/workspaceView';
import type * as services from '../../core/services';
import { toWorkspaceEdit, type EditCapabilities } from '../convert';
import type { UriMapper } from '../uris';
import type { Workspace } from '../workspace';

/** What every request handler works on. */
export interface HandlerContext {
  readonly workspace: Workspace;
  /** The client's capabilities (from initialize). */
  capabilities(): ClientCapabilities;
}

/** A file request's state, workspace-relative path and text (its open document's, else the disk's). */
export interface DocContext {
  readonly st: WorkspaceState;
  readonly file: string;
  readonly text: string;
  readonly uris: UriMapper;
}

/** Runs `fn` on the document of a text-document request once the workspace is current; null outside the workspace. */
export async function withDoc<R>(
  ctx: HandlerContext,
  p: { textDocument: { uri: string } },
  fn: (d: DocContext) => R,
): Promise<R | null> {
  const st = await ctx.workspace.current();
  const uris = ctx.workspace.mapper;
  if (!st || !uris) return null;
  const file = uris.toFile(p.textDocument.uri);
  if (file === undefined) return null;
  const text = ctx.workspace.textOf(file);
  if (text === undefined) return null;
  return fn({ st, file, text, uris });
}

/**
 * A core WorkspaceEdit as the client can apply it: `documentChanges` with resource
 * operations when the client says it supports them, else plain `changes`.
 */
export function toEdit(ctx: HandlerContext, edit: services.WorkspaceEdit): ReturnType<typeof toWorkspaceEdit> {
  const ws = ctx.capabilities().workspace?.workspaceEdit;
  // A client that declares resource operations (Neovim) can apply documentChanges, whether or not it says so.
  const documentChanges = ws?.documentChanges ?? (ws?.resourceOperations ?? []).length > 0;
  const caps: EditCapabilities = { documentChanges, resourceOperations: new Set(ws?.resourceOperations ?? []) };
  return toWorkspaceEdit(edit, ctx.workspace.mapper!, caps, (file) => ctx.workspace.versionOf(file));
}
