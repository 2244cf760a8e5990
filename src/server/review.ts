/**
 * The reviewer's requests beside `tracespine/impact` (src/shared/lspProtocol.ts): a file as
 * a commit has it, where git has an item at a pinned fingerprint, and the re-affirm quick fix
 * of one suspect link. Git is read through src/node/review.ts; the quick fix is the engine's.
 */
import { LSPErrorCodes, ResponseError, type CodeAction, type WorkspaceEdit } from 'vscode-languageserver/node';
import * as services from '../core/services';
import type { TraceIndex } from '../core/traceIndex';
import { findPinnedVersion, gitBlobText } from '../node/review';
import type {
  GitTextParams,
  GitTextResult,
  PinnedVersionParams,
  PinnedVersionResult,
  ReaffirmParams,
} from '../shared/lspProtocol';
import { toCodeAction } from './convert';

export interface ReviewContext {
  /** The workspace root (absolute). */
  readonly root: string;
  readonly index: TraceIndex;
  /** A workspace file's text: its open document's, else the disk's. */
  readonly textOf: (file: string) => string | undefined;
  readonly toEdit: (edit: services.WorkspaceEdit) => WorkspaceEdit;
}

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

function refuse(message: string): never {
  throw new ResponseError(LSPErrorCodes.RequestFailed, message);
}

export async function gitText(ctx: ReviewContext, p: GitTextParams): Promise<GitTextResult> {
  if (typeof p?.commit !== 'string' || typeof p.file !== 'string')
    refuse('tracespine/gitText needs { commit: string, file: string }');
  const r = await gitBlobText(ctx.root, p.commit, p.file);
  return r.text !== undefined
    ? { text: r.text, ...(r.notice !== undefined ? { notice: r.notice } : {}) }
    : { text: null, notice: r.notice };
}

export async function pinnedVersion(ctx: ReviewContext, p: PinnedVersionParams): Promise<PinnedVersionResult> {
  if (typeof p?.target !== 'string' || typeof p.pin !== 'string')
    refuse('tracespine/pinnedVersion needs { target: string, pin: string }');
  const item = ctx.index.resolve(p.target);
  if (!item) return { commit: null, file: null, current: null, searched: 0 };
  const r = await findPinnedVersion(ctx.root, ctx.index.config, item.id, item.file, p.pin);
  return { commit: r.found?.commit ?? null, file: item.file, current: item.fingerprint, searched: r.searched };
}

export function reaffirm(ctx: ReviewContext, p: ReaffirmParams): CodeAction | null {
  if (typeof p?.file !== 'string' || !isCount(p.line) || !isCount(p.character))
    refuse('tracespine/reaffirm needs { file: string, line: number, character: number }');
  const text = ctx.textOf(p.file);
  if (text === undefined) return null;
  const item = ctx.index.get(p.file)?.item;
  const link = item?.links.find((l) => l.range.start.line === p.line && l.range.start.character === p.character);
  const target = link ? ctx.index.resolve(link.target) : undefined;
  if (!link || link.pin === undefined || !target || target.fingerprint === link.pin) return null;
  const actions = services.codeActions(ctx.index, p.file, text, { code: 'link.suspect', range: link.range });
  const fix = actions.find((a) => a.isPreferred === true);
  return fix ? toCodeAction(fix, ctx.toEdit(fix.edit)) : null;
}
