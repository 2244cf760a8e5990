/**
 * Custom requests and notifications between the Tracespine language server and the VS Code
 * extension, beyond standard LSP (rust-analyzer keeps its extensions in one file like this).
 * Each is a typed descriptor: its method, params and result travel together, so neither side
 * chooses the result type. No `vscode`, no Node. Paths are workspace-relative with `/`
 * separators; lines are 0-based.
 */
import { NotificationType, RequestType, RequestType0, type CodeAction } from 'vscode-languageserver-protocol';
import type { ImpactView } from '../core/graph/types';
import type { TraceLink } from '../core/services/trace';
import type { Depth, Direction, GraphData, ItemSummary, ReviewEntry } from './protocol';

export type { TraceLink };

/** State of one item, for the Design Controls tree view and decorations. */
export interface ItemState extends ItemSummary {
  /** Names of the coverage rules the item does not meet (e.g. `unverified`). */
  uncovered: string[];
  /** One or more of its pinned links are suspect. */
  suspect: boolean;
  errors: number;
  warnings: number;
  /**
   * Verification evidence (SPEC section 8), when evidence is configured and the item has a
   * state: `skipped` is a result that never ran (unexecuted), `missing` a verified item no
   * result names.
   */
  evidence?: EvidenceStatus;
  /** Items downstream of it whose evidence failed (a need whose requirement fails), natural ID order. */
  failingDownstream?: string[];
  /** Open problem reports (SPEC section 12) that affect it, natural ID order. */
  anomalies?: { id: string; title: string; state: string; severity?: string }[];
  /** The first findings of its file, in position order (the counts above stay exact); line 0-based. */
  messages?: { severity: 'error' | 'warning' | 'info'; code: string; message: string; line: number }[];
}

export type EvidenceStatus = 'passed' | 'failed' | 'stale' | 'skipped' | 'missing';

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
export interface ItemsParams {
  files?: string[];
}
export interface ItemsResult {
  summary: WorkspaceSummary;
  items: ItemState[];
}
export const ItemsRequest = new RequestType<ItemsParams | undefined, ItemsResult, void>('tracespine/items');

/** `tracespine/summary`: counts for the status bar. */
export const SummaryRequest = new RequestType0<WorkspaceSummary, void>('tracespine/summary');

/** `tracespine/graph`: the neighbourhood of an item, up and down to `depth` links. Null when `id` is not defined. */
export interface GraphParams {
  id: string;
  depth: Depth;
  /** Which way links are followed (default `both`). */
  direction?: Direction;
}
export const GraphRequest = new RequestType<GraphParams, GraphData | null, void>('tracespine/graph');

/** `tracespine/itemImpact`: what a change of `id` would affect (the impact set, as Review Changes computes it), or null. */
export interface ItemImpactParams {
  id: string;
}
export interface ItemImpactResult {
  data: GraphData;
  review: ReviewEntry[];
  /** Code files tagged with the item or an impacted one. */
  code: string[];
}
export const ItemImpactRequest = new RequestType<ItemImpactParams, ItemImpactResult | null, void>(
  'tracespine/itemImpact',
);

/** `tracespine/itemAt`: the design item a document defines (`ItemState`), or null (for "Show Trace Graph" on the active editor). */
export interface ItemAtParams {
  /** Document URI as the client knows it. */
  uri: string;
}
export const ItemAtRequest = new RequestType<ItemAtParams, ItemState | null, void>('tracespine/itemAt');

/**
 * `tracespine/impact`: branch impact of the working tree (open editors' unsaved text included)
 * against the merge base with `base` (default: upstream, else main, else master).
 */
export interface ImpactParams {
  base?: string;
}
export type ImpactResult = ImpactView;
export const ImpactRequest = new RequestType<ImpactParams, ImpactResult, void>('tracespine/impact');
/** The `data` of a `tracespine/impact` error when git is missing from the picture (say so, no graph). */
export interface ImpactErrorData {
  reason: 'notGit' | 'noCommit';
}

