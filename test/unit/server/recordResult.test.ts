import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, removeBuild, removeDir, TestClient } from './lspClient';

const TST = '---\nid: TST-5\ntitle: Rate bench test\nverifies: [REQ-1]\n---\n';

beforeAll(async () => {
  await buildServer();
}, 120_000);
afterAll(removeBuild);

describe('language server: Record Test Result (tracespine/recordContext, tracespine/recordTemplate)', () => {
  let root: string;
  let client: TestClient;
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' } });

  beforeAll(async () => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'ts-record-')));
    writeFileSync(join(root, 'tracespine.yaml'), 'evidence:\n  results: ["test-results/*.xml"]\n');
    mkdirSync(join(root, 'design/records'), { recursive: true });
    writeFileSync(join(root, 'design/REQ-1.md'), '---\nid: REQ-1\ntitle: Rate limit\n---\n');
    writeFileSync(join(root, 'design/TST-5.md'), TST);
    writeFileSync(
      join(root, 'design/records/TR-007.md'),
      '---\nid: TR-007\ntitle: Old run\nexecutes: [TST-5]\nresult: fail\nexecuted_at: "2026-01-01T00:00:00Z"\n---\n',
    );
    git('init', '-q');
    git('config', 'user.name', 'Ada Lovelace');
    git('config', 'user.email', 'ada@example.com');
    git('add', '.');
    git('commit', '-q', '-m', 'design');
    git('tag', 'v2.3.0');
    client = await TestClient.start(root);
    await client.initialize();
    await client.waitReady();
  });

  afterAll(async () => {
    expect(await client.stop()).toBe(0);
    removeDir(root);
  });

  it('offers the tests, the results, the active test and git’s defaults', async () => {
    const ctx = await client.request('tracespine/recordContext', { uri: client.uri('design/records/TR-007.md') });
    expect(ctx).toEqual({
      evidence: true,
      tests: [{ id: 'TST-5', title: 'Rate bench test', file: 'design/TST-5.md', line: 1 }],
      results: ['pass', 'fail', 'blocked'],
      active: 'TST-5',
      version: 'v2.3.0',
      executedBy: 'Ada Lovelace <ada@example.com>',
    });
  });

  it('gives the next record, pinned to the test’s fingerprint, stamped now', async () => {
    const before = Date.now();
    const r = await client.request<{ id: string; file: string; text: string }>('tracespine/recordTemplate', {
      test: 'TST-5',
      result: 'pass',
      version: 'v2.3.0',
      executedBy: 'Ada Lovelace <ada@example.com>',
    });
    expect(r.id).toBe('TR-008');
    expect(r.file).toBe('design/records/TR-008.md');
    const fp = /executes: \[TST-5@([0-9a-f]{8})\]/.exec(r.text)?.[1];
    expect(fp).toMatch(/^[0-9a-f]{8}$/);
    const at = /executed_at: "(.*)"/.exec(r.text)![1]!;
    expect(at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(at)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(r.text).toContain('\nresult: pass\nexecuted_by: Ada Lovelace <ada@example.com>\n');
    // The pin is the fingerprint the engine computes: written, the record is TST-5's fresh manual result.
    writeFileSync(join(root, r.file), r.text);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(r.file), type: 1 }] });
    const deadline = Date.now() + 5000;
    let titles: string[] = [];
    while (Date.now() < deadline) {
      const lenses = await client.request<{ command?: { title: string } }[]>('textDocument/codeLens', {
        textDocument: { uri: client.uri('design/TST-5.md') },
      });
      titles = lenses.map((l) => l.command?.title ?? '');
      if (titles.some((t) => t.startsWith('verified by TST-5 ✓ passed'))) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    expect(titles.filter((t) => t.startsWith('verified by'))).toEqual([
      expect.stringMatching(/^verified by TST-5 ✓ passed/),
    ]);
  });

  it('refuses an unknown test or result, with the reason', async () => {
    await expect(client.request('tracespine/recordTemplate', { test: 'REQ-1', result: 'pass' })).rejects.toThrow(
      /REQ-1 is not a live test that a record may execute/,
    );
    await expect(client.request('tracespine/recordTemplate', { test: 'TST-5', result: 'ok' })).rejects.toThrow(
      /'ok' is not a result a record may have \(pass, fail, blocked\)/,
    );
  });
});
