import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { impactGraph } from '../../../src/core/graph/impactGraph';
import { kindRanks } from '../../../src/core/graph/traceGraph';
import { analyzeImpact, impactView } from '../../../src/node/impact';
import { isGraphData, isReviewEntry } from '../../../src/shared/protocol';
import { cleanup, goldenScenario, isolateGit, md, type Repo } from './repo';

beforeAll(isolateGit);
afterAll(cleanup);

describe('impactGraph: the graph webview data', () => {
  let repo: Repo;
  beforeAll(() => {
    repo = goldenScenario();
    // An unreviewed pin: REQ-2's link to REQ-1 pinned at a fingerprint REQ-1 no longer has.
    repo.edit('design/reqs/REQ-2.md', 'derives_from: [REQ-1]', 'derives_from: ["REQ-1@00000000"]');
  });

  it('changed nodes with change (deleted ones from the base), impacted with depth, upstream plain; edges among them', async () => {
    const a = await analyzeImpact({ root: repo.dir });
    const { data, review } = impactGraph(a.headIndex, a.baseIndex, a.report, kindRanks(a.config));
    expect(isGraphData(data)).toBe(true);
    expect(review.every(isReviewEntry)).toBe(true);
    expect(data.kinds).toEqual(kindRanks(a.config));
    const flag = (n: (typeof data.nodes)[number]): string =>
      (n.change ?? (n.impacted ? `impacted ${n.depth}` : 'upstream')) + (n.suspect ? ' suspect' : '');
    expect(data.nodes.map((n) => `${n.id} ${flag(n)}`)).toEqual([
      'HAZ-1 upstream',
      'REQ-1 modified',
      'REQ-2 impacted 1 suspect',
      'REQ-3 deleted',
      'REQ-4 added',
      'REQ-10 relinked',
      'TST-1 impacted 1',
      'TST-2 impacted 2',
      'TST-3 impacted 1',
      'TST-10 impacted 1',
      'UN-1 upstream',
      'UN-2 upstream',
    ]);
    const deleted = data.nodes.find((n) => n.id === 'REQ-3')!;
    expect(deleted).toEqual({
      id: 'REQ-3',
      kind: 'requirement',
      kindLabel: 'Requirement',
      title: 'Occlusion alarm',
      status: 'draft',
      file: 'design/reqs/REQ-3.md',
      line: 1,
      change: 'deleted',
    });
    expect(data.nodes.find((n) => n.id === 'UN-1')).toEqual({
      id: 'UN-1',
      kind: 'need',
      kindLabel: 'User need',
      title: 'Safe infusion rate',
      status: 'approved',
      file: 'design/needs/UN-1.md',
      line: 1,
    });
    expect(data.edges.map((e) => `${e.from} ${e.type} ${e.to}${e.suspect ? ' suspect' : ''}`)).toEqual([
      'REQ-1 mitigates HAZ-1',
      'REQ-1 derives_from UN-1',
      'REQ-2 derives_from REQ-1 suspect',
      'REQ-3 derives_from UN-2',
      'REQ-4 mitigates HAZ-1',
      'REQ-4 derives_from UN-2',
      'REQ-10 derives_from UN-2',
      'TST-1 verifies REQ-1',
      'TST-2 verifies REQ-2',
      'TST-3 verifies REQ-3',
      'TST-10 verifies REQ-10',
    ]);
  });

  it('a review entry per item with its reason: changed, then impacted by depth, then upstream', async () => {
    const a = await analyzeImpact({ root: repo.dir });
    const { review } = impactGraph(a.headIndex, a.baseIndex, a.report, kindRanks(a.config));
    expect(review.map((r) => `${r.id}: ${r.reason}`)).toEqual([
      'REQ-1: modified',
      'REQ-3: deleted',
      'REQ-4: added',
      'REQ-10: relinked',
      'REQ-2: derives_from REQ-1 (modified)',
      'TST-1: verifies REQ-1 (modified)',
      'TST-3: verifies REQ-3 (deleted)',
      'TST-10: verifies REQ-10 (relinked)',
      'TST-2: verifies REQ-2, which derives_from REQ-1 (modified)',
      'HAZ-1: upstream of REQ-1 (modified)',
      'UN-1: upstream of REQ-1 (modified)',
      'UN-2: upstream of REQ-3 (deleted)',
    ]);
    expect(review[1]).toEqual({
      id: 'REQ-3',
      kind: 'requirement',
      title: 'Occlusion alarm',
      file: 'design/reqs/REQ-3.md',
      line: 1,
      reason: 'deleted',
    });
  });

  it('kinds missing from the given list are added after the others', async () => {
    const a = await analyzeImpact({ root: repo.dir });
    const { data } = impactGraph(a.headIndex, a.baseIndex, a.report, [{ kind: 'need', label: 'Need', rank: 0 }]);
    expect(data.kinds.map((k) => `${k.kind}:${k.rank}`)).toEqual(['need:0', 'hazard:1', 'requirement:2', 'test:3']);
    expect(isGraphData(data)).toBe(true);
  });

  it("impactView: the language server's answer, with the bases to choose from", async () => {
    repo.git('branch', 'release');
    repo.write('design/tests/TST-11.md', md('---', 'id: TST-11', 'title: New', 'verifies: [REQ-10]', '---', 'x'));
    const v = await impactView({ root: repo.dir });
    expect(v.base).toBe('main');
    expect(v.bases).toEqual(['main', 'feature', 'release']);
    expect(v.data.nodes.find((n) => n.id === 'TST-11')?.change).toBe('added');
    // Against the branch itself: the uncommitted work alone (REQ-2's new pin is no change).
    const own = await impactView({ root: repo.dir, base: 'feature' });
    expect(own.bases).toEqual(['main', 'feature', 'release']);
    expect(own.data.nodes.map((n) => `${n.id} ${n.change ?? 'upstream'}`)).toEqual(['REQ-10 upstream', 'TST-11 added']);
    expect(own.review.map((r) => `${r.id}: ${r.reason}`)).toEqual([
      'TST-11: added',
      'REQ-10: upstream of TST-11 (added)',
    ]);
    // A base that is not a branch is offered too.
    const sha = repo.git('rev-parse', 'HEAD').trim();
    expect((await impactView({ root: repo.dir, base: sha })).bases).toEqual([sha, 'main', 'feature', 'release']);
  });
});
