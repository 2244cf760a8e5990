// The reviewer's list and what its diffs read from git, on real temporary repositories.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewList } from '../../../src/core/impact/review';
import { analyzeImpact, impactView } from '../../../src/node/impact';
import { findPinnedVersion, gitBlobText } from '../../../src/node/review';
import { isReviewCodeEntry, isReviewEntry } from '../../../src/shared/protocol';
import { cleanup, fixture, goldenScenario, isolateGit, md, Repo, tempDir } from './repo';

beforeAll(isolateGit);
afterAll(cleanup);

describe('reviewList: changed, impacted and upstream items, then the code to re-check', () => {
  let repo: Repo;
  let basePin = '';
  beforeAll(async () => {
    repo = goldenScenario();
    // REQ-2 was reviewed against REQ-1 as the base has it: the pin is suspect on the branch.
    basePin = (await analyzeImpact({ root: repo.dir, base: 'main' })).baseIndex.resolve('REQ-1')!.fingerprint;
    repo.edit('design/reqs/REQ-2.md', 'derives_from: [REQ-1]', `derives_from: ["REQ-1@${basePin}"]`);
  });

  it('groups the entries, gives the base file of each and the suspect links with their positions', async () => {
    const head = await analyzeImpact({ root: repo.dir });
    // As the language server computes it: the live index as head, every base file read.
    const a = await analyzeImpact({ root: repo.dir, headIndex: head.headIndex });
    const { entries, code } = reviewList(a.headIndex, a.baseIndex, a.report);
    expect(entries.every(isReviewEntry)).toBe(true);
    expect(entries.map((e) => `${e.group} ${e.id} ${e.change ?? '-'} ${e.baseFile ?? '-'} ${e.file}`)).toEqual([
      'changed REQ-1 modified design/reqs/REQ-1.md design/reqs/REQ-1.md',
      'changed REQ-3 deleted design/reqs/REQ-3.md design/reqs/REQ-3.md',
      'changed REQ-4 added - design/reqs/REQ-4.md',
      'changed REQ-10 relinked design/reqs/REQ-10.md design/reqs/REQ-10.md',
      'impacted REQ-2 - design/reqs/REQ-2.md design/reqs/REQ-2.md',
      'impacted TST-1 - design/tests/TST-1.md design/tests/TST-1.md',
      'impacted TST-3 - design/tests/TST-3.md design/tests/TST-3.md',
      'impacted TST-10 - design/tests/TST-10.md design/tests/TST-10.md',
      'impacted TST-2 - design/tests/TST-2.md design/tests/TST-2.md',
      'upstream HAZ-1 - design/hazards/HAZ-1.md design/hazards/HAZ-1.md',
      'upstream UN-1 - design/needs/UN-1.md design/needs/UN-1.md',
      'upstream UN-2 - design/needs/UN-2.md design/needs/UN-2.md',
    ]);
    const current = a.headIndex.resolve('REQ-1')!.fingerprint;
    expect(current).not.toBe(basePin);
    // Line 3, after `derives_from: [`: where the link.suspect finding and its quick fix are.
    expect(entries.find((e) => e.id === 'REQ-2')!.suspect).toEqual([
      { type: 'derives_from', target: 'REQ-1', pin: basePin, current, line: 3, character: 15 },
    ]);
    expect(entries.filter((e) => e.suspect).map((e) => e.id)).toEqual(['REQ-2']);
    // Every code file `tracespine impact` lists, once: changed tags and tags of changed or impacted items.
    expect(code.every(isReviewCodeEntry)).toBe(true);
    expect(code).toEqual([
      {
        file: 'src/alarm.c',
        line: 0,
        tagsChanged: [],
        tags: ['REQ-3'],
        depth: 1,
        inBase: true,
        inHead: true,
        reason: 'tags REQ-3 (deleted)',
      },
      {
        file: 'src/rate.c',
        line: 0,
        tagsChanged: [],
        tags: ['REQ-1', 'REQ-2'],
        depth: 1,
        inBase: true,
        inHead: true,
        reason: 'tags REQ-1 (modified), REQ-2',
      },
      {
        file: 'tests/test_rate.c',
        line: 0,
        tagsChanged: ['REQ-10'],
        tags: ['REQ-1', 'REQ-10'],
        depth: 1,
        inBase: true,
        inHead: true,
        reason: 'trace tags changed: REQ-10; tags REQ-1 (modified), REQ-10 (relinked)',
      },
    ]);
    expect(code.map((c) => c.file)).toEqual(
      [...new Set([...a.report.code, ...a.report.impactedCode].map((c) => c.file))].sort(),
    );
  });

  it('impactView carries the grouped list, the code files and the merge base', async () => {
    const v = await impactView({ root: repo.dir });
    const mergeBase = repo.git('merge-base', 'main', 'HEAD').trim();
    expect(v.base).toBe('main');
    expect(v.commit).toBe(mergeBase);
    expect(v.review.map((r) => `${r.group} ${r.id}`).slice(0, 5)).toEqual([
      'changed REQ-1',
      'changed REQ-3',
      'changed REQ-4',
      'changed REQ-10',
      'impacted REQ-2',
    ]);
    expect(v.code?.map((c) => c.file)).toEqual(['src/alarm.c', 'src/rate.c', 'tests/test_rate.c']);
    // Another base: the base shown is the one in use.
    repo.git('branch', '-f', 'release', 'HEAD');
    const other = await impactView({ root: repo.dir, base: 'release' });
    expect(other.base).toBe('release');
    expect(other.commit).toBe(repo.git('rev-parse', 'HEAD').trim());
    expect(other.code).toEqual([]);
  });
});

