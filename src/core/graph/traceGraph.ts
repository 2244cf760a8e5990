/**
 * The item graph the trace-graph webview draws: kinds in layers, and the neighbourhood
 * of one item along links in both directions. Pure: reads the index and the validator.
 */
import type { CoverageRule, TraceConfig } from '../config/types';
import { compareIds, type TraceIndex } from '../traceIndex';
import type { Item } from '../model/item';
import type { Validator } from '../validate/validator';
import type { Depth, Direction, EvidenceBadge, GraphData, GraphEdge, GraphNode, KindInfo, TraceRole } from './types';
import { openAnomaliesAffecting } from '../anomaly/anomalies';
import { verificationOf } from '../evidence/state';
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
export function graphNode(
  index: TraceIndex,
  validator: Validator | undefined,
  item: Item,
  failing?: ReadonlySet<string>,
): GraphNode {
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
    const status = verificationOf(validator.evidenceState, item.id).status;
    if (status !== 'none') node.evidence = status satisfies EvidenceBadge;
  }
  if (failing?.has(item.id)) node.failingDownstream = true;
  const anomalies = openAnomaliesAffecting(index, item.id);
  if (anomalies.length > 0) node.anomalies = anomalies.map((a) => a.id);
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

/** What an item graph asks for besides its focus. */
export interface ItemGraphOptions {
  /** Which way links are followed from the focus (default `both`). */
  direction?: Direction;
  /** Node cap (default MAX_GRAPH_NODES). */
  maxNodes?: number;
}

/**
 * The neighbourhood of `focus` within `depth` links, walking links `up` (from the item carrying
 * a link to its target: test → requirement → need), `down` (target → carriers) or `both` (the
 * union of the two walks; a walk never turns round, so a requirement's sibling under the same
 * need is not a neighbour). Each traced node carries its distance (`depth`) and `trace`
 * (`upstream` / `downstream`); items one sideways link away from a traced item (two kinds of
 * one layer rank, e.g. the hazard a requirement mitigates) are added as `context`. Edges are
 * every link between two shown items (source item -> target), `trace: true` on those that lie
 * on a walk. Nodes nearest first (then natural ID order); at most `maxNodes`, and when the cap
 * cuts the graph `truncated` says how many were reachable. Undefined when no item defines
 * `focus`. Code tags are not nodes. Deterministic.
 */
