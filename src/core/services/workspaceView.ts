/**
 * What an editor shows of the whole workspace: the summary (counts by kind, by severity,
 * coverage) and one state per item (title, status, uncovered rules, suspect links,
 * error counts). Pure functions of the index and the validator; the counting is the
 * engine's `summarize`, so the editor and `tracespine check` count alike.
 */
import { listedKinds, openAnomaliesAffecting, openAnomaliesByAffected, type OpenAnomaly } from '../anomaly/anomalies';
import { verificationOf, type EvidenceState } from '../evidence/state';
import { loadConfig } from '../config/load';
import { CONFIG_FILE } from '../config/defaults';
import type { TraceConfig } from '../config/types';
import { summarize } from '../engine';
import { compareIds, type TraceIndex } from '../traceIndex';
import type { Finding } from '../model/finding';
import type { Item } from '../model/item';
import type { Validator } from '../validate/validator';
import { unmetCoverageRules } from '../validate/coverage';
import { defaultConfigYaml, starterItems } from './templates';

/** Everything derived from one reading of the configuration. */
export interface WorkspaceState {
  readonly config: TraceConfig;
  readonly configInvalid: boolean;
  /** config.invalid findings (on tracespine.yaml) when the configuration is invalid. */
  readonly configFindings: readonly Finding[];
  readonly index: TraceIndex;
  readonly validator: Validator;
}

export interface SummaryView {
  readonly ready: boolean;
  readonly configInvalid: boolean;
  readonly items: number;
  readonly kinds: { kind: string; label: string; count: number }[];
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly coverage: Record<string, { covered: number; total: number }>;
}

export interface ItemView {
  readonly id: string;
  readonly kind: string;
  readonly kindLabel: string;
  readonly title: string;
  readonly status: string;
  readonly file: string;
  readonly line: number;
  readonly uncovered: string[];
  readonly suspect: boolean;
  readonly errors: number;
  readonly warnings: number;
  /**
   * Its verification evidence (SPEC section 8) when evidence is configured and the item has a
   * state: `passed`, `failed`, `stale`, `skipped` (a result that never ran: unexecuted) or
   * `missing` (verified, but no result names it).
   */
  readonly evidence?: 'passed' | 'failed' | 'stale' | 'skipped' | 'missing';
  /** Items downstream of it whose evidence failed (a need whose requirement fails), natural ID order. */
  readonly failingDownstream?: string[];
  /** Open problem reports (SPEC section 12) that affect it, natural ID order. */
  readonly anomalies?: { id: string; title: string; state: string; severity?: string }[];
  /** Its file's findings, in position order (the first MAX_ITEM_MESSAGES): what its tooltip says. */
  readonly messages?: { severity: 'error' | 'warning' | 'info'; code: string; message: string; line: number }[];
}

/** How many findings an item state carries for its tooltip (the counts stay exact). */
export const MAX_ITEM_MESSAGES = 8;

/** The summary before any index exists. */
export const EMPTY_SUMMARY: SummaryView = {
  ready: false,
  configInvalid: false,
  items: 0,
  kinds: [],
  errors: 0,
  warnings: 0,
  infos: 0,
  coverage: {},
};

export function summaryView(st: WorkspaceState | undefined, ready: boolean): SummaryView {
  if (!st) return EMPTY_SUMMARY;
  const findings: Finding[] = [];
  if (st.configInvalid) for (const f of st.configFindings) findings.push(f);
  else
    for (const file of st.validator.filesWithFindings()) for (const f of st.validator.findings(file)) findings.push(f);
  const s = summarize(st.index, findings, st.configInvalid ? [] : st.validator.coverage());
  return {
    ready,
    configInvalid: st.configInvalid,
    items: s.items,
    kinds: listedKinds(st.config, new Map(Object.entries(s.byKind))).map((k) => ({
      kind: k.name,
      label: k.label,
      count: s.byKind[k.name] ?? 0,
    })),
    errors: s.errors,
    warnings: s.warnings,
    infos: s.infos,
    coverage: s.coverage,
  };
}

/** Every item, in the order of the configured kinds, then by ID. */
export function itemViews(st: WorkspaceState): ItemView[] {
  const uncovered = new Map<Item, string[]>();
  for (const c of st.validator.coverage()) {
    for (const item of c.uncovered) {
      let list = uncovered.get(item);
      if (!list) uncovered.set(item, (list = []));
      list.push(c.name);
    }
  }
  const order = new Map(st.config.kinds.map((k, i) => [k.name, i]));
  const items = [...st.index.items()].sort(
    (a, b) => (order.get(a.kind) ?? 0) - (order.get(b.kind) ?? 0) || compareIds(a.id, b.id),
  );
  const anomalies = openAnomaliesByAffected(st.index);
  const failing = failingDownstreamMap(st);
  return items.map((item) =>
    itemView(st, item, uncovered.get(item) ?? [], anomalies.get(item.id) ?? [], failing.get(item.id)),
  );
}

