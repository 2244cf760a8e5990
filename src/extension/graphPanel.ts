import * as vscode from 'vscode';
import {
  GraphRequest,
  ImpactRequest,
  ItemAtRequest,
  ItemImpactRequest,
  type GraphParams,
  type ImpactParams,
  type ItemAtParams,
} from '../shared/lspProtocol';
import {
  isDepth,
  isDirection,
  isFromWebviewMessage,
  sanitizeWebviewState,
  type Depth,
  type Direction,
  type FromWebviewMessage,
  type ImpactMessage,
  type ToWebviewMessage,
  type WebviewState,
} from '../shared/protocol';
import { Commands } from '../shared/commands';
import { makeNonce, renderWebviewHtml } from '../shared/webviewHtml';
import { openAt, toUri } from './paths';
import {
  openBaseDiff,
  openSincePin,
  reaffirmLink,
  registerReview,
  unavailableMessage,
  type ReviewBase,
} from './review';
import type { TracespineService } from './service';

export const GRAPH_VIEW_TYPE = 'tracespine.graph';

/** What the panel shows: one item's neighbourhood, what a change of one item affects, or the branch impact against a base. */
type View =
  | { mode: 'item'; focus?: string; depth: Depth; direction: Direction; pinned: boolean }
  | { mode: 'itemImpact'; focus: string }
  | { mode: 'impact'; base?: string };

/** A click in the graph opens a file; the editor change that follows must not recentre the graph. */
const OWN_OPEN_MS = 3000;

/**
 * The trace-graph panel ("Show Trace Graph", "Review Changes"): one webview panel that runs
 * the bundle in dist/webview under a strict CSP with a fresh nonce per render, answers the
 * page's messages (each validated against src/shared/protocol.ts first), follows the active
 * editor unless pinned, refreshes when the index changes, and restores after a reload.
 */
