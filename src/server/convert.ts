/**
 * Core results (plain, LSP-shaped data with workspace-relative paths) to LSP types.
 * No state: the caller passes how to spell a file's URI and an open document's version.
 */
import {
  CodeActionKind,
  CompletionItemKind,
  CreateFile,
  DiagnosticSeverity,
  RenameFile,
  SymbolKind,
  TextDocumentEdit,
  TextEdit,
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentLink,
  type DocumentSymbol,
  type Location,
  type SymbolInformation,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Finding } from '../core/model/finding';
import type * as core from '../core/services';

export interface UriSource {
  toUri(file: string): string;
}

/** What a finding's quick fixes need back from the client (LSP keeps `data` on the diagnostic). */
export interface DiagnosticData {
  target?: string;
  itemId?: string;
}

export const DIAGNOSTIC_SOURCE = 'tracespine';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
} as const;

export function toDiagnostic(f: Finding, uris: UriSource): Diagnostic {
  const data: DiagnosticData = {};
  if (f.target !== undefined) data.target = f.target;
  if (f.itemId !== undefined) data.itemId = f.itemId;
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.code,
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
    data,
  };
  if (f.related && f.related.length > 0) {
    d.relatedInformation = f.related.map((r) => ({
      location: { uri: uris.toUri(r.file), range: r.range },
      message: r.message,
    }));
  }
  return d;
}

/** The FindingRef a diagnostic sent back by the client stands for (undefined when it is not ours). */
export function findingRefOf(d: Diagnostic): core.FindingRef | undefined {
  if (d.source !== undefined && d.source !== DIAGNOSTIC_SOURCE) return undefined;
  if (typeof d.code !== 'string') return undefined;
  const data = (typeof d.data === 'object' && d.data !== null ? d.data : {}) as Record<string, unknown>;
  return {
    code: d.code,
    range: d.range,
    ...(typeof data.target === 'string' ? { target: data.target } : {}),
    ...(typeof data.itemId === 'string' ? { itemId: data.itemId } : {}),
  };
}

export function toLocation(l: core.Location, uris: UriSource): Location {
  return { uri: uris.toUri(l.file), range: l.range };
}

export interface EditCapabilities {
  /** The client takes `documentChanges` (versioned text edits, resource operations). */
  readonly documentChanges: boolean;
  /** Resource operations it supports: `create`, `rename`, `delete`. */
  readonly resourceOperations: ReadonlySet<string>;
}

/**
 * A core WorkspaceEdit as LSP: text edits (keyed by the paths before renames) first, then
 * file renames, then creations (CreateFile, then a full-text insert). Without
 * `documentChanges` support, only `changes` can be sent: renames are dropped and created
 * files are sent as an insert into a document that does not exist yet (which some clients create).
 */
export function toWorkspaceEdit(
  edit: core.WorkspaceEdit,
  uris: UriSource,
  caps: EditCapabilities,
  versionOf: (file: string) => number | null,
): WorkspaceEdit {
  const files = Object.keys(edit.changes).sort();
  const renames = edit.renames ?? [];
  const creates = edit.create ?? [];
  const useDocumentChanges =
    caps.documentChanges &&
    (renames.length === 0 || caps.resourceOperations.has('rename')) &&
    (creates.length === 0 || caps.resourceOperations.has('create'));
  if (!useDocumentChanges) {
    const changes: Record<string, TextEdit[]> = {};
    for (const file of files)
      changes[uris.toUri(file)] = edit.changes[file]!.map((e) => TextEdit.replace(e.range, e.newText));
    for (const c of creates) changes[uris.toUri(c.file)] = [TextEdit.insert({ line: 0, character: 0 }, c.text)];
    return { changes };
  }
  const documentChanges: (TextDocumentEdit | CreateFile | RenameFile)[] = [];
  for (const file of files) {
    const edits = edit.changes[file]!;
    if (edits.length === 0) continue;
    documentChanges.push(
      TextDocumentEdit.create(
        { uri: uris.toUri(file), version: versionOf(file) },
        edits.map((e) => TextEdit.replace(e.range, e.newText)),
      ),
    );
  }
  for (const r of renames)
    documentChanges.push(
      RenameFile.create(uris.toUri(r.oldFile), uris.toUri(r.newFile), { overwrite: false, ignoreIfExists: false }),
    );
  for (const c of creates) {
    const uri = uris.toUri(c.file);
    documentChanges.push(CreateFile.create(uri, { overwrite: false, ignoreIfExists: false }));
    documentChanges.push(
      TextDocumentEdit.create({ uri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, c.text)]),
    );
  }
  return { documentChanges };
}

