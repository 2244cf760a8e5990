// The server's Workspace on an in-memory host: incremental updates, batches and publishing,
// without a process or a disk.
import { describe, expect, it } from 'vitest';
import type { PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { SummaryView } from '../../../src/core/services/workspaceView';
import { UriMapper } from '../../../src/server/uris';
import { Workspace, type OpenDocument, type OpenDocuments } from '../../../src/server/workspace';
import { cleanWorkspace, md } from '../memoryHost';
import { MemoryLiveHost } from './memoryLiveHost';

const ROOT = '/ws';

class Docs implements OpenDocuments {
  readonly map = new Map<string, OpenDocument>();
  get(uri: string): OpenDocument | undefined {
    return this.map.get(uri);
  }
  all(): OpenDocument[] {
    return [...this.map.values()];
  }
  set(uri: string, text: string, version: number): void {
    this.map.set(uri, { uri, version, getText: () => text });
  }
}

async function setUp(files: Record<string, string>) {
  const host = new MemoryLiveHost(files);
  const docs = new Docs();
  const published: PublishDiagnosticsParams[] = [];
  const changed: { summary: SummaryView; files: readonly string[] | undefined }[] = [];
  const logs: string[] = [];
  const ws = new Workspace(docs, {
    log: (m) => logs.push(m),
    error: (m) => logs.push(m),
    beginProgress: () => Promise.resolve({ report() {}, done() {} }),
    indexChanged: (summary, f) => changed.push({ summary, files: f }),
    publishDiagnostics: (p) => published.push(p),
  });
  const uris = new UriMapper(ROOT);
  ws.attach(uris, host);
  ws.start();
  await ws.current();
  const codes = (file: string): string[] => {
    const last = [...published].reverse().find((p) => p.uri === uris.toUri(file));
    return (last?.diagnostics ?? []).map(
      (d) => `${String(d.code)} ${d.range.start.line + 1}:${d.range.start.character + 1}`,
    );
  };
  return { host, docs, ws, uris, published, changed, logs, codes };
}

describe('Workspace on an in-memory host', () => {
  it('indexes everything once, then publishes only the files whose findings an edit changed', async () => {
    const files = cleanWorkspace();
    files['d/TST-2.md'] = md('---', 'id: TST-2', 'title: T', 'method: test', 'verifies: [REQ-404]', '---', 'Body.');
    const t = await setUp(files);
    expect(t.codes('d/TST-2.md')).toEqual(['link.unknown-target 5:12']);
    expect(t.changed).toHaveLength(1);
    expect(t.changed[0]!.files).toBeUndefined();
    expect(t.changed[0]!.summary).toMatchObject({ ready: true, items: 6, errors: 1 });
    const before = t.published.length;
    const uri = t.uris.toUri('d/TST-2.md');
    t.docs.set(uri, files['d/TST-2.md'].replace('REQ-404', 'REQ-1'), 2);
    t.ws.documentChanged(uri);
    await t.ws.current();
    expect(t.published.slice(before).map((p) => [p.uri, p.diagnostics.length, p.version])).toEqual([[uri, 0, 2]]);
    expect(t.ws.summary()).toMatchObject({ errors: 0, items: 6 });
  });

  it('a directory created (moved in) is read through the host; deleted, its items go', async () => {
    const t = await setUp(cleanWorkspace());
    t.host.files['more/sub/REQ-9.md'] = md('---', 'id: REQ-9', 'title: R', 'derives_from: [UN-404]', '---', 'Body.');
    t.host.files['more/node_modules/REQ-10.md'] = md('---', 'id: REQ-10', 'title: R', '---', 'Body.');
    t.ws.fileChanged('more', 'created');
    await t.ws.current();
    expect(t.codes('more/sub/REQ-9.md')).toContain('link.unknown-target 4:16');
    expect(t.ws.summary().items).toBe(6);
    delete t.host.files['more/sub/REQ-9.md'];
    delete t.host.files['more/node_modules/REQ-10.md'];
    t.ws.fileChanged('more', 'deleted');
    await t.ws.current();
    expect(t.codes('more/sub/REQ-9.md')).toEqual([]);
    expect(t.ws.summary().items).toBe(5);
  });

  it('an open document wins over file events; closing it returns to the disk', async () => {
    const t = await setUp(cleanWorkspace());
    const uri = t.uris.toUri('d/REQ-1.md');
    const edited = cleanWorkspace()['d/REQ-1.md']!.replace('derives_from: [UN-1]', 'derives_from: [UN-7]');
    t.docs.set(uri, edited, 3);
    t.ws.documentChanged(uri);
    await t.ws.current();
    expect(t.codes('d/REQ-1.md')).toEqual(['link.unknown-target 4:16']);
    const reads = t.host.reads;
    t.ws.fileChanged('d/REQ-1.md', 'changed');
    await t.ws.current();
    expect(t.host.reads).toBe(reads);
    t.docs.map.delete(uri);
    t.ws.documentClosed(uri);
    await t.ws.current();
    expect(t.codes('d/REQ-1.md')).toEqual([]);
  });

  it('a document whose file is gone from disk: dropped on close, on the delete event, on re-check', async () => {
    const t = await setUp(cleanWorkspace());
    const file = 'd/TST-9.md';
    const uri = t.uris.toUri(file);
    const stub = md('---', 'id: TST-9', 'title: Rate', 'method: test', 'verifies: [REQ-1]', '---', 'Body.');
    // Created by a quick fix (a file on disk, its text in the editor), then deleted outside the editor.
    t.host.files[file] = '';
    t.ws.fileChanged(file, 'created');
    t.docs.set(uri, stub, 1);
    t.ws.documentChanged(uri);
    await t.ws.current();
    expect(t.ws.summary().items).toBe(6);
    delete t.host.files[file];
    t.ws.fileChanged(file, 'deleted');
    await t.ws.current();
    // The CLI does not see it: neither does the editor, though its tab is still open.
    expect(t.ws.summary().items).toBe(5);
    expect(t.codes(file)).toEqual([]);
    // Typing in the orphaned tab does not bring it back; a re-check does not either.
    t.docs.set(uri, stub.replace('Rate', 'Rate limit'), 2);
    t.ws.documentChanged(uri);
    await t.ws.current();
    expect(t.ws.summary().items).toBe(5);
    await t.ws.recheck();
    expect(t.ws.summary().items).toBe(5);
    // Closed: still gone (and nothing read it back).
    t.docs.map.delete(uri);
    t.ws.documentClosed(uri);
    await t.ws.current();
    expect(t.ws.summary().items).toBe(5);
    // Saved again from the tab (the file exists once more): it counts again.
    t.docs.set(uri, stub, 3);
    t.host.files[file] = stub;
    t.ws.fileChanged(file, 'created');
    await t.ws.current();
    expect(t.ws.summary().items).toBe(6);
  });

  it('a document closed after its file was deleted (no delete event seen) drops its item', async () => {
    const t = await setUp(cleanWorkspace());
    const file = 'd/TST-9.md';
    const uri = t.uris.toUri(file);
    t.host.files[file] = md('---', 'id: TST-9', 'title: Rate', 'method: test', 'verifies: [REQ-1]', '---', 'Body.');
    t.docs.set(uri, t.host.files[file], 1);
    t.ws.documentChanged(uri);
    await t.ws.current();
    expect(t.ws.summary().items).toBe(6);
    delete t.host.files[file];
    t.docs.map.delete(uri);
    t.ws.documentClosed(uri);
    await t.ws.current();
    expect(t.ws.summary().items).toBe(5);
    expect(t.codes(file)).toEqual([]);
  });

  it('a burst of file events is one batch: one indexChanged naming the files', async () => {
    const t = await setUp(cleanWorkspace());
    for (let i = 2; i <= 4; i++) {
      t.host.files[`d/TST-${i}.md`] = md(
        '---',
        `id: TST-${i}`,
        'title: T',
        'method: test',
        'verifies: [REQ-1]',
        '---',
        'Body.',
      );
      t.ws.fileChanged(`d/TST-${i}.md`, 'created');
    }
    await t.ws.current();
    await new Promise((r) => setTimeout(r, 400));
    expect(t.changed.slice(1).map((c) => c.files)).toEqual([['d/TST-2.md', 'd/TST-3.md', 'd/TST-4.md']]);
    expect(t.ws.summary().items).toBe(8);
  });

  it('excluded paths are never read', async () => {
    const t = await setUp(cleanWorkspace());
    t.host.files['node_modules/x/REQ-5.md'] = md('---', 'id: REQ-5', 'title: R', '---');
    const reads = t.host.reads;
    const cached = t.uris.cachedUris;
    for (let i = 0; i < 100; i++) t.ws.fileChanged(`node_modules/x/f-${i}.js`, 'changed');
    t.ws.fileChanged('node_modules/x/REQ-5.md', 'created');
    await t.ws.current();
    expect(t.host.reads).toBe(reads);
    // Nor do they grow the URI cache.
    expect(t.uris.cachedUris).toBe(cached);
    expect(t.ws.summary().items).toBe(5);
  });
});
