/**
 * `tracespine/dashboard` and `tracespine/metricsHistory` (SPEC 12): today's coverage, gaps and
 * open anomalies from the live index, and the history charts from git. Other engines plug
 * their sections in through {@link DashboardInputs}; until then they are null ("not configured").
 */
import { LSPErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import { openAnomalies } from '../core/anomaly/anomalies';
import type { TraceIndex } from '../core/traceIndex';
import { metricsCharts } from '../core/metrics/page';
import type { Validator } from '../core/validate/validator';
import { GitError } from '../node/git';
import { metricsHistory } from '../node/metricsHistory';
import {
  DashboardRequest,
  MetricsHistoryRequest,
  type DashboardEntry,
  type DashboardResult,
  type MetricsHistoryResult,
} from '../shared/lspProtocol';

const MAX_GAPS = 200;

export interface DashboardState {
  readonly index: TraceIndex;
  readonly validator: Validator;
  readonly configInvalid: boolean;
}

/** Sections that other engines provide (evidence SPEC 8, approvals and deviations SPEC 9). */
export interface DashboardInputs {
  readonly evidence?: (st: DashboardState) => NonNullable<DashboardResult['evidence']>;
  readonly approvals?: (st: DashboardState) => NonNullable<DashboardResult['approvals']>;
  readonly deviations?: (st: DashboardState) => NonNullable<DashboardResult['deviations']>;
}

/** The dashboard's figures of the live index. Pure. */
export function dashboardData(st: DashboardState, inputs: DashboardInputs = {}): DashboardResult {
  const coverage: DashboardResult['coverage'] = [];
  const gaps: DashboardResult['gaps'] = [];
  if (!st.configInvalid) {
    for (const c of st.validator.coverage()) {
      coverage.push({
        rule: c.name,
        kind: c.kind,
        covered: c.covered.length,
        total: c.covered.length + c.uncovered.length,
      });
      const entries: DashboardEntry[] = c.uncovered.slice(0, MAX_GAPS).map((i) => ({
        id: i.id,
        title: i.title,
        file: i.file,
        line: i.idRange.start.line,
        detail: `coverage.${c.name}`,
      }));
      if (c.uncovered.length > 0) gaps.push({ rule: c.name, total: c.uncovered.length, entries });
    }
  }
  const anomalies = st.configInvalid
    ? []
    : openAnomalies(st.index).map((a) => ({
        id: a.id,
        title: a.title,
        file: a.file,
        line: a.range.start.line,
        detail: [a.severity, a.state].filter((x) => x !== undefined).join(', '),
        ...(a.severity !== undefined ? { severity: a.severity } : {}),
        state: a.state,
        evaluated: a.safety_evaluation !== undefined,
        affects: [...a.affects],
      }));
  return {
    configInvalid: st.configInvalid,
    coverage,
    gaps,
    anomalies,
    evidence: inputs.evidence ? inputs.evidence(st) : null,
    approvals: inputs.approvals ? inputs.approvals(st) : null,
    deviations: inputs.deviations ? inputs.deviations(st) : null,
  };
}

/** Registers both requests; `state` gives the current index (undefined while there is none). */
export function registerDashboard(
  connection: Connection,
  state: () => Promise<DashboardState | undefined>,
  root: () => string | undefined,
): void {
  connection.onRequest(DashboardRequest, async (): Promise<DashboardResult> => {
    const st = await state();
    if (!st) throw new ResponseError(LSPErrorCodes.RequestFailed, 'no workspace folder is open');
    return dashboardData(st);
  });
  connection.onRequest(MetricsHistoryRequest, async (): Promise<MetricsHistoryResult> => {
    const dir = root();
    if (dir === undefined) throw new ResponseError(LSPErrorCodes.RequestFailed, 'no workspace folder is open');
    try {
      const { report, details } = await metricsHistory(dir);
      return { report: { version: 1, points: [...report.points] }, chartsHtml: metricsCharts(report, details) };
    } catch (e) {
      if (e instanceof GitError) return { report: null, chartsHtml: '', message: e.message };
      throw e;
    }
  });
}
