/**
 * Branch impact: what changed in the design between two states of a repository, and what
 * must be re-reviewed because of it. Plain data, JSON-serialisable in a fixed key order
 * (the `tracespine impact --format json` report, version 1).
 */

/** How an item differs between base and head. */
export type ChangeKind = 'added' | 'deleted' | 'modified' | 'relinked';

/** A design item that differs between base and head, matched by ID. */
export interface ChangedItem {
  readonly id: string;
  readonly kind: string;
  readonly change: ChangeKind;
  /** The file that defines it in head (in base for a deleted item), relative to ROOT. */
  readonly file: string;
  readonly title: string;
}

/** A code file whose trace tags differ between base and head. */
export interface CodeChange {
  readonly file: string;
  /** The IDs whose tags were added or removed (or changed tag, `@implements` to `@verifies`), in ID order. */
  readonly ids: readonly string[];
}

/** An item that depends, through links, on a changed item: it needs re-review. */
export interface ImpactedItem {
  readonly id: string;
  readonly kind: string;
  readonly file: string;
  readonly title: string;
  /** From the nearest changed item to this one: `[changedId, ..., id]`, each linking to the one before. */
  readonly via: readonly string[];
  /** Number of links from the nearest changed item (`via.length - 1`). */
  readonly depth: number;
}

/** An item a changed item links to (a need it derives from, a hazard it mitigates): re-check it. */
export interface UpstreamItem {
  readonly id: string;
  readonly kind: string;
  readonly file: string;
  readonly title: string;
  /** `[changedId, id]`. */
  readonly via: readonly string[];
}

/** A code file tagged with a changed or impacted item. */
export interface ImpactedCode {
  readonly file: string;
  /** The changed or impacted IDs it tags, in ID order. */
  readonly ids: readonly string[];
  /** 1 + the smallest depth of those IDs (a changed item has depth 0). */
  readonly depth: number;
}

export interface ImpactSide {
  /** The ref as given or resolved (`main`, `origin/main`, `HEAD`), or `WORKTREE`. */
  readonly ref: string;
  /** The commit compared: for the base, the merge base; null for the working tree. */
  readonly commit: string | null;
}

export interface ImpactAnalysisResult {
  readonly changed: readonly ChangedItem[];
  readonly code: readonly CodeChange[];
  readonly impacted: readonly ImpactedItem[];
  readonly upstream: readonly UpstreamItem[];
  readonly impactedCode: readonly ImpactedCode[];
}

/** The versioned report (`--format json`). Every list is sorted: items by ID (natural order), files by path. */
export interface ImpactReport extends ImpactAnalysisResult {
  readonly version: 1;
  readonly base: ImpactSide & { readonly commit: string };
  readonly head: ImpactSide;
}

/** A link between two nodes of the impact graph (from the item carrying it to its target). */
export interface ImpactEdge {
  readonly from: string;
  readonly to: string;
  readonly type: string;
  readonly pin?: string;
  /** The link is carried by a deleted item (read from the base). */
  readonly deleted: boolean;
}
