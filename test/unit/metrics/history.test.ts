import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMetrics } from '../../../src/cli/metrics';
import type { MetricsPoint } from '../../../src/core/metrics/metrics';
import { metricsHistory } from '../../../src/node/metricsHistory';
import { cleanup, isolateGit, md, Repo, tempDir } from '../impact/repo';

/** Commits with a committer date of their own (the repo helper fixes one date for all). */
function commitAt(repo: Repo, date: string, message: string): string {
  repo.git('add', '-A');
  const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  execFileSync('git', ['commit', '-q', '--allow-empty', '-m', message], { cwd: repo.dir, env, stdio: 'ignore' });
  return repo.git('rev-parse', 'HEAD').trim();
}

const cov = (
  unverified: [number, number],
  unmitigated: [number, number],
  unrefined: [number, number],
  unvalidated: [number, number],
) => ({
  unverified: { covered: unverified[0], total: unverified[1] },
  unmitigated: { covered: unmitigated[0], total: unmitigated[1] },
  unrefined: { covered: unrefined[0], total: unrefined[1] },
  unvalidated: { covered: unvalidated[0], total: unvalidated[1] },
});

let repo: Repo;
const sha: string[] = [];

beforeAll(() => {
  isolateGit();
  repo = new Repo(tempDir('ts-metrics-'));
  repo.git('init', '-q', '-b', 'main');
  repo.write('design/UN-1.md', md('---', 'id: UN-1', 'title: Need', '---', 'Body.'));
  repo.write('design/REQ-1.md', md('---', 'id: REQ-1', 'title: Req', 'derives_from: [UN-1]', '---', 'Body.'));
  sha.push(commitAt(repo, '2024-01-01T10:00:00Z', 'c1: a need and a requirement')); // 0
  repo.write('design/TST-1.md', md('---', 'id: TST-1', 'title: Test', 'verifies: [REQ-1]', '---', 'Body.'));
  sha.push(commitAt(repo, '2024-01-02T10:00:00Z', 'c2: a test')); // 1
  repo.write('notes.txt', 'not a design file\n');
  sha.push(commitAt(repo, '2024-01-03T10:00:00Z', 'c3: no design change')); // 2
  repo.write(
    'design/PR-1.md',
    md(
      '---',
      'id: PR-1',
      'title: Crash',
      'state: open',
      'severity: serious',
      'affects: [REQ-1]',
      'found_by: [TST-1]',
      '---',
      'It crashed.',
    ),
  );
  sha.push(commitAt(repo, '2024-01-04T10:00:00Z', 'c4: a problem report')); // 3
  repo.edit(
    'design/PR-1.md',
    'severity: serious',
    'severity: serious\nsafety_evaluation: No harm, the alarm still sounds.',
  );
  sha.push(commitAt(repo, '2024-01-05T10:00:00Z', 'c5: evaluated')); // 4
  repo.git('tag', '-a', 'v1.0', '-m', 'release 1.0');
  repo.edit('design/PR-1.md', 'state: open', 'state: resolved');
  repo.remove('design/TST-1.md');
  sha.push(commitAt(repo, '2024-01-06T10:00:00Z', 'c6: resolved, test removed')); // 5
  repo.write('tracespine.yaml', 'rules:\n  coverage.unvalidated: "off"\n');
  sha.push(commitAt(repo, '2024-01-07T10:00:00Z', 'c7: policy')); // 6
  repo.git('tag', 'v1.1');
  repo.write('tracespine.yaml', 'kinds: 3\n');
  sha.push(commitAt(repo, '2024-01-08T10:00:00Z', 'c8: broken policy')); // 7
});

afterAll(cleanup);

function point(i: number, p: Partial<MetricsPoint>): MetricsPoint {
  const date = `2024-01-0${i + 1}T10:00:00Z`;
  return {
    commit: sha[i]!,
    date,
    tag: null,
    items: {},
    coverage: {},
    errors: 0,
    warnings: 0,
    anomalies: { open: 0, unevaluated: 0 },
    approvals: { missing: 0, stale: 0 },
    deviations: { active: 0, expiring: 0 },
    ...p,
  };
}

