/**
 * The server's workspace: one TraceIndex and one incremental Validator kept current from
 * open documents (their text wins over the disk) and file events, read through a
 * LiveWorkspaceHost (the disk in the server, memory in tests). Never writes a file.
 *
 * Timing:
 * - document edits are coalesced for EDIT_DELAY_MS after the last one (at most
 *   EDIT_MAX_WAIT_MS after the first), then the index and validator are updated and
 *   diagnostics are published for the files whose findings changed;
 * - file events (saves by other tools, `git checkout` bursts) for DISK_DELAY_MS after the
 *   last (at most DISK_MAX_WAIT_MS);
 * - `tracespine/indexChanged` INDEX_CHANGED_DELAY_MS after the last batch, immediately
 *   after a full (re)index.
 */
import { CONFIG_FILE } from '../core/config/defaults';
import { loadConfig } from '../core/config/load';
import { buildIndex, readConfig } from '../core/engine';
import type { CancellationToken, LiveWorkspaceHost, ReadResult, WorkspaceHost } from '../core/host';
import { ANOMALY_KIND } from '../core/anomaly/anomalies';
import { TraceIndex } from '../core/traceIndex';
import type { Finding } from '../core/model/finding';
import { defaultConfig, summaryView, type SummaryView, type WorkspaceState } from '../core/services/workspaceView';
import { Validator, type FileChange } from '../core/validate/validator';
import { DiagnosticsPublisher } from './diagnostics';
import { ServerEvidence } from './evidence';
import { ServerApprovals } from './approvals';
import type { SignatureVerifier } from '../core/approvals';
import type { UriMapper } from './uris';

/**
 * Edits coalesce this long after the last one, so that a burst (find/replace across files,
 * a refactoring's edits, fast key repeat) becomes one update, while typing (keys ≥ 50 ms
 * apart) is not held back: each keystroke is validated on its own, 10 ms plus the
 * validator's work later. A steady stream of edits is flushed at least every EDIT_MAX_WAIT_MS.
 */
export const EDIT_DELAY_MS = 10;
export const EDIT_MAX_WAIT_MS = 40;
/** File events: a `git checkout` arrives as a burst of notifications; one update for the burst. */
export const DISK_DELAY_MS = 50;
export const DISK_MAX_WAIT_MS = 500;
/**
 * tracespine/indexChanged: after a batch with edits, right after its diagnostics (a refresh
 * costs the client only the changed items' nodes: docs/performance.md, "Editing with the views
 * open"); after file events only (a `git checkout` may arrive as several batches) once none
 * came for INDEX_CHANGED_DELAY_MS; at least every INDEX_CHANGED_MAX_WAIT_MS in a steady stream.
 */
export const INDEX_CHANGED_EDIT_DELAY_MS = 0;
export const INDEX_CHANGED_DELAY_MS = 200;
export const INDEX_CHANGED_MAX_WAIT_MS = 1000;

export type FileEvent = 'created' | 'changed' | 'deleted';
type Pending = 'edit' | 'disk' | 'created';

export interface OpenDocument {
  readonly uri: string;
  readonly version: number;
  getText(): string;
}

/** The editor's open documents (vscode-languageserver's TextDocuments, or a map in tests). */
export interface OpenDocuments {
  get(uri: string): OpenDocument | undefined;
  all(): OpenDocument[];
}

export interface ProgressReporter {
  report(percentage: number, message: string): void;
  done(): void;
}

/** What the workspace tells the editor. */
export interface WorkspaceEvents {
  log(message: string): void;
  error(message: string): void;
  /** Starts a progress report for a full index. */
  beginProgress(): Promise<ProgressReporter>;
  /** The summary and, unless everything may have changed, the files whose item states changed. */
  indexChanged(summary: SummaryView, files: readonly string[] | undefined): void;
  publishDiagnostics: ConstructorParameters<typeof DiagnosticsPublisher>[0];
}

