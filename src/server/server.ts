/**
 * The Tracespine language server: declares the capabilities and wires the requests to
 * their handlers (handlers/), over one Workspace (workspace.ts) that keeps the index
 * current. Never writes a file: edits go back to the client as WorkspaceEdits.
 */
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  createConnection,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { NodeLiveHost } from '../node/liveHost';
import { installNativeHash } from '../node/nativeHash';
import {
  GraphRequest,
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
import { VERSION } from '../cli/version';
import { PIN_ALL_LINKS_KIND } from './convert';
import type { HandlerContext } from './handlers/context';
import * as custom from './handlers/custom';
import * as lang from './handlers/language';
import { UriMapper, uriToPath } from './uris';
import { Workspace, type FileEvent, type ProgressReporter } from './workspace';

export { EDIT_DELAY_MS, EDIT_MAX_WAIT_MS, DISK_DELAY_MS, DISK_MAX_WAIT_MS, INDEX_CHANGED_DELAY_MS, INDEX_CHANGED_MAX_WAIT_MS } from './workspace';

const FILE_EVENT: Record<FileChangeType, FileEvent> = {
  [FileChangeType.Created]: 'created',
  [FileChangeType.Changed]: 'changed',
  [FileChangeType.Deleted]: 'deleted',
};

export class TraceServer {
  private readonly documents = new TextDocuments(TextDocument);
  private capabilities: ClientCapabilities = {};
  private rootUri: string | undefined;
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
    connection.onShutdown(() => this.workspace.dispose());

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
    connection.onRequest(ItemsRequest, (p?: ItemsParams) => custom.items(ctx, p));
    connection.onRequest(GraphRequest, (p: GraphParams) => custom.graph(ctx, p));
    connection.onRequest(ItemAtRequest, (p: ItemAtParams) => custom.itemAt(ctx, p));
    connection.onRequest(NewItemRequest, (p: NewItemParams) => custom.newItem(ctx, p));
    connection.onRequest(KindsRequest, () => custom.kinds(ctx));
    connection.onRequest(InitTemplateRequest, () => custom.initTemplate(ctx));
    connection.onRequest(RecheckRequest, () => custom.recheck(ctx));
    connection.onRequest(ImpactRequest, (p: ImpactParams | undefined, token: CancellationToken) => custom.impact(ctx, p, token));
  }

  listen(): void {
    this.connection.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.capabilities = params.capabilities;
    // The first workspace folder is the root (multi-root workspaces: only the first is checked).
    const rootUri = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    const root = rootUri !== undefined ? rootOf(rootUri) : (params.rootPath ?? undefined);
    if (root !== undefined) {
      this.workspace.attach(new UriMapper(root), new NodeLiveHost(root));
      this.rootUri = rootUri;
    }
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
    const watch = this.capabilities.workspace?.didChangeWatchedFiles;
    if (this.workspace.hasRoot && watch?.dynamicRegistration) {
      const globPattern = watch.relativePatternSupport && this.rootUri ? { baseUri: this.rootUri, pattern: '**/*' } : '**/*';
      this.connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern }] })
        .catch((e: unknown) => this.connection.console.log(`cannot watch files: ${String(e)}`));
    }
    this.workspace.start();
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

/** Creates the connection (transport from argv: --stdio, --node-ipc, --socket=N, --pipe=NAME) and starts the server. */
export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): TraceServer {
  const server = new TraceServer(connection);
  server.listen();
  return server;
}