describe('impact errors say when git is missing from the picture', () => {
  it('no repository, a repository without a commit, another failure', async () => {
    const plain = tempDir();
    await expect(impactView({ root: plain })).rejects.toMatchObject({ reason: 'notGit' });
    const empty = tempDir();
    new Repo(empty).git('init', '-q', '-b', 'main');
    await expect(impactView({ root: empty })).rejects.toMatchObject({
      message: 'the repository has no commit yet: nothing to compare with',
      reason: 'noCommit',
    });
    const repo = Repo.init(fixture());
    await expect(impactView({ root: repo.dir, base: 'nope' })).rejects.toMatchObject({ reason: undefined });
  });
});

describe('gitBlobText: a file as a commit has it', () => {
  let repo: Repo;
  let baseline = '';
  beforeAll(() => {
    repo = Repo.init(fixture());
    baseline = repo.git('rev-parse', 'HEAD').trim();
    repo.edit('design/reqs/REQ-1.md', '999 mL/h', '1200 mL/h');
    repo.commit('faster');
  });

  it('reads the commit, not the working tree; from a subdirectory too', async () => {
    const original = fixture()['design/reqs/REQ-1.md']!;
    expect(await gitBlobText(repo.dir, baseline, 'design/reqs/REQ-1.md')).toEqual({ text: original });
    expect(await gitBlobText(`${repo.dir}/design`, baseline, 'reqs/REQ-1.md')).toEqual({ text: original });
  });

  it('says why it has no text, never throws', async () => {
    expect(await gitBlobText(repo.dir, baseline, 'design/reqs/REQ-99.md')).toEqual({
      notice: `design/reqs/REQ-99.md is not in commit ${baseline.slice(0, 12)}`,
      missing: true,
    });
    expect(await gitBlobText(repo.dir, 'main', 'design/reqs/REQ-1.md')).toEqual({ notice: 'not a commit ID: main' });
    expect(await gitBlobText(repo.dir, baseline, '../etc/passwd')).toEqual({
      notice: 'not a workspace-relative path: ../etc/passwd',
    });
    expect((await gitBlobText(repo.dir, 'f'.repeat(40), 'design/reqs/REQ-1.md')).notice).toMatch(/not in commit f{12}/);
  });
});

describe('findPinnedVersion: the text an item had at a pinned fingerprint', () => {
  let repo: Repo;
  const commits: string[] = [];
  const fps: string[] = [];
  const config = async (): Promise<Awaited<ReturnType<typeof analyzeImpact>>['config']> =>
    (await analyzeImpact({ root: repo.dir, base: 'HEAD' })).config;
  const fingerprint = async (): Promise<string> =>
    (await analyzeImpact({ root: repo.dir, base: 'HEAD' })).headIndex.resolve('REQ-1')!.fingerprint;

  beforeAll(async () => {
    repo = Repo.init(fixture());
    commits.push(repo.git('rev-parse', 'HEAD').trim());
    fps.push(await fingerprint());
    repo.edit('design/reqs/REQ-1.md', '999 mL/h', '1200 mL/h');
    commits.push(repo.commit('faster'));
    fps.push(await fingerprint());
    // Status is not part of the fingerprint: the newest commit with the pin is this one.
    repo.edit('design/reqs/REQ-1.md', 'status: approved', 'status: review');
    commits.push(repo.commit('status only'));
    repo.edit('design/reqs/REQ-1.md', '1200 mL/h', '1500 mL/h');
    repo.commit('faster still');
  });

  it('walks the file history, newest first, to the version with the pin', async () => {
    const c = await config();
    const first = await findPinnedVersion(repo.dir, c, 'REQ-1', 'design/reqs/REQ-1.md', fps[0]!);
    expect(first).toEqual({
      found: { commit: commits[0], file: 'design/reqs/REQ-1.md', text: fixture()['design/reqs/REQ-1.md'] },
      searched: 4,
    });
    const second = await findPinnedVersion(repo.dir, c, 'REQ-1', 'design/reqs/REQ-1.md', fps[1]!);
    expect(second.found?.commit).toBe(commits[2]);
    expect(second.found?.text).toContain('status: review');
    expect(second.found?.text).toContain('1200 mL/h');
  });

  it('is bounded, and says how far it looked when git does not have the pin', async () => {
    const c = await config();
    expect(await findPinnedVersion(repo.dir, c, 'REQ-1', 'design/reqs/REQ-1.md', 'deadbeef')).toEqual({
      searched: 4,
    });
    expect(await findPinnedVersion(repo.dir, c, 'REQ-1', 'design/reqs/REQ-1.md', fps[0]!, 2)).toEqual({ searched: 2 });
    expect(await findPinnedVersion(repo.dir, c, 'REQ-1', 'design/reqs/REQ-1.md', 'nothex!!')).toEqual({ searched: 0 });
    expect(await findPinnedVersion(repo.dir, c, 'REQ-1', '../x.md', fps[0]!)).toEqual({ searched: 0 });
  });

  it('finds a pin made on another branch', async () => {
    repo.git('checkout', '-q', '-b', 'side', commits[0]!);
    repo.write('design/reqs/REQ-1.md', md('---', 'id: REQ-1', 'title: Maximum rate', '---', 'Side text.'));
    const side = repo.commit('side');
    const sideFp = await fingerprint();
    repo.git('checkout', '-q', 'main');
    const r = await findPinnedVersion(repo.dir, await config(), 'REQ-1', 'design/reqs/REQ-1.md', sideFp);
    expect(r.found?.commit).toBe(side);
  });
});