/**
 * `tracespine/gitText`: `file` as commit `commit` (a full object ID, e.g. the merge base of an
 * ImpactResult) has it, read through git: the base side of the reviewer's diff. `text` is
 * null when git has no text for it, and `notice` says why.
 */
export interface GitTextParams {
  commit: string;
  file: string;
}
export interface GitTextResult {
  text: string | null;
  notice?: string;
}
export const GitTextRequest = new RequestType<GitTextParams, GitTextResult, void>('tracespine/gitText');

/**
 * `tracespine/pinnedVersion`: where git has item `target` with fingerprint `pin` (what a
 * suspect link was reviewed against), found by walking its file's history (bounded).
 * `commit` is null when none of the `searched` commits has it; `file` is the target's
 * current file, `current` its current fingerprint (null when `target` is not defined).
 */
export interface PinnedVersionParams {
  target: string;
  pin: string;
}
export interface PinnedVersionResult {
  commit: string | null;
  file: string | null;
  current: string | null;
  searched: number;
}
export const PinnedVersionRequest = new RequestType<PinnedVersionParams, PinnedVersionResult, void>(
  'tracespine/pinnedVersion',
);

/**
 * `tracespine/reaffirm`: the re-affirm quick fix (pin the target's current fingerprint) of the
 * suspect link whose entry starts at 0-based (`line`, `character`) of `file`; null when that
 * link is not suspect (any more).
 */
export interface ReaffirmParams {
  file: string;
  line: number;
  character: number;
}
export const ReaffirmRequest = new RequestType<ReaffirmParams, CodeAction | null, void>('tracespine/reaffirm');

/** `tracespine/newItem`: the next free ID of `kind` and the file to create, from the kind's template. */
export interface NewItemParams {
  kind: string;
  title?: string;
}
export interface NewItemResult {
  id: string;
  file: string;
  text: string;
}
export const NewItemRequest = new RequestType<NewItemParams, NewItemResult, void>('tracespine/newItem');

/**
 * `tracespine/reportProblem` (SPEC 12): a new problem report for the failing test `id`, prefilled
 * with the failing case and linked to what the test verifies; null when `id` is no failing test.
 */
export interface ReportProblemParams {
  id: string;
}
export type ReportProblemResult = { id: string; file: string; text: string; test: string } | null;
export const ReportProblemRequest = new RequestType<ReportProblemParams, ReportProblemResult, void>(
  'tracespine/reportProblem',
);

/** `tracespine/kinds`: the configured kinds, for pickers. */
export interface KindsResult {
  /**
   * `next`: the ID New Item would give; `skipped`: the IDs it passes over because links name
   * them although no item defines them (docs/editor.md, "Numbering").
   */
  kinds: { kind: string; label: string; prefix?: string; next?: string; skipped?: string[] }[];
}
export const KindsRequest = new RequestType0<KindsResult, void>('tracespine/kinds');

/** `tracespine/initTemplate`: tracespine.yaml and one starter item per kind, for "Initialize Workspace". */
export interface InitTemplateResult {
  files: { file: string; text: string }[];
}
export const InitTemplateRequest = new RequestType0<InitTemplateResult, void>('tracespine/initTemplate');

/** `tracespine/recheck`: drop the index and read the workspace again. */
export const RecheckRequest = new RequestType0<WorkspaceSummary, void>('tracespine/recheck');

