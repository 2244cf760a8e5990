/**
 * The trace graph as every face shows it: nodes (items), edges (links) and kinds with their
 * layer rank. Plain JSON data; src/shared/protocol.ts re-exports it for the webview.
 */
import type { ChangeKind } from '../impact/types';

export type { ChangeKind };

export type Depth = 1 | 2 | 3 | 'all';
export const DEPTHS: readonly Depth[] = [1, 2, 3, 'all'];

/**
 * Which way the item graph follows links from the focus: `up` to what it links to (a test's
 * requirement, that requirement's need), `down` to what links to it (a need's requirements,
 * their tests), `both` = the union of the two walks (never turning round, so siblings are not
 * neighbours).
 */
export type Direction = 'up' | 'down' | 'both';
export const DIRECTIONS: readonly Direction[] = ['up', 'down', 'both'];

/**
 * How a node of an item graph relates to the focus: the focus itself, upstream of it (reached
 * along links from the focus), downstream (links to the focus, transitively), or context (one
 * sideways link from a traced item, e.g. the hazard a requirement mitigates: shown, but it does
 * not trace to the focus).
 */
export type TraceRole = 'focus' | 'upstream' | 'downstream' | 'context';

/** Evidence state of a node (SPEC section 8); `none` (nothing verifies it) is left out. */
export type EvidenceBadge = 'passed' | 'failed' | 'stale' | 'skipped' | 'missing';

export const CHANGE_KINDS: readonly ChangeKind[] = ['added', 'deleted', 'modified', 'relinked'];

/** What every view shows of a design item (the graph's nodes, the tree's items). */
export interface ItemSummary {
  id: string;
  /** The item kind's key (e.g. `requirement`); in a graph, listed in {@link GraphData.kinds}. */
  kind: string;
  /** Human label of the kind (e.g. `Requirement`). */
  kindLabel: string;
  title: string;
  status: string;
  /** Workspace-relative path with `/` separators. */
  file: string;
  /** 0-based line of the item's id in `file`. */
  line: number;
}

export interface GraphNode extends ItemSummary {
  untested?: boolean;
  unmitigated?: boolean;
  suspect?: boolean;
  errors?: number;
  warnings?: number;
  change?: ChangeKind;
  impacted?: boolean;
  /** Distance from the focus (item mode) or from the nearest change (impact mode). */
  depth?: number;
  /** Item mode: how the node traces to the focus. */
  trace?: TraceRole;
  /** The item's verification state from test results and records (when evidence is configured). */
  evidence?: EvidenceBadge;
  /** An item downstream of this one (a requirement of this need, a test of it) has a failing result. */
  failingDownstream?: boolean;
  /** Open problem reports (SPEC section 12) that affect this item, in ID order. */
  anomalies?: string[];
}

export interface GraphEdge {
  /** The item carrying the link (e.g. a test). */
  from: string;
  /** The link's target (e.g. the requirement the test verifies). */
  to: string;
  /** The link type, shown as the edge label (e.g. `verifies`). */
  type: string;
  suspect?: boolean;
  /** Item mode: the link lies on a path to or from the focus (false: a link among shown items that does not). */
  trace?: boolean;
}

export interface KindInfo {
  kind: string;
  label: string;
  /**
   * Layer order, top to bottom: needs = 0, requirements = 1, tests = 2, ... Kinds with the same
   * rank share a band: hazards take the rank of the requirements that mitigate them and are
   * drawn beside them.
   */
  rank: number;
}

export interface GraphData {
  nodes: GraphNode[];
  edges: GraphEdge[];
  kinds: KindInfo[];
  /** Set when the graph was cut at the node cap: `shown` nodes of `total` reachable ones, nearest first. */
  truncated?: { shown: number; total: number };
}

export interface ReviewEntry {
  id: string;
  kind: string;
  title: string;
  file: string;
  line: number;
  /** Why it needs re-review, e.g. `modified`, `verifies REQ-004 (modified)`. */
  reason: string;
  /** Which part of the review list it belongs to (src/core/impact/review.ts). */
  group?: ReviewGroup;
  /** How a changed item differs from the base. */
  change?: ChangeKind;
  /** The file that defines the item in the base, when the base has it: the left side of its diff. */
  baseFile?: string;
  /** Its pinned links whose target changed since the pin (`link.suspect`), in link order. */
  suspect?: ReviewSuspectLink[];
}

/** The review list's parts: changed on the branch, depending on a change, linked to by a change. */
export type ReviewGroup = 'changed' | 'impacted' | 'upstream';
export const REVIEW_GROUPS: readonly ReviewGroup[] = ['changed', 'impacted', 'upstream'];

/** A pinned link of a review entry whose target's fingerprint is no longer the pin. */
export interface ReviewSuspectLink {
  /** The link type, e.g. `verifies`. */
  type: string;
  target: string;
  /** The pinned fingerprint, and the target's current one. */
  pin: string;
  current: string;
  /** 0-based start of the link entry in the entry's file (where the `link.suspect` finding is). */
  line: number;
  character: number;
}

/** A code file to re-check, as `tracespine impact` lists it. */
export interface ReviewCodeEntry {
  file: string;
  /** 0-based line of its first tag of a listed ID (0 when head no longer has the file). */
  line: number;
  /** IDs whose tags were added or removed here ("Code with changed trace tags"). */
  tagsChanged: string[];
  /** Changed or impacted IDs it tags ("Code tagged with changed or impacted items"). */
  tags: string[];
  /** 1 + the smallest depth of `tags`, when it tags any. */
  depth?: number;
  /** The base has this file: it can be diffed. */
  inBase: boolean;
  /** Head has this file (not deleted on the branch). */
  inHead: boolean;
  reason: string;
}

/** Branch impact of a workspace for the views: the graph, the review list and the bases to choose from. */
export interface ImpactView {
  /** The selected base ref, e.g. `origin/main`. */
  base: string;
  /** Branches and remote branches the user may choose as base. */
  bases: string[];
  data: GraphData;
  review: ReviewEntry[];
  /** The merge base compared with (the commit the diffs read the base from). */
  commit?: string;
  /** Code files to re-check, by path. */
  code?: ReviewCodeEntry[];
}
