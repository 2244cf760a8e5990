/**
 * Custom requests and notifications between the Tracespine language server and the VS Code
 * extension, beyond standard LSP (rust-analyzer keeps its extensions in one file like this).
 * No `vscode`, no Node: plain data types and method names. Paths are workspace-relative
 * with `/` separators; lines are 0-based.
 */
import type { Depth, GraphData, ItemSummary, ReviewEntry } from './protocol';

/** State of one item, for the Design Controls tree view and decorations. */
export interface ItemState extends ItemSummary {
  /** Names of the coverage rules the item does not meet (e.g. `unverified`). */
  uncovered: string[];
  /** One or more of its pinned links are suspect. */
  suspect: boolean;
  errors: number;
  warnings: number;
}

export interface KindSummary {
  kind: string;
  label: string;
  count: number;
}

export interface WorkspaceSummary {
  /** False until the first index is complete. */
  ready: boolean;
  /** tracespine.yaml is invalid: nothing else was checked. */
  configInvalid: boolean;
  items: number;
  kinds: KindSummary[];
  errors: number;
  warnings: number;
  infos: number;
  coverage: Record<string, { covered: number; total: number }>;
}

/**
 * `tracespine/items`: every item with its state, sorted by kind (configuration order) then ID;
 * with `files`, only the items those files define (to apply an indexChanged's `files`).
 */
export const ItemsRequest = 'tracespine/items';
export interface ItemsParams {
  files?: string[];
}
export interface ItemsResult {
  summary: WorkspaceSummary;
  items: ItemState[];
}

/** `tracespine/summary`: counts for the status bar. */
export const SummaryRequest = 'tracespine/summary';

/** `tracespine/graph`: the neighbourhood of an item, up and down to `depth` links. Null when `id` is not defined. */
export const GraphRequest = 'tracespine/graph';
export interface GraphParams {
  id: string;
  depth: Depth;
}

/** `tracespine/itemAt`: the design item a document defines (`ItemState`), or null (for "Show Trace Graph" on the active editor). */
export const ItemAtRequest = 'tracespine/itemAt';
export interface ItemAtParams {
  /** Document URI as the client knows it. */
  uri: string;
}

/**
 * `tracespine/impact`: branch impact of the working tree (open editors' unsaved text included)
 * against the merge base with `base` (default: upstream, else main, else master).
 */
export const ImpactRequest = 'tracespine/impact';
export interface ImpactParams {
  base?: string;
}
export interface ImpactResult {
  base: string;
  /** Branches and remote branches the user may choose as base. */
  bases: string[];
  data: GraphData;
  review: ReviewEntry[];
}

/** `tracespine/newItem`: the next free ID of `kind` and the file to create, from the kind's template. */
export const NewItemRequest = 'tracespine/newItem';
export interface NewItemParams {
  kind: string;
  title?: string;
}
export interface NewItemResult {
  id: string;
  file: string;
  text: string;
}

/** `tracespine/kinds`: the configured kinds, for pickers. */
export const KindsRequest = 'tracespine/kinds';
export interface KindsResult {
  kinds: { kind: string; label: string; prefix?: string }[];
}

/** `tracespine/initTemplate`: tracespine.yaml and one starter item per kind, for "Initialize Workspace". */
export const InitTemplateRequest = 'tracespine/initTemplate';
export interface InitTemplateResult {
  files: { file: string; text: string }[];
}

/** `tracespine/recheck`: drop the index and read the workspace again. */
export const RecheckRequest = 'tracespine/recheck';

/** Server → client notification after every change of findings or items (debounced). */
export const IndexChangedNotification = 'tracespine/indexChanged';
export interface IndexChangedParams {
  summary: WorkspaceSummary;
  /**
   * The files whose item states may have changed (edited, or with changed findings). Absent
   * after a full (re)index: then every item may have changed.
   */
  files?: string[];
}

/** An entry of the dashboard: an item and where its `id` is (0-based line), so the entry opens it. */
export interface DashboardEntry {
  id: string;
  title: string;
  file: string;
  line: number;
  /** A short description: the state and severity of an anomaly, the rule of a gap, ... */
  detail?: string;
}

/**
 * `tracespine/dashboard`: today's design controls (SPEC 12). Sections other engines provide
 * (evidence, SPEC 8; approvals and deviations, SPEC 9) are null until they are wired in
 * src/server/dashboard.ts ("not configured", never made-up figures).
 */
export const DashboardRequest = 'tracespine/dashboard';
export interface DashboardResult {
  configInvalid: boolean;
  coverage: { rule: string; kind: string; covered: number; total: number }[];
  /** Uncovered live items per coverage rule (the first 200 of each rule), natural ID order. */
  gaps: { rule: string; total: number; entries: DashboardEntry[] }[];
  anomalies: (DashboardEntry & { severity?: string; state: string; evaluated: boolean; affects: string[] })[];
  /** Failing and stale verification evidence (SPEC 8). */
  evidence: { failing: DashboardEntry[]; stale: DashboardEntry[] } | null;
  /** Approvals waiting for the user's role (SPEC 9). */
  approvals: { waiting: DashboardEntry[] } | null;
  /** Deviations expiring within 30 days (SPEC 9). */
  deviations: { expiring: DashboardEntry[] } | null;
}

/** `tracespine/metricsHistory`: `tracespine metrics` of the workspace's git history, for the dashboard's charts. */
export const MetricsHistoryRequest = 'tracespine/metricsHistory';
export interface MetricsHistoryResult {
  /** The SPEC 12 report, or null when the workspace is not in a git repository (then `message` says why). */
  report: { version: 1; points: unknown[] } | null;
  /** The charts as inline SVG (src/core/metrics/page.ts), drawn by the server. */
  chartsHtml: string;
  message?: string;
}
