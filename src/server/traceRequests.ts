/**
 * The custom requests that answer questions about the trace for the extension's commands
 * (src/shared/lspProtocol.ts): one named function each, over the live index, through the
 * engine's services. The server registers them; nothing here knows the connection.
 */
import { LSPErrorCodes, ResponseError, type CodeAction, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { TraceIndex } from '../core/traceIndex';
import * as services from '../core/services';
import type { CoverageActionsParams, DownstreamParams, IncomingLinksParams, TraceLink } from '../shared/lspProtocol';
import { toCodeAction } from './convert';

const isStringList = (x: unknown): x is string[] => Array.isArray(x) && x.every((t) => typeof t === 'string');

/** `tracespine/incomingLinks`: empty when the index is not read yet or `id` is not defined. */
export function incomingLinks(index: TraceIndex | undefined, p: IncomingLinksParams): TraceLink[] {
  if (typeof p?.id !== 'string' || (p.types !== undefined && !isStringList(p.types))) {
    throw new ResponseError(
      LSPErrorCodes.RequestFailed,
      'tracespine/incomingLinks needs { id: string, types?: string[] }',
    );
  }
  const item = index?.resolve(p.id);
  return index && item ? services.incomingLinkList(index, item.id, p.types) : [];
}

/** `tracespine/downstream`: empty when the index is not read yet or `id` is not defined. */
export function downstream(index: TraceIndex | undefined, p: DownstreamParams): TraceLink[] {
  if (typeof p?.id !== 'string')
    throw new ResponseError(LSPErrorCodes.RequestFailed, 'tracespine/downstream needs { id: string }');
  const item = index?.resolve(p.id);
  return index && item ? services.downstreamList(index, item.id) : [];
}

/** `tracespine/coverageActions`: the coverage quick fixes, with `toEdit` mapping their edits to LSP. */
export function coverageActions(
  index: TraceIndex | undefined,
  p: CoverageActionsParams,
  toEdit: (edit: services.WorkspaceEdit) => WorkspaceEdit,
): CodeAction[] {
  if (typeof p?.id !== 'string' || typeof p.rule !== 'string') {
    throw new ResponseError(
      LSPErrorCodes.RequestFailed,
      'tracespine/coverageActions needs { id: string, rule: string }',
    );
  }
  if (!index?.resolve(p.id)) return [];
  return services.coverageStubs(index, p.id, p.rule).map((a) => toCodeAction(a, toEdit(a.edit)));
}
