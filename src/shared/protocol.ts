/**
 * Messages between the extension host and the trace-graph webview (DESIGN.md: src/shared).
 *
 * No `vscode`, no Node: both the extension (Node) and the webview (browser) import this file.
 * Every message that crosses the boundary is checked with the hand-written validators below
 * before it is used: {@link isToWebviewMessage} in the webview, {@link isFromWebviewMessage}
 * in the extension host. The validators are strict: every field is type-checked, unknown
 * fields are rejected, and graph data must be referentially sound (unique node ids, edges
 * between known nodes, every node's kind listed in `kinds`).
 *
 * Host → webview
 * - `graph`  : the neighbourhood of the focused item ("Show Trace Graph"). Nodes carry `depth` =
 *              distance from `focus`. Send it on `ready`, on every active-editor change (unless
 *              `pinned`), on `focus`, on `setDepth` and when the index changes.
 * - `itemImpact`: what a change of `focus` would affect ("Show Impact of Changing This Item"): the
 *              impact set of Review Changes with `focus` taken as modified.
 * - `impact` : branch impact ("Review Changes") against `base` (one of `bases`); changed nodes carry
 *              `change`, impacted nodes `impacted: true`; `review` lists what needs re-review.
 * - `unavailable`: Review Changes cannot work here (no git repository, no commit): say so, plainly,
 *              without the graph and its controls.
 * - `error`  : something failed (shown as a banner, the last graph stays visible).
 * - `empty`  : nothing to show, e.g. the active editor is not a design item.
 *
 * Webview → host
 * - `ready`       : the webview has loaded (also after a reload); answer with the current view.
 * - `open`        : open `file` (workspace-relative, `/` separators) at 0-based `line`.
 * - `focus`       : recentre the item graph on `id` (answer with a new `graph`).
 * - `setDepth`    : the user chose another depth (answer with a new `graph`).
 * - `setDirection`: the user chose upstream, downstream or both (answer with a new `graph`).
 * - `rendered`    : the page painted a graph (sizes and times, for the output channel).
 * - `setPinned`   : the user pinned or unpinned the panel (stop/start following the editor).
 * - `selectBase`  : the user chose another base ref in impact mode (answer with a new `impact`).
 * - `diff`        : show `file` against `baseFile` as the impact's merge base has it (diff editor).
 * - `sincePin`    : show what changed in `target` since it had fingerprint `pin` (a suspect link).
 * - `reaffirm`    : re-affirm the suspect link whose entry starts at (`line`, `character`) of `file`.
 * - `copyMermaid` : put `text` (a Mermaid `graph TD`) on the clipboard.
 * - `exportSvg`   : offer to save `svg` (a standalone SVG document) to a file.
 */

export type {
  ChangeKind,
  Depth,
  Direction,
  EvidenceBadge,
  TraceRole,
  GraphData,
  GraphEdge,
  GraphNode,
  ItemSummary,
  KindInfo,
  ReviewCodeEntry,
  ReviewEntry,
  ReviewGroup,
  ReviewSuspectLink,
} from '../core/graph/types';
export { CHANGE_KINDS, DEPTHS, DIRECTIONS, REVIEW_GROUPS } from '../core/graph/types';
import type {
  ChangeKind,
  Depth,
  Direction,
  GraphData,
  GraphEdge,
  GraphNode,
  KindInfo,
  ReviewCodeEntry,
  ReviewEntry,
  ReviewSuspectLink,
} from '../core/graph/types';

export interface GraphMessage {
  type: 'graph';
  focus: string;
  depth: Depth;
  /** Which way links are followed from the focus (absent: `both`). */
  direction?: Direction;
  pinned: boolean;
  data: GraphData;
}

/** "Show Impact of Changing This Item": what a change of `focus` would affect (the impact set of Review Changes). */
export interface ItemImpactMessage {
  type: 'itemImpact';
  focus: string;
  data: GraphData;
  /** Code files tagged with the item or an impacted one. */
  code: string[];
}

export interface ImpactMessage {
  type: 'impact';
  /** The selected base ref, e.g. `origin/main`. */
  base: string;
  /** Refs the user may choose from (should include `base`). */
  bases: string[];
  data: GraphData;
  review: ReviewEntry[];
  /** The merge base the diffs read from (abbreviated in the page). */
  commit?: string;
  /** Code files to re-check. */
  code?: ReviewCodeEntry[];
}

export interface UnavailableMessage {
  type: 'unavailable';
  /** One line, e.g. `Review Changes needs a git repository`. */
  title: string;
  message: string;
}

