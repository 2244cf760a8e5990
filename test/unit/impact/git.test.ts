import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/core/engine';
import { loadConfig } from '../../../src/core/config/load';
import { MemoryHost } from '../memoryHost';
import { analyzeImpact, computeImpact, defaultBase, ImpactError, listBases } from '../../../src/node/impact';
import { brief, NOTHING } from './helpers';
import { cleanup, fixture, goldenScenario, isolateGit, md, Repo, tempDir } from './repo';
import { NodeFsHost } from '../../../src/node/fsHost';
import type { ImpactReport } from '../../../src/core/impact/types';

beforeAll(isolateGit);
afterAll(cleanup);

/** The fixture committed on main, and a `feature` branch checked out. */
function featureRepo(files = fixture()): Repo {
  const repo = Repo.init(files);
  repo.git('checkout', '-q', '-b', 'feature');
  return repo;
}

describe('computeImpact: what changed and what it impacts', () => {
  it('a modified requirement: its tests and dependents impacted, its need and hazard upstream, its code to re-check', async () => {
    const repo = featureRepo();
    repo.edit('design/reqs/REQ-1.md', '999 mL/h', '1200 mL/h');
    repo.commit('raise the limit');
    const r = await computeImpact({ root: repo.dir });
    expect(brief(r)).toEqual({
      changed: ['modified REQ-1 design/reqs/REQ-1.md'],
      impacted: ['REQ-2 d1 REQ-1>REQ-2', 'TST-1 d1 REQ-1>TST-1', 'TST-2 d2 REQ-1>REQ-2>TST-2'],
      upstream: ['HAZ-1 REQ-1>HAZ-1', 'UN-1 REQ-1>UN-1'],
      code: [],
      impactedCode: ['src/rate.c: REQ-1,REQ-2 d1', 'tests/test_rate.c: REQ-1 d1'],
    });
    expect(r.version).toBe(1);
    expect(r.base).toEqual({ ref: 'main', commit: repo.git('rev-parse', 'main').trim() });
    expect(r.head).toEqual({ ref: 'WORKTREE', commit: null });
    expect(r.changed[0]).toEqual({
      id: 'REQ-1',
      kind: 'requirement',
      change: 'modified',
      file: 'design/reqs/REQ-1.md',
      title: 'Maximum rate',
    });
    expect(r.impacted[2]).toEqual({
      id: 'TST-2',
      kind: 'test',
      file: 'design/tests/TST-2.md',
      title: 'Limit shown',
      via: ['REQ-1', 'REQ-2', 'TST-2'],
      depth: 2,
    });
    expect(r.upstream[0]).toEqual({
      id: 'HAZ-1',
      kind: 'hazard',
      file: 'design/hazards/HAZ-1.md',
      title: 'Over-infusion',
      via: ['REQ-1', 'HAZ-1'],
    });
  });

  it('a modified need: the requirements deriving from it and their tests, transitively, in natural ID order with depth', async () => {
    const repo = featureRepo();
    repo.edit('design/needs/UN-1.md', 'title: Safe infusion rate', 'title: Safe and accurate infusion rate');
    repo.commit('retitle UN-1');
    expect(brief(await computeImpact({ root: repo.dir }))).toEqual({
      changed: ['modified UN-1 design/needs/UN-1.md'],
      impacted: [
        'REQ-1 d1 UN-1>REQ-1',
        'REQ-2 d2 UN-1>REQ-1>REQ-2',
        'REQ-10 d1 UN-1>REQ-10',
        'TST-1 d2 UN-1>REQ-1>TST-1',
        'TST-2 d3 UN-1>REQ-1>REQ-2>TST-2',
        'TST-10 d2 UN-1>REQ-10>TST-10',
        'VAL-1 d1 UN-1>VAL-1',
      ],
      upstream: [],
      code: [],
      impactedCode: ['src/rate.c: REQ-1,REQ-2 d2', 'tests/test_rate.c: REQ-1 d2'],
    });
  });

  it("a hazard's fingerprint field (severity) is a modification; the requirement mitigating it is impacted", async () => {
    const repo = featureRepo();
    repo.edit('design/hazards/HAZ-1.md', 'severity: serious', 'severity: critical');
    repo.commit('reassess HAZ-1');
    const r = brief(await computeImpact({ root: repo.dir }));
    expect(r.changed).toEqual(['modified HAZ-1 design/hazards/HAZ-1.md']);
    expect(r.impacted).toEqual([
      'REQ-1 d1 HAZ-1>REQ-1',
      'REQ-2 d2 HAZ-1>REQ-1>REQ-2',
      'TST-1 d2 HAZ-1>REQ-1>TST-1',
      'TST-2 d3 HAZ-1>REQ-1>REQ-2>TST-2',
    ]);
  });

  it('an added item: its upstream to re-check, nothing impacted', async () => {
    const repo = featureRepo();
    repo.write(
      'design/reqs/REQ-4.md',
      md(
        '---',
        'id: REQ-4',
        'title: Free-flow protection',
        'derives_from: [UN-2]',
        'mitigates: [HAZ-1]',
        '---',
        'The pump shall prevent free flow.',
      ),
    );
    repo.commit('add REQ-4');
    expect(brief(await computeImpact({ root: repo.dir }))).toEqual({
      ...NOTHING,
      changed: ['added REQ-4 design/reqs/REQ-4.md'],
      upstream: ['HAZ-1 REQ-4>HAZ-1', 'UN-2 REQ-4>UN-2'],
    });
  });

  it('a deleted item: taken from the base; the items and code that still link to it are impacted, its old upstream re-checked', async () => {
    const repo = featureRepo();
    repo.remove('design/reqs/REQ-3.md');
    repo.commit('drop REQ-3');
    const r = await computeImpact({ root: repo.dir });
    expect(brief(r)).toEqual({
      changed: ['deleted REQ-3 design/reqs/REQ-3.md'],
      impacted: ['TST-3 d1 REQ-3>TST-3'],
      upstream: ['UN-2 REQ-3>UN-2'],
      code: [],
      impactedCode: ['src/alarm.c: REQ-3 d1'],
    });
    expect(r.changed[0]!.title).toBe('Occlusion alarm');
  });

  it('a relink only: relinked, with both the old and the new target upstream', async () => {
    const repo = featureRepo();
    repo.edit('design/reqs/REQ-3.md', 'derives_from: [UN-2]', 'derives_from: [UN-1]');
    repo.commit('relink REQ-3');
    expect(brief(await computeImpact({ root: repo.dir }))).toEqual({
      changed: ['relinked REQ-3 design/reqs/REQ-3.md'],
      impacted: ['TST-3 d1 REQ-3>TST-3'],
      upstream: ['UN-1 REQ-3>UN-1', 'UN-2 REQ-3>UN-2'],
      code: [],
      impactedCode: ['src/alarm.c: REQ-3 d1'],
    });
  });

  it('a pin added, links reordered or written as a block list: no change', async () => {
    const repo = featureRepo();
    repo.edit(
      'design/reqs/REQ-1.md',
      'derives_from: [UN-1]\nmitigates: [HAZ-1]',
      'mitigates:\n  - HAZ-1@0badc0de\nderives_from:\n  - UN-1\n  - UN-1',
    );
    repo.commit('pin');
    expect(brief(await computeImpact({ root: repo.dir }))).toEqual(NOTHING);
  });

  it('a file renamed with the same ID and content: no change; renamed and edited: modified at its new path', async () => {
    const repo = featureRepo();
    repo.write('design/requirements/display-limit.md', repo.read('design/reqs/REQ-2.md'));
    repo.remove('design/reqs/REQ-2.md');
    repo.commit('move REQ-2');
    expect(repo.git('show', '--name-status', '--format=', 'HEAD')).toMatch(/^R100\s/);
    expect(brief(await computeImpact({ root: repo.dir }))).toEqual(NOTHING);
    repo.edit('design/requirements/display-limit.md', 'maximum rate', 'maximum rate in mL/h');
    expect(brief(await computeImpact({ root: repo.dir })).changed).toEqual([
      'modified REQ-2 design/requirements/display-limit.md',
    ]);
  });

  it('CRLF line endings only, or trailing whitespace only: no change', async () => {
    const repo = featureRepo();
    repo.write('design/reqs/REQ-1.md', repo.read('design/reqs/REQ-1.md').replace(/\n/g, '\r\n'));
    repo.write('design/needs/UN-2.md', repo.read('design/needs/UN-2.md').replace('blocked.', 'blocked.  \t') + '\n\n');
    repo.write('src/alarm.c', repo.read('src/alarm.c').replace(/\n/g, '\r\n'));
    repo.commit('line endings');
    expect(repo.git('diff', '--stat', 'main', 'HEAD')).toMatch(/3 files changed/);
    expect(brief(await computeImpact({ root: repo.dir }))).toEqual(NOTHING);
  });

  it('uncommitted and untracked edits count by default (head = working tree), not with head HEAD', async () => {
    const repo = featureRepo();
    repo.edit('design/reqs/REQ-1.md', '999 mL/h', '1200 mL/h');
    const committed = repo.commit('raise the limit');
    repo.edit('design/needs/UN-2.md', 'blocked', 'occluded');
    repo.write(
      'design/reqs/REQ-11.md',
      md('---', 'id: REQ-11', 'title: Draft', 'derives_from: [UN-2]', '---', 'Draft.'),
    );
    const worktree = await computeImpact({ root: repo.dir });
    expect(worktree.head).toEqual({ ref: 'WORKTREE', commit: null });
    expect(brief(worktree).changed).toEqual([
      'modified REQ-1 design/reqs/REQ-1.md',
      'added REQ-11 design/reqs/REQ-11.md',
      'modified UN-2 design/needs/UN-2.md',
    ]);
    const head = await computeImpact({ root: repo.dir, head: 'HEAD' });
    expect(head.head).toEqual({ ref: 'HEAD', commit: committed });
    expect(brief(head).changed).toEqual(['modified REQ-1 design/reqs/REQ-1.md']);
    // Any commit-ish as head, and as base.
    const back = await computeImpact({ root: repo.dir, base: 'main', head: 'HEAD~1' });
    expect(brief(back)).toEqual(NOTHING);
  });

  it('code tags added in .c files, and a tag changed from @implements to @verifies: listed with the IDs whose tags changed', async () => {
    const repo = featureRepo();
    repo.write(
      'tests/test_rate.c',
      `${repo.read('tests/test_rate.c')}// @verifies REQ-3, REQ-10\nvoid test_alarm(void) {}\n`,
    );
    repo.write('src/bolus.c', md('/* @implements REQ-10 */', 'void bolus(void) {}'));
    repo.edit('src/alarm.c', '@implements REQ-3', '@verifies REQ-3');
    repo.commit('tags');
    const r = await computeImpact({ root: repo.dir });
    expect(brief(r)).toEqual({
      ...NOTHING,
      code: ['src/alarm.c: REQ-3', 'src/bolus.c: REQ-10', 'tests/test_rate.c: REQ-3,REQ-10'],
    });
  });

  it('blobs of every size through one cat-file stream: empty, large (chunk boundaries), binary and non-UTF-8 ones with notices', async () => {
    const big = (word: string): string =>
      md(
        '---',
        'id: REQ-20',
        'title: Big',
        'derives_from: [UN-1]',
        '---',
        ...Array.from({ length: 6000 }, (_, i) => `${word} line ${i} of a long requirement text.`),
      );
    const repo = Repo.init({
      ...fixture(),
      'design/empty.md': '',
      'design/reqs/REQ-20.md': big('First'),
      'src/blob.c': 'int x;\0\0// @implements REQ-1\n',
    });
    writeFileSync(join(repo.dir, 'src/latin1.c'), Buffer.from('// caf\xe9 @implements REQ-2\n', 'latin1'));
    repo.commit('latin-1');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('design/reqs/REQ-20.md', big('Second'));
    const a = await analyzeImpact({ root: repo.dir });
    expect(brief(a.report)).toEqual({
      ...NOTHING,
      changed: ['modified REQ-20 design/reqs/REQ-20.md'],
      impacted: [],
      upstream: ['UN-1 REQ-20>UN-1'],
    });
    expect(a.notices.map((n) => `${n.file}: ${n.message}`)).toEqual([
      'src/blob.c: binary file (contains NUL bytes); skipped',
      'src/latin1.c: not valid UTF-8: invalid bytes were read as U+FFFD',
      'src/blob.c: in base main: binary file (contains NUL bytes); skipped',
      'src/latin1.c: in base main: not valid UTF-8: invalid bytes were read as U+FFFD',
    ]);
    expect(a.baseIndex.get('src/latin1.c')?.tags.map((t) => t.id)).toEqual(['REQ-2']);
  });

  it('obsolete dependents are neither impacted nor followed', async () => {
    const repo = featureRepo();
    repo.edit('design/reqs/REQ-2.md', 'title: Rate limit display', 'title: Rate limit display\nstatus: obsolete');
    repo.commit('retire REQ-2');
    // A status change alone is no change (status is not part of the fingerprint).
    expect(brief(await computeImpact({ root: repo.dir }))).toEqual(NOTHING);
    repo.edit('design/reqs/REQ-1.md', '999', '1000');
    expect(brief(await computeImpact({ root: repo.dir })).impacted).toEqual(['TST-1 d1 REQ-1>TST-1']);
  });

  it('ROOT in a subdirectory: paths relative to ROOT, files outside it ignored', async () => {
    const files: Record<string, string> = {
      'other/REQ-99.md': md('---', 'id: REQ-99', 'title: Elsewhere', '---', 'x'),
    };
    for (const [p, t] of Object.entries(fixture())) files[`product/${p}`] = t;
    const repo = featureRepo(files);
    repo.edit('product/design/reqs/REQ-3.md', '30 s', '20 s');
    repo.edit('other/REQ-99.md', 'x', 'y');
    repo.commit('both');
    const r = brief(await computeImpact({ root: `${repo.dir}/product` }));
    expect(r.changed).toEqual(['modified REQ-3 design/reqs/REQ-3.md']);
    expect(r.impactedCode).toEqual(['src/alarm.c: REQ-3 d1']);
  });

  it("the head side's tracespine.yaml selects files on both sides; --config replaces it", async () => {
    const repo = Repo.init({
      ...fixture(),
      'drafts/REQ-50.md': md('---', 'id: REQ-50', 'title: Old draft', '---', 'x'),
    });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('tracespine.yaml', 'items: ["design/**/*.md"]\n');
    repo.edit('design/reqs/REQ-3.md', '30 s', '20 s');
    repo.edit('drafts/REQ-50.md', 'x', 'y');
    repo.commit('config');
    // REQ-50 is outside head's item globs: read on neither side.
    expect(brief(await computeImpact({ root: repo.dir })).changed).toEqual(['modified REQ-3 design/reqs/REQ-3.md']);
    // Without tracespine.yaml in the working tree (uncommitted), the defaults apply to both sides...
    repo.remove('tracespine.yaml');
    expect(brief(await computeImpact({ root: repo.dir })).changed).toEqual([
      'modified REQ-3 design/reqs/REQ-3.md',
      'modified REQ-50 drafts/REQ-50.md',
    ]);
    // ...while with --head, tracespine.yaml is read from that commit.
    expect(brief(await computeImpact({ root: repo.dir, head: 'HEAD' })).changed).toEqual([
      'modified REQ-3 design/reqs/REQ-3.md',
    ]);
    const narrow = loadConfig('items: ["design/tests/**/*.md"]\n').config;
    expect(brief(await computeImpact({ root: repo.dir, config: narrow })).changed).toEqual([]);
  });

  it('headIndex: live editor state as head instead of the working tree', async () => {
    const repo = featureRepo();
    const files = fixture();
    files['design/reqs/REQ-10.md'] = files['design/reqs/REQ-10.md']!.replace('on request', 'within 2 s of a request');
    const config = loadConfig(undefined).config;
    const { index } = await buildIndex(new MemoryHost(files), config);
    const r = await computeImpact({ root: repo.dir, headIndex: index });
    expect(brief(r)).toEqual({
      ...NOTHING,
      changed: ['modified REQ-10 design/reqs/REQ-10.md'],
      impacted: ['TST-10 d1 REQ-10>TST-10'],
      upstream: ['UN-1 REQ-10>UN-1'],
    });
    expect(r.head).toEqual({ ref: 'WORKTREE', commit: null });
  });
});

