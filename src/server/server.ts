/**
 * The Tracespine language server: one TraceIndex and one incremental Validator kept
 * current from open documents (their text wins over the disk) and watched files, with
 * core results mapped to LSP. Never writes a file: edits go back to the client as
 * WorkspaceEdits.
 *
 * Timing:
 * - document edits are coalesced for EDIT_DELAY_MS after the last one (at most
 *   EDIT_MAX_WAIT_MS after the first), then the index and validator are updated and
 *   diagnostics are published for the files whose findings changed;
 * - watched-file events (saves by other tools, `git checkout` bursts) for DISK_DELAY_MS
 *   after the last (at most DISK_MAX_WAIT_MS);
 * - `tracespine/indexChanged` INDEX_CHANGED_DELAY_MS after the last batch, immediately
 *   after a full (re)index.
 */
import { statSync } from 'node:fs';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  MarkupKind,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  createConnection,
  type CancellationToken,
  type ClientCapabilities,
  type CodeAction,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE } from '../core/config/defaults';
import { loadConfig } from '../core/config/load';
import { buildIndex, readConfig } from '../core/engine';
import type { TraceConfig } from '../core/config/types';
import type { CancellationToken as IndexCancellation, ReadResult, WorkspaceHost } from '../core/host';
import { TraceIndex, compareIds } from '../core/traceIndex';
import type { Finding } from '../core/model/finding';
import type { Item } from '../core/model/item';
import * as services from '../core/services';
import { unmetCoverageRules } from '../core/validate/coverage';
import { Validator, type FileChange } from '../core/validate/validator';
import { itemGraph } from '../core/graph/traceGraph';
import { NodeFsHost, readTextFile } from '../node/fsHost';
import { bundledReadWorker } from '../node/readAhead';
import { installNativeHash } from '../node/nativeHash';
import { isDepth } from '../shared/protocol';
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
  type InitTemplateResult,
  type ItemAtParams,
  type ItemState,
  type ItemsParams,
  type ItemsResult,
  type KindsResult,
  type NewItemParams,
  type NewItemResult,
  type WorkspaceSummary,
} from '../shared/lspProtocol';
import { VERSION } from '../node/version';
import {
  PIN_ALL_LINKS_KIND,
  findingRefOf,
  toCodeAction,
  toCodeLens,
  toCompletionList,
  toDiagnostic,
  toDocumentLink,
  toDocumentSymbol,
  toLocation,
  toSymbolInformation,
  toWorkspaceEdit,
  toWorkspaceSymbol,
  type EditCapabilities,
} from './convert';
import { impactHandler } from './impact';
import { CoverageActionsRequest, DownstreamRequest, IncomingLinksRequest } from '../shared/lspProtocol';
import * as traceRequests from './traceRequests';
import { defaultConfigYaml, starterItems } from './templates';
import { UriMapper, uriToPath } from './uris';
import { walkFiles } from './walk';

/**
 * Edits coalesce this long after the last one, so that a burst (find/replace across files,
 * a refactoring's edits, fast key repeat) becomes one update, while typing (keys ≥ 50 ms
 * apart) is not held back: each keystroke is validated on its own, 10 ms plus the
 * validator's work later. A steady stream of edits is flushed at least every EDIT_MAX_WAIT_MS.
 */
export const EDIT_DELAY_MS = 10;
export const EDIT_MAX_WAIT_MS = 40;
/** Watched-file events: a `git checkout` arrives as a burst of notifications; one update for the burst. */
export const DISK_DELAY_MS = 50;
export const DISK_MAX_WAIT_MS = 500;
/** tracespine/indexChanged: the client refreshes its tree and status bar, at most ~5 times a second while typing. */
export const INDEX_CHANGED_DELAY_MS = 200;
export const INDEX_CHANGED_MAX_WAIT_MS = 1000;

/** Everything derived from one reading of the configuration. */
interface State {
  readonly config: TraceConfig;
  readonly configInvalid: boolean;
  /** config.invalid findings (on tracespine.yaml) when the configuration is invalid. */
  readonly configFindings: readonly Finding[];
  readonly index: TraceIndex;
  readonly validator: Validator;
}

