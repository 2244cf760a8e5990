/** The standard LSP features: one function per request, mapping core services to LSP. */
import {
  CodeActionKind,
  LSPErrorCodes,
  MarkupKind,
  ResponseError,
  type CodeAction,
  type CodeActionParams,
  type CodeLens,
  type CodeLensParams,
  type CompletionList,
  type CompletionParams,
  type DefinitionParams,
  type DocumentLink,
  type DocumentLinkParams,
  type DocumentSymbol,
  type DocumentSymbolParams,
  type Hover,
  type HoverParams,
  type Location,
  type PrepareRenameParams,
  type Range,
  type ReferenceParams,
  type RenameParams,
  type SymbolInformation,
  type WorkspaceEdit,
  type WorkspaceSymbolParams,
} from 'vscode-languageserver/node';
import * as services from '../../core/services';
import type { WorkspaceState } from '../../core/services/workspaceView';
import { markdownToPlain } from '../../core/services/plainText';
import {
  PIN_ALL_LINKS_KIND,
  findingRefOf,
  toCodeAction,
  toCodeLens,
  toCompletionList,
  toDocumentLink,
  toDocumentSymbol,
  toLocation,
  toSymbolInformation,
  toWorkspaceSymbol,
} from '../convert';
import { toEdit, withDoc, type HandlerContext } from './context';
import { evidenceHover, evidenceLenses } from '../evidence';
import { reportProblemActions, reportProblemLenses } from '../reportProblem';

export function hover(ctx: HandlerContext, p: HoverParams): Promise<Hover | null> {
  return withDoc(ctx, p, ({ st, file, text, uris }) => {
    // "Linked from" names open the linking entry: the file's URI with its line (`#L5`, 1-based).
    const found = services.hover(
      st.index,
      file,
      text,
      p.position,
      (l) => `${uris.toUri(l.file)}#L${l.range.start.line + 1}`,
    );
    if (!found) return null;
    const h = {
      ...found,
      contents:
        found.contents +
        evidenceHover(st.index, st.validator, text, found.range) +
        approvalHover(ctx, st, file, text, found.range),
    };
    // A client that lists its formats and not Markdown gets plain text (LSP: the first it prefers).
    const formats = ctx.capabilities().textDocument?.hover?.contentFormat;
    const markdown = formats === undefined || formats.length === 0 || formats.includes(MarkupKind.Markdown);
    const contents = markdown
      ? { kind: MarkupKind.Markdown, value: h.contents }
      : { kind: MarkupKind.PlainText, value: markdownToPlain(h.contents) };
    return { contents, range: h.range };
  });
}

/** The approvals of the item whose ID the hover is on, and the waived findings of its file. */
function approvalHover(
  ctx: HandlerContext,
  st: WorkspaceState,
  file: string,
  text: string,
  range: Range | undefined,
): string {
  if (!range || range.start.line !== range.end.line) return '';
  const line = text.split(/\r\n?|\n/)[range.start.line] ?? '';
  const id = line.slice(range.start.character, range.end.character);
  const lines = ctx.workspace.approvals.hoverLines(id);
  const item = st.index.resolve(id);
  if (item && item.file === file) {
    const waived = st.validator.waived(file).filter((w) => w.itemId === id);
    if (waived.length > 0) {
      lines.push('', 'Waived:');
      for (const w of waived) {
        const d = ctx.workspace.approvals.deviation(w.suppressed.by);
        lines.push(
          `- \`${w.code}\` ${ctx.workspace.approvals.waiverText(w.suppressed.by)}${d ? `: ${d.justification}` : ''}`,
        );
      }
    }
  }
  return lines.length === 0 ? '' : `\n${lines.join('\n')}`;
}

export function definition(ctx: HandlerContext, p: DefinitionParams): Promise<Location[] | null> {
  return withDoc(ctx, p, ({ st, file, text, uris }) =>
    services.definition(st.index, file, text, p.position).map((l) => toLocation(l, uris)),
  );
}

