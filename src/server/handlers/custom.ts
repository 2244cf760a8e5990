/** The `tracespine/*` requests of src/shared/lspProtocol.ts: one function per request. */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import { itemGraph } from '../../core/graph/traceGraph';
import { itemImpactGraph } from '../../core/graph/itemImpact';
import * as services from '../../core/services';
import { itemViewOf, itemViews, workspaceTemplate } from '../../core/services/workspaceView';
import { isDepth, isDirection, type GraphData } from '../../shared/protocol';
import type {
  GraphParams,
  ImpactParams,
  ImpactResult,
  InitTemplateResult,
  ItemAtParams,
  ItemImpactParams,
  ItemImpactResult,
  ItemState,
  ItemsParams,
  ItemsResult,
  KindsResult,
  NewItemParams,
  NewItemResult,
  WorkspaceSummary,
} from '../../shared/lspProtocol';
import { impactHandler } from '../impact';
import type { HandlerContext } from './context';

export function summary(ctx: HandlerContext): WorkspaceSummary {
  return ctx.workspace.summary();
}

/** Every item's state, or only those of `files` (what an indexChanged named): no whole-workspace payload per edit. */
export async function items(ctx: HandlerContext, p?: ItemsParams): Promise<ItemsResult> {
  const st = await ctx.workspace.current();
  if (!st) return { summary: ctx.workspace.summary(), items: [] };
  if (Array.isArray(p?.files)) {
    const out: ItemState[] = [];
    for (const file of p.files) {
      const view = typeof file === 'string' ? itemViewOf(st, file, true) : undefined;
      if (view) out.push(view);
    }
    return { summary: ctx.workspace.summary(), items: out };
  }
  return { summary: ctx.workspace.summary(), items: itemViews(st) };
}

export async function graph(ctx: HandlerContext, p: GraphParams): Promise<GraphData | null> {
  if (typeof p?.id !== 'string' || !isDepth(p.depth)) {
    throw new ResponseError(
      LSPErrorCodes.RequestFailed,
      'tracespine/graph needs { id: string, depth: 1 | 2 | 3 | "all" }',
    );
  }
  if (p.direction !== undefined && !isDirection(p.direction))
    throw new ResponseError(LSPErrorCodes.RequestFailed, 'tracespine/graph: direction is "up", "down" or "both"');
  const st = await ctx.workspace.current();
  return (st && itemGraph(st.index, st.validator, p.id, p.depth, { direction: p.direction ?? 'both' })) ?? null;
}

export async function itemImpact(ctx: HandlerContext, p: ItemImpactParams): Promise<ItemImpactResult | null> {
  if (typeof p?.id !== 'string')
    throw new ResponseError(LSPErrorCodes.RequestFailed, 'tracespine/itemImpact needs { id: string }');
  const st = await ctx.workspace.current();
  return (st && itemImpactGraph(st.index, st.validator, p.id)) ?? null;
}

export async function itemAt(ctx: HandlerContext, p: ItemAtParams): Promise<ItemState | null> {
  const st = await ctx.workspace.current();
  if (!st || typeof p?.uri !== 'string') return null;
  const file = ctx.workspace.mapper?.toFile(p.uri);
  if (file === undefined) return null;
  return itemViewOf(st, file, false) ?? null;
}

export async function newItem(ctx: HandlerContext, p: NewItemParams): Promise<NewItemResult> {
  if (typeof p?.kind !== 'string' || (p.title !== undefined && typeof p.title !== 'string')) {
    throw new ResponseError(LSPErrorCodes.RequestFailed, 'tracespine/newItem needs { kind: string, title?: string }');
  }
  const st = await ctx.workspace.current();
  if (!st) throw new ResponseError(LSPErrorCodes.RequestFailed, 'no workspace folder is open');
  const kind = st.config.kindByName.get(p.kind);
  if (!kind) {
    const known = st.config.kinds.map((k) => k.name).join(', ');
    throw new ResponseError(LSPErrorCodes.RequestFailed, `'${p.kind}' is not a configured kind (${known})`);
  }
  const title = p.title !== undefined && p.title.trim() !== '' ? { title: p.title.trim() } : {};
  const created = services.newItem(st.index, p.kind, title);
  if (!created) {
    const why = 'its pattern is not <prefix><digits>, or the next file exists';
    throw new ResponseError(LSPErrorCodes.RequestFailed, `cannot number a new ${kind.label.toLowerCase()}: ${why}`);
  }
  return { id: created.id, file: created.file, text: created.text };
}

export async function kinds(ctx: HandlerContext): Promise<KindsResult> {
  const st = await ctx.workspace.current();
  const list = st?.config.kinds ?? [];
  return {
    kinds: list.map((k) => {
      const next = st ? services.nextId(st.index, k.name) : undefined;
      return {
        kind: k.name,
        label: k.label,
        ...(k.prefix !== undefined ? { prefix: k.prefix } : {}),
        ...(next ? { next: next.id, ...(next.skipped.length > 0 ? { skipped: [...next.skipped] } : {}) } : {}),
      };
    }),
  };
}

/** tracespine.yaml (when missing) and one starter item per kind, only for files that do not exist. */
export async function initTemplate(ctx: HandlerContext): Promise<InitTemplateResult> {
  const st = await ctx.workspace.current();
  return { files: workspaceTemplate(st, (file) => ctx.workspace.exists(file)) };
}

export function recheck(ctx: HandlerContext): Promise<WorkspaceSummary> {
  return ctx.workspace.recheck();
}

export async function impact(
  ctx: HandlerContext,
  p: ImpactParams | undefined,
  token: CancellationToken,
): Promise<ImpactResult> {
  const st = await ctx.workspace.current();
  const uris = ctx.workspace.mapper;
  if (!st || !uris) throw new ResponseError(LSPErrorCodes.RequestFailed, 'no workspace folder is open');
  return impactHandler({ root: uris.root, index: st.index }, p ?? {}, token);
}
