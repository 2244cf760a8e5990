import type { Position, Range } from '../model/range';

/**
 * Plain-data results of the language features, LSP-shaped but independent of any LSP
 * library: the server maps them to `vscode-languageserver` types, the CLI or tests use
 * them as they are. Files are workspace-relative paths with `/` separators; positions
 * are 0-based with UTF-16 columns (model/range.ts).
 */
export type { Position, Range };

export interface Location {
  readonly file: string;
  readonly range: Range;
}

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

export interface CreateFile {
  readonly file: string;
  /** The new file's whole content. */
  readonly text: string;
}

export interface RenameFile {
  readonly oldFile: string;
  readonly newFile: string;
}

/**
 * A set of edits. `changes` are keyed by the file's path *before* any rename; apply
 * them first, then `renames`. Files in `create` do not exist yet (LSP: CreateFile then
 * a full-text insert).
 */
export interface WorkspaceEdit {
  readonly changes: Record<string, TextEdit[]>;
  readonly create?: CreateFile[];
  readonly renames?: RenameFile[];
}

/** A command for the client to run; the names are documented where a service returns one. */
export interface Command {
  readonly name: string;
  readonly args: unknown[];
}

export interface Hover {
  /** Markdown. */
  readonly contents: string;
  readonly range: Range;
}

export type CompletionKind = 'id' | 'value' | 'fingerprint';

export interface CompletionItem {
  readonly label: string;
  /** E.g. the item's title for an ID, the kind label for a kind. */
  readonly detail?: string;
  readonly kind: CompletionKind;
  /** Keeps the service's order in clients that sort by label (zero-padded rank). */
  readonly sortText: string;
}

export interface CompletionList {
  /** The partial token being typed: the range every item replaces. */
  readonly range: Range;
  readonly items: CompletionItem[];
}

export interface DocumentLink {
  readonly range: Range;
  /** The defining file. */
  readonly target: string;
  /** The target item's `id` value in that file. */
  readonly targetRange: Range;
  readonly tooltip: string;
}

/** LSP SymbolKind mapping suggestion: item -> Class(5), linkField -> Field(8), link -> Constant(14). */
export type SymbolKind = 'item' | 'linkField' | 'link';

export interface DocumentSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: SymbolKind;
  /** The whole extent (for the item: the whole file). */
  readonly range: Range;
  /** The part to reveal (for the item: its id value). */
  readonly selectionRange: Range;
  readonly children: DocumentSymbol[];
}

export interface WorkspaceSymbol {
  readonly name: string;
  /** The title. */
  readonly detail: string;
  /** The kind's name, e.g. `requirement`. */
  readonly kind: string;
  readonly location: Location;
}

export interface CodeLens {
  readonly range: Range;
  readonly title: string;
  readonly command?: Command;
}

export interface CodeAction {
  readonly title: string;
  readonly kind: 'quickfix' | 'refactor';
  readonly edit: WorkspaceEdit;
  readonly isPreferred?: boolean;
}

/** What a quick fix needs to know of a diagnostic (a Finding fits). */
export interface FindingRef {
  readonly code: string;
  readonly range: Range;
  readonly target?: string;
  readonly itemId?: string;
}

/** A refusal with a message the user sees (rename of a non-ID, a taken ID, ...). */
export interface Refusal {
  readonly error: string;
}
