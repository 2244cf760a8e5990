/**
 * The item graph the trace-graph webview draws: kinds in layers, and the neighbourhood
 * of one item along links in both directions. Pure: reads the index and the validator.
 */
import type { CoverageRule, TraceConfig } from '../config/types';
import { compareIds, type TraceIndex } from '../traceIndex';
import type { Item } from '../model/item';
import type { Validator } from '../validate/validator';
import type { Depth, GraphData, GraphEdge, GraphNode, KindInfo } from './types';
import { isCovered } from './coverage';

/** `'all'` (and any depth) stops adding nodes at this many, nearest first: a graph larger than this cannot be read, nor laid out in time. */
export const MAX_GRAPH_NODES = 5000;

/**
 * Layer of each kind, top to bottom (configuration order of kinds kept in the result):
 *
 * 1. A kind that may carry no link (a *sink*, e.g. needs) has rank 0; any other kind has
 *    rank 1 + the highest rank among the other kinds its link types may target
 *    (`links.*.to`; links to its own kind, and links back along a cycle of kinds, are
 *    ignored). Defaults: need 0, hazard 0, requirement 1, validation 1, test 2.
 * 2. A sink is drawn *beside* the kinds that link to it instead of above them when every
 *    one of those kinds also links, through another link type, to a sink declared earlier
 *    in `kinds` that stays on top. It then takes the lowest rank among those kinds.
 *    Defaults: requirements link to needs (derives_from) as well as to hazards
 *    (mitigates), so hazards share the requirements' rank 1; needs, declared first, stay
 *    at 0. Sinks are considered in declaration order, so when two sinks are each other's
 *    alternative, the one declared first stays on top.
 */
export function kindRanks(config: TraceConfig): KindInfo[] {
  const kinds = config.kinds.map((k) => k.name);
  const quiet = new Set(config.kinds.filter((k) => k.quiet === true).map((k) => k.name));
  const targets = new Map<string, Set<string>>(kinds.map((k) => [k, new Set<string>()]));
  /** sink -> link type -> source kinds. */
  const incoming = new Map<string, Map<string, Set<string>>>(kinds.map((k) => [k, new Map()]));
  for (const type of config.links.values()) {
    for (const from of type.from) {
      for (const to of type.to) {
        // A quiet kind's links (problem reports' `affects`) do not move the other kinds' layers.
        if (from === to || !targets.has(from) || !targets.has(to) || quiet.has(from)) continue;
        targets.get(from)!.add(to);
        const byType = incoming.get(to)!;
        let sources = byType.get(type.name);
        if (!sources) byType.set(type.name, (sources = new Set()));
        sources.add(from);
      }
    }
  }
  const rank = new Map<string, number>();
  const visiting = new Set<string>();
  const rankOf = (k: string): number => {
    const known = rank.get(k);
    if (known !== undefined) return known;
    if (visiting.has(k)) return -1; // a cycle of kinds: this edge does not raise the rank
    visiting.add(k);
    let r = 0;
    const ts = targets.get(k)!;
    if (ts.size > 0) {
      let max = -1;
      for (const t of ts) max = Math.max(max, rankOf(t));
      r = max + 1;
    }
    visiting.delete(k);
    rank.set(k, r);
    return r;
  };
  for (const k of kinds) rankOf(k);

  const sinks = kinds.filter((k) => targets.get(k)!.size === 0);
  const onTop = new Set<string>();
  const beside = new Map<string, number>();
  for (const sink of sinks) {
    const byType = incoming.get(sink)!;
    const sources = new Set<string>();
    for (const s of byType.values()) for (const k of s) sources.add(k);
    // Every source must reach a sink that stays on top, through a link type other than the ones that reach this sink.
    const reachesOther = (source: string): boolean => {
      for (const type of config.links.values()) {
        if (!type.from.has(source) || byType.get(type.name)?.has(source)) continue;
        for (const t of type.to) if (onTop.has(t)) return true;
      }
      return false;
    };
    if (sources.size > 0 && [...sources].every(reachesOther)) {
      beside.set(sink, Math.min(...[...sources].map((s) => rank.get(s)!)));
    } else onTop.add(sink);
  }
  const final = new Map(kinds.map((k) => [k, beside.get(k) ?? rank.get(k)!]));
  // A quiet kind sits one layer below the lowest kind it links to.
  for (const q of quiet) {
    let below = -1;
    for (const type of config.links.values())
      if (type.from.has(q)) for (const t of type.to) if (!quiet.has(t)) below = Math.max(below, final.get(t) ?? -1);
    final.set(q, below + 1);
  }
  return config.kinds.map((k) => ({ kind: k.name, label: k.label, rank: final.get(k.name)! }));
}

