import * as vscode from 'vscode';
import {
  CodeLensRequest,
  State,
  type LanguageClient,
  type RequestType,
  type RequestType0,
} from 'vscode-languageclient/node';
import {
  IndexChangedNotification,
  ItemsRequest,
  type IndexChangedParams,
  type ItemState,
  type ItemsResult,
  type WorkspaceSummary,
} from '../shared/lspProtocol';
import { compareIds } from '../shared/ids';
import { createLanguageClient } from './client';
import { ContextKeys } from './constants';
import { toRelative } from './paths';

export type ServiceState = 'starting' | 'ready' | 'failed' | 'stopped';

/** What an onDidChange is about: the files whose items changed, or (undefined) maybe everything. */
export interface ServiceChange {
  readonly files?: ReadonlySet<string>;
}

/**
 * The language client and what the extension's own views know of the workspace: every item with
 * its state (`tracespine/items`), refreshed whenever the server says the index changed
 * (`tracespine/indexChanged`). The tree view, the decorations and the status bar listen to
 * {@link onDidChange}.
 */
export class TracespineService implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private result: ItemsResult | undefined;
  private byFile = new Map<string, ItemState[]>();
  private byId = new Map<string, ItemState[]>();
  private serviceState: ServiceState = 'stopped';
  private failure: string | undefined;
  private inflight: Promise<void> | undefined;
  /** What the next round of refresh fetches: some files' items, or all of them. */
  private wanted: Set<string> | 'all' | undefined;
  private generation = 0;
  private readonly changed = new vscode.EventEmitter<ServiceChange>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private clientDisposables: vscode.Disposable[] = [];

  /** Fires after the items or the state changed (with the files, when only theirs did). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly output: vscode.LogOutputChannel,
    private readonly watcher: vscode.FileSystemWatcher,
  ) {}

  get state(): ServiceState {
    return this.serviceState;
  }

  /** Why the server could not start, when {@link state} is `failed`. */
  get failureMessage(): string | undefined {
    return this.failure;
  }

  /** The language client once it runs (for requests with converters). */
  get languageClient(): LanguageClient | undefined {
    return this.client?.state === State.Running ? this.client : undefined;
  }

  get summary(): WorkspaceSummary | undefined {
    return this.result?.summary;
  }

  get items(): readonly ItemState[] {
    return this.result?.items ?? [];
  }

  /** Bumped whenever a new items result arrives (tests wait for it). */
  get revision(): number {
    return this.generation;
  }

  itemsInFile(uri: vscode.Uri): readonly ItemState[] {
    const rel = toRelative(uri);
    return rel === undefined ? [] : (this.byFile.get(rel) ?? []);
  }

  /** The items a workspace-relative file defines. */
  itemsOfFile(file: string): readonly ItemState[] {
    return this.byFile.get(file) ?? [];
  }

  item(id: string): ItemState | undefined {
    return this.byId.get(id)?.[0];
  }

  async start(): Promise<void> {
    if (this.client) return;
    this.setState('starting');
    const client = createLanguageClient(this.context, this.output, this.watcher);
    this.client = client;
    this.clientDisposables.push(
      // The notification names the files whose items may have changed (none: all of them); fetch
      // those items with the summary, so that both agree (concurrent refreshes coalesce).
      client.onNotification(
        IndexChangedNotification,
        (params: IndexChangedParams) => void this.refresh(Array.isArray(params?.files) ? params.files : undefined),
      ),
      // vscode-languageclient restarts a crashed server (a few times): follow it, so that the views
      // come back when it does and say so when it gives up.
      client.onDidChangeState((e) => {
        if (this.client !== client) return;
        if (e.newState === State.Stopped && this.serviceState === 'ready')
          this.setState('failed', 'the language server stopped (see the Tracespine output)');
        else if (e.newState === State.Running && this.serviceState === 'failed') {
          this.setState('ready');
          void this.refresh();
        }
      }),
    );
    try {
      await client.start();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.output.error(`Tracespine: the language server did not start: ${message}`);
      this.setState('failed', message);
      return;
    }
    this.setState('ready');
    await this.refresh();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    for (const d of this.clientDisposables.splice(0)) d.dispose();
    this.setState('stopped');
    if (client) {
      try {
        await client.stop(5000);
      } catch (err) {
        this.output.warn(
          `Tracespine: stopping the language server: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    this.result = undefined;
    this.index();
    await this.start();
  }

  /** Asks VS Code for the code lenses again (after `tracespine.codeLens.enabled` changed). */
  refreshCodeLenses(): void {
    const feature = this.languageClient?.getFeature(CodeLensRequest.method);
    const fired = new Set<unknown>();
    for (const doc of vscode.workspace.textDocuments) {
      const emitter = feature?.getProvider(doc)?.onDidChangeCodeLensEmitter;
      if (emitter && !fired.has(emitter)) {
        fired.add(emitter);
        emitter.fire();
      }
    }
  }

  /** Sends a custom request (a descriptor of src/shared/lspProtocol.ts) once the server runs. */
  request<R>(type: RequestType0<R, void>, token?: vscode.CancellationToken): Promise<R>;
  request<P, R>(type: RequestType<P, R, void>, params: P, token?: vscode.CancellationToken): Promise<R>;
  async request<P, R>(
    type: RequestType0<R, void> | RequestType<P, R, void>,
    params?: P,
    token?: vscode.CancellationToken,
  ): Promise<R> {
    const client = this.languageClient;
    if (!client) {
      if (!vscode.workspace.workspaceFolders?.length)
        throw new Error('open a folder first: Tracespine checks the design items of a workspace folder.');
      throw new Error(
        this.serviceState === 'failed'
          ? `the language server is not running: ${this.failure ?? 'it failed to start'}`
          : 'the language server is not running yet.',
      );
    }
    if (type.numberOfParams === 0) return client.sendRequest(type as RequestType0<R, void>, token);
    return client.sendRequest(type as RequestType<P, R, void>, params as P, token);
  }

  /**
   * Fetches `tracespine/items` again — only the items of `files` when given and a full list is
   * known, else all; concurrent calls coalesce. Never rejects (errors are logged).
   */
  refresh(files?: readonly string[]): Promise<void> {
    if (files === undefined || this.wanted === 'all') this.wanted = 'all';
    else {
      this.wanted ??= new Set();
      for (const f of files) this.wanted.add(f);
    }
    if (this.inflight) return this.inflight;
    const run = async (): Promise<void> => {
      while (this.wanted !== undefined) {
        const wanted = this.wanted;
        this.wanted = undefined;
        try {
          if (wanted !== 'all' && this.result) {
            const files = [...wanted];
            const delta = await this.request(ItemsRequest, { files });
            if (delta && Array.isArray(delta.items) && delta.summary) {
              const changed = new Set(files);
              this.apply(mergeItems(this.result, delta, changed), changed, delta.items);
            }
          } else {
            const result = await this.request(ItemsRequest, {});
            if (result && Array.isArray(result.items) && result.summary) this.apply(result);
          }
        } catch (err) {
          if (this.serviceState === 'ready')
            this.output.warn(
              `Tracespine: ${ItemsRequest.method} failed: ${err instanceof Error ? err.message : String(err)}`,
            );
        }
      }
    };
    this.inflight = run().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private apply(result: ItemsResult, files?: ReadonlySet<string>, fresh?: readonly ItemState[]): void {
    this.result = result;
    this.generation++;
    if (files && fresh) this.reindex(files, fresh);
    else this.index();
    this.changed.fire(files ? { files } : {});
  }

  /** The maps after a delta: only the entries of `files` and of the IDs their items had or have. */
  private reindex(files: ReadonlySet<string>, fresh: readonly ItemState[]): void {
    const ids = new Set<string>();
    for (const file of files) {
      for (const old of this.byFile.get(file) ?? []) ids.add(old.id);
      this.byFile.delete(file);
    }
    for (const item of fresh) {
      push(this.byFile, item.file, item);
      ids.add(item.id);
    }
    for (const id of ids) {
      const list = (this.byId.get(id) ?? []).filter((i) => !files.has(i.file));
      for (const item of fresh) if (item.id === id) list.push(item);
      if (list.length > 0) this.byId.set(id, list);
      else this.byId.delete(id);
    }
    void vscode.commands.executeCommand('setContext', ContextKeys.state, this.contextState());
  }

  /**
   * Resolves with the summary once the server's first index is complete and the items are
   * known (`summary.ready`); rejects after `timeoutMs` or when the server failed.
   */
  waitForIndex(timeoutMs = 30_000): Promise<WorkspaceSummary> {
    return new Promise((resolve, reject) => {
      const done = (): boolean => {
        if (this.result?.summary.ready) {
          cleanup();
          resolve(this.result.summary);
          return true;
        }
        if (this.serviceState === 'failed') {
          cleanup();
          reject(new Error(`Tracespine language server failed: ${this.failure ?? 'unknown reason'}`));
          return true;
        }
        return false;
      };
      const listener = this.onDidChange(() => void done());
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Tracespine: the index was not ready after ${timeoutMs} ms (state ${this.serviceState})`));
      }, timeoutMs);
      const poll = setInterval(() => {
        if (!done() && this.serviceState === 'ready') void this.refresh();
      }, 500);
      const cleanup = (): void => {
        listener.dispose();
        clearTimeout(timer);
        clearInterval(poll);
      };
      void done();
    });
  }

  private index(): void {
    this.byFile = new Map();
    this.byId = new Map();
    for (const item of this.items) {
      push(this.byFile, item.file, item);
      push(this.byId, item.id, item);
    }
    void vscode.commands.executeCommand('setContext', ContextKeys.state, this.contextState());
  }

  private contextState(): string {
    if (this.serviceState !== 'ready') return this.serviceState;
    const s = this.result?.summary;
    if (!s?.ready) return 'starting';
    if (s.configInvalid) return 'configInvalid';
    return s.items === 0 ? 'empty' : 'ready';
  }

  private setState(state: ServiceState, failure?: string): void {
    this.serviceState = state;
    this.failure = failure;
    void vscode.commands.executeCommand('setContext', ContextKeys.state, this.contextState());
    this.changed.fire({});
  }

  dispose(): void {
    for (const d of this.clientDisposables.splice(0)) d.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The full list with the items of `files` replaced by `delta`'s, in the server's order: kinds
 * in configuration order (the summary's), then natural ID order.
 */
export function mergeItems(full: ItemsResult, delta: ItemsResult, files: ReadonlySet<string>): ItemsResult {
  const order = new Map(delta.summary.kinds.map((k, i) => [k.kind, i]));
  const cmp = (a: ItemState, b: ItemState): number =>
    (order.get(a.kind) ?? 0) - (order.get(b.kind) ?? 0) || compareIds(a.id, b.id);
  const items = full.items.filter((i) => !files.has(i.file));
  // The rest is in order already: each new state goes in by binary search (an edit: one or two).
  for (const item of [...delta.items].sort(cmp)) {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(items[mid]!, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    items.splice(lo, 0, item);
  }
  return { summary: delta.summary, items };
}
