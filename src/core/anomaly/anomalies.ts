import type { KindConfig, TraceConfig } from '../config/types';
import { compareIds, type TraceIndex } from '../traceIndex';
import type { Item } from '../model/item';
import type { Range } from '../model/range';

/** The kind of problem reports (SPEC section 12). */
export const ANOMALY_KIND = 'anomaly';
/** States that leave an anomaly unresolved; `deferred` ones are residual anomalies of a release. */
export const ANOMALY_STATES = ['open', 'investigating', 'resolved', 'deferred'] as const;
/** States that need a safety evaluation (IEC 62304 5.8.2, 5.8.3). */
export const STATES_NEEDING_EVALUATION: ReadonlySet<string> = new Set(['open', 'deferred']);

/** One unresolved problem report, as the release packet, the dashboard and the editor list it. */
export interface OpenAnomaly {
  readonly id: string;
  readonly title: string;
  /** One of the hazard severities, or undefined when not set (or not a string). */
  readonly severity: string | undefined;
  /** `open`, `investigating`, `deferred`; `open` too when the state is missing or not allowed (conservative). */
  readonly state: string;
  /** The safety evaluation's text, trimmed; undefined when absent or blank (then `anomaly.unevaluated` applies). */
  readonly safety_evaluation: string | undefined;
  /** Targets of its `affects` links (requirements, tests, hazards), in source order, without repeats. */
  readonly affects: readonly string[];
  /** Targets of its `found_by` links. */
  readonly found_by: readonly string[];
  /** Workspace-relative path with `/` separators. */
  readonly file: string;
  /** Range of the item's id value (0-based, LSP-shaped). */
  readonly range: Range;
}

/** The text of a free-text field, trimmed; undefined when absent, null, blank or not a scalar. */
export function textField(item: Item, key: string): string | undefined {
  const v = item.fields.get(key)?.value;
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** An anomaly's state as its listings show it: `open` when missing or not one of the states. */
export function anomalyState(item: Item): string {
  const v = item.fields.get('state')?.value;
  return typeof v === 'string' && (ANOMALY_STATES as readonly string[]).includes(v) ? v : 'open';
}

/** Whether `item` is a live problem report that is not resolved. */
export function isOpenAnomaly(item: Item): boolean {
  return item.kind === ANOMALY_KIND && item.live && anomalyState(item) !== 'resolved';
}

function targets(item: Item, type: string): string[] {
  const out: string[] = [];
  for (const l of item.links) if (l.type === type && !out.includes(l.target)) out.push(l.target);
  return out;
}

/** One item's open-anomaly record. */
export function toOpenAnomaly(item: Item): OpenAnomaly {
  const severity = item.fields.get('severity')?.value;
  return {
    id: item.id,
    title: item.title,
    severity: typeof severity === 'string' ? severity : undefined,
    state: anomalyState(item),
    safety_evaluation: textField(item, 'safety_evaluation'),
    affects: targets(item, 'affects'),
    found_by: targets(item, 'found_by'),
    file: item.file,
    range: item.idRange,
  };
}

/**
 * Every open (unresolved, live) problem report of the index, in natural ID order: the known
 * residual anomalies of a release (IEC 62304 5.8.2, 5.8.3). Pure.
 */
export function openAnomalies(index: TraceIndex): OpenAnomaly[] {
  const out: OpenAnomaly[] = [];
  for (const item of index.items()) if (isOpenAnomaly(item)) out.push(toOpenAnomaly(item));
  return out;
}

/**
 * Open anomalies by the items they affect: id -> anomalies (natural ID order). One pass over
 * the items; what the editor shows on an affected item (lens, hover, tree, graph badge).
 */
export function openAnomaliesByAffected(index: TraceIndex): Map<string, OpenAnomaly[]> {
  const out = new Map<string, OpenAnomaly[]>();
  for (const a of openAnomalies(index)) {
    for (const id of a.affects) {
      let list = out.get(id);
      if (!list) out.set(id, (list = []));
      list.push(a);
    }
  }
  return out;
}

/** The open anomalies that affect `id`, in natural ID order. */
export function openAnomaliesAffecting(index: TraceIndex, id: string): OpenAnomaly[] {
  const out: OpenAnomaly[] = [];
  for (const ref of index.referrers(id)) {
    const item = index.get(ref)?.item;
    if (!item || !isOpenAnomaly(item) || index.resolve(item.id) !== item) continue;
    if (item.links.some((l) => l.type === 'affects' && l.target === id)) out.push(toOpenAnomaly(item));
  }
  return out.sort((a, b) => compareIds(a.id, b.id));
}

/** Open anomalies counted by severity (`unset` for those without one) and how many lack an evaluation. */
export function anomalyCounts(list: readonly OpenAnomaly[]): {
  open: number;
  unevaluated: number;
  bySeverity: Record<string, number>;
} {
  let unevaluated = 0;
  const bySeverity: Record<string, number> = {};
  for (const a of list) {
    if (a.safety_evaluation === undefined && STATES_NEEDING_EVALUATION.has(a.state)) unevaluated++;
    const s = a.severity ?? 'unset';
    bySeverity[s] = (bySeverity[s] ?? 0) + 1;
  }
  return { open: list.length, unevaluated, bySeverity };
}

/** The kinds a summary lists: all but the quiet ones (section 12's defaults) that have no items. */
export function listedKinds(config: TraceConfig, counts: ReadonlyMap<string, number>): KindConfig[] {
  return config.kinds.filter((k) => k.quiet !== true || (counts.get(k.name) ?? 0) > 0);
}
