/**
 * "Export Traceability Matrix…", "Build Release Packet…" and "Show Traceability Matrix" (SPEC
 * 10 in the editor): thin commands over the server's requests (src/shared/releaseProtocol.ts).
 * The matrix webview runs under the house CSP (default-src 'none', style and script by a fresh
 * nonce per render); its one message is validated before use.
 */
import * as vscode from 'vscode';
import {
  BuildReleaseRequest,
  ExportMatrixRequest,
  isMatrixView,
  MATRIX_FORMAT_NAMES,
  MATRIX_VIEW_NAMES,
  MatrixRequest,
  ReleaseRefsRequest,
  type BuildReleaseResult,
  type MatrixFormatName,
  type MatrixResult,
  type MatrixViewName,
  type ReleaseRefsResult,
} from '../shared/releaseProtocol';
import { makeNonce } from '../shared/webviewHtml';
import { workspaceRoot } from './paths';
import type { TracespineService } from './service';
import { Commands, InternalCommands } from '../shared/commands';

export const ReleaseCommands = {
  exportMatrix: Commands.exportMatrix,
  buildReleasePacket: Commands.buildReleasePacket,
  showMatrix: Commands.showMatrix,
} as const;

const EXT: Record<MatrixFormatName, string> = { csv: 'csv', markdown: 'md', html: 'html', json: 'json', xlsx: 'xlsx' };

/**
 * What a caller (a keybinding, a task, a test) may pass instead of answering the prompts; any
 * value left out is asked for. `out` is an absolute path, as the save dialog gives.
 */
export interface ExportMatrixArgs {
  format?: string;
  view?: string;
  out?: string;
}
export interface BuildPacketArgs {
  ref?: string;
  /** A release tag, or null for none. */
  previous?: string | null;
  out?: string;
  /** Open the release record when done (default true). */
  open?: boolean;
}

const argsOf = <T extends object>(a: unknown): Partial<T> =>
  typeof a === 'object' && a !== null && !Array.isArray(a) ? a : {};

export function registerReleaseCommands(svc: TracespineService): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(ReleaseCommands.exportMatrix, (a?: unknown) =>
      exportMatrix(svc, argsOf<ExportMatrixArgs>(a)),
    ),
    vscode.commands.registerCommand(ReleaseCommands.buildReleasePacket, (a?: unknown) =>
      buildPacket(svc, argsOf<BuildPacketArgs>(a)),
    ),
    vscode.commands.registerCommand(ReleaseCommands.showMatrix, () => MatrixPanel.show(svc)),
    // For tests and diagnosis: what the matrix panel last rendered, and a page message to it.
    vscode.commands.registerCommand(InternalCommands.matrixState, () => MatrixPanel.snapshot()),
    vscode.commands.registerCommand(InternalCommands.matrixMessage, (m: unknown) => MatrixPanel.receive(m)),
    { dispose: () => MatrixPanel.disposeCurrent() },
  ];
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function exportMatrix(svc: TracespineService, args: Partial<ExportMatrixArgs>): Promise<string | undefined> {
  const root = workspaceRoot();
  if (!root) return undefined;
  const picked =
    args.format ??
    (await vscode.window.showQuickPick([...MATRIX_FORMAT_NAMES], {
      title: 'Export Traceability Matrix: format',
    }));
  const format = MATRIX_FORMAT_NAMES.find((f) => f === picked);
  if (!format) return undefined;
  const view: MatrixViewName | undefined =
    format === 'xlsx'
      ? 'links'
      : isMatrixView(args.view)
        ? args.view
        : await vscode.window
            .showQuickPick([...MATRIX_VIEW_NAMES], { title: 'Export Traceability Matrix: view' })
            .then((v) => (isMatrixView(v) ? v : undefined));
  if (!view) return undefined;
  const name = format === 'xlsx' ? 'traceability.xlsx' : `traceability-${view}.${EXT[format]}`;
  const target =
    typeof args.out === 'string'
      ? vscode.Uri.file(args.out)
      : await vscode.window.showSaveDialog({
          defaultUri: vscode.Uri.joinPath(root, name),
          title: 'Export Traceability Matrix',
        });
  if (!target) return undefined;
  try {
    const r = await svc.request(ExportMatrixRequest, { view, format, out: target.fsPath });
    void vscode.window.showInformationMessage(`Wrote ${vscode.workspace.asRelativePath(r.written)}.`);
    return r.written;
  } catch (e) {
    void vscode.window.showErrorMessage(`Export Traceability Matrix: ${errorText(e)}`);
    return undefined;
  }
}

