// The traceability matrix and the release packet at scale: the 10k-requirement corpus
// (~23,500 items) committed to a fresh git repository; `tracespine check`, `matrix --format
// csv` (target ≤ 1.5 × check), `release --out` (target ≤ 3 × check + git's own read of the
// tree, measured as `git ls-tree -r | git cat-file --batch`), taking turns, medians.
//
//   node bench/release.mjs [CORPUS_DIR] [RUNS]      (after `npm run build`)
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './corpus.mjs';
import { median } from './measure.mjs';

const cli = fileURLToPath(new URL('../bin/tracespine.js', import.meta.url));
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
};

function timed(cmd, args, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  return ms;
}

export async function benchRelease(corpus, runs = 5) {
  const repo = mkdtempSync(join(tmpdir(), 'ts-bench-release-'));
  try {
    if (!existsSync(corpus)) generateCorpus(corpus, 10000);
    cpSync(corpus, repo, { recursive: true });
    const git = (...args) =>
      execFileSync('git', args, {
        cwd: repo,
        env: { ...process.env, ...GIT_ENV },
        encoding: 'utf8',
        maxBuffer: 512 * 1024 * 1024,
      });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'corpus');
    const out = mkdtempSync(join(tmpdir(), 'ts-bench-packets-'));
    const times = { check: [], matrix: [], release: [], gitRead: [] };
    timed(process.execPath, [cli, 'check', repo], repo); // page cache and code cache warm
    for (let i = 0; i < runs; i++) {
      times.check.push(timed(process.execPath, [cli, 'check', repo], repo));
      times.matrix.push(timed(process.execPath, [cli, 'matrix', repo, '--format', 'csv'], repo));
      times.release.push(timed(process.execPath, [cli, 'release', repo, '--out', join(out, `p${i}`)], repo));
      times.gitRead.push(
        timed('sh', ['-c', 'git ls-tree -r --object-only HEAD | git cat-file --batch > /dev/null'], repo),
      );
    }
    rmSync(out, { recursive: true, force: true });
    const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
    console.log(`\n## matrix and release packet (median of ${runs} runs, wall time, ~23,500 items)\n`);
    console.log(
      '| check ms | matrix --format csv ms | matrix / check | release ms | git read of the tree ms | release / (3 × check + git read) |',
    );
    console.log('| --- | --- | --- | --- | --- | --- |');
    const budget = 3 * m.check + m.gitRead;
    console.log(
      `| ${m.check.toFixed(0)} | ${m.matrix.toFixed(0)} | ${(m.matrix / m.check).toFixed(2)} | ${m.release.toFixed(0)} | ${m.gitRead.toFixed(0)} | ${(m.release / budget).toFixed(2)} |`,
    );
    return {
      medians: m,
      summary: [
        {
          what: 'matrix --format csv / check at 10k requirements (target ≤ 1.5)',
          value: (m.matrix / m.check).toFixed(2),
          ok: m.matrix <= 1.5 * m.check,
        },
        {
          what: 'release / (3 × check + git read of the tree) at 10k requirements (target ≤ 1)',
          value: (m.release / budget).toFixed(2),
          ok: m.release <= budget,
        },
      ],
    };
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = resolve(process.argv[2] ?? join(process.cwd(), '.bench', 'corpus-10k'));
  await benchRelease(dir, Number(process.argv[3] ?? 5));
}
