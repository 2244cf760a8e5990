/**
 * The Tracespine language server: declares the capabilities and wires the requests to
 * their handlers (handlers/), over one Workspace (workspace.ts) that keeps the index
 * current. Never writes a file: edits go back to the client as WorkspaceEdits.
 */
import { registerReleaseRequests } from './release';
import { registerDashboard } from './dashboard';
import { registerReportProblem } from './reportProblem';
import { registerRecordResult } from './recordResult';
import { registerApprovalRequests } from './approvalRequests';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  MessageType,
  ProposedFeatures,
  ResponseError,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  createConnection,
  StreamMessageWriter,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { NodeLiveHost } from '../node/liveHost';
import { sshVerifier } from '../node/approvals';
import { installNativeHash } from '../node/nativeHash';
import { findProjectRoot } from '../node/projectRoot';
import { watchWorkspace, type WorkspaceWatcher } from '../node/watcher';
import {
  GraphRequest,
  ItemImpactRequest,
  type ItemImpactParams,
  ImpactRequest,
  IndexChangedNotification,
  InitTemplateRequest,
  ItemAtRequest,
  ItemsRequest,
  KindsRequest,
  NewItemRequest,
  RecheckRequest,
  SummaryRequest,
  type GraphParams,
  type ImpactParams,
  type IndexChangedParams,
  type ItemAtParams,
  type ItemsParams,
  type NewItemParams,
} from '../shared/lspProtocol';
import { VERSION } from '../node/version';
import { CoverageActionsRequest, DownstreamRequest, IncomingLinksRequest } from '../shared/lspProtocol';
import { GitTextRequest, PinnedVersionRequest, ReaffirmRequest } from '../shared/lspProtocol';
import * as review from './review';
import * as traceRequests from './traceRequests';
import { toEdit } from './handlers/context';
import { PIN_ALL_LINKS_KIND } from './convert';
import type { HandlerContext } from './handlers/context';
import * as custom from './handlers/custom';
import * as lang from './handlers/language';
import { FrameReader } from './transport';
import { UriMapper, pathToUri, uriToPath } from './uris';
import { Workspace, type FileEvent, type ProgressReporter } from './workspace';

export {
  EDIT_DELAY_MS,
  EDIT_MAX_WAIT_MS,
  DISK_DELAY_MS,
  DISK_MAX_WAIT_MS,
  INDEX_CHANGED_DELAY_MS,
  INDEX_CHANGED_EDIT_DELAY_MS,
  INDEX_CHANGED_MAX_WAIT_MS,
} from './workspace';

/** Requests sent after initialize but before initialized are answered after at most this long. */
export const INITIALIZED_GRACE_MS = 2000;

const FILE_EVENT: Record<FileChangeType, FileEvent> = {
  [FileChangeType.Created]: 'created',
  [FileChangeType.Changed]: 'changed',
  [FileChangeType.Deleted]: 'deleted',
};

export class TraceServer {
  private readonly documents = new TextDocuments(TextDocument);
  private capabilities: ClientCapabilities = {};
  private rootUri: string | undefined;
  private isInitialized = false;
  private initializedTimer: NodeJS.Timeout | undefined;
  private watcher: WorkspaceWatcher | undefined;
  private rootRefused = false;
  private lifecycleEnded = false;
  readonly workspace: Workspace;