describe('only differing files are compared: the same report as comparing full indexes', () => {
  /** The report through the working tree (differing files only) and through a full head index (everything compared). */
  async function both(repo: Repo): Promise<[ImpactReport, ImpactReport]> {
    const partial = await computeImpact({ root: repo.dir });
    const config = loadConfig(undefined).config;
    const { index } = await buildIndex(new NodeFsHost(repo.dir), config);
    return [partial, await computeImpact({ root: repo.dir, headIndex: index })];
  }

  it('the golden scenario', async () => {
    const [partial, full] = await both(goldenScenario());
    expect(partial).toEqual(full);
    expect(partial.changed).toHaveLength(4);
  });

  it('duplicate IDs: an unchanged definition still resolves first; a new one sorting first is what head resolves', async () => {
    const repo = featureRepo({
      ...fixture(),
      'design/a/REQ-5.md': md('---', 'id: REQ-5', 'title: Five', 'derives_from: [UN-1]', '---', 'Five.'),
    });
    repo.write(
      'design/z/REQ-5.md',
      md('---', 'id: REQ-5', 'title: Five again', 'derives_from: [UN-2]', '---', 'Other.'),
    );
    let [partial, full] = await both(repo);
    expect(partial).toEqual(full);
    expect(brief(partial)).toEqual(NOTHING);
    repo.write('design/0/REQ-5.md', md('---', 'id: REQ-5', 'title: Five', 'derives_from: [UN-2]', '---', 'Five.'));
    [partial, full] = await both(repo);
    expect(partial).toEqual(full);
    expect(brief(partial)).toEqual({
      ...NOTHING,
      changed: ['relinked REQ-5 design/0/REQ-5.md'],
      upstream: ['UN-1 REQ-5>UN-1', 'UN-2 REQ-5>UN-2'],
    });
  });

  it('a file copied, an item moved into a file that defined another', async () => {
    const repo = featureRepo();
    repo.write('design/copy/REQ-1.md', repo.read('design/reqs/REQ-1.md'));
    repo.write('design/reqs/REQ-2.md', repo.read('design/reqs/REQ-10.md'));
    repo.remove('design/reqs/REQ-10.md');
    const [partial, full] = await both(repo);
    expect(partial).toEqual(full);
    expect(brief(partial).changed).toEqual(['deleted REQ-2 design/reqs/REQ-2.md']);
  });
});

