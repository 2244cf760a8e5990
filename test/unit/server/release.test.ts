// The matrix and release-packet requests through the server (what the editor's commands send).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMatrix } from '../../../src/cli/matrix';
import type { BuildReleaseResult, MatrixResult, ReleaseRefsResult } from '../../../src/shared/releaseProtocol';
import { buildServer, copyFixture, removeBuild, removeDir, TestClient } from './lspClient';

function git(cwd: string, ...args: string[]): void {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@e',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@e',
    GIT_CONFIG_GLOBAL: '/dev/null',
  };
  execFileSync('git', args, { cwd, stdio: 'ignore', env });
}

afterAll(removeBuild);

describe('tracespine/matrix, exportMatrix, releaseRefs, buildRelease', () => {
  let root: string;
  let client: TestClient;

  beforeAll(async () => {
    await buildServer();
    root = copyFixture('server-ws');
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'base');
    git(root, 'tag', 'v1');
    client = await TestClient.start(root);
    await client.initialize();
    await client.waitReady();
  }, 120_000);

  afterAll(async () => {
    await client.stop();
    removeDir(root);
  });

  it('gives the live matrix, the same rows as tracespine matrix; rejects an unknown view', async () => {
    const r = await client.request<MatrixResult>('tracespine/matrix', { view: 'links' });
    const csv = (await runMatrix([root, '--format', 'json'])).stdout;
    const fromCli = JSON.parse(csv) as { columns: string[]; rows: Record<string, string>[] };
    expect(r.columns).toEqual(fromCli.columns);
    expect(r.rows).toEqual(fromCli.rows.map((row) => fromCli.columns.map((c) => row[c])));
    await expect(client.request('tracespine/matrix', { view: 'tests' })).rejects.toThrow(/view must be/);
  });

  it('exports a view to a new file, never over one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-export-'));
    const out = join(dir, 'm.csv');
    await client.request('tracespine/exportMatrix', { view: 'links', format: 'csv', out });
    expect(readFileSync(out, 'utf8')).toBe((await runMatrix([root])).stdout);
    writeFileSync(out, 'mine');
    await expect(client.request('tracespine/exportMatrix', { view: 'links', format: 'csv', out })).rejects.toThrow(
      /never written over/,
    );
    expect(readFileSync(out, 'utf8')).toBe('mine');
  });

  it('lists the refs and builds the packet through the CLI, as CI does', async () => {
    expect(await client.request<ReleaseRefsResult>('tracespine/releaseRefs')).toEqual({
      tags: ['v1'],
      branches: ['main'],
    });
    const out = join(mkdtempSync(join(tmpdir(), 'ts-packet-')), 'packet');
    const r = await client.request<BuildReleaseResult>('tracespine/buildRelease', { ref: 'v1', out, version: 'v1' });
    expect([0, 1]).toContain(r.exitCode);
    expect(r.record).toBe(join(out, 'index.html'));
    expect(r.message).toMatch(/^wrote .*packet\/: 10 files/);
    expect(existsSync(join(out, 'SHA256SUMS'))).toBe(true);
    const again = await client.request<BuildReleaseResult>('tracespine/buildRelease', { ref: 'v1', out });
    expect(again.exitCode).toBe(2);
    expect(again.message).toMatch(/not empty/);
    await expect(client.request('tracespine/buildRelease', { ref: '--upload-pack=x', out })).rejects.toThrow(
      /must be ref names/,
    );
  });
});
