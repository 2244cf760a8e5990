// The language server as other editors drive it (Neovim, Helix, Eglot): the capabilities
// they send, no root, no file watching of their own, and the LSP lifecycle, over stdio.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hover, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../../src/core/model/range';
import { defaultConfigYaml } from '../../../src/core/services/templates';
import { pathToUri } from '../../../src/server/uris';
import { buildServer, copyFixture, removeBuild, removeDir, TestClient } from './lspClient';

beforeAll(async () => {
  await buildServer();
}, 120_000);

afterAll(removeBuild);

function position(text: string, needle: string, delta = 0): { line: number; character: number } {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`'${needle}' not found`);
  return new LineIndex(text).positionAt(at + delta);
}

/** Neovim 0.7–0.11's workspace capabilities: resource operations, no documentChanges flag, no dynamic watching. */
const NEOVIM = {
  workspace: {
    didChangeWatchedFiles: { dynamicRegistration: false },
    workspaceEdit: { documentChanges: undefined, resourceOperations: ['rename', 'create', 'delete'] },
  },
};

describe('capabilities other editors send', () => {
  it('Neovim: rename gets documentChanges with the file rename (it declares resourceOperations only)', async () => {
    const root = copyFixture('server-ws');
    const client = await TestClient.start(root);
    try {
      await client.initialize(NEOVIM);
      await client.waitReady();
      const text = readFileSync(join(root, 'design/tests/TST-1.md'), 'utf8');
      const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
        textDocument: { uri: client.uri('design/tests/TST-1.md') },
        position: position(text, 'REQ-1'),
        newName: 'REQ-7',
      });
      expect(edit.changes).toBeUndefined();
      const renames = edit.documentChanges!.filter((c) => 'kind' in c && c.kind === 'rename');
      expect(renames).toEqual([
        {
          kind: 'rename',
          oldUri: client.uri('design/requirements/REQ-1.md'),
          newUri: client.uri('design/requirements/REQ-7.md'),
          options: { overwrite: false, ignoreIfExists: false },
        },
      ]);
    } finally {
      await client.stop();
      removeDir(root);
    }
  });

  it('Eglot without Markdown: hover is plain text', async () => {
    const root = copyFixture('server-ws');
    const client = await TestClient.start(root);
    try {
      await client.initialize({ textDocument: { hover: { contentFormat: ['plaintext'] } } });
      await client.waitReady();
      const text = readFileSync(join(root, 'design/tests/TST-1.md'), 'utf8');
      const h = await client.request<Hover>('textDocument/hover', {
        textDocument: { uri: client.uri('design/tests/TST-1.md') },
        position: position(text, 'REQ-1', 2),
      });
      const contents = h.contents as { kind: string; value: string };
      expect(contents.kind).toBe('plaintext');
      expect(contents.value.split('\n')[0]).toBe('REQ-1 · Requirement — Maximum infusion rate');
      expect(contents.value).not.toMatch(/\*\*|`/);
      // Links keep their text only.
      expect(contents.value).toContain('- verifies: TST-1\n');
    } finally {
      await client.stop();
      removeDir(root);
    }
  });

  it('Neovim ≥ 0.10 / Helix (no watcher registration): the server sees files changed on disk itself', async () => {
    const root = copyFixture('server-ws');
    const client = await TestClient.start(root);
    try {
      await client.initialize(NEOVIM);
      await client.waitReady();
      expect(client.registrations).toEqual([]);
      await client.waitFor(() => client.logs.some((l) => l.includes('watching')), 10_000, 'watcher ready');
      expect(client.diags('design/tests/TST-2.md').map((d) => d.code)).toEqual(['link.unknown-target']);
      // A script (or git checkout) fixes the file on disk; no editor has it open.
      const file = join(root, 'design/tests/TST-2.md');
      writeFileSync(file, readFileSync(file, 'utf8').replace('REQ-404', 'REQ-1'));
      await client.waitFor(() => client.diags('design/tests/TST-2.md').length === 0, 10_000, 'TST-2 fixed on disk');
      // A new directory with an item, created after the start.
      mkdirSync(join(root, 'design/more'));
      writeFileSync(
        join(root, 'design/more/TST-9.md'),
        '---\nid: TST-9\ntitle: T\nmethod: test\nverifies: [REQ-999]\n---\n',
      );
      await client.waitFor(
        () => client.diags('design/more/TST-9.md').some((d) => d.code === 'link.unknown-target'),
        10_000,
        'TST-9',
      );
      // Excluded directories are not watched: nothing there is read.
      mkdirSync(join(root, 'node_modules/x'), { recursive: true });
      writeFileSync(join(root, 'node_modules/x/TST-10.md'), '---\nid: TST-10\nverifies: [REQ-999]\n---\n');
      await new Promise((r) => setTimeout(r, 700));
      expect(client.diags('node_modules/x/TST-10.md')).toEqual([]);
    } finally {
      expect(await client.stop()).toBe(0);
      removeDir(root);
    }
  });
});

describe('no workspace folder (rootUri null, as Helix sends outside a project)', () => {
  const init = (client: TestClient, rootPath: string): Promise<unknown> =>
    client
      .request('initialize', { processId: process.pid, rootUri: null, rootPath, capabilities: {} })
      .then(() => client.notify('initialized', {}));

  it('the first opened document’s tracespine.yaml gives the root; rootPath is not indexed', async () => {
    const outer = realpathSync(mkdtempSync(join(tmpdir(), 'tracespine-noroot-')));
    const project = join(outer, 'project');
    const root = copyFixture('server-ws');
    cpSync(root, project, { recursive: true });
    writeFileSync(join(project, 'tracespine.yaml'), defaultConfigYaml());
    // Outside the project, under rootPath: an item that must never be read.
    writeFileSync(join(outer, 'REQ-50.md'), '---\nid: REQ-50\nderives_from: [UN-404]\n---\n');
    const client = await TestClient.start(outer);
    try {
      await init(client, outer);
      await client.waitReady();
      const file = join(project, 'design/tests/TST-1.md');
      await client.notify('textDocument/didOpen', {
        textDocument: { uri: pathToUri(file), languageId: 'markdown', version: 1, text: readFileSync(file, 'utf8') },
      });
      await client.waitFor(() => client.messages.length > 0, 10_000, 'showMessage');
      expect(client.messages).toEqual([
        { type: 3, message: `Tracespine: checking ${project} (found tracespine.yaml).` },
      ]);
      await client.waitFor(
        () => client.diagnostics.has(pathToUri(join(project, 'design/tests/TST-2.md'))),
        20_000,
        'TST-2 diagnostics',
      );
      expect(client.diagnostics.has(pathToUri(join(outer, 'REQ-50.md')))).toBe(false);
    } finally {
      await client.stop();
      removeDir(outer);
      removeDir(root);
    }
  });

  it('a document whose nearest .git is the home directory is refused, with a message', async () => {
    const home = realpathSync(mkdtempSync(join(tmpdir(), 'tracespine-home-')));
    mkdirSync(join(home, '.git'));
    mkdirSync(join(home, 'notes'));
    writeFileSync(join(home, 'notes/REQ-1.md'), '---\nid: REQ-1\nderives_from: [UN-404]\n---\n');
    const client = await TestClient.start(home, { env: { ...process.env, HOME: home } });
    try {
      await init(client, home);
      await client.waitReady();
      const file = join(home, 'notes/REQ-1.md');
      await client.notify('textDocument/didOpen', {
        textDocument: { uri: pathToUri(file), languageId: 'markdown', version: 1, text: readFileSync(file, 'utf8') },
      });
      await client.waitFor(() => client.messages.length > 0, 10_000, 'showMessage');
      expect(client.messages).toEqual([
        {
          type: 2,
          message: `Tracespine: ${file}: the nearest .git is in ${home}, which is too wide to check; open a project folder.`,
        },
      ]);
      await new Promise((r) => setTimeout(r, 300));
      expect(client.published).toEqual([]);
    } finally {
      await client.stop();
      removeDir(home);
    }
  });
});

interface RawMessage {
  id?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
  method?: string;
}

/** The server spawned bare, written to byte by byte: for what a well-behaved client never sends. */
class RawServer {
  private out = Buffer.alloc(0);
  readonly exited: Promise<number | null>;
  private readonly child;

  constructor(dir: string, cwd: string) {
    this.child = spawn(process.execPath, [join(dir, 'server.js'), '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (b: Buffer) => (this.out = Buffer.concat([this.out, b])));
    this.exited = new Promise((res) => this.child.on('exit', (code) => res(code)));
  }

  raw(s: string): void {
    this.child.stdin.write(s);
  }

  send(msg: unknown): void {
    const body = JSON.stringify(msg);
    this.raw(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  messages(): RawMessage[] {
    const out: RawMessage[] = [];
    let at = 0;
    for (;;) {
      const end = this.out.indexOf('\r\n\r\n', at);
      if (end < 0) break;
      const n = Number(/Content-Length: (\d+)/.exec(this.out.subarray(at, end).toString())![1]);
      if (this.out.length < end + 4 + n) break;
      out.push(JSON.parse(this.out.subarray(end + 4, end + 4 + n).toString()) as RawMessage);
      at = end + 4 + n;
    }
    return out;
  }

  async response(
    id: unknown,
    timeoutMs = 5000,
  ): Promise<{ result?: unknown; error?: { code: number; message: string } }> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const r = this.messages().find((m) => m.id === id && m.method === undefined);
      if (r) return r;
      if (Date.now() > until) throw new Error(`no response to ${String(id)}`);
      await new Promise((res) => setTimeout(res, 20));
    }
  }

  async close(): Promise<number | null> {
    this.child.stdin.end();
    const code = await Promise.race([this.exited, new Promise<null>((r) => setTimeout(() => r(null), 3000))]);
    if (this.child.exitCode === null) this.child.kill();
    return code;
  }
}

describe('lifecycle and framing over stdio (LSP 3.17, JSON-RPC 2.0)', () => {
  let root: string;
  let dir: string;
  const hover = (id: number, uri: string): unknown => ({
    jsonrpc: '2.0',
    id,
    method: 'textDocument/hover',
    params: { textDocument: { uri }, position: { line: 0, character: 0 } },
  });
  const initialize = (id: number): unknown => ({
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { processId: null, rootUri: pathToUri(root), capabilities: {} },
  });

  beforeAll(async () => {
    dir = await buildServer();
    root = copyFixture('server-ws');
  });
  afterAll(() => removeDir(root));

  it('-32002 before initialize, -32600 after shutdown; exit after shutdown is 0', async () => {
    const s = new RawServer(dir, root);
    s.send(hover(1, pathToUri(join(root, 'design/tests/TST-1.md'))));
    expect((await s.response(1)).error?.code).toBe(-32002);
    s.send(initialize(2));
    expect((await s.response(2)).result).toBeDefined();
    s.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
    s.send({ jsonrpc: '2.0', id: 3, method: 'shutdown' });
    expect((await s.response(3)).result).toBeNull();
    s.send(hover(4, pathToUri(join(root, 'design/tests/TST-1.md'))));
    expect((await s.response(4)).error?.code).toBe(-32600);
    s.send({ jsonrpc: '2.0', method: 'exit' });
    expect(await s.exited).toBe(0);
  });

  it('-32602 for malformed params, -32700 for malformed JSON; the server answers on', async () => {
    const s = new RawServer(dir, root);
    s.send(initialize(1));
    await s.response(1);
    s.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
    s.send({
      jsonrpc: '2.0',
      id: 2,
      method: 'textDocument/hover',
      params: { textDocument: { uri: 5 }, position: { line: 0, character: 0 } },
    });
    expect((await s.response(2)).error).toEqual({
      code: -32602,
      message: 'textDocument/hover: textDocument.uri must be a string',
    });
    s.send({ jsonrpc: '2.0', id: 3, method: 'textDocument/definition', params: 'x' });
    expect((await s.response(3)).error?.code).toBe(-32602);
    s.raw('Content-Length: 7\r\n\r\n{"id":,');
    expect((await s.response(null)).error?.code).toBe(-32700);
    s.send({ jsonrpc: '2.0', id: 4, method: 'tracespine/items' });
    expect((await s.response(4, 20_000)).result).toMatchObject({ summary: { ready: true } });
    expect(await s.close()).toBe(1);
  });

  it('a frame with a bad Content-Length is skipped; the next frame is answered', async () => {
    const s = new RawServer(dir, root);
    s.raw('Content-Length: banana\r\n\r\n{"jsonrpc":"2.0","id":9,"method":"shutdown"}');
    s.raw('Content-Length: 99999999999999999999\r\n\r\n');
    s.send(initialize(1));
    expect((await s.response(1)).result).toBeDefined();
    expect(s.messages().some((m) => m.id === 9)).toBe(false);
    await s.close();
  });

  it('didOpen with a non-string text (or a huge one) does not kill the server', async () => {
    const s = new RawServer(dir, root);
    s.send(initialize(1));
    await s.response(1);
    s.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
    const uri = pathToUri(join(root, 'design/tests/TST-1.md'));
    s.send({
      jsonrpc: '2.0',
      method: 'textDocument/didOpen',
      params: { textDocument: { uri, languageId: 'markdown', version: 1, text: 42 } },
    });
    s.send({
      jsonrpc: '2.0',
      method: 'textDocument/didOpen',
      params: { textDocument: { uri, languageId: 'markdown', version: 1, text: 'x'.repeat(17 * 1024 * 1024) } },
    });
    s.send(hover(2, uri));
    expect((await s.response(2, 20_000)).result).toBeNull();
    s.send({ jsonrpc: '2.0', id: 3, method: 'tracespine/items' });
    expect((await s.response(3)).result).toMatchObject({ summary: { ready: true } });
    await s.close();
  });

  it('requests sent before initialized are answered anyway (after a grace period)', async () => {
    const s = new RawServer(dir, root);
    s.send(initialize(1));
    await s.response(1);
    const t0 = Date.now();
    s.send({ jsonrpc: '2.0', id: 2, method: 'tracespine/items' });
    const r = await s.response(2, 15_000);
    expect(r.result).toMatchObject({ summary: { ready: true } });
    expect(Date.now() - t0).toBeLessThan(12_000);
    await s.close();
  });
});