export interface ErrorMessage {
  type: 'error';
  message: string;
}

export interface EmptyMessage {
  type: 'empty';
  message: string;
}

export type ToWebviewMessage =
  GraphMessage | ItemImpactMessage | ImpactMessage | ErrorMessage | EmptyMessage | UnavailableMessage;

export type FromWebviewMessage =
  | { type: 'ready' }
  | { type: 'open'; file: string; line: number }
  | { type: 'focus'; id: string }
  | { type: 'setDepth'; depth: Depth }
  | { type: 'setDirection'; direction: Direction }
  | { type: 'rendered'; nodes: number; edges: number; layoutMs: number; totalMs: number; thread: string }
  | { type: 'setPinned'; pinned: boolean }
  | { type: 'selectBase'; base: string }
  | { type: 'diff'; file: string; baseFile: string }
  | { type: 'sincePin'; target: string; pin: string }
  | { type: 'reaffirm'; file: string; line: number; character: number }
  | { type: 'copyMermaid'; text: string }
  | { type: 'exportSvg'; svg: string };

/**
 * What the webview persists with `setState` (and what VS Code hands to a
 * `WebviewPanelSerializer.deserializeWebviewPanel` as `state`). `focus`, `depth`, `pinned`,
 * `mode` and `base` tell the host what to show again after a restart.
 */
export interface WebviewState {
  mode?: 'item' | 'impact' | 'itemImpact';
  focus?: string;
  depth?: Depth;
  direction?: Direction;
  pinned?: boolean;
  base?: string;
  zoom?: number;
  panX?: number;
  panY?: number;
  hiddenKinds?: string[];
  search?: string;
}

// ---------------------------------------------------------------------------------------------
// Validators. Hand-written, strict, allocation-light.

type Obj = Record<string, unknown>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype;
}

/** `x` has every key of `required`, no key outside `required` ∪ `optional`. */
function hasKeys(x: Obj, required: readonly string[], optional: readonly string[] = []): boolean {
  for (const k of required) if (!Object.prototype.hasOwnProperty.call(x, k)) return false;
  for (const k of Object.keys(x)) if (!required.includes(k) && !optional.includes(k)) return false;
  return true;
}

const isStr = (x: unknown): x is string => typeof x === 'string';
const isNonEmptyStr = (x: unknown): x is string => typeof x === 'string' && x.length > 0;
const isBool = (x: unknown): x is boolean => typeof x === 'boolean';
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const isFiniteNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const optional = (x: unknown, check: (v: unknown) => boolean): boolean => x === undefined || check(x);

export function isDepth(x: unknown): x is Depth {
  return x === 1 || x === 2 || x === 3 || x === 'all';
}

export function isDirection(x: unknown): x is Direction {
  return x === 'up' || x === 'down' || x === 'both';
}

const isTraceRole = (x: unknown): boolean => x === 'focus' || x === 'upstream' || x === 'downstream' || x === 'context';
const isEvidenceBadge = (x: unknown): boolean =>
  x === 'passed' || x === 'failed' || x === 'stale' || x === 'skipped' || x === 'missing';

export function isChangeKind(x: unknown): x is ChangeKind {
  return x === 'added' || x === 'deleted' || x === 'modified' || x === 'relinked';
}

const NODE_REQUIRED = ['id', 'kind', 'kindLabel', 'title', 'status', 'file', 'line'] as const;
const NODE_OPTIONAL = [
  'untested',
  'unmitigated',
  'suspect',
  'errors',
  'warnings',
  'change',
  'impacted',
  'depth',
  'trace',
  'evidence',
  'failingDownstream',
  'anomalies',
] as const;

export function isGraphNode(x: unknown): x is GraphNode {
  if (!isObj(x) || !hasKeys(x, NODE_REQUIRED, NODE_OPTIONAL)) return false;
  return (
    isNonEmptyStr(x.id) &&
    isNonEmptyStr(x.kind) &&
    isStr(x.kindLabel) &&
    isStr(x.title) &&
    isStr(x.status) &&
    isStr(x.file) &&
    isCount(x.line) &&
    optional(x.untested, isBool) &&
    optional(x.unmitigated, isBool) &&
    optional(x.suspect, isBool) &&
    optional(x.errors, isCount) &&
    optional(x.warnings, isCount) &&
    optional(x.change, isChangeKind) &&
    optional(x.impacted, isBool) &&
    optional(x.depth, isCount) &&
    optional(x.trace, isTraceRole) &&
    optional(x.evidence, isEvidenceBadge) &&
    optional(x.failingDownstream, isBool) &&
    optional(x.anomalies, (a) => Array.isArray(a) && (a as unknown[]).every(isNonEmptyStr))
  );
}