/** Per-node facts from the validator and the coverage rules. */
export function graphNode(index: TraceIndex, validator: Validator | undefined, item: Item): GraphNode {
  const config = index.config;
  const node: GraphNode = {
    id: item.id,
    kind: item.kind,
    kindLabel: config.kindByName.get(item.kind)?.label ?? item.kind,
    title: item.title,
    status: item.status,
    file: item.file,
    line: item.idRange.start.line,
  };
  if (item.live && index.resolve(item.id) === item) {
    for (const rule of config.coverage) {
      if (rule.kind !== item.kind || isCovered(index, item, rule)) continue;
      const flag = coverageFlag(config, rule);
      if (flag) node[flag] = true;
    }
  }
  if (item.links.some((l) => isSuspect(index, l.target, l.pin))) node.suspect = true;
  if (validator) {
    let errors = 0;
    let warnings = 0;
    for (const f of validator.findings(item.file)) {
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
    }
    if (errors > 0) node.errors = errors;
    if (warnings > 0) node.warnings = warnings;
  }
  return node;
}

/**
 * Which flag of a node an unmet coverage rule sets: `unmitigated` for a rule named so or
 * covered by `mitigates`; `untested` for one named `unverified`/`untested` or covered by a
 * link type that code tags count as (automated verification) or by `verifies`. Other
 * rules (unrefined, unvalidated, ...) set no flag; ItemState.uncovered lists them all.
 */
export function coverageFlag(config: TraceConfig, rule: CoverageRule): 'untested' | 'unmitigated' | undefined {
  if (rule.name === 'unmitigated' || rule.by.includes('mitigates')) return 'unmitigated';
  if (rule.name === 'unverified' || rule.name === 'untested' || rule.by.includes('verifies')) return 'untested';
  for (const tag of config.codeTags.values())
    if (tag.countsAs !== undefined && rule.by.includes(tag.countsAs)) return 'untested';
  return undefined;
}

function isSuspect(index: TraceIndex, target: string, pin: string | undefined): boolean {
  if (pin === undefined) return false;
  const t = index.resolve(target);
  return t !== undefined && t.fingerprint !== pin;
}

/**
 * The neighbourhood of `focus`: every item within `depth` links of it, following links in
 * both directions (what it links to, and what links to it; code tags are not nodes), each
 * with its distance as `depth`; and every link between two of those items as an edge
 * (source item -> target). At most MAX_GRAPH_NODES nodes, nearest first. Undefined when
 * no item defines `focus`. Deterministic: neighbours are visited in natural ID order.
 */
export function itemGraph(
  index: TraceIndex,
  validator: Validator | undefined,
  focus: string,
  depth: Depth,
): GraphData | undefined {
  const start = index.resolve(focus);
  if (!start) return undefined;
  const maxDepth = depth === 'all' ? Infinity : depth;
  const dist = new Map<string, number>([[start.id, 0]]);
  const order: Item[] = [start];
  for (let q = 0; q < order.length && order.length < MAX_GRAPH_NODES; q++) {
    const cur = order[q]!;
    const d = dist.get(cur.id)!;
    if (d >= maxDepth) continue;
    const next: Item[] = [];
    for (const n of neighbours(index, cur)) if (!dist.has(n.id)) next.push(n);
    next.sort((a, b) => compareIds(a.id, b.id));
    for (const n of next) {
      if (dist.has(n.id)) continue;
      if (order.length >= MAX_GRAPH_NODES) break;
      dist.set(n.id, d + 1);
      order.push(n);
    }
  }
  const nodes = order.map((item) => ({ ...graphNode(index, validator, item), depth: dist.get(item.id)! }));
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  for (const item of order) {
    for (const l of item.links) {
      if (l.target === item.id || !dist.has(l.target)) continue;
      const key = `${item.id}\u0000${l.target}\u0000${l.type}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const edge: GraphEdge = { from: item.id, to: l.target, type: l.type };
      if (isSuspect(index, l.target, l.pin)) edge.suspect = true;
      edges.push(edge);
    }
  }
  return { nodes, edges, kinds: kindRanks(index.config) };
}

/** Items `item` links to (resolved) and items whose links name it. */
function neighbours(index: TraceIndex, item: Item): Item[] {
  const out: Item[] = [];
  for (const l of item.links) {
    const t = index.resolve(l.target);
    if (t && t !== item) out.push(t);
  }
  for (const file of index.referrers(item.id)) {
    const src = index.get(file)?.item;
    if (!src || src.id === item.id || index.resolve(src.id) !== src) continue;
    if (src.links.some((l) => l.target === item.id)) out.push(src);
  }
  return out;
}
