/**
 * A minimal LSP client for the server tests: builds the server bundle once per test file
 * (esbuild, into a temporary directory, the same options as esbuild.mjs), spawns it with
 * `--stdio` on a temporary copy of a fixture workspace, and drives it with vscode-jsonrpc
 * as an editor would. Records every publishDiagnostics, indexChanged and the raw stdout.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import {
  createMessageConnection,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { IndexChangedParams } from '../../../src/shared/lspProtocol';
import { pathToUri } from '../../../src/server/uris';

export const REPO = resolve(__dirname, '../../..');

let built: Promise<string> | undefined;

/** Bundles src/server/main.ts (and, with `cli`, src/cli/main.ts plus a launcher); returns the directory. */
export function buildServer(): Promise<string> {
  built ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracespine-server-build-'));
    const common: esbuild.BuildOptions = {
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: true,
      logLevel: 'warning',
      absWorkingDir: REPO,
    };
    await Promise.all([
      esbuild.build({ ...common, entryPoints: ['src/server/main.ts'], outfile: join(dir, 'server.js') }),
      esbuild.build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: join(dir, 'cli.js') }),
      // Next to the bundles, as in dist/: large workspaces are read on this thread.
      esbuild.build({ ...common, entryPoints: ['src/node/readWorker.ts'], outfile: join(dir, 'readWorker.js') }),
    ]);
    // What bin/tracespine.js does, next to the bundled CLI.
    writeFileSync(join(dir, 'tracespine.js'), "require('./cli.js').run();\n");
    return dir;
  })();
  return built;
}

