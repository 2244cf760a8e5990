/**
 * The trace graph as every face shows it: nodes (items), edges (links) and kinds with their
 * layer rank. Plain JSON data; src/shared/protocol.ts re-exports it for the webview.
 */
import type { ChangeKind } from '../impact/types';

export type { ChangeKind };

export type Depth = 1 | 2 | 3 | 'all';
export const DEPTHS: readonly Depth[] = [1, 2, 3, 'all'];

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
}

export interface GraphEdge {
  /** The item carrying the link (e.g. a test). */
  from: string;
  /** The link's target (e.g. the requirement the test verifies). */
  to: string;
  /** The link type, shown as the edge label (e.g. `verifies`). */
  type: string;
  suspect?: boolean;
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
}

export interface ReviewEntry {
  id: string;
  kind: string;
  title: string;
  file: string;
  line: number;
  /** Why it needs re-review, e.g. `modified`, `verifies REQ-004 (modified)`. */
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
}
