/**
 * `tracespine/impact`: branch impact of the live workspace (the server's index, so open
 * editors' unsaved text is included) against the merge base with `base`, through the
 * engine's impact analysis (src/node/impact.ts) and graph (src/core/graph/impactGraph.ts).
 */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import { kindRanks } from '../core/graph/traceGraph';
import type { TraceIndex } from '../core/traceIndex';
import { ImpactError, impactView } from '../node/impact';
import type { ImpactErrorData, ImpactParams, ImpactResult } from '../shared/lspProtocol';

export interface ImpactContext {
  /** The workspace root (absolute). */
  readonly root: string;
  /** The live index: the head side of the comparison. */
  readonly index: TraceIndex;
}

export async function impactHandler(
  ctx: ImpactContext,
  params: ImpactParams,
  token?: CancellationToken,
): Promise<ImpactResult> {
  if (params.base !== undefined && (typeof params.base !== 'string' || params.base.trim() === '')) {
    throw new ResponseError(LSPErrorCodes.RequestFailed, 'tracespine/impact: base must be a non-empty ref name');
  }
  try {
    const result = await impactView({
      root: ctx.root,
      headIndex: ctx.index,
      kinds: kindRanks(ctx.index.config),
      ...(params.base !== undefined ? { base: params.base.trim() } : {}),
    });
    if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    return result;
  } catch (e) {
    if (e instanceof ResponseError) throw e;
    if (e instanceof ImpactError) {
      const data: ImpactErrorData | undefined = e.reason ? { reason: e.reason } : undefined;
      throw new ResponseError(LSPErrorCodes.RequestFailed, e.message, data);
    }
    throw new ResponseError(
      LSPErrorCodes.RequestFailed,
      `impact failed: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}
