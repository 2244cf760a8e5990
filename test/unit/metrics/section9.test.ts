/**
 * Metrics' approvals and deviations figures (SPEC 12 over SPEC 9) over a real git history:
 * approval records and deviations are files of the tree at each commit; known figures per commit.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRecord } from '../../../src/core/approvals/record';
import { loadConfig } from '../../../src/core/config/load';
import { TraceIndex } from '../../../src/core/traceIndex';
import { metricsHistory } from '../../../src/node/metricsHistory';
import { cleanup, isolateGit, md, Repo, tempDir } from '../impact/repo';

function commitAt(repo: Repo, date: string, message: string): string {
  repo.git('add', '-A');
  const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  execFileSync('git', ['commit', '-q', '--allow-empty', '-m', message], { cwd: repo.dir, env, stdio: 'ignore' });
  return repo.git('rev-parse', 'HEAD').trim();
}

const CONFIG = [
  'approvals:',
  '  roles: { qa: [qa@example.com] }',
  '  require:',
  '    - { kind: requirement, statuses: [approved], meanings: ["approved:qa"] }',
  '',
].join('\n');

const req = (body: string): string =>
  md('---', 'id: REQ-1', 'title: Req', 'status: approved', 'derives_from: [UN-1]', '---', body);

const dev = (id: string, expires: string): string =>
  md(
    '---',
    `id: ${id}`,
    'title: Waiver',
    'status: approved',
    'waives: [{code: coverage.unverified, items: [REQ-1]}]',
    'justification: Verified by the system test campaign.',
    'owner: qa@example.com',
    `expires: ${expires}`,
    '---',
    'x',
  );

/** REQ-1's fingerprint for a body, from the engine. */
function fingerprintOf(body: string): string {
  const index = new TraceIndex(loadConfig(CONFIG).config);
  index.update('design/REQ-1.md', req(body));
  return index.resolve('REQ-1')!.fingerprint;
}

function approval(body: string, at: string): [string, string] {
  const r = {
    item: 'REQ-1',
    fingerprint: fingerprintOf(body),
    meaning: 'approved',
    signer: { name: 'Quinn QA', email: 'qa@example.com' },
    role: 'qa',
    signed_at: at,
    commit: null,
    statement: null,
  };
  return [`.tracespine/approvals/REQ-1-${r.fingerprint}-${at.slice(0, 10)}.yaml`, formatRecord(r)];
}

let repo: Repo;
const sha: string[] = [];

beforeAll(() => {
  isolateGit();
  repo = new Repo(tempDir('ts-metrics9-'));
  repo.git('init', '-q', '-b', 'main');
  repo.write('tracespine.yaml', CONFIG);
  repo.write('design/UN-1.md', md('---', 'id: UN-1', 'title: Need', '---', 'x'));
  repo.write('design/REQ-1.md', req('First text.'));
  sha.push(commitAt(repo, '2024-01-01T10:00:00Z', 'approved, no approval')); // 0: missing 1
  repo.write(...approval('First text.', '2024-01-02T09:00:00Z'));
  sha.push(commitAt(repo, '2024-01-02T10:00:00Z', 'approval record only')); // 1: approved
  repo.write('design/REQ-1.md', req('Second text.'));
  sha.push(commitAt(repo, '2024-01-03T10:00:00Z', 'edited after approval')); // 2: stale 1
  repo.write('design/DEV-1.md', dev('DEV-1', '2024-02-01'));
  sha.push(commitAt(repo, '2024-01-04T10:00:00Z', 'a deviation expiring in 28 days')); // 3
  repo.write('design/DEV-2.md', dev('DEV-2', '2025-01-01'));
  sha.push(commitAt(repo, '2024-03-01T10:00:00Z', 'DEV-1 has expired, DEV-2 is far off')); // 4
  repo.write(...approval('Second text.', '2024-03-02T09:00:00Z'));
  sha.push(commitAt(repo, '2024-03-02T10:00:00Z', 're-approved')); // 5
  repo.remove(approval('First text.', '2024-01-02T09:00:00Z')[0]);
  repo.remove(approval('Second text.', '2024-03-02T09:00:00Z')[0]);
  sha.push(commitAt(repo, '2024-03-03T10:00:00Z', 'records removed')); // 6
});

afterAll(cleanup);

describe('metrics: approvals and deviations per commit', () => {
  it('counts what the records and deviations of each commit give', async () => {
    const { report } = await metricsHistory(repo.dir);
    expect(report.points.map((p) => [p.commit, p.approvals, p.deviations])).toEqual([
      [sha[0], { missing: 1, stale: 0 }, { active: 0, expiring: 0 }],
      [sha[1], { missing: 0, stale: 0 }, { active: 0, expiring: 0 }],
      [sha[2], { missing: 0, stale: 1 }, { active: 0, expiring: 0 }],
      [sha[3], { missing: 0, stale: 1 }, { active: 1, expiring: 1 }],
      [sha[4], { missing: 0, stale: 1 }, { active: 1, expiring: 0 }],
      [sha[5], { missing: 0, stale: 0 }, { active: 1, expiring: 0 }],
      [sha[6], { missing: 1, stale: 0 }, { active: 1, expiring: 0 }],
    ]);
  });

  it('the same figures from --since (the starting tree read whole) as incrementally', async () => {
    const all = (await metricsHistory(repo.dir)).report.points;
    const since = (await metricsHistory(repo.dir, { since: sha[2]! })).report.points;
    expect(since).toEqual(all.slice(3));
  });
});