export function references(ctx: HandlerContext, p: ReferenceParams): Promise<Location[] | null> {
  return withDoc(ctx, p, ({ st, file, text, uris }) =>
    services
      .references(st.index, file, text, p.position, { includeDeclaration: p.context.includeDeclaration })
      .map((l) => toLocation(l, uris)),
  );
}

export function documentLinks(ctx: HandlerContext, p: DocumentLinkParams): Promise<DocumentLink[] | null> {
  return withDoc(ctx, p, ({ st, file, text, uris }) =>
    services.documentLinks(st.index, file, text).map((l) => toDocumentLink(l, uris)),
  );
}

export function documentSymbols(
  ctx: HandlerContext,
  p: DocumentSymbolParams,
): Promise<DocumentSymbol[] | SymbolInformation[] | null> {
  return withDoc(ctx, p, ({ st, file, text }) => {
    const symbols = services.documentSymbols(st.index, file, text);
    return ctx.capabilities().textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport
      ? symbols.map(toDocumentSymbol)
      : toSymbolInformation(symbols, p.textDocument.uri);
  });
}

export async function workspaceSymbols(ctx: HandlerContext, p: WorkspaceSymbolParams): Promise<SymbolInformation[]> {
  const st = await ctx.workspace.current();
  const uris = ctx.workspace.mapper;
  return st && uris ? services.workspaceSymbols(st.index, p.query).map((s) => toWorkspaceSymbol(s, uris)) : [];
}

export function completion(ctx: HandlerContext, p: CompletionParams): Promise<CompletionList | null> {
  return withDoc(ctx, p, ({ st, file, text }) => {
    const list = services.completion(st.index, file, text, p.position);
    return list ? toCompletionList(list) : null;
  });
}

export function prepareRename(
  ctx: HandlerContext,
  p: PrepareRenameParams,
): Promise<{ range: Range; placeholder: string } | null> {
  return withDoc(ctx, p, ({ st, file, text }) => {
    const r = services.prepareRename(st.index, file, text, p.position);
    if (services.isRefusal(r)) throw new ResponseError(LSPErrorCodes.RequestFailed, r.error);
    return { range: r.range, placeholder: r.id };
  });
}

export function rename(ctx: HandlerContext, p: RenameParams): Promise<WorkspaceEdit | null> {
  return withDoc(ctx, p, ({ st, file, text }) => {
    const at = services.prepareRename(st.index, file, text, p.position);
    if (services.isRefusal(at)) throw new ResponseError(LSPErrorCodes.RequestFailed, at.error);
    const edit = services.rename(st.index, at.id, p.newName);
    if (services.isRefusal(edit)) throw new ResponseError(LSPErrorCodes.RequestFailed, edit.error);
    return toEdit(ctx, edit);
  });
}

export function codeLenses(ctx: HandlerContext, p: CodeLensParams): Promise<CodeLens[] | null> {
  return withDoc(ctx, p, ({ st, file, text }) =>
    [
      ...services.codeLenses(st.index, file, text),
      ...evidenceLenses(st.index, st.validator, file),
      ...reportProblemLenses(st.index, st.validator, file),
      ...ctx.workspace.approvals.lenses(st.index, file),
    ].map(toCodeLens),
  );
}

/** Quick fixes for the diagnostics in context, and "pin all links" as a source action. */
export function codeActions(ctx: HandlerContext, p: CodeActionParams): Promise<CodeAction[] | null> {
  return withDoc(ctx, p, ({ st, file, text }) => {
    const only = p.context.only;
    const wants = (kind: string): boolean => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
    const out: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      for (const d of p.context.diagnostics) {
        const ref = findingRefOf(d);
        if (!ref) continue;
        for (const a of services.codeActions(st.index, file, text, ref))
          out.push(toCodeAction(a, toEdit(ctx, a.edit), [d]));
      }
      out.push(...reportProblemActions(ctx, st.index, st.validator, file, p.context.diagnostics));
    }
    if (wants(PIN_ALL_LINKS_KIND)) {
      const pin = services.pinAllLinks(st.index, file, text);
      if (pin) out.push(toCodeAction(pin, toEdit(ctx, pin.edit), undefined, PIN_ALL_LINKS_KIND));
    }
    return out;
  });
}