/** Server → client notification after every change of findings or items (debounced). */
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
export const DashboardRequest = new RequestType0<DashboardResult, void>('tracespine/dashboard');
export interface DashboardResult {
  configInvalid: boolean;
  coverage: { rule: string; kind: string; covered: number; total: number }[];
  /** Uncovered live items per coverage rule (the first 200 of each rule), natural ID order. */
  gaps: { rule: string; total: number; entries: DashboardEntry[] }[];
  anomalies: (DashboardEntry & { severity?: string; state: string; evaluated: boolean; affects: string[] })[];
  /** Failing and stale verification evidence (SPEC 8): null where evidence is not configured. */
  evidence: { failing: DashboardEntry[]; stale: DashboardEntry[] } | null;
  /**
   * Approvals waiting for the user's role (SPEC 9): null without `approvals.require`. `email` is
   * git user.email, `roles` the roles of approvals.roles it is in.
   */
  approvals: { waiting: DashboardEntry[]; email?: string; roles?: string[] } | null;
  /** Approved deviations expired or expiring within 30 days (SPEC 9): null without the deviation kind. */
  deviations: { expiring: DashboardEntry[] } | null;
}

/** `tracespine/metricsHistory`: `tracespine metrics` of the workspace's git history, for the dashboard's charts. */
export const MetricsHistoryRequest = new RequestType0<MetricsHistoryResult, void>('tracespine/metricsHistory');
export interface MetricsHistoryResult {
  /** The SPEC 12 report, or null when the workspace is not in a git repository (then `message` says why). */
  report: { version: 1; points: unknown[] } | null;
  /** The charts as inline SVG (src/core/metrics/page.ts), drawn by the server. */
  chartsHtml: string;
  message?: string;
}
export const IndexChangedNotification = new NotificationType<IndexChangedParams>('tracespine/indexChanged');

/**
 * `tracespine/incomingLinks`: what links to `id` ("Show Links"), by link type (of `types`, or
 * any): items sorted by ID, then code tags by file and line.
 */
export interface IncomingLinksParams {
  id: string;
  types?: string[];
}
export const IncomingLinksRequest = new RequestType<IncomingLinksParams, TraceLink[], void>('tracespine/incomingLinks');

/**
 * `tracespine/downstream`: the items downstream of `id` sorted by ID, each with the link that
 * reached it, then the code tags naming any of them ("Show Impact" as a list; the code lens
 * counts the same).
 */
export interface DownstreamParams {
  id: string;
}
export const DownstreamRequest = new RequestType<DownstreamParams, TraceLink[], void>('tracespine/downstream');

/**
 * `tracespine/coverageActions`: the quick fixes that would meet coverage rule `rule` of item
 * `id` (e.g. a test stub that `verifies` it), with their edits; also when the rule is off.
 */
export interface CoverageActionsParams {
  id: string;
  rule: string;
}
export const CoverageActionsRequest = new RequestType<CoverageActionsParams, CodeAction[], void>(
  'tracespine/coverageActions',
);

/**
 * `tracespine/recordContext`: what "Record Test Result…" offers — the tests a manual record may
 * execute, the results it may have, the active document's test (by `uri`), and defaults for
 * the version (`git describe`) and who executed it (git's user). Empty `tests` when evidence is off.
 */
export interface RecordContextParams {
  /** The active document, to preselect its test. */
  uri?: string;
}
export interface RecordContextResult {
  evidence: boolean;
  tests: { id: string; title: string; file: string; line: number }[];
  results: string[];
  active?: string;
  version?: string;
  executedBy?: string;
}
export const RecordContextRequest = new RequestType<RecordContextParams, RecordContextResult, void>(
  'tracespine/recordContext',
);

/**
 * `tracespine/recordTemplate`: a new manual record of `test` (SPEC 8): the next record ID, its
 * file in the records' folder, and its text with `executes: [TEST@fp]`, `result`,
 * `executed_by`, `executed_at` (now, unless given) and `version`. Fails with the reason when
 * the record cannot be written (unknown test or result, evidence off).
 */
export interface RecordTemplateParams {
  test: string;
  result: string;
  version?: string;
  executedBy?: string;
  executedAt?: string;
}
export interface RecordTemplateResult {
  id: string;
  file: string;
  text: string;
}
export const RecordTemplateRequest = new RequestType<RecordTemplateParams, RecordTemplateResult, void>(
  'tracespine/recordTemplate',
);
