// The reviewer's requests through the server: gitText, pinnedVersion, reaffirm, and the impact error data.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction } from 'vscode-languageserver-protocol';
import type { GitTextResult, ImpactResult, PinnedVersionResult } from '../../../src/shared/lspProtocol';
import { buildServer, copyFixture, removeBuild, removeDir, TestClient } from './lspClient';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
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

describe('the review requests', () => {
  let root: string;
  let client: TestClient;
  let commit: string;
  const REQ1 = 'design/requirements/REQ-1.md';

  beforeAll(async () => {
    await buildServer();
    root = copyFixture('server-ws');
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'base');
    commit = git(root, 'rev-parse', 'HEAD').trim();
    client = await TestClient.start(root);
    await client.initialize();
    await client.waitReady();
  }, 120_000);

  afterAll(async () => {
    await client.stop();
    removeDir(root);
  });

  it('tracespine/gitText: a file as the merge base has it, or why not', async () => {
    const r = await client.request<ImpactResult>('tracespine/impact', {});
    expect(r.commit).toBe(commit);
    expect(await client.request<GitTextResult>('tracespine/gitText', { commit, file: REQ1 })).toEqual({
      text: readFileSync(join(root, REQ1), 'utf8'),
    });
    expect(await client.request<GitTextResult>('tracespine/gitText', { commit, file: '../outside.md' })).toEqual({
      text: null,
      notice: 'not a workspace-relative path: ../outside.md',
    });
    await expect(client.request('tracespine/gitText', { commit })).rejects.toThrow(/needs \{ commit/);
  });

  it('tracespine/pinnedVersion: says how far it looked when git lacks the pin', async () => {
    const r = await client.request<PinnedVersionResult>('tracespine/pinnedVersion', {
      target: 'HAZ-1',
      pin: '00000000',
    });
    expect(r).toMatchObject({ commit: null, file: 'design/hazards/HAZ-1.md', searched: 1 });
    expect(r.current).toMatch(/^[0-9a-f]{8}$/);
    expect(
      await client.request<PinnedVersionResult>('tracespine/pinnedVersion', { target: 'NOPE-1', pin: '00000000' }),
    ).toEqual({ commit: null, file: null, current: null, searched: 0 });
  });

  it("tracespine/reaffirm: the suspect link's quick fix, null elsewhere", async () => {
    // `  - HAZ-1@00000000` on line 7 of REQ-1.md: the entry starts at (6, 4).
    const suspect = client.diags(REQ1).find((d) => d.code === 'link.suspect');
    expect(suspect?.range.start).toEqual({ line: 6, character: 4 });
    const current = (
      await client.request<PinnedVersionResult>('tracespine/pinnedVersion', { target: 'HAZ-1', pin: '00000000' })
    ).current!;
    const action = await client.request<CodeAction | null>('tracespine/reaffirm', {
      file: REQ1,
      line: 6,
      character: 4,
    });
    expect(action?.title).toBe(`Re-affirm the link to HAZ-1: pin its current fingerprint ${current}`);
    const edits = action?.edit?.changes?.[client.uri(REQ1)] ?? action?.edit?.documentChanges;
    expect(JSON.stringify(edits)).toContain(
      JSON.stringify({
        range: { start: { line: 6, character: 10 }, end: { line: 6, character: 18 } },
        newText: current,
      }),
    );
    expect(await client.request('tracespine/reaffirm', { file: REQ1, line: 5, character: 4 })).toBeNull();
    expect(
      await client.request('tracespine/reaffirm', { file: 'design/no-such.md', line: 0, character: 0 }),
    ).toBeNull();
    await expect(client.request('tracespine/reaffirm', { file: REQ1, line: -1, character: 0 })).rejects.toThrow(
      /needs \{ file/,
    );
  });

  it("tracespine/impact outside git: the error's data says why", async () => {
    const plain = copyFixture('server-ws');
    const other = await TestClient.start(plain);
    try {
      await other.initialize();
      await other.waitReady();
      await expect(other.request('tracespine/impact', {})).rejects.toMatchObject({ data: { reason: 'notGit' } });
    } finally {
      await other.stop();
      removeDir(plain);
    }
  });
});
