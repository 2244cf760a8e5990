import { Commands } from '../shared/commands';
import * as vscode from 'vscode';
import { renderDashboardHtml } from '../shared/dashboardHtml';
import {
  DashboardRequest,
  MetricsHistoryRequest,
  type DashboardResult,
  type MetricsHistoryResult,
} from '../shared/lspProtocol';
import { makeNonce } from '../shared/webviewHtml';
import { openAt, toUri } from './paths';
import type { TracespineService } from './service';

export const DASHBOARD_VIEW_TYPE = 'tracespine.dashboard';
export const SHOW_DASHBOARD = Commands.showDashboard;

/** A message from the page, validated before use: only `ready` and `open` of a relative path and a line. */
type PageMessage = { type: 'ready' } | { type: 'open'; file: string; line: number; id?: string };

export function parsePageMessage(m: unknown): PageMessage | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const o = m as Record<string, unknown>;
  if (o.type === 'ready') return { type: 'ready' };
  if (o.type !== 'open' || typeof o.file !== 'string' || o.file === '' || o.file.length > 4096) return undefined;
  if (typeof o.line !== 'number' || !Number.isInteger(o.line) || o.line < 0) return undefined;
  if (o.file.startsWith('/') || o.file.split('/').includes('..')) return undefined;
  return { type: 'open', file: o.file, line: o.line, ...(typeof o.id === 'string' ? { id: o.id } : {}) };
}

/**
 * "Design Controls Dashboard" (SPEC 12): today's coverage per rule, gaps and open anomalies
 * from the server (`tracespine/dashboard`), then the history charts (`tracespine/metricsHistory`,
 * which reads git and may take a while). Each entry opens its item. Refreshes when the index
 * changes; the page runs one nonce'd script under a strict CSP (src/shared/dashboardHtml.ts).
 */
export class DashboardPanel implements vscode.Disposable {
  static current: DashboardPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private data: DashboardResult | undefined;
  private history: MetricsHistoryResult | undefined;
  private disposed = false;
  /** For tests and diagnosis (test-only command tracespine.internal.dashboardState). */
  private readonly trace = {
    ready: 0,
    renders: 0,
    opened: [] as string[],
    firstRenderMs: undefined as number | undefined,
  };

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly service: TracespineService,
  ) {
    const started = Date.now();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      service.onDidChange(() => void this.refresh()),
    );
    void this.refresh().then(() => {
      this.trace.firstRenderMs ??= Date.now() - started;
      return this.loadHistory();
    });
  }

  static show(extensionUri: vscode.Uri, service: TracespineService): DashboardPanel {
    if (DashboardPanel.current) {
      DashboardPanel.current.panel.reveal();
      void DashboardPanel.current.refresh();
      return DashboardPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      DASHBOARD_VIEW_TYPE,
      'Design Controls Dashboard',
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
      },
    );
    return (DashboardPanel.current = new DashboardPanel(panel, extensionUri, service));
  }

  private async refresh(): Promise<void> {
    try {
      this.data = await this.service.request(DashboardRequest);
    } catch (e) {
      this.data = undefined;
      void vscode.window.showErrorMessage(`Design Controls Dashboard: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.render();
  }

  private async loadHistory(): Promise<void> {
    try {
      this.history = await this.service.request(MetricsHistoryRequest);
    } catch (e) {
      this.history = {
        report: null,
        chartsHtml: '',
        message: `History unavailable: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
    this.render();
  }

  private render(): void {
    if (this.disposed || !this.data) return;
    const scriptUri = this.panel.webview
      .asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'dashboard.js'))
      .toString();
    const h = this.history;
    this.panel.webview.html = renderDashboardHtml(this.data, {
      nonce: makeNonce(),
      scriptUri,
      ...(h?.chartsHtml ? { chartsHtml: h.chartsHtml } : {}),
      ...(h && !h.chartsHtml ? { chartsMessage: h.message ?? 'No commit changed the design yet.' } : {}),
    });
    this.trace.renders++;
  }

  /** Handles a message of the page (or of the test command, through the same validation). */
  async receive(m: unknown): Promise<boolean> {
    const msg = parsePageMessage(m);
    if (!msg) return false;
    if (msg.type === 'ready') {
      this.trace.ready++;
      return true;
    }
    const uri = toUri(msg.file);
    if (!uri) return false;
    await openAt(uri, msg.line, msg.id, { viewColumn: vscode.ViewColumn.Beside });
    this.trace.opened.push(msg.file);
    return true;
  }

  snapshot(): {
    ready: number;
    renders: number;
    opened: string[];
    firstRenderMs: number | undefined;
    data: DashboardResult | undefined;
    history: boolean;
    /** The history charts given to the page: SVG charts, and the lines and points drawn in them. */
    charts: { svgs: number; lines: number; points: number };
  } {
    const html = this.history?.chartsHtml ?? '';
    const count = (re: RegExp): number => html.match(re)?.length ?? 0;
    return {
      ...this.trace,
      opened: [...this.trace.opened],
      data: this.data,
      history: this.history !== undefined,
      charts: {
        svgs: count(/<svg\b/g),
        lines: count(/<polyline\b/g),
        points: this.history?.report?.points.length ?? 0,
      },
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (DashboardPanel.current === this) DashboardPanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** The command, and the test-only commands that read the panel's state and send it a page message. */
export function registerDashboardPanel(context: vscode.ExtensionContext, service: TracespineService): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_DASHBOARD, () => void DashboardPanel.show(context.extensionUri, service)),
    vscode.commands.registerCommand('tracespine.internal.dashboardState', () => DashboardPanel.current?.snapshot()),
    vscode.commands.registerCommand(
      'tracespine.internal.dashboardMessage',
      (m: unknown) => DashboardPanel.current?.receive(m) ?? false,
    ),
    { dispose: () => DashboardPanel.current?.dispose() },
  );
}