/** Removes the bundles of buildServer (call in a top-level afterAll). */
export async function removeBuild(): Promise<void> {
  if (!built) return;
  const dir = await built.catch(() => undefined);
  built = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** A temporary copy of a fixture workspace: a name under test/fixtures, or a path from the repository root (realpath'd: URIs from the server use the real path). */
export function copyFixture(name: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), `tracespine-${name.replace(/\W+/g, '-')}-`)));
  cpSync(join(REPO, name.includes('/') ? name : join('test/fixtures', name)), dir, { recursive: true });
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface ClientOptions {
  /** Run through the CLI (`node launcher.js lsp --stdio`) instead of dist/server.js. */
  readonly viaCli?: boolean;
  /** Answer window/workDoneProgress/create with an error. */
  readonly refuseProgress?: boolean;
  /** Environment of the server process (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
}

interface Waiter {
  check: () => boolean;
}

export class TestClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Every publishDiagnostics in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly indexChanged: IndexChangedParams[] = [];
  readonly registrations: unknown[] = [];
  readonly progress: unknown[] = [];
  codeLensRefreshes = 0;
  readonly logs: string[] = [];
  /** window/showMessage notifications. */
  readonly messages: { type: number; message: string }[] = [];
  stderr = '';
  private stdoutChunks: Buffer[] = [];
  private waiters: Waiter[] = [];
  private versions = new Map<string, number>();
  private exited: Promise<number | null>;

  private constructor(
    readonly root: string,
    readonly child: ChildProcessWithoutNullStreams,
    readonly connection: MessageConnection,
    options: ClientOptions,
  ) {
    child.stdout.on('data', (b: Buffer) => this.stdoutChunks.push(b));
    child.stderr.on('data', (b: Buffer) => (this.stderr += b.toString()));
    this.exited = new Promise((res) => child.on('exit', (code) => res(code)));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      this.diagnostics.set(p.uri, p.diagnostics);
      this.poke();
    });
    connection.onNotification('tracespine/indexChanged', (p: IndexChangedParams) => {
      this.indexChanged.push(p);
      this.poke();
    });
    connection.onNotification('$/progress', (p: unknown) => this.progress.push(p));
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      this.poke();
    });
    connection.onNotification('window/showMessage', (p: { type: number; message: string }) => {
      this.messages.push(p);
      this.poke();
    });
    connection.onRequest('client/registerCapability', (p: unknown) => {
      this.registrations.push(p);
      return null;
    });
    connection.onRequest('window/workDoneProgress/create', () => {
      if (options.refuseProgress) throw new ResponseError(-32603, 'no progress here');
      return null;
    });
    connection.onRequest('workspace/configuration', () => []);
    connection.onRequest('workspace/applyEdit', () => ({ applied: false }));
    connection.onRequest('workspace/codeLens/refresh', () => {
      this.codeLensRefreshes++;
      this.poke();
      return null;
    });
    connection.listen();
  }

  static async start(root: string, options: ClientOptions = {}): Promise<TestClient> {
    const dir = await buildServer();
    const args = options.viaCli ? [join(dir, 'tracespine.js'), 'lsp', '--stdio'] : [join(dir, 'server.js'), '--stdio'];
    const child = spawn(process.execPath, args, {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.env ? { env: options.env } : {}),
    });
    const connection = createMessageConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    return new TestClient(root, child, connection, options);
  }

  async initialize(capabilities: Record<string, unknown> = {}): Promise<InitializeResult> {
    const rootUri = this.uri('');
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'ws' }],
      capabilities: deepMerge(
        {
          workspace: {
            didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
            workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
            workspaceFolders: true,
            codeLens: { refreshSupport: true },
          },
          window: { workDoneProgress: true },
          textDocument: {
            documentSymbol: { hierarchicalDocumentSymbolSupport: true },
            publishDiagnostics: { relatedInformation: true, versionSupport: true },
            rename: { prepareSupport: true },
          },
        },
        capabilities,
      ),
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Resolves after the first indexChanged whose summary is ready (the end of indexing). */
  waitReady(timeoutMs = 30_000): Promise<IndexChangedParams> {
    return this.waitFor(() => this.indexChanged.find((p) => p.summary.ready), timeoutMs, 'index ready');
  }

  /** Polls `get` whenever a message arrives; resolves with its first truthy value. */
  waitFor<T>(get: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    return new Promise<T>((res, rej) => {
      const first = get();
      if (first) {
        res(first);
        return;
      }
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        rej(new Error(`timed out waiting for ${what}; stderr: ${this.stderr.slice(0, 2000)}`));
      }, timeoutMs);
      const waiter: Waiter = {
        check: () => {
          const v = get();
          if (!v) return false;
          clearTimeout(timer);
          res(v);
          return true;
        },
      };
      this.waiters.push(waiter);
    });
  }

  private poke(): void {
    this.waiters = this.waiters.filter((w) => !w.check());
  }

  uri(file: string): string {
    return pathToUri(file === '' ? this.root : join(this.root, ...file.split('/')));
  }

  /** The current diagnostics of a workspace-relative file. */
  diags(file: string): Diagnostic[] {
    return this.diagnostics.get(this.uri(file)) ?? [];
  }

  /** Files (workspace-relative) with non-empty diagnostics. */
  filesWithDiagnostics(): string[] {
    const prefix = this.uri('') + '/';
    return [...this.diagnostics]
      .filter(([, d]) => d.length > 0)
      .map(([u]) => decodeURIComponent(u.slice(prefix.length)))
      .sort();
  }

  request<R>(method: string, params?: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  notify(method: string, params?: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  async open(file: string, text: string, languageId = file.endsWith('.md') ? 'markdown' : 'c'): Promise<void> {
    this.versions.set(file, 1);
    await this.notify('textDocument/didOpen', { textDocument: { uri: this.uri(file), languageId, version: 1, text } });
  }

  /** Replaces the whole text of an open document (a full-range incremental change). */
  async change(
    file: string,
    range: { start: { line: number; character: number }; end: { line: number; character: number } },
    text: string,
  ): Promise<number> {
    const version = (this.versions.get(file) ?? 1) + 1;
    this.versions.set(file, version);
    await this.notify('textDocument/didChange', {
      textDocument: { uri: this.uri(file), version },
      contentChanges: [{ range, text }],
    });
    return version;
  }

  async close(file: string): Promise<void> {
    await this.notify('textDocument/didClose', { textDocument: { uri: this.uri(file) } });
  }

  /** Every JSON-RPC message the server wrote to stdout; throws on anything that is not a well-formed frame. */
  stdoutMessages(): unknown[] {
    const buf = Buffer.concat(this.stdoutChunks);
    const out: unknown[] = [];
    let at = 0;
    while (at < buf.length) {
      const headerEnd = buf.indexOf('\r\n\r\n', at);
      if (headerEnd < 0)
        throw new Error(
          `stdout has bytes outside a frame at ${at}: ${JSON.stringify(buf.subarray(at, at + 200).toString())}`,
        );
      const header = buf.subarray(at, headerEnd).toString('ascii');
      const m = /^Content-Length: (\d+)(\r\nContent-Type: [^\r\n]*)?$/i.exec(header);
      if (!m) throw new Error(`not a JSON-RPC header: ${JSON.stringify(header.slice(0, 200))}`);
      const start = headerEnd + 4;
      const end = start + Number(m[1]);
      if (end > buf.length) throw new Error('truncated frame');
      const msg = JSON.parse(buf.subarray(start, end).toString('utf8')) as { jsonrpc?: string };
      if (msg.jsonrpc !== '2.0') throw new Error(`not JSON-RPC 2.0: ${JSON.stringify(msg).slice(0, 200)}`);
      out.push(msg);
      at = end;
    }
    return out;
  }

  async stop(): Promise<number | null> {
    try {
      await Promise.race([this.request('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.notify('exit');
    } catch {
      // already gone
    }
    const code = await Promise.race([this.exited, new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
    if (this.child.exitCode === null) this.child.kill();
    this.connection.dispose();
    return code;
  }
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const av = out[k];
    out[k] = isPlain(av) && isPlain(v) ? deepMerge(av, v) : v;
  }
  return out;
}

function isPlain(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