/**
 * Upstream marks: for every item whose evidence failed, the items it reaches by following its
 * links (a requirement's `derives_from` need, the hazard it mitigates, the requirement a test
 * verifies), transitively: id -> the failing items downstream of it, natural ID order.
 */
export function failingDownstreamMap(st: WorkspaceState): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const evidence: EvidenceState | undefined = st.validator.evidenceState;
  if (!evidence) return out;
  const failed = [...evidence.verification].filter(([, v]) => v.status === 'failed').map(([id]) => id);
  failed.sort(compareIds);
  for (const id of failed) {
    const seen = new Set<string>([id]);
    const queue = [id];
    while (queue.length > 0) {
      const item = st.index.resolve(queue.pop()!);
      if (!item) continue;
      for (const link of item.links) {
        if (seen.has(link.target) || !st.index.resolve(link.target)) continue;
        seen.add(link.target);
        queue.push(link.target);
        let list = out.get(link.target);
        if (!list) out.set(link.target, (list = []));
        list.push(id);
      }
    }
  }
  return out;
}

/** The item defined in `file` (the one its ID resolves to), or undefined. */
export function itemViewOf(st: WorkspaceState, file: string, onlyResolved: boolean): ItemView | undefined {
  const item = st.index.get(file)?.item;
  if (!item || (onlyResolved && st.index.resolve(item.id) !== item)) return undefined;
  return itemView(
    st,
    item,
    unmetCoverageRules(st.index, item).map((r) => r.name),
    openAnomaliesAffecting(st.index, item.id),
    st.validator.evidenceState ? failingDownstreamMap(st).get(item.id) : undefined,
  );
}

function itemView(
  st: WorkspaceState,
  item: Item,
  uncovered: string[],
  anomalies: readonly OpenAnomaly[],
  failingDownstream: string[] | undefined,
): ItemView {
  let errors = 0;
  let warnings = 0;
  let suspect = false;
  const findings = st.validator.findings(item.file);
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    if (f.code === 'link.suspect' && f.itemId === item.id) suspect = true;
  }
  const extra: {
    -readonly [K in 'evidence' | 'failingDownstream' | 'anomalies' | 'messages']?: ItemView[K];
  } = {};
  const evidence = st.validator.evidenceState ? verificationOf(st.validator.evidenceState, item.id).status : 'none';
  if (evidence !== 'none') extra.evidence = evidence;
  if (failingDownstream && failingDownstream.length > 0) extra.failingDownstream = failingDownstream;
  if (anomalies.length > 0)
    extra.anomalies = anomalies.map((a) => ({
      id: a.id,
      title: a.title,
      state: a.state,
      ...(a.severity !== undefined ? { severity: a.severity } : {}),
    }));
  if (findings.length > 0)
    extra.messages = [...findings]
      .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
      .slice(0, MAX_ITEM_MESSAGES)
      .map((f) => ({ severity: f.severity, code: f.code, message: f.message, line: f.range.start.line }));
  return {
    id: item.id,
    kind: item.kind,
    kindLabel: st.config.kindByName.get(item.kind)?.label ?? item.kind,
    title: item.title,
    status: item.status,
    file: item.file,
    line: item.idRange.start.line,
    uncovered,
    suspect,
    errors,
    warnings,
    ...extra,
  };
}

let defaults: TraceConfig | undefined;
/** The default policy (no tracespine.yaml). */
export function defaultConfig(): TraceConfig {
  defaults ??= loadConfig(undefined).config;
  return defaults;
}

/**
 * tracespine.yaml (when the workspace has none) and one starter item per kind, for
 * files that do not exist yet: the client may write every file it gets. The starters
 * follow the workspace's configuration (the defaults when it is invalid) and take the
 * next free IDs of the current index.
 */
export function workspaceTemplate(
  st: WorkspaceState | undefined,
  exists: (file: string) => boolean,
): { file: string; text: string }[] {
  const files: { file: string; text: string }[] = [];
  if (!exists(CONFIG_FILE)) files.push({ file: CONFIG_FILE, text: defaultConfigYaml() });
  // Without tracespine.yaml the workspace runs on the defaults, which the file above spells out.
  const valid = st !== undefined && !st.configInvalid;
  const starters = valid ? starterItems(st.config, st.index) : starterItems(defaultConfig());
  for (const f of starters) if (!exists(f.file)) files.push(f);
  return files;
}
