/**
 * `tracespine/dashboard` and `tracespine/metricsHistory` (SPEC 12): today's coverage, gaps and
 * open anomalies from the live index; failing and stale evidence, approvals waiting for the
 * user's role and deviations expiring soon from the engine of SPEC 8 and 9 ({@link dashboardInputs});
 * the history charts from git. A section is null where its policy is not configured.
 */
import { LSPErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import { openAnomalies } from '../core/anomaly/anomalies';
import type { TraceIndex } from '../core/traceIndex';
import { metricsCharts } from '../core/metrics/page';
import type { Validator } from '../core/validate/validator';
import { DEVIATION_KIND, todayUtc } from '../core/approvals/deviations';
import { parseRecord, type ParsedRecord } from '../core/approvals/record';
import type { ApprovalsConfig } from '../core/approvals/types';
import { approvalsWaiting, deviationsExpiring, evidenceSection } from '../core/dashboard/sections';
import type { WorkspaceHost } from '../core/host';
import { approvalStates } from '../core/metrics/section9';
import { GitError, gitOrUndefined } from '../node/git';
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

/** Sections of SPEC 8 and 9 (evidence, approvals, deviations); each null where it is not configured. */
export interface DashboardInputs {
  readonly evidence?: (st: DashboardState) => DashboardResult['evidence'];
  readonly approvals?: (st: DashboardState) => DashboardResult['approvals'];
  readonly deviations?: (st: DashboardState) => DashboardResult['deviations'];
}

/** What the SPEC 8 and 9 sections need besides the index: the approval records and who the user is. */
export interface DashboardContext {
  /** Reads the approval records (approvals.dir); none without one. */
  readonly host?: WorkspaceHost;
  /** git user.email of the workspace: whose roles "waiting for your role" means. */
  readonly email?: string;
  /** The day deviations are judged on, YYYY-MM-DD (default: today, UTC). */
  readonly today?: string;
}

/**
 * The evidence, approvals and deviations sections, from the engine functions the CLI's check
 * runs (computeEvidence's state, evaluateApprovals over the records, evaluateDeviations).
 * Signatures are not verified here (the check does that with ssh-keygen).
 */
export async function dashboardInputs(
  st: DashboardState,
  ctx: DashboardContext,
  cache: DashboardCache = new DashboardCache(),
): Promise<DashboardInputs> {
  if (st.configInvalid) return {};
  const config = st.index.config;
  const records = ctx.host ? await cache.records(ctx.host, config.approvals) : [];
  const states = cache.states(st.index, records);
  const today = ctx.today ?? todayUtc();
  return {
    evidence: () => evidenceSection(st.index, st.validator.evidenceState),
    approvals: () => {
      if (config.approvals.require.length === 0) return null;
      const { waiting, roles } = approvalsWaiting(st.index, states, ctx.email);
      return { waiting, roles, ...(ctx.email !== undefined ? { email: ctx.email } : {}) };
    },
    deviations: () => (config.kindByName.has(DEVIATION_KIND) ? deviationsExpiring(st.index, states, today) : null),
  };
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

/**
 * What repeated dashboard requests need not compute again (docs/performance.md): each approval
 * record parsed once per text (parsing is most of the cost of a few hundred records), and the
 * approval states while neither the index nor the records changed.
 */
export class DashboardCache {
  private readonly parsed = new Map<string, { text: string; record: ParsedRecord }>();
  private last:
    { index: TraceIndex; revision: number; records: readonly ParsedRecord[]; states: ApprovalStates } | undefined;

  /** The records of `approvals.dir`, sorted by path, as readApprovalRecords gives them. */
  async records(host: WorkspaceHost, config: ApprovalsConfig): Promise<ParsedRecord[]> {
    const dir = `${config.dir}/`;
    const { files } = await host.listFiles(
      (p) => p.startsWith(dir) && /\.ya?ml$/.test(p),
      (d) => !(dir.startsWith(`${d}/`) || d.startsWith(dir)),
    );
    files.sort();
    const out: ParsedRecord[] = [];
    const seen = new Set<string>();
    for (const file of files) {
      const r = await host.readFile(file);
      if (r.text === undefined) continue;
      seen.add(file);
      let hit = this.parsed.get(file);
      if (hit?.text !== r.text) this.parsed.set(file, (hit = { text: r.text, record: parseRecord(r.text, file) }));
      out.push(hit.record);
    }
    for (const f of [...this.parsed.keys()]) if (!seen.has(f)) this.parsed.delete(f);
    return out;
  }

  /** approvalStates of the index and records, reused while both are the same. */
  states(index: TraceIndex, records: readonly ParsedRecord[]): ApprovalStates {
    const l = this.last;
    if (
      l &&
      l.index === index &&
      l.revision === index.revision &&
      l.records.length === records.length &&
      l.records.every((r, i) => r === records[i])
    )
      return l.states;
    const states = approvalStates(index, records);
    this.last = { index, revision: index.revision, records, states };
    return states;
  }
}

type ApprovalStates = ReturnType<typeof approvalStates>;

/** Registers both requests; `state` gives the current index (undefined while there is none). */
export function registerDashboard(
  connection: Connection,
  state: () => Promise<DashboardState | undefined>,
  root: () => string | undefined,
  host: () => WorkspaceHost | undefined = () => undefined,
): void {
  const cache = new DashboardCache();
  connection.onRequest(DashboardRequest, async (): Promise<DashboardResult> => {
    const st = await state();
    if (!st) throw new ResponseError(LSPErrorCodes.RequestFailed, 'no workspace folder is open');
    const dir = root();
    const email = dir === undefined ? undefined : (await gitOrUndefined(dir, ['config', 'user.email']))?.trim();
    const h = host();
    const ctx: DashboardContext = { ...(h ? { host: h } : {}), ...(email ? { email } : {}) };
    return dashboardData(st, await dashboardInputs(st, ctx, cache));
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