describe('default base', () => {
  it('the upstream branch when set, else main', async () => {
    const repo = Repo.init(fixture());
    repo.git('checkout', '-q', '-b', 'release');
    repo.edit('design/hazards/HAZ-1.md', 'remote', 'occasional');
    repo.commit('release fix');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.edit('design/reqs/REQ-10.md', 'on request', 'on request, up to 5 mL');
    repo.commit('feature');
    expect(await defaultBase(repo.dir)).toBe('main');
    expect(brief(await computeImpact({ root: repo.dir })).changed).toEqual([
      'modified HAZ-1 design/hazards/HAZ-1.md',
      'modified REQ-10 design/reqs/REQ-10.md',
    ]);
    repo.git('branch', '-q', '--set-upstream-to=release');
    expect(await defaultBase(repo.dir)).toBe('release');
    const r = await computeImpact({ root: repo.dir });
    expect(r.base).toEqual({ ref: 'release', commit: repo.git('rev-parse', 'release').trim() });
    expect(brief(r).changed).toEqual(['modified REQ-10 design/reqs/REQ-10.md']);
  });

  it('master when there is no main', async () => {
    const repo = Repo.init(fixture(), 'master');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.edit('design/reqs/REQ-10.md', 'on request', 'on request, up to 5 mL');
    const r = await computeImpact({ root: repo.dir });
    expect(r.base.ref).toBe('master');
    expect(brief(r).changed).toEqual(['modified REQ-10 design/reqs/REQ-10.md']);
  });

  it('origin/main in a clone without a local main (as in CI); a tag named main does not count', async () => {
    const origin = Repo.init(fixture());
    const clone = new Repo(tempDir());
    execGit(clone.dir, 'clone', '-q', origin.dir, '.');
    clone.git('checkout', '-q', '-b', 'feature');
    clone.git('branch', '-q', '-D', 'main');
    clone.git('tag', 'main', 'HEAD');
    clone.edit('design/reqs/REQ-10.md', 'on request', 'on request, up to 5 mL');
    clone.commit('feature');
    clone.git('tag', '-f', 'main', 'HEAD');
    const r = await computeImpact({ root: clone.dir });
    expect(r.base).toEqual({ ref: 'origin/main', commit: clone.git('rev-parse', 'refs/remotes/origin/main').trim() });
    expect(brief(r).changed).toEqual(['modified REQ-10 design/reqs/REQ-10.md']);
    expect(await listBases(clone.dir)).toEqual(['origin/main', 'feature']);
  });

  it('none of them: an ImpactError that says to pass a base', async () => {
    const repo = Repo.init(fixture(), 'trunk');
    await expect(computeImpact({ root: repo.dir })).rejects.toThrow(/no base to compare with.*pass --base REF/);
  });

  it('listBases: the default first, then local branches, then remote-tracking ones, in natural order', async () => {
    const origin = Repo.init(fixture());
    origin.git('branch', 'release-10');
    origin.git('branch', 'release-9');
    const clone = new Repo(tempDir());
    execGit(clone.dir, 'clone', '-q', origin.dir, '.');
    clone.git('checkout', '-q', '-b', 'feature');
    clone.git('branch', 'zeta');
    expect(await listBases(clone.dir)).toEqual(
      ['main', 'feature', 'main', 'zeta', 'origin/main', 'origin/release-9', 'origin/release-10'].filter(
        (b, i, a) => a.indexOf(b) === i,
      ),
    );
  });
});