export function isGraphEdge(x: unknown): x is GraphEdge {
  if (!isObj(x) || !hasKeys(x, ['from', 'to', 'type'], ['suspect', 'trace'])) return false;
  return (
    isNonEmptyStr(x.from) &&
    isNonEmptyStr(x.to) &&
    isStr(x.type) &&
    optional(x.suspect, isBool) &&
    optional(x.trace, isBool)
  );
}

export function isKindInfo(x: unknown): x is KindInfo {
  if (!isObj(x) || !hasKeys(x, ['kind', 'label', 'rank'])) return false;
  return isNonEmptyStr(x.kind) && isStr(x.label) && isFiniteNum(x.rank);
}

/** Shape, plus: unique node ids and kinds, edges between listed nodes, node kinds listed. */
export function isGraphData(x: unknown): x is GraphData {
  if (!isObj(x) || !hasKeys(x, ['nodes', 'edges', 'kinds'], ['truncated'])) return false;
  const { nodes, edges, kinds, truncated } = x;
  if (
    truncated !== undefined &&
    !(
      isObj(truncated) &&
      hasKeys(truncated, ['shown', 'total']) &&
      isCount(truncated.shown) &&
      isCount(truncated.total)
    )
  )
    return false;
  if (!Array.isArray(nodes) || !Array.isArray(edges) || !Array.isArray(kinds)) return false;
  const kindSet = new Set<string>();
  for (const k of kinds as unknown[]) {
    if (!isKindInfo(k) || kindSet.has(k.kind)) return false;
    kindSet.add(k.kind);
  }
  const ids = new Set<string>();
  for (const n of nodes as unknown[]) {
    if (!isGraphNode(n) || ids.has(n.id) || !kindSet.has(n.kind)) return false;
    ids.add(n.id);
  }
  for (const e of edges as unknown[]) {
    if (!isGraphEdge(e) || !ids.has(e.from) || !ids.has(e.to)) return false;
  }
  return true;
}

const isPin = (x: unknown): x is string => typeof x === 'string' && /^[0-9a-f]{8}$/.test(x);

export function isReviewSuspectLink(x: unknown): x is ReviewSuspectLink {
  if (!isObj(x) || !hasKeys(x, ['type', 'target', 'pin', 'current', 'line', 'character'])) return false;
  return (
    isStr(x.type) &&
    isNonEmptyStr(x.target) &&
    isPin(x.pin) &&
    isPin(x.current) &&
    isCount(x.line) &&
    isCount(x.character)
  );
}

export function isReviewEntry(x: unknown): x is ReviewEntry {
  if (
    !isObj(x) ||
    !hasKeys(x, ['id', 'kind', 'title', 'file', 'line', 'reason'], ['group', 'change', 'baseFile', 'suspect'])
  )
    return false;
  return (
    isNonEmptyStr(x.id) &&
    isStr(x.kind) &&
    isStr(x.title) &&
    isStr(x.file) &&
    isCount(x.line) &&
    isStr(x.reason) &&
    optional(x.group, (g) => g === 'changed' || g === 'impacted' || g === 'upstream') &&
    optional(x.change, isChangeKind) &&
    optional(x.baseFile, isNonEmptyStr) &&
    optional(x.suspect, (l) => Array.isArray(l) && (l as unknown[]).every(isReviewSuspectLink))
  );
}

const isStrList = (x: unknown): x is string[] => Array.isArray(x) && (x as unknown[]).every(isStr);

export function isReviewCodeEntry(x: unknown): x is ReviewCodeEntry {
  if (!isObj(x) || !hasKeys(x, ['file', 'line', 'tagsChanged', 'tags', 'inBase', 'inHead', 'reason'], ['depth']))
    return false;
  return (
    isNonEmptyStr(x.file) &&
    isCount(x.line) &&
    isStrList(x.tagsChanged) &&
    isStrList(x.tags) &&
    optional(x.depth, isCount) &&
    isBool(x.inBase) &&
    isBool(x.inHead) &&
    isStr(x.reason)
  );
}