export function itemGraph(
  index: TraceIndex,
  validator: Validator | undefined,
  focus: string,
  depth: Depth,
  options: ItemGraphOptions = {},
): GraphData | undefined {
  const start = index.resolve(focus);
  if (!start) return undefined;
  const direction = options.direction ?? 'both';
  const cap = Math.max(1, options.maxNodes ?? MAX_GRAPH_NODES);
  const maxDepth = depth === 'all' ? Infinity : depth;
  const up = direction === 'down' ? new Map<string, Walked>() : walk(index, start, maxDepth, targetsOf);
  const down = direction === 'up' ? new Map<string, Walked>() : walk(index, start, maxDepth, carriersOf);

  const role = new Map<string, { item: Item; dist: number; trace: TraceRole }>();
  role.set(start.id, { item: start, dist: 0, trace: 'focus' });
  for (const [w, trace] of [
    [up, 'upstream'],
    [down, 'downstream'],
  ] as const) {
    for (const [id, v] of w) {
      const had = role.get(id);
      if (!had || v.dist < had.dist)
        role.set(id, { item: v.item, dist: v.dist, trace: had?.trace === 'focus' ? 'focus' : trace });
    }
  }
  // Context: sideways neighbours (same layer rank, another kind) of traced items not at the depth limit.
  const rank = new Map(kindRanks(index.config).map((k) => [k.kind, k.rank]));
  const sideways = (a: Item, b: Item): boolean => a.kind !== b.kind && rank.get(a.kind) === rank.get(b.kind);
  const context = new Map<string, { item: Item; dist: number; trace: TraceRole }>();
  for (const { item, dist } of role.values()) {
    if (dist >= maxDepth) continue;
    for (const n of [...targetsOf(index, item), ...carriersOf(index, item)]) {
      if (role.has(n.id) || !sideways(item, n)) continue;
      const had = context.get(n.id);
      if (!had || dist + 1 < had.dist) context.set(n.id, { item: n, dist: dist + 1, trace: 'context' });
    }
  }
  const all = [...role.values(), ...context.values()];
  all.sort(
    (a, b) =>
      a.dist - b.dist ||
      (a.trace === 'context' ? 1 : 0) - (b.trace === 'context' ? 1 : 0) ||
      compareIds(a.item.id, b.item.id),
  );
  const shown = all.length > cap ? all.slice(0, cap) : all;
  const ids = new Map(shown.map((s) => [s.item.id, s]));

  const failing = failingUpstream(index, validator);
  const nodes = shown.map(({ item, dist, trace }) => {
    const node = graphNode(index, validator, item, failing);
    node.depth = dist;
    node.trace = trace;
    return node;
  });
  const inUp = (id: string): boolean => id === start.id || up.has(id);
  const inDown = (id: string): boolean => id === start.id || down.has(id);
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  for (const { item } of shown) {
    for (const l of item.links) {
      const target = ids.get(l.target);
      if (l.target === item.id || !target || index.resolve(l.target) !== target.item) continue;
      const key = `${item.id}\u0000${l.target}\u0000${l.type}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const edge: GraphEdge = { from: item.id, to: l.target, type: l.type };
      if (isSuspect(index, l.target, l.pin)) edge.suspect = true;
      if ((inUp(item.id) && up.has(l.target)) || (down.has(item.id) && inDown(l.target))) edge.trace = true;
      edges.push(edge);
    }
  }
  const data: GraphData = { nodes, edges, kinds: kindRanks(index.config) };
  if (all.length > shown.length) data.truncated = { shown: shown.length, total: all.length };
  return data;
}

interface Walked {
  item: Item;
  dist: number;
}

/** Breadth first from `start` along `next` (never back), up to `maxDepth` links; `start` itself is not in the result. */
function walk(
  index: TraceIndex,
  start: Item,
  maxDepth: number,
  next: (index: TraceIndex, item: Item) => Item[],
): Map<string, Walked> {
  const out = new Map<string, Walked>();
  let frontier = [start];
  for (let d = 1; d <= maxDepth && frontier.length > 0; d++) {
    const found: Item[] = [];
    for (const cur of frontier) {
      for (const n of next(index, cur)) {
        if (n.id === start.id || out.has(n.id)) continue;
        out.set(n.id, { item: n, dist: d });
        found.push(n);
      }
    }
    found.sort((a, b) => compareIds(a.id, b.id));
    frontier = found;
  }
  return out;
}

/** Items `item` links to (resolved definitions). */
function targetsOf(index: TraceIndex, item: Item): Item[] {
  const out: Item[] = [];
  for (const l of item.links) {
    const t = index.resolve(l.target);
    if (t && t !== item) out.push(t);
  }
  return out;
}

/** Items whose links name `item` (resolved definitions). */
function carriersOf(index: TraceIndex, item: Item): Item[] {
  const out: Item[] = [];
  for (const file of index.referrers(item.id)) {
    const src = index.get(file)?.item;
    if (!src || src.id === item.id || index.resolve(src.id) !== src) continue;
    if (src.links.some((l) => l.target === item.id)) out.push(src);
  }
  return out;
}

/**
 * IDs of the items upstream of an item whose verification failed (SPEC section 8): a need whose
 * requirement's test fails. Walks links up from every failing item; the failing items themselves
 * are in the set only when another failing item is downstream of them.
 */
export function failingUpstream(index: TraceIndex, validator: Validator | undefined): Set<string> {
  const out = new Set<string>();
  const state = validator?.evidenceState;
  if (!state) return out;
  const queue: Item[] = [];
  for (const [id, v] of state.verification) {
    if (v.status !== 'failed') continue;
    const item = index.resolve(id);
    if (item) queue.push(item);
  }
  for (let q = 0; q < queue.length; q++) {
    for (const t of targetsOf(index, queue[q]!)) {
      if (out.has(t.id)) continue;
      out.add(t.id);
      queue.push(t);
    }
  }
  return out;
}