type Pending = 'edit' | 'disk' | 'created';

/** Yields to the event loop every few reads, so messages (cancellation, edits, progress) flow during a long index. */
class YieldingHost implements WorkspaceHost {
  private reads = 0;
  constructor(private readonly inner: NodeFsHost) {}
  listFiles(...args: Parameters<WorkspaceHost['listFiles']>): ReturnType<WorkspaceHost['listFiles']> {
    return this.inner.listFiles(...args);
  }
  async readFile(path: string): ReturnType<WorkspaceHost['readFile']> {
    if (++this.reads % 256 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    return this.inner.readFile(path);
  }
  async *readFiles(paths: readonly string[], token?: IndexCancellation): AsyncGenerator<readonly ReadResult[]> {
    for await (const batch of this.inner.readFiles(paths, token)) {
      yield batch;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}

export class TraceServer {
  private readonly documents = new TextDocuments(TextDocument);
  private capabilities: ClientCapabilities = {};
  private rootUri: string | undefined;
  private uris: UriMapper | undefined;
  private state: State | undefined;
  private firstIndexDone = false;

  private readonly pending = new Map<string, Pending>();
  private configDirty = false;
  /** tracespine.yaml's open document changed (or closed): its findings are re-published. */
  private configDocDirty = false;
  private timer: NodeJS.Timeout | undefined;
  private batchStart: number | undefined;
  private batchHasEdit = false;
  private lastEditAt = 0;
  private lastDiskAt = 0;

  private building: Promise<void> | undefined;
  private rebuildAgain = false;
  private buildToken: { isCancellationRequested: boolean } | undefined;
  private started!: () => void;
  private readonly startedP = new Promise<void>((resolve) => (this.started = resolve));

  /** Files for which non-empty diagnostics were last published. */
  private published = new Set<string>();
  private indexChangedTimer: NodeJS.Timeout | undefined;
  private indexChangedFirst: number | undefined;
  /** Files whose item states may have changed since the last indexChanged ('all' before the first). */
  private dirtyItemFiles: Set<string> | 'all' = 'all';

  constructor(readonly connection: Connection) {
    installNativeHash();
    this.documents.listen(connection);
    connection.onInitialize((p) => this.initialize(p));
    connection.onInitialized(() => this.initialized());
    connection.onShutdown(() => this.dispose());

    this.documents.onDidChangeContent((e) => this.documentChanged(e.document.uri));
    this.documents.onDidClose((e) => this.documentClosed(e.document.uri));
    connection.onDidChangeWatchedFiles((p) => {
      for (const c of p.changes) this.watchedFileChanged(c.uri, c.type);
    });

    connection.onHover((p) =>
      this.withDoc(p, (st, file, text) => {
        const h = services.hover(st.index, file, text, p.position);
        return h ? { contents: { kind: MarkupKind.Markdown, value: h.contents }, range: h.range } : null;
      }),
    );
    connection.onDefinition((p) => this.withDoc(p, (st, file, text) => services.definition(st.index, file, text, p.position).map((l) => toLocation(l, this.uris!))));
    connection.onReferences((p) =>
      this.withDoc(p, (st, file, text) =>
        services.references(st.index, file, text, p.position, { includeDeclaration: p.context.includeDeclaration }).map((l) => toLocation(l, this.uris!)),
      ),
    );
    connection.onDocumentLinks((p) => this.withDoc(p, (st, file, text) => services.documentLinks(st.index, file, text).map((l) => toDocumentLink(l, this.uris!))));
    connection.onDocumentSymbol((p) =>
      this.withDoc(p, (st, file, text) => {
        const symbols = services.documentSymbols(st.index, file, text);
        return this.capabilities.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport
          ? symbols.map(toDocumentSymbol)
          : toSymbolInformation(symbols, p.textDocument.uri);
      }),
    );
    connection.onWorkspaceSymbol(async (p) => {
      const st = await this.current();
      return st ? services.workspaceSymbols(st.index, p.query).map((s) => toWorkspaceSymbol(s, this.uris!)) : [];
    });
    connection.onCompletion((p) =>
      this.withDoc(p, (st, file, text) => {
        const list = services.completion(st.index, file, text, p.position);
        return list ? toCompletionList(list) : null;
      }),
    );
    connection.onPrepareRename((p) =>
      this.withDoc(p, (st, file, text) => {
        const r = services.prepareRename(st.index, file, text, p.position);
        if (services.isRefusal(r)) throw new ResponseError(LSPErrorCodes.RequestFailed, r.error);
        return { range: r.range, placeholder: r.id };
      }),
    );
    connection.onRenameRequest((p) =>
      this.withDoc(p, (st, file, text) => {
        const at = services.prepareRename(st.index, file, text, p.position);
        if (services.isRefusal(at)) throw new ResponseError(LSPErrorCodes.RequestFailed, at.error);
        const edit = services.rename(st.index, at.id, p.newName);
        if (services.isRefusal(edit)) throw new ResponseError(LSPErrorCodes.RequestFailed, edit.error);
        return this.toEdit(edit);
      }),
    );
    connection.onCodeLens((p) => this.withDoc(p, (st, file, text) => services.codeLenses(st.index, file, text).map(toCodeLens)));
    connection.onCodeAction((p) =>
      this.withDoc(p, (st, file, text) => {
        const only = p.context.only;
        const wants = (kind: string): boolean => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
        const out: CodeAction[] = [];
        if (wants(CodeActionKind.QuickFix)) {
          for (const d of p.context.diagnostics) {
            const ref = findingRefOf(d);
            if (!ref) continue;
            for (const a of services.codeActions(st.index, file, text, ref)) out.push(toCodeAction(a, this.toEdit(a.edit), [d]));
          }
        }
        if (wants(PIN_ALL_LINKS_KIND)) {
          const pin = services.pinAllLinks(st.index, file, text);
          if (pin) out.push(toCodeAction(pin, this.toEdit(pin.edit), undefined, PIN_ALL_LINKS_KIND));
        }
        return out;
      }),
    );

    connection.onRequest(SummaryRequest, () => this.summary());
    connection.onRequest(ItemsRequest, async (p?: ItemsParams): Promise<ItemsResult> => {
      const st = await this.current();
      if (!st) return { summary: this.summary(), items: [] };
      if (Array.isArray(p?.files)) {
        // Only the items of these files (what an indexChanged named): no whole-workspace payload per edit.
        const items: ItemState[] = [];
        for (const file of p.files) {
          const item = typeof file === 'string' ? st.index.get(file)?.item : undefined;
          if (item && st.index.resolve(item.id) === item) items.push(this.itemState(st, item, unmetCoverageRules(st.index, item).map((r) => r.name)));
        }
        return { summary: this.summary(), items };
      }
      return { summary: this.summary(), items: this.itemStates(st) };
    });
    connection.onRequest(GraphRequest, async (p: GraphParams) => {
      if (typeof p?.id !== 'string' || !isDepth(p.depth)) throw new ResponseError(LSPErrorCodes.RequestFailed, 'tracespine/graph needs { id: string, depth: 1 | 2 | 3 | "all" }');
      const st = await this.current();
      return (st && itemGraph(st.index, st.validator, p.id, p.depth)) ?? null;
    });
    connection.onRequest(ItemAtRequest, async (p: ItemAtParams): Promise<ItemState | null> => {
      const st = await this.current();
      if (!st || typeof p?.uri !== 'string') return null;
      const file = this.uris!.toFile(p.uri);
      if (file === undefined) return null;
      const item = st.index.get(file)?.item;
      return item ? this.itemState(st, item, unmetCoverageRules(st.index, item).map((r) => r.name)) : null;
    });
    connection.onRequest(NewItemRequest, async (p: NewItemParams): Promise<NewItemResult> => {
      if (typeof p?.kind !== 'string' || (p.title !== undefined && typeof p.title !== 'string')) {
        throw new ResponseError(LSPErrorCodes.RequestFailed, 'tracespine/newItem needs { kind: string, title?: string }');
      }
      const st = await this.current();
      if (!st) throw new ResponseError(LSPErrorCodes.RequestFailed, 'no workspace folder is open');
      const kind = st.config.kindByName.get(p.kind);
      if (!kind) throw new ResponseError(LSPErrorCodes.RequestFailed, `'${p.kind}' is not a configured kind (${st.config.kinds.map((k) => k.name).join(', ')})`);
      const created = services.newItem(st.index, p.kind, p.title !== undefined && p.title.trim() !== '' ? { title: p.title.trim() } : {});
      if (!created) throw new ResponseError(LSPErrorCodes.RequestFailed, `cannot number a new ${kind.label.toLowerCase()}: its pattern is not <prefix><digits>, or the next file exists`);
      return { id: created.id, file: created.file, text: created.text };
    });
    connection.onRequest(KindsRequest, async (): Promise<KindsResult> => {
      const st = await this.current();
      const kinds = st?.config.kinds ?? [];
      return { kinds: kinds.map((k) => ({ kind: k.name, label: k.label, ...(k.prefix !== undefined ? { prefix: k.prefix } : {}) })) };
    });
    connection.onRequest(InitTemplateRequest, async (): Promise<InitTemplateResult> => this.initTemplate());
    connection.onRequest(RecheckRequest, async (): Promise<WorkspaceSummary> => {
      await this.startedP;
      if (this.uris) await this.rebuild();
      return this.summary();
    });
    connection.onRequest(ImpactRequest, async (p: ImpactParams | undefined, token: CancellationToken) => {
      const st = await this.current();
      if (!st || !this.uris) throw new ResponseError(LSPErrorCodes.RequestFailed, 'no workspace folder is open');
      return impactHandler({ root: this.uris.root, index: st.index }, p ?? {}, token);
    });
    connection.onRequest(IncomingLinksRequest, async (p) => traceRequests.incomingLinks((await this.current())?.index, p));
    connection.onRequest(DownstreamRequest, async (p) => traceRequests.downstream((await this.current())?.index, p));
    connection.onRequest(CoverageActionsRequest, async (p) => traceRequests.coverageActions((await this.current())?.index, p, (e) => this.toEdit(e)));
  }

  listen(): void {
    this.connection.listen();
  }

  // -------------------------------------------------------------------------------------
  // Lifecycle

  private initialize(params: InitializeParams): InitializeResult {
    this.capabilities = params.capabilities;
    // The first workspace folder is the root (multi-root workspaces: only the first is checked).
    const rootUri = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    const root = rootUri !== undefined ? rootOf(rootUri) : (params.rootPath ?? undefined);
    if (root !== undefined) {
      this.uris = new UriMapper(root);
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
    if (this.uris && watch?.dynamicRegistration) {
      const globPattern = watch.relativePatternSupport && this.rootUri ? { baseUri: this.rootUri, pattern: '**/*' } : '**/*';
      this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern }] }).catch((e: unknown) => this.log(`cannot watch files: ${String(e)}`));
    }
    if (this.uris) void this.rebuild();
    else {
      const config = loadDefaults();
      const index = new TraceIndex(config);
      this.state = { config, configInvalid: false, configFindings: [], index, validator: new Validator(index) };
      this.firstIndexDone = true;
      this.log('no workspace folder: nothing to check');
      this.sendIndexChanged(true);
    }
    this.started();
  }

