import { anomalyCounts, openAnomalies } from '../anomaly/anomalies';
import type { TraceConfig } from '../config/types';
import type { TraceIndex } from '../traceIndex';
import type { Finding } from '../model/finding';
import type { CoverageResult } from '../graph/coverage';

/**
 * Figures of the design at one commit (SPEC section 12). `approvals` and `deviations` are null
 * where they are not known (an invalid tracespine.yaml, see {@link MetricsInputs}): never a
 * made-up zero.
 */
export interface MetricsPoint {
  readonly commit: string;
  /** The commit's committer date, ISO 8601 as git gives it. */
  readonly date: string;
  /** A tag on the commit (the first by name), else null. */
  readonly tag: string | null;
  readonly items: Record<string, number>;
  readonly coverage: Record<string, { covered: number; total: number }>;
  readonly errors: number;
  readonly warnings: number;
  readonly anomalies: { open: number; unevaluated: number };
  readonly approvals: { missing: number; stale: number } | null;
  readonly deviations: { active: number; expiring: number } | null;
}

/** What the Markdown and HTML pages draw besides the JSON figures (not part of the JSON). */
export interface MetricsPointDetail {
  /** Open anomalies by severity (`unset` without one). */
  readonly anomaliesBySeverity: Record<string, number>;
}

export interface MetricsReport {
  readonly version: 1;
  readonly points: readonly MetricsPoint[];
}

/** Where a point is taken: the commit, its date (the day deviations are judged on) and the index at it. */
export interface MetricsContext {
  readonly index: TraceIndex;
  readonly commit: string;
  readonly date: string;
}

/**
 * Figures of SPEC 9 (approvals, deviations). Each is optional: a missing one makes its figures
 * null in every point ("not configured"). Pure functions of the design at the point (the index)
 * and its date. src/node/metricsHistory.ts gives its own (./section9.ts over the approval
 * records of each commit) unless the caller passes these.
 */
export interface MetricsInputs {
  /** Required approvals missing, and approvals of an older fingerprint (stale). */
  readonly approvals?: (ctx: MetricsContext) => { missing: number; stale: number };
  /** Deviations in force at the point's date, and those of them expiring within 30 days. */
  readonly deviations?: (ctx: MetricsContext) => { active: number; expiring: number };
}

/** Items per kind as the check's summary counts them (quiet kinds only when they have items). */
export function itemsByKind(index: TraceIndex, config: TraceConfig): Record<string, number> {
  const byKind: Record<string, number> = {};
  for (const k of config.kinds) if (k.quiet !== true) byKind[k.name] = 0;
  for (const i of index.items()) byKind[i.kind] = (byKind[i.kind] ?? 0) + 1;
  return byKind;
}

/** The figures of one point, from the index and its validation. */
export function measurePoint(
  ctx: MetricsContext & { readonly tag: string | null },
  counts: { errors: number; warnings: number },
  coverage: readonly CoverageResult[],
  inputs: MetricsInputs = {},
): { point: MetricsPoint; detail: MetricsPointDetail } {
  const cov: Record<string, { covered: number; total: number }> = {};
  for (const c of coverage) cov[c.name] = { covered: c.covered.length, total: c.covered.length + c.uncovered.length };
  const a = anomalyCounts(openAnomalies(ctx.index));
  const point: MetricsPoint = {
    commit: ctx.commit,
    date: ctx.date,
    tag: ctx.tag,
    items: itemsByKind(ctx.index, ctx.index.config),
    coverage: cov,
    errors: counts.errors,
    warnings: counts.warnings,
    anomalies: { open: a.open, unevaluated: a.unevaluated },
    approvals: inputs.approvals ? inputs.approvals(ctx) : null,
    deviations: inputs.deviations ? inputs.deviations(ctx) : null,
  };
  return { point, detail: { anomaliesBySeverity: a.bySeverity } };
}

/** A point for a commit whose tracespine.yaml is invalid: its config findings count as errors, nothing else is known. */
export function invalidConfigPoint(
  commit: string,
  date: string,
  tag: string | null,
  findings: readonly Finding[],
): { point: MetricsPoint; detail: MetricsPointDetail } {
  return {
    point: {
      commit,
      date,
      tag,
      items: {},
      coverage: {},
      errors: findings.length,
      warnings: 0,
      anomalies: { open: 0, unevaluated: 0 },
      approvals: null,
      deviations: null,
    },
    detail: { anomaliesBySeverity: {} },
  };
}

/** The share of points (commits) that left the spine without errors, 0..1; null without points. */
export function cleanShare(points: readonly MetricsPoint[]): number | null {
  if (points.length === 0) return null;
  return points.filter((p) => p.errors === 0).length / points.length;
}

/** The JSON of SPEC section 12, two-space indented, one trailing newline. */
export function formatMetricsJson(report: MetricsReport): string {
  return `${JSON.stringify({ version: report.version, points: report.points }, null, 2)}\n`;
}