  constructor(readonly connection: Connection) {
    installNativeHash();
    this.workspace = new Workspace(this.documents, {
      log: (message) => connection.console.log(message),
      error: (message) => connection.console.error(message),
      beginProgress: () => this.beginProgress(),
      indexChanged: (summary, files) => this.indexChanged({ summary, ...(files ? { files: [...files] } : {}) }),
      publishDiagnostics: (params) => void connection.sendDiagnostics(params),
    });
    this.documents.listen(connection);
    connection.onInitialize((p) => this.initialize(p));
    connection.onInitialized(() => this.initialized());
    connection.onShutdown(async () => {
      this.lifecycleEnded = true;
      this.workspace.dispose();
      if (this.initializedTimer) clearTimeout(this.initializedTimer);
      await this.watcher?.dispose();
      this.watcher = undefined;
    });
    this.documents.onDidOpen((e) => this.findRoot(e.document.uri));

    this.documents.onDidChangeContent((e) => this.workspace.documentChanged(e.document.uri));
    this.documents.onDidClose((e) => this.workspace.documentClosed(e.document.uri));
    connection.onDidChangeWatchedFiles((p) => {
      for (const c of p.changes) {
        const file = this.workspace.mapper?.toFile(c.uri);
        if (file !== undefined) this.workspace.fileChanged(file, FILE_EVENT[c.type] ?? 'changed');
      }
    });

    const ctx: HandlerContext = { workspace: this.workspace, capabilities: () => this.capabilities };
    connection.onHover((p) => lang.hover(ctx, p));
    connection.onDefinition((p) => lang.definition(ctx, p));
    connection.onReferences((p) => lang.references(ctx, p));
    connection.onDocumentLinks((p) => lang.documentLinks(ctx, p));
    connection.onDocumentSymbol((p) => lang.documentSymbols(ctx, p));
    connection.onWorkspaceSymbol((p) => lang.workspaceSymbols(ctx, p));
    connection.onCompletion((p) => lang.completion(ctx, p));
    connection.onPrepareRename((p) => lang.prepareRename(ctx, p));
    connection.onRenameRequest((p) => lang.rename(ctx, p));
    connection.onCodeLens((p) => lang.codeLenses(ctx, p));
    connection.onCodeAction((p) => lang.codeActions(ctx, p));

    connection.onRequest(SummaryRequest, () => custom.summary(ctx));
    // By its method: a client may send no params at all (every item), which the typed form refuses.
    connection.onRequest(ItemsRequest.method, (p?: ItemsParams) => custom.items(ctx, p));
    connection.onRequest(GraphRequest, (p: GraphParams) => custom.graph(ctx, p));
    connection.onRequest(ItemImpactRequest, (p: ItemImpactParams) => custom.itemImpact(ctx, p));
    connection.onRequest(ItemAtRequest, (p: ItemAtParams) => custom.itemAt(ctx, p));
    connection.onRequest(NewItemRequest, (p: NewItemParams) => custom.newItem(ctx, p));
    connection.onRequest(KindsRequest, () => custom.kinds(ctx));
    connection.onRequest(InitTemplateRequest, () => custom.initTemplate(ctx));
    connection.onRequest(RecheckRequest, () => custom.recheck(ctx));
    connection.onRequest(ImpactRequest, (p: ImpactParams | undefined, token: CancellationToken) =>
      custom.impact(ctx, p, token),
    );
    registerReleaseRequests(connection, async () => {
      const st = await ctx.workspace.current();
      const uris = ctx.workspace.mapper;
      return st && uris ? { root: uris.root, index: st.index, evidence: st.validator.evidenceState } : undefined;
    });
    registerApprovalRequests(connection, this.workspace);
    registerDashboard(
      connection,
      () => ctx.workspace.current(),
      () => ctx.workspace.mapper?.root,
      () => ctx.workspace.liveHost,
    );
    registerReportProblem(connection, () => ctx.workspace.current());
    registerRecordResult(connection, {
      current: async () => {
        const st = await ctx.workspace.current();
        const uris = ctx.workspace.mapper;
        return st && uris ? { root: uris.root, index: st.index } : undefined;
      },
      toFile: (uri) => ctx.workspace.mapper?.toFile(uri),
      exists: (file) => ctx.workspace.exists(file),
    });
    connection.onRequest(IncomingLinksRequest, async (p) =>
      traceRequests.incomingLinks((await ctx.workspace.current())?.index, p),
    );
    connection.onRequest(DownstreamRequest, async (p) =>
      traceRequests.downstream((await ctx.workspace.current())?.index, p),
    );
    connection.onRequest(CoverageActionsRequest, async (p) =>
      traceRequests.coverageActions((await ctx.workspace.current())?.index, p, (e) => toEdit(ctx, e)),
    );
    const reviewContext = async (): Promise<review.ReviewContext> => {
      const st = await ctx.workspace.current();
      const uris = ctx.workspace.mapper;
      if (!st || !uris) throw new ResponseError(LSPErrorCodes.RequestFailed, 'no workspace folder is open');
      return {
        root: uris.root,
        index: st.index,
        textOf: (f) => ctx.workspace.textOf(f),
        toEdit: (e) => toEdit(ctx, e),
      };
    };
    connection.onRequest(GitTextRequest, async (p) => review.gitText(await reviewContext(), p));
    connection.onRequest(PinnedVersionRequest, async (p) => review.pinnedVersion(await reviewContext(), p));
    connection.onRequest(ReaffirmRequest, async (p) => review.reaffirm(await reviewContext(), p));
  }

