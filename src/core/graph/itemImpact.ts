/**
 * "Show Impact of Changing This Item": what a change of one item would affect, computed as
 * Review Changes and `tracespine impact` compute it (src/core/impact), with that item taken
 * as modified. Pure: reads the index and the validator.
 */
import { impactClosure } from '../impact/closure';
import type { ImpactAnalysisResult } from '../impact/types';
import type { TraceIndex } from '../traceIndex';
import type { Validator } from '../validate/validator';
import { impactGraph } from './impactGraph';
import { failingUpstream, graphNode, kindRanks } from './traceGraph';
import type { GraphData, ReviewEntry } from './types';

/** The impact report of a change of `id` alone (its impacted and upstream items, tagged code); undefined when no item defines it. */
export function itemImpactReport(index: TraceIndex, id: string): ImpactAnalysisResult | undefined {
  const item = index.resolve(id);
  if (!item) return undefined;
  const changed = [{ id: item.id, kind: item.kind, change: 'modified' as const, file: item.file, title: item.title }];
  return { changed, code: [], ...impactClosure(index, index, changed) };
}

/**
 * The impact graph of a change of `id`: the item (`change: 'modified'`), the items impacted
 * (`impacted`, `depth` = links from it), the upstream items to re-check, the links among them,
 * and why each needs a look; nodes carry the item graph's badges (findings, coverage, evidence,
 * anomalies). Undefined when no item defines `id`.
 */
export function itemImpactGraph(
  index: TraceIndex,
  validator: Validator | undefined,
  id: string,
): { data: GraphData; review: ReviewEntry[]; code: string[] } | undefined {
  const report = itemImpactReport(index, id);
  if (!report) return undefined;
  const { data, review } = impactGraph(index, index, report, kindRanks(index.config));
  const failing = failingUpstream(index, validator);
  data.nodes = data.nodes.map((n) => {
    const item = index.resolve(n.id);
    if (!item) return n;
    const badges = graphNode(index, validator, item, failing);
    const out = { ...badges, ...n };
    return out;
  });
  return { data, review, code: report.impactedCode.map((c) => c.file) };
}