describe('errors', () => {
  it('not a git repository', async () => {
    const dir = tempDir();
    await expect(computeImpact({ root: dir })).rejects.toThrow(
      new ImpactError(`not a git repository: ${dir}`, 'notGit'),
    );
    await expect(listBases(dir)).rejects.toBeInstanceOf(ImpactError);
    await expect(computeImpact({ root: `${dir}/missing` })).rejects.toThrow(
      new ImpactError(`git: no such directory: ${dir}/missing`),
    );
  });

  it('unknown refs, for base and head', async () => {
    const repo = featureRepo();
    await expect(computeImpact({ root: repo.dir, base: 'no-such-branch' })).rejects.toThrow(
      "unknown ref 'no-such-branch' (--base)",
    );
    await expect(computeImpact({ root: repo.dir, head: 'v9.9' })).rejects.toThrow("unknown ref 'v9.9' (--head)");
    await expect(computeImpact({ root: repo.dir, base: '--output=/tmp/x' })).rejects.toThrow(ImpactError);
  });

  it('no common ancestor', async () => {
    const repo = featureRepo();
    repo.git('checkout', '-q', '--orphan', 'unrelated');
    repo.commit('unrelated history');
    await expect(computeImpact({ root: repo.dir, base: 'main' })).rejects.toThrow(
      "'main' and 'HEAD' have no common ancestor",
    );
  });

  it('git missing from PATH', async () => {
    const repo = featureRepo();
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(computeImpact({ root: repo.dir })).rejects.toThrow(
        new ImpactError('git: git is not installed (or not on PATH)'),
      );
    } finally {
      process.env.PATH = path;
    }
  });

  it('an invalid tracespine.yaml on the head side', async () => {
    const repo = featureRepo();
    repo.write('tracespine.yaml', 'kinds: 12\n');
    await expect(computeImpact({ root: repo.dir })).rejects.toThrow(
      /^tracespine\.yaml:1:8: invalid configuration: .*run 'tracespine check'/,
    );
  });
});

function execGit(cwd: string, ...args: string[]): void {
  new Repo(cwd).git(...args);
}