  private dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.indexChangedTimer) clearTimeout(this.indexChangedTimer);
    if (this.buildToken) this.buildToken.isCancellationRequested = true;
  }

  private log(message: string): void {
    this.connection.console.log(message);
  }

  // -------------------------------------------------------------------------------------
  // Full (re)index

  /** Reads the configuration and every file again; resolves when done (a rebuild asked for meanwhile restarts it). */
  rebuild(): Promise<void> {
    this.rebuildAgain = true;
    if (this.buildToken) this.buildToken.isCancellationRequested = true;
    if (this.building) return this.building;
    this.building = (async () => {
      while (this.rebuildAgain) {
        this.rebuildAgain = false;
        try {
          await this.build();
        } catch (e) {
          this.connection.console.error(`tracespine: indexing failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        }
      }
    })().finally(() => {
      this.building = undefined;
      this.flush();
    });
    return this.building;
  }

  private async build(): Promise<void> {
    const uris = this.uris!;
    const token = { isCancellationRequested: false };
    this.buildToken = token;
    // Whatever was pending is read afresh below; what arrives from now on is applied afterwards.
    this.pending.clear();
    this.configDirty = false;
    const host = new NodeFsHost(uris.root, { readWorker: bundledReadWorker() });
    const progress = await this.beginProgress();
    try {
      const { loaded, notice } = await readConfig(host, CONFIG_FILE);
      if (notice) this.log(`${CONFIG_FILE}: ${notice}`);
      if (loaded.findings.length > 0) {
        const index = new TraceIndex(loaded.config);
        const validator = new Validator(index);
        this.state = { config: loaded.config, configInvalid: true, configFindings: loaded.findings, index, validator };
        this.publishAll();
        this.firstIndexDone = true;
        progress.done();
        this.sendIndexChanged(true);
        return;
      }
      let last = -1;
      const { index, notices } = await buildIndex(new YieldingHost(host), loaded.config, {
        token,
        onProgress: (done, total) => {
          const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
          if (pct !== last) progress.report(pct, `${done}/${total} files`);
          last = pct;
        },
      });
      if (token.isCancellationRequested) return;
      for (const n of notices) this.log(`notice: ${n.file}: ${n.message}`);
      // Open documents' text wins over the disk.
      for (const doc of this.documents.all()) {
        const file = uris.toFile(doc.uri);
        if (file === undefined) continue;
        uris.remember(file, doc.uri);
        const role = index.roleOf(file);
        if (role) index.update(file, doc.getText(), role);
      }
      const validator = new Validator(index);
      validator.validateAll();
      this.state = { config: loaded.config, configInvalid: false, configFindings: [], index, validator };
      this.publishAll();
      this.firstIndexDone = true;
      progress.done();
      this.sendIndexChanged(true);
    } finally {
      progress.done();
      if (this.buildToken === token) this.buildToken = undefined;
    }
  }

  private async beginProgress(): Promise<{ report(percentage: number, message: string): void; done(): void }> {
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

  // -------------------------------------------------------------------------------------
  // Incremental updates

  private documentChanged(uri: string): void {
    const file = this.uris?.toFile(uri);
    if (file === undefined) return;
    this.uris!.remember(file, uri);
    if (file === CONFIG_FILE) {
      // The policy is read from the disk (a save re-indexes: doing it per keystroke would be too
      // costly), but the editor shows the unsaved text's config.invalid findings as you type.
      this.configDocDirty = true;
      this.schedule('edit');
      return;
    }
    this.pending.set(file, 'edit');
    this.schedule('edit');
  }

  private documentClosed(uri: string): void {
    const file = this.uris?.toFile(uri);
    if (file === undefined) return;
    this.uris!.forget(file);
    if (file === CONFIG_FILE) {
      this.configDocDirty = true;
      this.schedule('edit');
      return;
    }
    // Back to the disk's content (or gone, when the file was never saved).
    if (this.pending.get(file) !== 'created') this.pending.set(file, 'disk');
    this.schedule('edit');
  }

  private watchedFileChanged(uri: string, type: FileChangeType): void {
    const file = this.uris?.toFile(uri);
    if (file === undefined) return;
    if (file === CONFIG_FILE) {
      this.configDirty = true;
      this.schedule('disk');
      return;
    }
    if (this.isOpen(file)) return; // the editor's text wins
    if (this.state?.index.matcher.skipDir(file)) return; // excluded (node_modules, .git, ...)
    if (type === FileChangeType.Created) this.pending.set(file, 'created');
    else if (!this.pending.has(file)) this.pending.set(file, 'disk');
    this.schedule('disk');
  }

  private isOpen(file: string): boolean {
    return this.documents.get(this.uris!.toUri(file)) !== undefined;
  }

  private schedule(kind: 'edit' | 'disk'): void {
    const now = Date.now();
    this.batchStart ??= now;
    if (kind === 'edit') {
      this.batchHasEdit = true;
      this.lastEditAt = now;
    } else this.lastDiskAt = now;
    const due = this.batchHasEdit
      ? Math.min(this.lastEditAt + EDIT_DELAY_MS, this.batchStart + EDIT_MAX_WAIT_MS)
      : Math.min(this.lastDiskAt + DISK_DELAY_MS, this.batchStart + DISK_MAX_WAIT_MS);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), Math.max(0, due - now));
  }

  /** Applies what is pending (synchronously), unless a full index is running (it flushes when done). */
  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.batchStart = undefined;
    this.batchHasEdit = false;
    if (this.building) return;
    if (this.configDocDirty) {
      this.configDocDirty = false;
      if (this.state) this.publishConfigFile(this.state);
    }
    if (this.configDirty) {
      void this.rebuild();
      return;
    }
    const st = this.state;
    if (this.pending.size === 0 || !st || !this.uris) return;
    const batch = new Map(this.pending);
    this.pending.clear();
    if (st.configInvalid) return; // nothing but tracespine.yaml is checked until it is fixed
    const changes = this.applyBatch(st, batch);
    if (changes.length === 0) return;
    const changed = st.validator.update(changes);
    for (const file of changed) this.publish(file, st.validator.findings(file));
    // Item states follow a file's text (title, status) and its findings (coverage, errors).
    if (this.dirtyItemFiles !== 'all') {
      for (const c of changes) this.dirtyItemFiles.add(c.file);
      for (const file of changed) this.dirtyItemFiles.add(file);
    }
    this.scheduleIndexChanged();
  }

  /** Brings the index in line with the editor and the disk for the batch's paths; returns the changes for the validator. */
  private applyBatch(st: State, batch: ReadonlyMap<string, Pending>): FileChange[] {
    const uris = this.uris!;
    const index = st.index;
    const changes: FileChange[] = [];
    const done = new Set<string>();
    const apply = (file: string, text: string | undefined): void => {
      if (done.has(file)) return;
      done.add(file);
      const before = index.get(file);
      if (text === undefined) {
        if (before && index.remove(file)) changes.push({ file, before });
        return;
      }
      const role = index.roleOf(file);
      if (!role && !before) return;
      index.update(file, text, role);
      changes.push({ file, before });
    };
    const missing = new Set<string>();
    for (const [file, kind] of batch) {
      const doc = this.documents.get(uris.toUri(file));
      if (doc) {
        apply(file, doc.getText());
        continue;
      }
      const abs = uris.absolute(file);
      let isDir = false;
      try {
        isDir = statSync(abs).isDirectory();
      } catch {
        // gone: a file or a whole directory
        if (index.get(file)) apply(file, undefined);
        else missing.add(file);
        continue;
      }
      if (isDir) {
        // A directory created or moved in: read what it holds. (Changes of a directory itself carry no news.)
        if (kind === 'created' && !index.matcher.skipDir(file)) {
          for (const f of walkFiles(uris.root, file, (p) => index.roleOf(p) !== undefined, (d) => index.matcher.skipDir(d))) {
            if (this.documents.get(uris.toUri(f))) continue;
            apply(f, readTextFile(uris.absolute(f)).text);
          }
        }
        continue;
      }
      if (index.roleOf(file) === undefined && !index.get(file)) continue;
      const r = readTextFile(abs);
      if (r.notice) this.log(`notice: ${file}: ${r.notice}`);
      apply(file, r.text);
    }
    if (missing.size > 0) {
      // Directories deleted or moved away: drop every indexed file below them.
      const gone: string[] = [];
      for (const f of index.allFiles()) {
        for (let i = f.file.lastIndexOf('/'); i > 0; i = f.file.lastIndexOf('/', i - 1)) {
          if (missing.has(f.file.slice(0, i))) {
            gone.push(f.file);
            break;
          }
        }
      }
      for (const f of gone) if (!this.documents.get(uris.toUri(f))) apply(f, undefined);
    }
    return changes;
  }

  // -------------------------------------------------------------------------------------
  // Diagnostics and notifications

  private publish(file: string, findings: readonly Finding[]): void {
    const uris = this.uris!;
    const uri = uris.toUri(file);
    const version = this.documents.get(uri)?.version;
    void this.connection.sendDiagnostics({ uri, diagnostics: findings.map((f) => toDiagnostic(f, uris)), ...(version !== undefined ? { version } : {}) });
    if (findings.length > 0) this.published.add(file);
    else this.published.delete(file);
  }

  /** After a full index: every file with findings, and [] for files that had some and have none now. */
  private publishAll(): void {
    const st = this.state!;
    const now = new Map<string, readonly Finding[]>();
    if (!st.configInvalid) for (const file of st.validator.filesWithFindings()) now.set(file, st.validator.findings(file));
    const config = this.configFileFindings(st);
    if (config.length > 0) now.set(CONFIG_FILE, config);
    const stale = [...this.published].filter((f) => !now.has(f));
    for (const file of [...now.keys()].sort()) this.publish(file, now.get(file)!);
    for (const file of stale) this.publish(file, []);
  }

  /** config.invalid findings of tracespine.yaml: of its open document's text when it is open, else of the disk's. */
  private configFileFindings(st: State): readonly Finding[] {
    const doc = this.documents.get(this.uris!.toUri(CONFIG_FILE));
    return doc ? loadConfig(doc.getText(), CONFIG_FILE).findings : st.configFindings;
  }

  private publishConfigFile(st: State): void {
    const findings = this.configFileFindings(st);
    if (findings.length > 0 || this.published.has(CONFIG_FILE)) this.publish(CONFIG_FILE, findings);
  }

  private scheduleIndexChanged(): void {
    const now = Date.now();
    this.indexChangedFirst ??= now;
    const due = Math.min(now + INDEX_CHANGED_DELAY_MS, this.indexChangedFirst + INDEX_CHANGED_MAX_WAIT_MS);
    if (this.indexChangedTimer) clearTimeout(this.indexChangedTimer);
    this.indexChangedTimer = setTimeout(() => this.sendIndexChanged(), Math.max(0, due - now));
  }

  /** `full`: everything may have changed (a new index), so clients fetch all item states again. */
  private sendIndexChanged(full = false): void {
    if (this.indexChangedTimer) clearTimeout(this.indexChangedTimer);
    this.indexChangedTimer = undefined;
    this.indexChangedFirst = undefined;
    const dirty = full ? 'all' : this.dirtyItemFiles;
    this.dirtyItemFiles = new Set();
    const params: IndexChangedParams = { summary: this.summary(), ...(dirty === 'all' ? {} : { files: [...dirty].sort() }) };
    void this.connection.sendNotification(IndexChangedNotification, params);
    // Lenses of other open files ("verified by ...", "N items downstream") may have changed.
    if (this.capabilities.workspace?.codeLens?.refreshSupport) {
      this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    }
  }

  // -------------------------------------------------------------------------------------
  // Requests

  /** The state once the first index is complete, with everything pending applied. */
  private async current(): Promise<State | undefined> {
    await this.startedP;
    for (;;) {
      if (this.building) {
        await this.building;
        continue;
      }
      this.flush();
      if (!this.building) return this.state;
    }
  }

  private async withDoc<R>(p: { textDocument: { uri: string } }, fn: (st: State, file: string, text: string) => R): Promise<R | null> {
    const st = await this.current();
    if (!st || !this.uris) return null;
    const uri = p.textDocument.uri;
    const file = this.uris.toFile(uri);
    if (file === undefined) return null;
    const doc = this.documents.get(uri);
    const text = doc ? doc.getText() : readTextFile(this.uris.absolute(file)).text;
    if (text === undefined) return null;
    return fn(st, file, text);
  }

  private toEdit(edit: services.WorkspaceEdit): ReturnType<typeof toWorkspaceEdit> {
    const ws = this.capabilities.workspace?.workspaceEdit;
    const caps: EditCapabilities = { documentChanges: ws?.documentChanges === true, resourceOperations: new Set(ws?.resourceOperations ?? []) };
    return toWorkspaceEdit(edit, this.uris!, caps, (file) => this.documents.get(this.uris!.toUri(file))?.version ?? null);
  }

  summary(): WorkspaceSummary {
    const st = this.state;
    if (!st) return { ready: false, configInvalid: false, items: 0, kinds: [], errors: 0, warnings: 0, infos: 0, coverage: {} };
    let errors = 0;
    let warnings = 0;
    let infos = 0;
    const count = (f: Finding): void => {
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
      else infos++;
    };
    if (st.configInvalid) st.configFindings.forEach(count);
    else for (const file of st.validator.filesWithFindings()) st.validator.findings(file).forEach(count);
    const items = st.index.items();
    const byKind = new Map<string, number>();
    for (const i of items) byKind.set(i.kind, (byKind.get(i.kind) ?? 0) + 1);
    const coverage: Record<string, { covered: number; total: number }> = {};
    if (!st.configInvalid) for (const c of st.validator.coverage()) coverage[c.name] = { covered: c.covered.length, total: c.covered.length + c.uncovered.length };
    return {
      ready: this.firstIndexDone,
      configInvalid: st.configInvalid,
      items: items.length,
      kinds: st.config.kinds.map((k) => ({ kind: k.name, label: k.label, count: byKind.get(k.name) ?? 0 })),
      errors,
      warnings,
      infos,
      coverage,
    };
  }

  private itemStates(st: State): ItemState[] {
    const uncovered = new Map<Item, string[]>();
    for (const c of st.validator.coverage()) {
      for (const item of c.uncovered) {
        let list = uncovered.get(item);
        if (!list) uncovered.set(item, (list = []));
        list.push(c.name);
      }
    }
    const order = new Map(st.config.kinds.map((k, i) => [k.name, i]));
    const items = [...st.index.items()].sort((a, b) => (order.get(a.kind) ?? 0) - (order.get(b.kind) ?? 0) || compareIds(a.id, b.id));
    return items.map((item) => this.itemState(st, item, uncovered.get(item) ?? []));
  }

  private itemState(st: State, item: Item, uncovered: string[]): ItemState {
    let errors = 0;
    let warnings = 0;
    let suspect = false;
    for (const f of st.validator.findings(item.file)) {
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
      if (f.code === 'link.suspect' && f.itemId === item.id) suspect = true;
    }
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
    };
  }

  /**
   * tracespine.yaml (when the workspace has none) and one starter item per kind, for
   * files that do not exist yet: the client may write every file it gets. The starters
   * follow the workspace's configuration (the defaults when it is invalid) and take the
   * next free IDs of the current index.
   */
  private async initTemplate(): Promise<InitTemplateResult> {
    const st = await this.current();
    const files: { file: string; text: string }[] = [];
    const exists = (file: string): boolean => {
      if (!this.uris) return false;
      try {
        statSync(this.uris.absolute(file));
        return true;
      } catch {
        return false;
      }
    };
    if (!exists(CONFIG_FILE)) files.push({ file: CONFIG_FILE, text: defaultConfigYaml() });
    // Without tracespine.yaml the workspace runs on the defaults, which the file above spells out.
    const valid = st !== undefined && !st.configInvalid;
    const starters = valid ? starterItems(st.config, st.index) : starterItems(loadDefaults());
    for (const f of starters) if (!exists(f.file)) files.push(f);
    return { files };
  }
}

const NO_PROGRESS: WorkDoneProgressReporter = { begin() {}, report() {}, done() {} };

let defaults: TraceConfig | undefined;
/** The default policy (no tracespine.yaml). */
function loadDefaults(): TraceConfig {
  defaults ??= loadConfig(undefined).config;
  return defaults;
}

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

