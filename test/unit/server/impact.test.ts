// tracespine/impact through the server: the live index (unsaved editor text included) against git.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGraphData } from '../../../src/shared/protocol';
import type { ImpactResult } from '../../../src/shared/lspProtocol';
import { buildServer, copyFixture, removeBuild, removeDir, TestClient } from './lspClient';

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, {
    cwd,
    stdio: 'ignore',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@e',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@e',
      GIT_CONFIG_GLOBAL: '/dev/null',
    },
  });
}

afterAll(removeBuild);

describe('tracespine/impact', () => {
  let root: string;
  let client: TestClient;

  beforeAll(async () => {
    await buildServer();
    root = copyFixture('server-ws');
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'base');
    client = await TestClient.start(root);
    await client.initialize();
    await client.waitReady();
  }, 120_000);

  afterAll(async () => {
    await client.stop();
    removeDir(root);
  });

  it('compares the live index, unsaved edits included, with the merge base', async () => {
    const file = 'design/requirements/REQ-2.md';
    const text =
      '---\nid: REQ-2\ntitle: Occlusion alarm\nstatus: approved\nderives_from: [UN-1]\n---\nThe pump shall raise an audible alarm within 10 s of a downstream occlusion.\n';
    await client.open(file, text);
    const r = await client.request<ImpactResult>('tracespine/impact', {});
    expect(r.base).toBe('main');
    expect(r.bases).toContain('main');
    expect(isGraphData(r.data)).toBe(true);
    expect(r.data.nodes.find((n) => n.id === 'REQ-2')).toMatchObject({ change: 'modified' });
    expect(r.review[0]).toMatchObject({ id: 'REQ-2', reason: 'modified' });
    expect(r.data.kinds.find((k) => k.kind === 'hazard')?.rank).toBe(1);
    await expect(client.request('tracespine/impact', { base: 'no-such-branch' })).rejects.toThrow(/no-such-branch/);
  });

  it('answers an error outside a git repository', async () => {
    const plain = copyFixture('server-ws');
    const other = await TestClient.start(plain);
    try {
      await other.initialize();
      await other.waitReady();
      await expect(other.request('tracespine/impact', {})).rejects.toThrow(/not a git repository/);
    } finally {
      await other.stop();
      removeDir(plain);
    }
  });
});
