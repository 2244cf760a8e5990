// Metrics over history at scale: the 10k-requirement corpus (~23,500 items) as the first of
// 200 commits (built with git fast-import), then 199 commits of edits to it (3 items revised
// per commit, a new test every 4th, a problem report opened every 10th and evaluated in the
// next, an approval record every 20th, a deviation at the 100th), and `tracespine metrics --format json` over all of it; median of 3 runs (target ≤ 30 s).
//
//   node bench/metrics.mjs [CORPUS_DIR]      (after `npm run build`)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './corpus.mjs';
import { measureNode } from './measure.mjs';

const TARGET_MS = 30_000;
const RUNS = 3;
const COMMITS = 200;
const cli = fileURLToPath(new URL('../bin/tracespine.js', import.meta.url));
const pad = (n) => String(n).padStart(4, '0');

function listFiles(dir, root = dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === '.corpus.json') continue;
    const abs = join(dir, e.name);
    if (e.isDirectory()) listFiles(abs, root, out);
    else out.push(relative(root, abs).split('\\').join('/'));
  }
  return out.sort();
}

/** A fast-import stream: the corpus as commit 1, then COMMITS - 1 commits of edits. Deterministic. */
function fastImportStream(corpusDir, counts) {
  const chunks = [];
  const data = (text) => {
    const b = Buffer.from(text, 'utf8');
    chunks.push(Buffer.from(`data ${b.length}\n`), b, Buffer.from('\n'));
  };
  const head = (i, msg) => {
    chunks.push(
      Buffer.from(
        `commit refs/heads/main\nmark :${i}\ncommitter Bench <bench@example.com> ${1704067200 + i * 3600} +0000\n`,
      ),
    );
    data(msg);
    if (i > 1) chunks.push(Buffer.from(`from :${i - 1}\n`));
  };
  const current = new Map();
  head(1, 'design baseline');
  for (const f of listFiles(corpusDir)) {
    const text = readFileSync(join(corpusDir, f), 'utf8');
    current.set(f, text);
    chunks.push(Buffer.from(`M 100644 inline ${f}\n`));
    data(text);
  }
  let tests = counts.tests;
  let reports = 0;
  for (let i = 2; i <= COMMITS; i++) {
    head(i, `edit ${i}`);
    const edits = new Map();
    for (let k = 0; k < 3; k++) {
      const n = 1 + ((i * 7919 + k * 104729) % counts.requirements);
      const f = `design/requirements/REQ-${pad(n)}.md`;
      edits.set(f, `${edits.get(f) ?? current.get(f)}\nRevision ${i}: the limit applies in every mode.\n`);
    }
    if (i % 4 === 0) {
      tests++;
      const req = 1 + ((i * 31) % counts.requirements);
      edits.set(
        `design/tests/TST-${pad(tests)}.md`,
        `---\nid: TST-${pad(tests)}\ntitle: Added test ${i}\nmethod: test\nverifies: [REQ-${pad(req)}]\n---\nAdded in commit ${i}.\n`,
      );
    }
    if (i % 10 === 0) {
      reports++;
      edits.set(
        `design/problems/PR-${reports}.md`,
        `---\nid: PR-${reports}\ntitle: Problem ${reports}\nstate: open\nseverity: minor\naffects: [REQ-${pad(1 + i)}]\n---\nFound in commit ${i}.\n`,
      );
    }
    if (i % 20 === 0) {
      // An approval record (SPEC 9) now and then: the figures read the records of each commit.
      const req = `REQ-${pad(1 + ((i * 13) % counts.requirements))}`;
      edits.set(
        `.tracespine/approvals/${req}-deadbeef-approved-bench-${i}.yaml`,
        `item: "${req}"\nfingerprint: "deadbeef"\nmeaning: "approved"\nsigner:\n  name: "Bench"\n  email: "bench@example.com"\nrole: null\nsigned_at: "2024-01-01T00:00:00Z"\ncommit: null\nstatement: null\n`,
      );
    }
    if (i === 100) {
      edits.set(
        'design/deviations/DEV-1.md',
        `---\nid: DEV-1\ntitle: Waiver\nstatus: approved\nwaives: [{code: coverage.unverified, items: [REQ-${pad(1)}]}]\njustification: Bench\nowner: bench@example.com\nexpires: 2024-01-20\n---\nBench.\n`,
      );
    }
    if (i % 10 === 1 && reports > 0) {
      const f = `design/problems/PR-${reports}.md`;
      edits.set(f, current.get(f).replace('state: open', 'state: deferred\nsafety_evaluation: No harm to the patient'));
    }
    for (const [f, text] of edits) {
      current.set(f, text);
      chunks.push(Buffer.from(`M 100644 inline ${f}\n`));
      data(text);
    }
  }
  chunks.push(Buffer.from('done\n'));
  return Buffer.concat(chunks);
}