function expected(): MetricsPoint[] {
  const base = { need: 1, requirement: 1, hazard: 0, test: 0, validation: 0 };
  return [
    point(0, { items: base, coverage: cov([0, 1], [0, 0], [1, 1], [0, 1]), warnings: 2 }),
    point(1, { items: { ...base, test: 1 }, coverage: cov([1, 1], [0, 0], [1, 1], [0, 1]), warnings: 1 }),
    point(3, {
      items: { ...base, test: 1, anomaly: 1 },
      coverage: cov([1, 1], [0, 0], [1, 1], [0, 1]),
      errors: 1,
      warnings: 1,
      anomalies: { open: 1, unevaluated: 1 },
    }),
    point(4, {
      tag: 'v1.0',
      items: { ...base, test: 1, anomaly: 1 },
      coverage: cov([1, 1], [0, 0], [1, 1], [0, 1]),
      warnings: 1,
      anomalies: { open: 1, unevaluated: 0 },
    }),
    // TST-1 is gone: found_by names an ID no item defines (an error).
    point(5, { items: { ...base, anomaly: 1 }, coverage: cov([0, 1], [0, 0], [1, 1], [0, 1]), errors: 1, warnings: 2 }),
    point(6, {
      tag: 'v1.1',
      items: { ...base, anomaly: 1 },
      coverage: cov([0, 1], [0, 0], [1, 1], [0, 1]),
      errors: 1,
      warnings: 1,
    }),
    // An invalid tracespine.yaml: its findings are the errors; nothing else is known.
    point(7, { errors: 1, approvals: null, deviations: null }),
  ];
}

describe('tracespine metrics over a real git history', () => {
  it('gives one point per commit that changed the design, oldest first, with the figures of each', async () => {
    const { report } = await metricsHistory(repo.dir);
    expect(report.version).toBe(1);
    expect(report.points).toEqual(expected());
  });

  it('--since REF starts from REF and gives the commits after it', async () => {
    const { report } = await metricsHistory(repo.dir, { since: sha[1]! });
    expect(report.points.map((p) => p.commit)).toEqual([sha[3], sha[4], sha[5], sha[6], sha[7]]);
    expect(report.points).toEqual(expected().slice(2));
  });

  it('--tags gives the tagged commits (annotated tags peeled)', async () => {
    const { report } = await metricsHistory(repo.dir, { tags: true });
    expect(report.points.map((p) => [p.tag, p.commit])).toEqual([
      ['v1.0', sha[4]],
      ['v1.1', sha[6]],
    ]);
  });

  it('the CLI: JSON as SPEC 12, byte-identical run to run, nothing written', async () => {
    const before = repo.snapshot();
    const a = await runMetrics([repo.dir]);
    const b = await runMetrics([repo.dir, '--format', 'json']);
    expect(a.exitCode).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout)).toEqual({ version: 1, points: expected() });
    expect(Object.keys((JSON.parse(a.stdout) as { points: object[] }).points[0]!)).toEqual([
      'commit',
      'date',
      'tag',
      'items',
      'coverage',
      'errors',
      'warnings',
      'anomalies',
      'approvals',
      'deviations',
    ]);
    expect(repo.snapshot()).toEqual(before);
  });

  it('markdown for a job summary', async () => {
    const out = await runMetrics([repo.dir, '--format', 'markdown', '--since', 'v1.0']);
    expect(out.stdout).toBe(
      [
        '## Tracespine metrics',
        '',
        '3 points; 0 (0%) left the spine without errors.',
        '',
        '| commit | date | items | errors | warnings | unverified | unmitigated | unrefined | unvalidated | open anomalies | unevaluated | approvals missing/stale | deviations active/expiring |',
        '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        `| ${sha[5]!.slice(0, 7)} | 2024-01-06 | 3 | 1 | 2 | 0/1 | 0/0 | 1/1 | 0/1 | 0 | 0 | 0/0 | 0/0 |`,
        `| v1.1 (${sha[6]!.slice(0, 7)}) | 2024-01-07 | 3 | 1 | 1 | 0/1 | 0/0 | 1/1 | 0/1 | 0 | 0 | 0/0 | 0/0 |`,
        `| ${sha[7]!.slice(0, 7)} | 2024-01-08 | 0 | 1 | 0 |  |  |  |  | 0 | 0 | not configured | not configured |`,
        '',
      ].join('\n'),
    );
  });

  it('usage and git errors exit 2', async () => {
    expect((await runMetrics([repo.dir, '--since', 'no-such-ref'])).exitCode).toBe(2);
    expect((await runMetrics([repo.dir, '--since', 'no-such-ref'])).stderr).toBe(
      'tracespine metrics: --since no-such-ref: no such commit\n',
    );
    expect((await runMetrics([tempDir('ts-nogit-')])).exitCode).toBe(2);
    await expect(runMetrics([repo.dir, '--format', 'csv'])).rejects.toThrow(
      '--format must be one of json, markdown, html',
    );
  });
});
