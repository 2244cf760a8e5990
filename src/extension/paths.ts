import * as vscode from 'vscode';

/**
 * The server reports workspace-relative paths with `/` separators (src/shared/lspProtocol.ts).
 * The workspace root is the first workspace folder: the one the server indexes.
 */
export function workspaceRoot(): vscode.Uri | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

/** The URI of a workspace-relative path, or undefined without a workspace folder. */
export function toUri(file: string): vscode.Uri | undefined {
  const root = workspaceRoot();
  if (!root) return undefined;
  const parts = file.split('/').filter((p) => p.length > 0 && p !== '.');
  if (parts.some((p) => p === '..')) return undefined;
  return vscode.Uri.joinPath(root, ...parts);
}

/** The workspace-relative path of `uri` (with `/`), or undefined when it lies outside the root. */
export function toRelative(uri: vscode.Uri): string | undefined {
  const root = workspaceRoot();
  if (!root || uri.scheme !== root.scheme || uri.authority !== root.authority) return undefined;
  const base = root.path.endsWith('/') ? root.path : `${root.path}/`;
  if (!uri.path.startsWith(base)) return undefined;
  return uri.path.slice(base.length);
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens `uri` and selects `id` on the 0-based `line` (the item's `id` value), or the line's
 * start when the ID is not found there (the file changed since the index saw it).
 */
export async function openAt(
  uri: vscode.Uri,
  line: number,
  id?: string,
  options: vscode.TextDocumentShowOptions = {},
): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const l = Math.max(0, Math.min(line, doc.lineCount - 1));
  const text = doc.lineAt(l).text;
  const col = id ? findToken(text, id) : -1;
  const range = col >= 0 ? new vscode.Range(l, col, l, col + id!.length) : new vscode.Range(l, 0, l, 0);
  const editor = await vscode.window.showTextDocument(doc, { ...options, selection: range });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

/** Column of `id` as a whole token in `text` (not a prefix of REQ-12 when looking for REQ-1), or -1. */
export function findToken(text: string, id: string): number {
  let from = 0;
  for (;;) {
    const i = text.indexOf(id, from);
    if (i < 0) return -1;
    const before = i === 0 ? '' : text[i - 1]!;
    const after = text[i + id.length] ?? '';
    if (!/[\w.-]/.test(before) && !/[\w]/.test(after)) return i;
    from = i + 1;
  }
}