  listen(): void {
    this.connection.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.capabilities = params.capabilities;
    // The first workspace folder is the root (multi-root workspaces: only the first is checked).
    // Without one (rootUri null), rootPath is not indexed blindly: the first opened document finds its project.
    const rootUri = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    const root = rootUri !== undefined ? rootOf(rootUri) : undefined;
    if (root !== undefined) {
      this.workspace.attach(new UriMapper(root), new NodeLiveHost(root), sshVerifier(root));
      this.rootUri = rootUri;
    }
    // A client that never sends `initialized` must not leave requests waiting forever.
    this.initializedTimer = setTimeout(() => {
      this.connection.console.log(
        `tracespine: no initialized notification after ${INITIALIZED_GRACE_MS} ms; starting anyway`,
      );
      this.initialized();
    }, INITIALIZED_GRACE_MS);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentLinkProvider: { resolveProvider: false },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        completionProvider: { triggerCharacters: ['[', ' ', ',', '-', '@'], resolveProvider: false },
        renameProvider: { prepareProvider: true },
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, PIN_ALL_LINKS_KIND] },
        // No executeCommandProvider: the code lenses' commands (tracespine.showLinks, .addCoverage,
        // .showImpact) are client commands. addCoverage gets its edit from textDocument/codeAction
        // with the item's `coverage.<rule>` diagnostic (a synthetic one when the rule is off).
      },
      serverInfo: { name: 'tracespine', version: VERSION },
    };
  }

  private initialized(): void {
    if (this.isInitialized) return;
    this.isInitialized = true;
    if (this.initializedTimer) clearTimeout(this.initializedTimer);
    this.watchFiles();
    this.workspace.start();
  }

  /** The client's watcher when it registers one dynamically, else the server's own. */
  private watchFiles(): void {
    const watch = this.capabilities.workspace?.didChangeWatchedFiles;
    if (!this.workspace.hasRoot) return;
    if (!watch?.dynamicRegistration) {
      void this.watchItself();
      return;
    }
    const globPattern =
      watch.relativePatternSupport && this.rootUri ? { baseUri: this.rootUri, pattern: '**/*' } : '**/*';
    this.connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern }] })
      .catch((e: unknown) => this.connection.console.log(`cannot watch files: ${String(e)}`));
  }

  private async watchItself(): Promise<void> {
    // After the first index, so that the configuration's excludes are known before any directory is entered.
    await this.workspace.current();
    const uris = this.workspace.mapper;
    if (!uris || this.watcher || this.lifecycleEnded) return;
    this.watcher = watchWorkspace(uris.root, {
      skipDir: (dir) => this.workspace.skipDir(dir),
      onEvent: (file, event) => this.workspace.fileChanged(file, event),
      log: (message) => this.connection.console.log(message),
    });
    await this.watcher.ready;
    this.connection.console.log(`tracespine: watching ${uris.root} (the client registers no file watcher)`);
  }

  /** No workspace folder: the first opened document's project (tracespine.yaml or .git above it) becomes the root. */
  private findRoot(uri: string): void {
    if (this.workspace.hasRoot || this.rootRefused) return;
    const path = uriToPath(uri);
    if (path === undefined) return;
    const found = findProjectRoot(path);
    if ('refused' in found) {
      this.rootRefused = true;
      this.showMessage(MessageType.Warning, `Tracespine: ${found.refused}.`);
      return;
    }
    this.workspace.attach(new UriMapper(found.root), new NodeLiveHost(found.root), sshVerifier(found.root));
    this.rootUri = pathToUri(found.root);
    this.showMessage(MessageType.Info, `Tracespine: checking ${found.root} (found ${found.marker}).`);
    if (this.isInitialized) this.watchFiles();
  }

  /** window/showMessage (a notification: the window API's show*Message are requests that need an answer). */
  private showMessage(type: MessageType, message: string): void {
    void this.connection.sendNotification(ShowMessageNotification.type, { type, message });
  }

  private indexChanged(params: IndexChangedParams): void {
    void this.connection.sendNotification(IndexChangedNotification, params);
    // Lenses of other open files ("verified by ...", "N items downstream") may have changed.
    if (this.capabilities.workspace?.codeLens?.refreshSupport) {
      this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    }
  }

  private async beginProgress(): Promise<ProgressReporter> {
    // Do not let a client that refuses, or never answers, window/workDoneProgress/create hold up indexing.
    const created = this.connection.window.createWorkDoneProgress().catch(() => undefined);
    const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 1000).unref());
    const reporter: WorkDoneProgressReporter = (await Promise.race([created, timeout])) ?? NO_PROGRESS;
    reporter.begin('Tracespine: indexing', 0, undefined, false);
    let ended = false;
    return {
      report: (percentage, message) => {
        if (!ended) reporter.report(percentage, message);
      },
      done: () => {
        if (!ended) reporter.done();
        ended = true;
      },
    };
  }
}

const NO_PROGRESS: WorkDoneProgressReporter = { begin() {}, report() {}, done() {} };

/** The root directory of a workspace-folder URI (without a trailing separator). */
function rootOf(uri: string): string | undefined {
  const p = uriToPath(uri);
  if (p === undefined) return undefined;
  const trimmed = p.replace(/[\\/]+$/, '');
  return trimmed === '' || /^[A-Za-z]:$/.test(trimmed) ? p : trimmed;
}

/**
 * Over --stdio: standard input through FrameReader (bad frames skipped, lifecycle and
 * parameters checked), console output to stderr (stdout carries only JSON-RPC), and an
 * exit when the client closes standard input.
 */
function stdioConnection(): Connection {
  const writer = new StreamMessageWriter(process.stdout);
  const log = (message: string): void => void process.stderr.write(`${message}\n`);
  const reader = new FrameReader(process.stdin, (r) => void writer.write(r), log);
  for (const level of ['log', 'info', 'warn', 'debug'] as const)
    console[level] = (...args: unknown[]) => log(args.map(String).join(' '));
  process.stdin.on('end', () => process.exit(reader.lifecycle.state === 'shutdown' ? 0 : 1));
  return createConnection(ProposedFeatures.all, reader, writer);
}

/** Creates the connection (transport from argv: --stdio, --node-ipc, --socket=N, --pipe=NAME) and starts the server. */
export function startServer(connection?: Connection): TraceServer {
  connection ??= process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all);
  const server = new TraceServer(connection);
  server.listen();
  return server;
}