async function buildPacket(
  svc: TracespineService,
  args: Partial<BuildPacketArgs>,
): Promise<BuildReleaseResult | undefined> {
  const root = workspaceRoot();
  if (!root) return undefined;
  let refs: ReleaseRefsResult;
  try {
    refs = await svc.request(ReleaseRefsRequest);
  } catch (e) {
    void vscode.window.showErrorMessage(`Build Release Packet: ${errorText(e)}`);
    return undefined;
  }
  const ref =
    args.ref ??
    (await vscode.window.showQuickPick(['HEAD', ...refs.tags, ...refs.branches], {
      title: 'Build Release Packet: the commit to release',
    }));
  if (!ref) return undefined;
  const NONE = '(no previous release)';
  const previous =
    args.previous === null
      ? NONE
      : (args.previous ??
        (await vscode.window.showQuickPick([NONE, ...refs.tags.filter((t) => t !== ref)], {
          title: 'Build Release Packet: the previous release',
        })));
  if (!previous) return undefined;
  const target =
    typeof args.out === 'string'
      ? vscode.Uri.file(args.out)
      : await vscode.window.showSaveDialog({
          defaultUri: vscode.Uri.joinPath(root, `release-packet-${ref.replace(/[^A-Za-z0-9._-]/g, '-')}`),
          title: 'Build Release Packet: a new folder',
        });
  if (!target) return undefined;
  const params = {
    ref,
    out: target.fsPath,
    ...(previous !== NONE ? { previous } : {}),
    ...(ref !== 'HEAD' ? { version: ref } : {}),
  };
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Building the release packet of ${ref}…` },
    () => svc.request(BuildReleaseRequest, params),
  );
  if (result.exitCode === 2 || !result.record) {
    void vscode.window.showErrorMessage(`Build Release Packet: ${result.message}`);
    return result;
  }
  const verdict = result.exitCode === 0 ? 'Gate passed' : 'Gate FAILED';
  void vscode.window.showInformationMessage(`${verdict}: ${result.message.split('\n')[0] ?? ''}`);
  if (args.open !== false) void vscode.env.openExternal(vscode.Uri.file(result.record));
  return result;
}

/** The matrix of the live workspace in a webview: a view selector, a filter and gap/suspect/failed toggles. */
class MatrixPanel {
  private static current: MatrixPanel | undefined;
  private view: MatrixViewName = 'links';
  private last: MatrixResult | undefined;
  private renders = 0;
  private readonly disposables: vscode.Disposable[] = [];

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly svc: TracespineService,
  ) {
    panel.webview.options = { enableScripts: true, localResourceRoots: [] };
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m)),
      svc.onDidChange(() => void this.render()),
    );
  }

  static snapshot(): { view: MatrixViewName; renders: number; table: MatrixResult | undefined } | undefined {
    const c = MatrixPanel.current;
    return c && { view: c.view, renders: c.renders, table: c.last };
  }

  static async receive(m: unknown): Promise<boolean> {
    return (await MatrixPanel.current?.onMessage(m)) ?? false;
  }

  static disposeCurrent(): void {
    MatrixPanel.current?.panel.dispose();
  }

  /** The page's one message: switch the view. Anything else is ignored. */
  private async onMessage(m: unknown): Promise<boolean> {
    const v = (m as { type?: unknown; view?: unknown } | null)?.view;
    if ((m as { type?: unknown } | null)?.type !== 'view' || !isMatrixView(v)) return false;
    this.view = v;
    await this.render();
    return true;
  }

  static async show(svc: TracespineService): Promise<void> {
    if (MatrixPanel.current) {
      MatrixPanel.current.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      'tracespine.matrix',
      'Traceability Matrix',
      vscode.ViewColumn.Active,
      { enableScripts: true },
    );
    MatrixPanel.current = new MatrixPanel(panel, svc);
    await MatrixPanel.current.render();
  }

  private async render(): Promise<void> {
    let table: MatrixResult;
    try {
      table = await this.svc.request(MatrixRequest, { view: this.view });
    } catch (e) {
      table = { view: this.view, title: 'Error', columns: ['error'], rows: [[errorText(e)]] };
    }
    this.last = table;
    this.renders++;
    this.panel.webview.html = matrixWebviewHtml(table, makeNonce());
  }

  private dispose(): void {
    MatrixPanel.current = undefined;
    for (const d of this.disposables) d.dispose();
  }
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function rowClass(t: MatrixResult, r: readonly string[]): string {
  const col = (n: string): string => r[t.columns.indexOf(n)] ?? '';
  const c: string[] = [];
  if (col('state') === 'gap' || col('gaps') !== '') c.push('gap');
  if (col('state') === 'suspect' || r.some((v) => v.includes('(suspect)'))) c.push('suspect');
  if (/\bfailed\b/.test(col('evidence'))) c.push('failed');
  return c.join(' ');
}

export function matrixWebviewHtml(t: MatrixResult, nonce: string): string {
  const options = MATRIX_VIEW_NAMES.map(
    (v) => `<option value="${v}"${v === t.view ? ' selected' : ''}>${v}</option>`,
  ).join('');
  const head = t.columns.map((c) => `<th>${esc(c)}</th>`).join('');
  const rows = t.rows
    .map((r) => `<tr class="${rowClass(t, r)}">${r.map((v) => `<td>${esc(v)}</td>`).join('')}</tr>`)
    .join('\n');
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<title>Traceability Matrix</title><style nonce="${nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid var(--vscode-panel-border); padding: 2px 6px; text-align: left; vertical-align: top; }
tr.gap td { background: rgba(241, 76, 76, 0.12); } tr.suspect td { background: rgba(204, 167, 0, 0.15); } tr.failed td { background: rgba(241, 76, 76, 0.25); }
.controls { display: flex; gap: 12px; margin: 8px 0; align-items: center; }
</style></head><body>
<div class="controls"><select id="view" aria-label="View">${options}</select><input type="search" id="filter" placeholder="Filter rows">
<label><input type="checkbox" data-flag="gap"> gaps</label><label><input type="checkbox" data-flag="suspect"> suspect</label>
<label><input type="checkbox" data-flag="failed"> failed</label><span id="count"></span></div>
<table class="matrix"><thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table>
<script nonce="${nonce}">
(function () {
  var vscode = acquireVsCodeApi();
  var q = document.getElementById('filter');
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[data-flag]'));
  var rows = Array.prototype.slice.call(document.querySelectorAll('table.matrix tbody tr'));
  function apply() {
    var text = q.value.toLowerCase();
    var flags = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.getAttribute('data-flag'); });
    var shown = 0;
    rows.forEach(function (r) {
      var ok = (text === '' || r.textContent.toLowerCase().indexOf(text) >= 0) && (flags.length === 0 || flags.some(function (f) { return r.classList.contains(f); }));
      r.hidden = !ok;
      if (ok) shown++;
    });
    document.getElementById('count').textContent = shown + ' of ' + rows.length + ' rows';
  }
  q.addEventListener('input', apply);
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  document.getElementById('view').addEventListener('change', function (e) { vscode.postMessage({ type: 'view', view: e.target.value }); });
  apply();
})();
</script></body></html>`;
}
