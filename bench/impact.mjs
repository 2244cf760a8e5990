// Branch impact at scale: the 10k-requirement corpus (~23,500 items) committed to a fresh git
// repository, a feature branch that modifies 50 items (needs, requirements, hazards, tests),
// and `tracespine impact --format json` against main, median of 5 runs (target ≤ 2 s).
//
//   node bench/impact.mjs [CORPUS_DIR]      (after `npm run build`)
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './corpus.mjs';
import { measureNode } from './measure.mjs';

const TARGET_MS = 2000;
const RUNS = 5;
const cli = fileURLToPath(new URL('../bin/tracespine.js', import.meta.url));

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
};

function git(cwd, ...args) {
  return execFileSync('git', args, {
    cwd,
    env: { ...process.env, ...GIT_ENV },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
}

const pad = (n) => String(n).padStart(4, '0');

/** The 50 items the branch modifies: 10 needs, 20 requirements, 10 hazards, 10 tests, spread over the corpus. */
function itemsToModify(counts) {
  const pick = (dir, prefix, total, k) =>
    Array.from({ length: k }, (_, i) => `design/${dir}/${prefix}-${pad(1 + Math.floor((i * total) / k))}.md`);
  return [
    ...pick('needs', 'UN', counts.needs, 10),
    ...pick('requirements', 'REQ', counts.requirements, 20),
    ...pick('hazards', 'HAZ', counts.hazards, 10),
    ...pick('tests', 'TST', counts.tests, 10),
  ];
}

/** Builds the repository and the branch; returns its path. */
export function prepareImpactRepo(corpusDir, n = 10000) {
  const counts = generateCorpus(corpusDir, n);
  const repo = join(mkdtempSync(join(tmpdir(), 'tracespine-impact-')), 'repo');
  cpSync(corpusDir, repo, { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'core.autocrlf', 'false');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'design baseline');
  git(repo, 'checkout', '-q', '-b', 'feature');
  const files = itemsToModify(counts);
  for (const f of files) {
    const abs = join(repo, f);
    writeFileSync(abs, `${readFileSync(abs, 'utf8')}\nRevised after review: the limit applies in every mode.\n`);
  }
  git(repo, 'commit', '-q', '-a', '-m', 'revise 50 items');
  return { repo, counts, modified: files.length };
}

export async function benchImpact(corpusDir = resolve('.bench/corpus-10k')) {
  const { repo, counts, modified } = prepareImpactRepo(corpusDir);
  try {
    const args = [cli, 'impact', repo, '--format', 'json'];
    const one = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (one.status !== 0) throw new Error(`tracespine impact exited ${one.status}: ${one.stderr}`);
    const report = JSON.parse(one.stdout);
    const result = measureNode(args, RUNS);
    const status = git(repo, 'status', '--porcelain');
    const c = {
      changed: report.changed.length,
      impacted: report.impacted.length,
      upstream: report.upstream.length,
      code: report.code.length,
      impactedCode: report.impactedCode.length,
    };
    console.log(`\n## tracespine impact (median of ${RUNS} runs, wall time)\n`);
    console.log(`corpus: ${counts.items} items, ${counts.codeFiles} code files; branch modifies ${modified} items`);
    console.log(
      `report: ${c.changed} changed, ${c.impacted} impacted, ${c.upstream} upstream, ${c.code} code files with changed tags, ${c.impactedCode} code files to re-check`,
    );
    console.log(
      `wall: median ${result.medianMs.toFixed(0)} ms, p95 ${result.p95Ms.toFixed(0)} ms (runs: ${result.times.map((t) => t.toFixed(0)).join(', ')}); peak RSS ${result.peakRssMiB.toFixed(0)} MiB`,
    );
    console.log(`working tree untouched: ${status === '' ? 'yes' : `NO\n${status}`}`);
    return {
      ...result,
      counts: c,
      summary: [
        {
          what: `impact --format json, 50 changed of ${counts.items} items, ms (target ≤ ${TARGET_MS})`,
          value: result.medianMs.toFixed(0),
          ok: result.medianMs <= TARGET_MS,
        },
        { what: 'impact: 50 changed items reported', value: String(c.changed), ok: c.changed === modified },
      ],
    };
  } finally {
    rmSync(join(repo, '..'), { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  await benchImpact(resolve(process.argv[2] ?? '.bench/corpus-10k'));
}