export class GraphPanel implements vscode.Disposable {
  private static current: GraphPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private view: View;
  private sequence = 0;
  private disposed = false;
  /** The file the graph itself opened last (a click), and until when its editor change is not followed. */
  private ownOpen: { uri: string; until: number } | undefined;
  /** The file that defined the focus in the last graph sent (to explain a graph that cannot be drawn). */
  private focusFile: string | undefined;
  /** The base of the impact last shown: what the review list's diffs read. */
  private reviewBase: ReviewBase | undefined;
  /** What the page has done and been sent, for tests and diagnosis (test-only command tracespine.internal.graphState). */
  private readonly trace = {
    ready: 0,
    delivered: [] as Delivery[],
  };

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly service: TracespineService,
    view: View,
  ) {
    this.view = view;
    this.panel.webview.options = webviewOptions(extensionUri);
    this.render();
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      vscode.window.onDidChangeActiveTextEditor((e) => void this.followEditor(e)),
      this.service.onDidChange(() => void this.refresh()),
    );
  }

  /** Opens (or reveals) the panel on `view`. */
  static show(extensionUri: vscode.Uri, service: TracespineService, view: View): GraphPanel {
    const existing = GraphPanel.current;
    if (existing) {
      existing.panel.reveal(undefined, true);
      existing.view = view;
      existing.panel.title = titleOf(view);
      void existing.refresh();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      GRAPH_VIEW_TYPE,
      titleOf(view),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(extensionUri),
    );
    return (GraphPanel.current = new GraphPanel(panel, extensionUri, service, view));
  }

  /** Re-creates the panel VS Code restored after a reload, from the state the page saved. */
  static revive(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    service: TracespineService,
    state: unknown,
  ): GraphPanel {
    GraphPanel.current?.dispose();
    const s: WebviewState = sanitizeWebviewState(state);
    const view: View =
      s.mode === 'impact'
        ? { mode: 'impact', ...(s.base !== undefined ? { base: s.base } : {}) }
        : s.mode === 'itemImpact' && s.focus !== undefined
          ? { mode: 'itemImpact', focus: s.focus }
          : {
              mode: 'item',
              ...(s.focus !== undefined ? { focus: s.focus } : {}),
              depth: s.depth ?? 2,
              direction: s.direction ?? 'both',
              pinned: s.pinned ?? false,
            };
    panel.title = titleOf(view);
    return (GraphPanel.current = new GraphPanel(panel, extensionUri, service, view));
  }

  static get active(): GraphPanel | undefined {
    return GraphPanel.current;
  }

  /** The view the panel shows (tests read it). */
  get currentView(): Readonly<View> {
    return this.view;
  }

  private render(): void {
    const webview = this.panel.webview;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    webview.html = renderWebviewHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'style.css')).toString(),
      workerUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'elkWorker.js')).toString(),
      title: titleOf(this.view),
    });
  }

  private async receive(raw: unknown): Promise<void> {
    if (!isFromWebviewMessage(raw)) {
      this.service.output.warn(
        `Trace graph: ignored a malformed message from the webview: ${JSON.stringify(raw)?.slice(0, 200)}`,
      );
      return;
    }
    try {
      await this.handle(raw);
    } catch (e) {
      await this.post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  /** Where the review list opens diffs: a column beside the panel, so that the panel stays in view. */
  private editorColumn(): vscode.ViewColumn {
    return this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
  }

  /** Handles `raw` as if the page had sent it (test-only command tracespine.internal.graphMessage). */
  async receiveForTest(raw: unknown): Promise<boolean> {
    if (!isFromWebviewMessage(raw)) return false;
    await this.handle(raw);
    return true;
  }

  private async handle(m: FromWebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.trace.ready++;
        return this.refresh();
      case 'open': {
        const uri = toUri(m.file);
        if (!uri) return;
        // The editor change this causes is the graph's own doing: it must not move the graph.
        this.ownOpen = { uri: uri.toString(), until: Date.now() + OWN_OPEN_MS };
        await openAt(uri, m.line, undefined, { viewColumn: vscode.ViewColumn.One });
        return;
      }
      case 'focus':
        this.view = {
          mode: 'item',
          focus: m.id,
          depth: this.view.mode === 'item' ? this.view.depth : 2,
          direction: this.view.mode === 'item' ? this.view.direction : 'both',
          pinned: this.view.mode === 'item' ? this.view.pinned : false,
        };
        this.panel.title = titleOf(this.view);
        return this.refresh();
      case 'setDepth':
        if (this.view.mode === 'item' && isDepth(m.depth)) this.view = { ...this.view, depth: m.depth };
        return this.refresh();
      case 'setDirection':
        if (this.view.mode === 'item' && isDirection(m.direction)) this.view = { ...this.view, direction: m.direction };
        return this.refresh();
      case 'rendered':
        this.service.output.info(
          `Trace graph: drew ${m.nodes} items and ${m.edges} links in ${Math.round(m.totalMs)} ms (layout ${Math.round(m.layoutMs)} ms, ${m.thread}).`,
        );
        return;
      case 'setPinned':
        if (this.view.mode === 'item') this.view = { ...this.view, pinned: m.pinned };
        return;
      case 'selectBase':
        this.view = { mode: 'impact', base: m.base };
        return this.refresh();
      case 'diff':
        if (!this.reviewBase) throw new Error('Review Changes: no base to compare with yet.');
        await openBaseDiff(this.service, this.reviewBase, m.file, m.baseFile, this.editorColumn());
        return;
      case 'sincePin':
        await openSincePin(this.service, m.target, m.pin, this.editorColumn());
        return;
      case 'reaffirm':
        // The index change that follows refreshes the list.
        await reaffirmLink(this.service, { file: m.file, line: m.line, character: m.character });
        return;
      case 'copyMermaid':
        await vscode.env.clipboard.writeText(m.text);
        void vscode.window.showInformationMessage('Tracespine: the graph was copied as Mermaid.');
        return;
      case 'exportSvg': {
        // Writes only where the user chose, on their explicit action.
        const target = await vscode.window.showSaveDialog({ filters: { SVG: ['svg'] }, saveLabel: 'Export graph' });
        if (target) await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(m.svg));
        return;
      }
    }
  }

  /**
   * Sends what the current view shows, fresh from the server. Answers that arrive after the
   * view changed are dropped; a failure is shown in the panel, never left as a rejection.
   */
  async refresh(): Promise<void> {
    const seq = ++this.sequence;
    let message: ToWebviewMessage;
    try {
      message = await this.compute();
    } catch (e) {
      message = { type: 'error', message: e instanceof Error ? e.message : String(e) };
    }
    if (seq !== this.sequence || this.disposed) return;
    // The diffs read the base of the list the page shows.
    this.reviewBase =
      message.type === 'impact' && message.commit !== undefined
        ? { ref: message.base, commit: message.commit }
        : undefined;
    await this.post(message);
  }

  private async compute(): Promise<ToWebviewMessage> {
    const client = this.service.languageClient;
    if (!client) return { type: 'empty', message: 'The Tracespine language server is not running yet.' };
    const view = this.view;
    if (view.mode === 'itemImpact') {
      const r = await client.sendRequest(ItemImpactRequest, { id: view.focus });
      if (!r) return { type: 'empty', message: await this.missingMessage(view.focus) };
      this.rememberFocusFile(view.focus, r.data);
      const impacted = r.data.nodes.filter((n) => n.impacted).length;
      this.service.output.info(
        `Trace graph: a change of ${view.focus} impacts ${impacted} item${impacted === 1 ? '' : 's'} and ${r.code.length} code file${r.code.length === 1 ? '' : 's'}.`,
      );
      return { type: 'itemImpact', focus: view.focus, data: r.data, code: r.code };
    }
    if (view.mode === 'impact') {
      try {
        const params: ImpactParams = view.base !== undefined ? { base: view.base } : {};
        const r = await client.sendRequest(ImpactRequest, params);
        // Remember the base the server chose, unless the user moved on meanwhile.
        if (this.view === view) {
          this.view = { mode: 'impact', base: r.base };
          this.panel.title = titleOf(this.view); // the tab names the base in use
        }
        return {
          type: 'impact',
          base: r.base,
          bases: r.bases,
          data: r.data,
          review: r.review,
          ...(r.commit !== undefined ? { commit: r.commit } : {}),
          ...(r.code !== undefined ? { code: r.code } : {}),
        };
      } catch (e) {
        return (
          unavailableMessage(e) ?? {
            type: 'error',
            message: `Review Changes: ${e instanceof Error ? e.message : String(e)}`,
          }
        );
      }
    }
    if (view.focus === undefined)
      return { type: 'empty', message: 'Open a design item (requirement, hazard, test, …) to see its trace graph.' };
    const params: GraphParams = { id: view.focus, depth: view.depth, direction: view.direction };
    const data = await client.sendRequest(GraphRequest, params);
    if (!data) return { type: 'empty', message: await this.missingMessage(view.focus) };
    this.rememberFocusFile(view.focus, data);
    const cut = data.truncated
      ? `; cut at ${data.truncated.shown} of ${data.truncated.total} items (the nearest are shown)`
      : '';
    this.service.output.info(
      `Trace graph: ${view.focus}, depth ${view.depth}, ${directionName(view.direction)}: ${data.nodes.length} items, ${data.edges.length} links${cut}.`,
    );
    return {
      type: 'graph',
      focus: view.focus,
      depth: view.depth,
      direction: view.direction,
      pinned: view.pinned,
      data,
    };
  }

  private rememberFocusFile(focus: string, data: { nodes: readonly { id: string; file: string }[] }): void {
    const f = data.nodes.find((n) => n.id === focus)?.file;
    if (f !== undefined) this.focusFile = f;
  }

  /**
   * Why `focus` has no graph: its file does not parse (mid-edit: say so, with the parser's
   * position), or no item defines it.
   */
  private async missingMessage(focus: string): Promise<string> {
    const file = this.focusFile;
    const uri = file !== undefined ? toUri(file) : undefined;
    if (uri) {
      const parse = vscode.languages
        .getDiagnostics(uri)
        .find((d) => PARSE_CODES.has(typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '')));
      if (parse) {
        this.service.output.info(
          `Trace graph: ${file} does not parse (line ${parse.range.start.line + 1}): ${parse.message}`,
        );
        return `${file} does not parse (line ${parse.range.start.line + 1}: ${parse.message}), so ${focus} cannot be drawn until it does. The graph comes back when the file is fixed.`;
      }
      try {
        await vscode.workspace.fs.stat(uri);
      } catch {
        return `${focus} is not defined by any item: ${file} no longer exists.`;
      }
    }
    return `${focus} is not defined by any item.`;
  }

  private async post(message: ToWebviewMessage): Promise<void> {
    if (this.disposed) return;
    // postMessage resolves true once the message was handed to a live webview.
    const ok = await this.panel.webview.postMessage(message);
    const entry =
      message.type === 'graph' || message.type === 'itemImpact'
        ? { type: message.type, focus: message.focus, nodes: message.data.nodes.map((n) => n.id), ok }
        : message.type === 'impact'
          ? {
              type: message.type,
              focus: message.base,
              nodes: message.data.nodes.map((n) => n.id),
              ...reviewTrace(message),
              ok,
            }
          : message.type === 'unavailable'
            ? { type: message.type, message: `${message.title}: ${message.message}`, ok }
            : { type: message.type, message: message.message, ok };
    this.trace.delivered.push(entry);
    if (this.trace.delivered.length > 20) this.trace.delivered.shift();
  }

  /** A snapshot of what the page reported and was sent (newest last). */
  snapshot(): { view: View; ready: number; delivered: readonly Delivery[] } {
    return { view: this.view, ready: this.trace.ready, delivered: [...this.trace.delivered] };
  }

  /** Follows the active editor to the item it defines, unless pinned or showing impact. */
  private async followEditor(editor: vscode.TextEditor | undefined): Promise<void> {
    if (!editor || this.view.mode !== 'item' || this.view.pinned) return;
    const own = this.ownOpen;
    if (own && own.uri === editor.document.uri.toString() && Date.now() < own.until) {
      this.ownOpen = undefined;
      this.service.output.info(
        `Trace graph: opened ${vscode.workspace.asRelativePath(editor.document.uri)} from the graph; the graph stays where it is.`,
      );
      return;
    }
    let id: string | undefined;
    try {
      id = await itemAt(this.service, editor.document.uri);
    } catch {
      return; // the server is restarting: the next editor change or index change catches up
    }
    // Re-read the view: it may have been pinned or switched while the server answered.
    if (id === undefined || this.disposed || this.view.mode !== 'item' || this.view.pinned || id === this.view.focus)
      return;
    this.view = { ...this.view, focus: id };
    this.panel.title = titleOf(this.view);
    await this.refresh();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (GraphPanel.current === this) GraphPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

/** One message sent to the page, as the test-only graphState command reports it. */
interface Delivery {
  type: string;
  focus?: string;
  nodes?: string[];
  message?: string;
  /** Impact: `group id` per review entry, the code files, `id target line:character` per suspect link. */
  review?: string[];
  code?: string[];
  suspect?: string[];
  ok: boolean;
}

function reviewTrace(m: ImpactMessage): Pick<Delivery, 'review' | 'code' | 'suspect'> {
  return {
    review: m.review.map((r) => `${r.group ?? '-'} ${r.id}`),
    code: (m.code ?? []).map((c) => c.file),
    suspect: m.review.flatMap((r) => (r.suspect ?? []).map((s) => `${r.id} ${s.target} ${s.line}:${s.character}`)),
  };
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    // Only the bundle: no other extension file, no workspace file, no remote content.
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
    retainContextWhenHidden: false,
  };
}