export function prepareMetricsRepo(corpusDir, n = 10000) {
  const counts = generateCorpus(corpusDir, n);
  const repo = join(mkdtempSync(join(tmpdir(), 'tracespine-metrics-')), 'repo');
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  execFileSync('git', ['fast-import', '--quiet', '--done'], {
    cwd: repo,
    input: fastImportStream(corpusDir, counts),
    maxBuffer: 1024 * 1024 * 1024,
  });
  execFileSync('git', ['reset', '-q', '--hard', 'main'], { cwd: repo }); // a working tree, as a user's clone has
  return { repo, counts };
}

export async function benchMetrics(corpusDir = resolve('.bench/corpus-10k')) {
  const t0 = Date.now();
  const { repo, counts } = prepareMetricsRepo(corpusDir);
  const prepared = Date.now() - t0;
  try {
    const args = [cli, 'metrics', repo, '--format', 'json'];
    const one = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (one.status !== 0) throw new Error(`tracespine metrics exited ${one.status}: ${one.stderr}`);
    const report = JSON.parse(one.stdout);
    const last = report.points.at(-1);
    const result = measureNode(args, RUNS);
    const status = execFileSync('git', ['status', '--porcelain'], { cwd: repo, encoding: 'utf8' });
    const size = statSync(join(repo, '.git')).isDirectory() ? 'ok' : '?';
    console.log(`\n## tracespine metrics (median of ${RUNS} runs, wall time)\n`);
    console.log(`history: ${COMMITS} commits over ${counts.items} items (prepared in ${prepared} ms, .git ${size})`);
    console.log(
      `report: ${report.points.length} points; last: ${Object.values(last.items).reduce((a, b) => a + b, 0)} items, ${last.errors} errors, ${last.warnings} warnings, ${last.anomalies.open} open anomalies (${last.anomalies.unevaluated} unevaluated), approvals ${JSON.stringify(last.approvals)}, deviations ${JSON.stringify(last.deviations)}`,
    );
    console.log(
      `wall: median ${result.medianMs.toFixed(0)} ms, p95 ${result.p95Ms.toFixed(0)} ms (runs: ${result.times.map((t) => t.toFixed(0)).join(', ')}); peak RSS ${result.peakRssMiB.toFixed(0)} MiB`,
    );
    console.log(`working tree untouched: ${status === '' ? 'yes' : `NO\n${status}`}`);
    return {
      ...result,
      summary: [
        {
          what: `metrics --format json, ${COMMITS} commits of ${counts.items} items, ms (target ≤ ${TARGET_MS})`,
          value: result.medianMs.toFixed(0),
          ok: result.medianMs <= TARGET_MS,
        },
        {
          what: 'metrics: one point per commit',
          value: String(report.points.length),
          ok: report.points.length === COMMITS,
        },
      ],
    };
  } finally {
    rmSync(join(repo, '..'), { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  await benchMetrics(resolve(process.argv[2] ?? '.bench/corpus-10k'));
}