export function isToWebviewMessage(x: unknown): x is ToWebviewMessage {
  if (!isObj(x)) return false;
  switch (x.type) {
    case 'graph':
      return (
        hasKeys(x, ['type', 'focus', 'depth', 'pinned', 'data'], ['direction']) &&
        isStr(x.focus) &&
        isDepth(x.depth) &&
        optional(x.direction, isDirection) &&
        isBool(x.pinned) &&
        isGraphData(x.data)
      );
    case 'itemImpact':
      return (
        hasKeys(x, ['type', 'focus', 'data', 'code']) &&
        isNonEmptyStr(x.focus) &&
        isGraphData(x.data) &&
        Array.isArray(x.code) &&
        (x.code as unknown[]).every(isStr)
      );
    case 'impact':
      return (
        hasKeys(x, ['type', 'base', 'bases', 'data', 'review'], ['commit', 'code']) &&
        isStr(x.base) &&
        Array.isArray(x.bases) &&
        (x.bases as unknown[]).every(isStr) &&
        isGraphData(x.data) &&
        Array.isArray(x.review) &&
        (x.review as unknown[]).every(isReviewEntry) &&
        optional(x.commit, isNonEmptyStr) &&
        optional(x.code, (c) => Array.isArray(c) && (c as unknown[]).every(isReviewCodeEntry))
      );
    case 'unavailable':
      return hasKeys(x, ['type', 'title', 'message']) && isStr(x.title) && isStr(x.message);
    case 'error':
    case 'empty':
      return hasKeys(x, ['type', 'message']) && isStr(x.message);
    default:
      return false;
  }
}

export function isFromWebviewMessage(x: unknown): x is FromWebviewMessage {
  if (!isObj(x)) return false;
  switch (x.type) {
    case 'ready':
      return hasKeys(x, ['type']);
    case 'open':
      return hasKeys(x, ['type', 'file', 'line']) && isNonEmptyStr(x.file) && isCount(x.line);
    case 'focus':
      return hasKeys(x, ['type', 'id']) && isNonEmptyStr(x.id);
    case 'setDepth':
      return hasKeys(x, ['type', 'depth']) && isDepth(x.depth);
    case 'setDirection':
      return hasKeys(x, ['type', 'direction']) && isDirection(x.direction);
    case 'rendered':
      return (
        hasKeys(x, ['type', 'nodes', 'edges', 'layoutMs', 'totalMs', 'thread']) &&
        isCount(x.nodes) &&
        isCount(x.edges) &&
        isFiniteNum(x.layoutMs) &&
        isFiniteNum(x.totalMs) &&
        isStr(x.thread) &&
        x.thread.length < 16
      );
    case 'setPinned':
      return hasKeys(x, ['type', 'pinned']) && isBool(x.pinned);
    case 'selectBase':
      return hasKeys(x, ['type', 'base']) && isNonEmptyStr(x.base);
    case 'diff':
      return hasKeys(x, ['type', 'file', 'baseFile']) && isNonEmptyStr(x.file) && isNonEmptyStr(x.baseFile);
    case 'sincePin':
      return hasKeys(x, ['type', 'target', 'pin']) && isNonEmptyStr(x.target) && isPin(x.pin);
    case 'reaffirm':
      return (
        hasKeys(x, ['type', 'file', 'line', 'character']) &&
        isNonEmptyStr(x.file) &&
        isCount(x.line) &&
        isCount(x.character)
      );
    case 'copyMermaid':
      return hasKeys(x, ['type', 'text']) && isStr(x.text);
    case 'exportSvg':
      return hasKeys(x, ['type', 'svg']) && isStr(x.svg) && x.svg.trimStart().startsWith('<svg');
    default:
      return false;
  }
}

/** Validates persisted webview state; anything malformed is dropped field by field. */
export function sanitizeWebviewState(x: unknown): WebviewState {
  const out: WebviewState = {};
  if (!isObj(x)) return out;
  if (x.mode === 'item' || x.mode === 'impact' || x.mode === 'itemImpact') out.mode = x.mode;
  if (isStr(x.focus)) out.focus = x.focus;
  if (isDepth(x.depth)) out.depth = x.depth;
  if (isDirection(x.direction)) out.direction = x.direction;
  if (isBool(x.pinned)) out.pinned = x.pinned;
  if (isStr(x.base)) out.base = x.base;
  if (isFiniteNum(x.zoom) && x.zoom > 0) out.zoom = x.zoom;
  if (isFiniteNum(x.panX)) out.panX = x.panX;
  if (isFiniteNum(x.panY)) out.panY = x.panY;
  if (Array.isArray(x.hiddenKinds) && (x.hiddenKinds as unknown[]).every(isStr))
    out.hiddenKinds = [...(x.hiddenKinds as string[])];
  if (isStr(x.search)) out.search = x.search;
  return out;
}