/** Diagnostic codes that mean a design file does not parse. */
const PARSE_CODES = new Set(['frontmatter.yaml', 'frontmatter.unterminated']);

function directionName(d: Direction): string {
  return d === 'up' ? 'upstream' : d === 'down' ? 'downstream' : 'both directions';
}

function titleOf(view: View): string {
  if (view.mode === 'impact') return `Review Changes${view.base ? ` vs ${view.base}` : ''}`;
  if (view.mode === 'itemImpact') return `Impact: ${view.focus}`;
  return view.focus ? `Trace: ${view.focus}` : 'Trace Graph';
}

/** The ID of the item `uri` defines, asked of the server. */
export async function itemAt(service: TracespineService, uri: vscode.Uri): Promise<string | undefined> {
  const client = service.languageClient;
  if (!client) return undefined;
  const params: ItemAtParams = { uri: client.code2ProtocolConverter.asUri(uri) };
  const r = await client.sendRequest(ItemAtRequest, params);
  return r?.id;
}

/**
 * Registers the panel's commands and serializer. `tracespine.showGraph` takes an optional item
 * ID (from the tree view, a code lens or tests) and otherwise uses the active editor's item;
 * `tracespine.reviewChanges` takes an optional base ref.
 */
export function registerGraphPanel(context: vscode.ExtensionContext, service: TracespineService): void {
  const extensionUri = context.extensionUri;
  const idFrom = (arg: unknown): string | undefined => {
    if (typeof arg === 'string') return arg;
    if (arg && typeof arg === 'object' && 'id' in arg && typeof arg.id === 'string') return arg.id;
    return undefined;
  };
  context.subscriptions.push(
    // `options.impact`: "Show Impact of Changing This Item" (what a change of the item affects).
    vscode.commands.registerCommand(Commands.showGraph, async (arg?: unknown, options?: unknown) => {
      let id = idFrom(arg);
      if (id === undefined && arg instanceof vscode.Uri) id = await itemAt(service, arg);
      if (id === undefined && vscode.window.activeTextEditor)
        id = await itemAt(service, vscode.window.activeTextEditor.document.uri);
      const impact =
        typeof options === 'object' && options !== null && (options as { impact?: unknown }).impact === true;
      if (impact && id !== undefined)
        return GraphPanel.show(extensionUri, service, { mode: 'itemImpact', focus: id }).currentView;
      return GraphPanel.show(extensionUri, service, {
        mode: 'item',
        ...(id !== undefined ? { focus: id } : {}),
        depth: 2,
        direction: 'both',
        pinned: false,
      }).currentView;
    }),
    vscode.commands.registerCommand(
      Commands.reviewChanges,
      (base?: unknown) =>
        GraphPanel.show(extensionUri, service, { mode: 'impact', ...(typeof base === 'string' ? { base } : {}) })
          .currentView,
    ),
    // Test-only (not contributed, so never in the palette): what the panel's page reported and was sent.
    vscode.commands.registerCommand('tracespine.internal.graphState', () => GraphPanel.active?.snapshot()),
    // Test-only: a message as if the page had sent it (validated the same way).
    vscode.commands.registerCommand(
      'tracespine.internal.graphMessage',
      async (m: unknown) => (await GraphPanel.active?.receiveForTest(m)) ?? false,
    ),
    registerReview(service),
    vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
      deserializeWebviewPanel: (panel: vscode.WebviewPanel, state: unknown) => {
        GraphPanel.revive(panel, extensionUri, service, state);
        return Promise.resolve();
      },
    }),
    { dispose: () => GraphPanel.active?.dispose() },
  );
}