/** Yields to the event loop every few reads, so messages (cancellation, edits, progress) flow during a long index. */
class YieldingHost implements WorkspaceHost {
  private reads = 0;
  constructor(private readonly inner: WorkspaceHost) {}
  listFiles(...args: Parameters<WorkspaceHost['listFiles']>): ReturnType<WorkspaceHost['listFiles']> {
    return this.inner.listFiles(...args);
  }
  async readFile(path: string): ReturnType<WorkspaceHost['readFile']> {
    if (++this.reads % 256 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    return this.inner.readFile(path);
  }
  async *readFiles(paths: readonly string[], token?: CancellationToken): AsyncGenerator<readonly ReadResult[]> {
    if (!this.inner.readFiles) {
      for (const p of paths) yield [await this.readFile(p)];
      return;
    }
    for await (const batch of this.inner.readFiles(paths, token)) {
      yield batch;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}

export class Workspace {
  private host: LiveWorkspaceHost | undefined;
  private uris: UriMapper | undefined;
  private state: WorkspaceState | undefined;
  private firstIndexDone = false;
  readonly diagnostics: DiagnosticsPublisher;

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
  private isStarted = false;

  private indexChangedTimer: NodeJS.Timeout | undefined;
  private indexChangedFirst: number | undefined;
  /** Files whose item states may have changed since the last indexChanged ('all' before the first). */
  private dirtyItemFiles: Set<string> | 'all' = 'all';

  constructor(
    private readonly documents: OpenDocuments,
    private readonly events: WorkspaceEvents,
  ) {
    this.diagnostics = new DiagnosticsPublisher(events.publishDiagnostics, documents);
  }

  /** The workspace-relative paths and URIs of the root, once there is one. */
  get mapper(): UriMapper | undefined {
    return this.uris;
  }

  /** The root's host, once there is one. */
  get liveHost(): LiveWorkspaceHost | undefined {
    return this.host;
  }

  get hasRoot(): boolean {
    return this.uris !== undefined;
  }

  /** Sets the root (once); call start() afterwards, or it indexes at once when already started. */
  attach(uris: UriMapper, host: LiveWorkspaceHost, verifier?: SignatureVerifier): void {
    if (this.uris) return;
    this.uris = uris;
    this.host = host;
    this.approvals.setVerifier(verifier);
    if (this.isStarted) {
      this.firstIndexDone = false;
      void this.rebuild();
    }
  }

  /** Indexes the root, or settles on an empty workspace when there is none (yet). */
  start(): void {
    if (this.isStarted) return;
    this.isStarted = true;
    if (this.uris) void this.rebuild();
    else {
      const config = defaultConfig();
      const index = new TraceIndex(config);
      this.state = { config, configInvalid: false, configFindings: [], index, validator: new Validator(index) };
      this.firstIndexDone = true;
      this.events.log('no workspace folder: nothing to check');
      this.sendIndexChanged(true);
    }
    this.started();
  }

  get wasStarted(): boolean {
    return this.isStarted;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.indexChangedTimer) clearTimeout(this.indexChangedTimer);
    if (this.dayTimer) clearTimeout(this.dayTimer);
    this.disposed = true;
    if (this.buildToken) this.buildToken.isCancellationRequested = true;
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
          this.events.error(`tracespine: indexing failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        }
      }
    })().finally(() => {
      this.building = undefined;
      this.flush();
    });
    return this.building;
  }

  /** tracespine/recheck: once started, read everything again; the summary after. */
  async recheck(): Promise<SummaryView> {
    await this.startedP;
    if (this.uris) await this.rebuild();
    return this.summary();
  }

  private async build(): Promise<void> {
    const uris = this.uris!;
    const token = { isCancellationRequested: false };
    this.buildToken = token;
    // Whatever was pending is read afresh below; what arrives from now on is applied afterwards.
    this.pending.clear();
    this.configDirty = false;
    const host = this.host!.forFullIndex();
    const progress = await this.events.beginProgress();
    try {
      const { loaded, notice } = await readConfig(host, CONFIG_FILE);
      if (notice) this.events.log(`${CONFIG_FILE}: ${notice}`);
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
      for (const n of notices) this.events.log(`notice: ${n.file}: ${n.message}`);
      // Open documents' text wins over the disk.
      for (const doc of this.documents.all()) {
        const file = uris.toFile(doc.uri);
        if (file === undefined) continue;
        uris.remember(file, doc.uri);
        if (this.host!.kindOf(file) !== 'file') continue; // deleted on disk: not part of the workspace
        const role = index.roleOf(file);
        if (role) index.update(file, doc.getText(), role);
      }
      const validator = new Validator(index);
      await this.evidence.load(host, index, validator);
      await this.approvals.load(host, index, token);
      if (token.isCancellationRequested) return;
      validator.setOverlay(this.approvals.evaluate(index));
      validator.validateAll();
      this.scheduleNextDay();
      // index.config: with preset doorstop, the kinds of the tree's documents too.
      this.state = { config: index.config, configInvalid: false, configFindings: [], index, validator };
      this.publishAll();
      this.firstIndexDone = true;
      progress.done();
      this.sendIndexChanged(true);
    } finally {
      progress.done();
      if (this.buildToken === token) this.buildToken = undefined;
    }
  }

  // -------------------------------------------------------------------------------------
  // Incremental updates

  documentChanged(uri: string): void {
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

  documentClosed(uri: string): void {
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

  /** A file or directory created, changed or deleted on disk (workspace-relative). */
  fileChanged(file: string, event: FileEvent): void {
    if (!this.uris) return;
    if (file === CONFIG_FILE) {
      this.configDirty = true;
      this.schedule('disk');
      return;
    }
    if (this.state?.index.matcher.skipDir(file)) return; // excluded (node_modules, .git, ...)
    if (this.isOpen(file)) {
      // The editor's text wins while the file exists; deleted (or back), the open document is looked at again.
      if (event !== 'changed') {
        this.pending.set(file, 'edit');
        this.schedule('disk');
      }
      return;
    }
    if (event === 'created') this.pending.set(file, 'created');
    else if (!this.pending.has(file)) this.pending.set(file, 'disk');
    this.schedule('disk');
  }

  /** Whether a watcher should skip this directory (excluded by the configuration). */
  skipDir(dir: string): boolean {
    return this.state?.index.matcher.skipDir(dir) ?? false;
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

  /** Evidence of the workspace (src/server/evidence.ts). */
  readonly evidence = new ServerEvidence();

  /** Reports or run records changed on disk: read them again, re-validate, tell the client. */
  private async reloadEvidence(st: WorkspaceState): Promise<void> {
    if (!this.host) return;
    await this.evidence.load(this.host.forFullIndex(), st.index, st.validator);
    if (this.state !== st) return;
    this.evidence.refresh(st.index, st.validator);
    this.revalidateAll(st);
  }

  /** Approval state and deviations, as `tracespine check` has them (src/server/approvals.ts). */
  readonly approvals = new ServerApprovals(undefined);
  private dayTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  /** Record files (or allowed_signers) changed on disk: read the records again, evaluate, publish what changed. */
  private async reloadApprovals(st: WorkspaceState): Promise<void> {
    if (!this.host) return;
    await this.approvals.load(this.host.forFullIndex(), st.index);
    if (this.state !== st) return;
    this.reevaluate(st);
  }

  /** Section 9 again over the index as it is (new records, a new day); publishes the files whose findings changed. */
  private reevaluate(st: WorkspaceState): void {
    const changed = st.validator.refreshFiles(st.validator.setOverlay(this.approvals.evaluate(st.index)));
    if (changed.size > 0) this.findingsRevision++;
    for (const file of changed) this.publishFile(st, file);
    if (this.dirtyItemFiles !== 'all') for (const file of changed) this.dirtyItemFiles.add(file);
    // Lenses of items whose approvals changed (a new record changes no item file's findings when nothing is required).
    this.scheduleIndexChanged();
  }

  /** Deviations expire at midnight UTC: evaluate again when the day changes. */
  private scheduleNextDay(): void {
    if (this.dayTimer) clearTimeout(this.dayTimer);
    if (this.disposed) return;
    const now = new Date();
    const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 0, 0, 1);
    this.dayTimer = setTimeout(() => {
      const st = this.state;
      if (st && !st.configInvalid) this.reevaluate(st);
      this.scheduleNextDay();
    }, next - now.getTime());
    this.dayTimer.unref?.();
  }

  /** Publishes one file's findings: those that stand, and the waived ones marked so. */
  private publishFile(st: WorkspaceState, file: string): void {
    this.diagnostics.publish(
      this.uris!,
      file,
      this.approvals.published(file, st.validator.findings(file), st.validator.waived(file), st.index),
    );
  }

  /** Everything validated again (the evidence changed, and with it coverage and its findings). */
  private revalidateAll(st: WorkspaceState): void {
    st.validator.validateAll();
    this.findingsRevision++;
    this.publishAll();
    this.dirtyItemFiles = 'all';
    this.scheduleIndexChanged();
  }

  /** Applies what is pending (synchronously), unless a full index is running (it flushes when done). */
  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.batchStart = undefined;
    const hadEdit = this.batchHasEdit;
    this.batchHasEdit = false;
    if (this.building) return;
    if (this.configDocDirty) {
      this.configDocDirty = false;
      if (this.state && this.uris) this.publishConfigFile(this.state);
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
    if ([...batch.keys()].some((f) => this.evidence.isEvidenceFile(st.index, f))) void this.reloadEvidence(st);
    if ([...batch.keys()].some((f) => this.approvals.isApprovalFile(st.index, f))) void this.reloadApprovals(st);
    const changes = this.applyBatch(st, batch);
    if (changes.length === 0) return;
    // Approvals and deviations follow the items' text: section 9 again, then the rules.
    const touched = st.validator.setOverlay(this.approvals.evaluate(st.index));
    const changed = st.validator.update(changes, touched);
    this.findingsRevision++;
    for (const file of changed) this.publishFile(st, file);
    if (this.evidence.refresh(st.index, st.validator)) this.revalidateAll(st);
    // Item states follow a file's text (title, status) and its findings (coverage, errors).
    if (this.dirtyItemFiles !== 'all') {
      for (const c of changes) this.dirtyItemFiles.add(c.file);
      for (const file of changed) this.dirtyItemFiles.add(file);
      // A problem report's open anomalies show on the items it affects, before and after the edit.
      for (const file of affectedByAnomalies(st, changes)) this.dirtyItemFiles.add(file);
    }
    this.scheduleIndexChanged(hadEdit ? INDEX_CHANGED_EDIT_DELAY_MS : INDEX_CHANGED_DELAY_MS);
  }

  /** Brings the index in line with the editor and the disk for the batch's paths; returns the changes for the validator. */
  private applyBatch(st: WorkspaceState, batch: ReadonlyMap<string, Pending>): FileChange[] {
    const uris = this.uris!;
    const host = this.host!;
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
        // An open document counts while its file exists: `tracespine check` sees no other (docs/editor.md).
        if (host.kindOf(file) === 'file') apply(file, doc.getText());
        else if (index.get(file)) apply(file, undefined);
        continue;
      }
      const what = host.kindOf(file);
      if (what === undefined) {
        // gone: a file or a whole directory
        if (index.get(file)) apply(file, undefined);
        else missing.add(file);
        continue;
      }
      if (what === 'directory') {
        // A directory created or moved in: read what it holds. (Changes of a directory itself carry no news.)
        if (kind === 'created' && !index.matcher.skipDir(file)) {
          const wanted = (p: string): boolean => index.roleOf(p) !== undefined;
          for (const f of host.filesBelow(file, wanted, (d) => index.matcher.skipDir(d))) {
            if (this.documents.get(uris.toUri(f))) continue;
            apply(f, host.readNow(f).text);
          }
        }
        continue;
      }
      if (index.roleOf(file) === undefined && !index.get(file)) continue;
      const r = host.readNow(file);
      if (r.notice) this.events.log(`notice: ${file}: ${r.notice}`);
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

  /** After a full index: every file with findings, and [] for files that had some and have none now. */
  private publishAll(): void {
    const st = this.state!;
    const now = new Map<string, readonly Finding[]>();
    if (!st.configInvalid) {
      const files = new Set([...st.validator.filesWithFindings(), ...st.validator.filesWithWaived()]);
      for (const file of files)
        now.set(file, this.approvals.published(file, st.validator.findings(file), st.validator.waived(file), st.index));
    }
    const config = this.configFileFindings(st);
    if (config.length > 0) now.set(CONFIG_FILE, config);
    this.diagnostics.publishAll(this.uris!, now);
  }

  /** config.invalid findings of tracespine.yaml: of its open document's text when it is open, else of the disk's. */
  private configFileFindings(st: WorkspaceState): readonly Finding[] {
    const doc = this.documents.get(this.uris!.toUri(CONFIG_FILE));
    return doc ? loadConfig(doc.getText(), CONFIG_FILE).findings : st.configFindings;
  }

  private publishConfigFile(st: WorkspaceState): void {
    const findings = this.configFileFindings(st);
    if (findings.length > 0 || this.diagnostics.hasPublished(CONFIG_FILE))
      this.diagnostics.publish(this.uris!, CONFIG_FILE, findings);
  }

  private scheduleIndexChanged(delay = INDEX_CHANGED_DELAY_MS): void {
    const now = Date.now();
    this.indexChangedFirst ??= now;
    const due = Math.min(now + delay, this.indexChangedFirst + INDEX_CHANGED_MAX_WAIT_MS);
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
    this.events.indexChanged(this.summary(), dirty === 'all' ? undefined : [...dirty].sort());
  }

  // -------------------------------------------------------------------------------------
  // Answers

  /** The state once the first index is complete, with everything pending applied. */
  async current(): Promise<WorkspaceState | undefined> {
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

  /** The text of a workspace file: its open document's, else the disk's. */
  textOf(file: string): string | undefined {
    const doc = this.documents.get(this.uris!.toUri(file));
    return doc ? doc.getText() : this.host?.readNow(file).text;
  }

  /** Whether something exists at `file` on disk. */
  exists(file: string): boolean {
    return this.host?.kindOf(file) !== undefined;
  }

  /** The open document's version of `file`, or null. */
  versionOf(file: string): number | null {
    return this.documents.get(this.uris!.toUri(file))?.version ?? null;
  }

  private summaryCache: { key: unknown[]; view: SummaryView } | undefined;
  /** Bumped whenever findings or coverage may have changed (the summary is computed again). */
  private findingsRevision = 0;

  /** The summary, computed once per change (the notification and the items answer share it). */
  summary(): SummaryView {
    const key = [this.state, this.state?.index.revision, this.findingsRevision, this.firstIndexDone];
    const c = this.summaryCache;
    if (c && c.key.length === key.length && c.key.every((k, i) => k === key[i])) return c.view;
    const view = summaryView(this.state, this.firstIndexDone);
    this.summaryCache = { key, view };
    return view;
  }
}

/** Files of the items that problem reports among `changes` affect (before or after the change). */
function affectedByAnomalies(st: WorkspaceState, changes: readonly FileChange[]): Set<string> {
  const out = new Set<string>();
  for (const c of changes) {
    for (const item of [c.before?.item, st.index.get(c.file)?.item]) {
      if (item?.kind !== ANOMALY_KIND) continue;
      for (const l of item.links) {
        if (l.type !== 'affects') continue;
        for (const target of st.index.definitions(l.target)) out.add(target.file);
      }
    }
  }
  return out;
}