const COMPLETION_KIND: Record<core.CompletionKind, CompletionItemKind> = {
  id: CompletionItemKind.Reference,
  value: CompletionItemKind.EnumMember,
  fingerprint: CompletionItemKind.Constant,
};

export function toCompletionList(list: core.CompletionList): CompletionList {
  return {
    isIncomplete: false,
    items: list.items.map((i): CompletionItem => ({
      label: i.label,
      // The title on every row (labelDetails), not only on the focused one (detail).
      ...(i.detail !== undefined ? { detail: i.detail, labelDetails: { description: i.detail } } : {}),
      kind: COMPLETION_KIND[i.kind],
      sortText: i.sortText,
      filterText: i.label,
      textEdit: TextEdit.replace(list.range, i.label),
    })),
  };
}

export function toDocumentLink(l: core.DocumentLink, uris: UriSource): DocumentLink {
  // VS Code opens `file:///x.md#L3,5` at line 3, column 5 (1-based).
  const at = l.targetRange.start;
  return { range: l.range, target: `${uris.toUri(l.target)}#L${at.line + 1},${at.character + 1}`, tooltip: l.tooltip };
}

const SYMBOL_KIND: Record<core.SymbolKind, SymbolKind> = {
  item: SymbolKind.Class,
  linkField: SymbolKind.Field,
  link: SymbolKind.Constant,
};

export function toDocumentSymbol(s: core.DocumentSymbol): DocumentSymbol {
  return {
    name: s.name,
    detail: s.detail,
    kind: SYMBOL_KIND[s.kind],
    range: s.range,
    selectionRange: s.selectionRange,
    children: s.children.map(toDocumentSymbol),
  };
}

/** For clients without hierarchical document symbols: the tree, flattened. */
export function toSymbolInformation(
  symbols: readonly core.DocumentSymbol[],
  uri: string,
  container?: string,
): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  for (const s of symbols) {
    out.push({
      name: s.name,
      kind: SYMBOL_KIND[s.kind],
      location: { uri, range: s.range },
      ...(container !== undefined ? { containerName: container } : {}),
    });
    out.push(...toSymbolInformation(s.children, uri, s.name));
  }
  return out;
}

/** Workspace symbols: the item's title shows as the container name (VS Code prints it beside the ID). */
export function toWorkspaceSymbol(s: core.WorkspaceSymbol, uris: UriSource): SymbolInformation {
  return { name: s.name, kind: SymbolKind.Class, location: toLocation(s.location, uris), containerName: s.detail };
}

/** A core lens; one without a command is shown as plain text (command ''). */
export function toCodeLens(l: core.CodeLens): CodeLens {
  return {
    range: l.range,
    command: { title: l.title, command: l.command?.name ?? '', ...(l.command ? { arguments: l.command.args } : {}) },
  };
}

/** Kind of the "pin all links of this item" source action. */
export const PIN_ALL_LINKS_KIND = `${CodeActionKind.Source}.tracespine.pinAllLinks`;

export function toCodeAction(
  a: core.CodeAction,
  edit: WorkspaceEdit,
  diagnostics?: Diagnostic[],
  kind?: string,
): CodeAction {
  return {
    title: a.title,
    kind: kind ?? (a.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.Refactor),
    edit,
    ...(diagnostics && diagnostics.length > 0 ? { diagnostics } : {}),
    ...(a.isPreferred ? { isPreferred: true } : {}),
  };
}
