// `npm run bench`: speed and memory of every face of Tracespine, each against a baseline
// measured in the same run (the machine is noisy: medians, and ratios to the baseline).
//
//   node bench/run.mjs [--quick] [--only check,evidence,server,impact,webview]
//
// check:   `tracespine check` vs the floor (list + readFileSync every file, find each
//          frontmatter's end) on corpora of 1k, 10k and 50k requirements.
// evidence: check --results with 30,000 JUnit cases vs check alone (bench/evidence.mjs).
// server:  the language server driven over stdio (bench/server.mjs).
// views:   edit -> diagnostics and the Design Controls tree's data, as the extension asks (bench/views.mjs).
// impact:  branch impact of 50 changed items (bench/impact.mjs).
// webview: 2,000-node graph laid out and painted in headless Chromium (bench/webview.mjs).
// release: matrix --format csv and the release packet vs check (bench/release.mjs).
// dashboard: tracespine/dashboard on the 10k corpus through the server (bench/dashboard.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { generateCorpus } from './corpus.mjs';
import { measureNode, measureTogether } from './measure.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only'));
const only = onlyArg
  ? (onlyArg.includes('=') ? onlyArg.split('=')[1] : args[args.indexOf(onlyArg) + 1]).split(',')
  : ['check', 'evidence', 'server', 'views', 'impact', 'metrics', 'dashboard', 'webview', 'release'];
const runs = quick ? 3 : 7;
const root = join(process.cwd(), '.bench');
const results = [];

function line(cells) {
  return `| ${cells.join(' | ')} |`;
}

async function benchCheck() {
  const sizes = quick ? [1000, 10000] : [1000, 10000, 50000];
  const rows = [];
  for (const n of sizes) {
    const dir = join(root, `corpus-${n / 1000}k`);
    const counts = generateCorpus(dir, n);
    // Warm the page cache once, so both sides read from memory.
    measureNode(['bench/floor.mjs', dir], 1);
    // The floor and the check take turns, run by run, so that the machine's slow spells fall on both.
    const [floor, check, json] = measureTogether(
      [
        ['bench/floor.mjs', dir],
        ['bin/tracespine.js', 'check', dir],
        ['bin/tracespine.js', 'check', dir, '--format', 'json'],
      ],
      runs,
    );
    rows.push({ n, items: counts.items, files: counts.items + counts.codeFiles, floor, check, json });
  }
  console.log('\n## tracespine check vs the floor (median of %d runs, wall time)\n', runs);
  console.log(
    line([
      'requirements',
      'items',
      'files',
      'floor ms',
      'check ms',
      'check / floor',
      'check --format json ms',
      'json / floor',
      'check peak RSS MiB',
      'check ms per 1k files',
    ]),
  );
  console.log(line(['---', '---', '---', '---', '---', '---', '---', '---', '---', '---']));
  for (const r of rows) {
    console.log(
      line([
        r.n,
        r.items,
        r.files,
        r.floor.medianMs.toFixed(0),
        r.check.medianMs.toFixed(0),
        (r.check.medianMs / r.floor.medianMs).toFixed(2),
        r.json.medianMs.toFixed(0),
        (r.json.medianMs / r.floor.medianMs).toFixed(2),
        Math.max(r.check.peakRssMiB, r.json.peakRssMiB).toFixed(0),
        ((r.check.medianMs * 1000) / r.files).toFixed(1),
      ]),
    );
  }
  const ten = rows.find((r) => r.n === 10000);
  if (ten) {
    results.push({
      what: 'check / floor at 10k requirements (target ≤ 2.0)',
      value: (ten.check.medianMs / ten.floor.medianMs).toFixed(2),
      ok: ten.check.medianMs <= 2 * ten.floor.medianMs,
    });
    const rss = Math.max(ten.check.peakRssMiB, ten.json.peakRssMiB);
    results.push({
      what: 'check peak RSS at 10k requirements, MiB (target ≤ 300)',
      value: rss.toFixed(0),
      ok: rss <= 300,
    });
  }
  if (rows.length >= 2) {
    const a = rows[0];
    const b = rows[rows.length - 1];
    const growth = b.check.medianMs / a.check.medianMs / (b.files / a.files);
    results.push({
      what: `growth ${a.n / 1000}k→${b.n / 1000}k: time ratio / size ratio (linear ≈ 1; ≤ 1.3 accepted)`,
      value: growth.toFixed(2),
      ok: growth <= 1.3,
    });
  }
}

async function optional(name, file, fn) {
  if (!existsSync(new URL(file, import.meta.url))) {
    console.log(`\n## ${name}\n\n(${file} not present)`);
    return;
  }
  const mod = await import(file);
  await fn(mod);
}

if (only.includes('check')) await benchCheck();
if (only.includes('evidence'))
  await optional('evidence', './evidence.mjs', async (m) => {
    const dir = join(root, 'corpus-10k');
    generateCorpus(dir, 10000);
    const r = await m.benchEvidence(dir, runs);
    if (r?.summary) results.push(...r.summary);
  });
if (only.includes('evidence'))
  await optional('server: rewritten results file', './serverEvidence.mjs', async (m) => {
    const r = await m.benchServerEvidenceEntry();
    if (r?.summary) results.push(...r.summary);
  });
if (only.includes('server'))
  await optional('language server', './server.mjs', async (m) => {
    const r = await m.benchServer(join(root, 'corpus-10k'));
    if (r?.summary) results.push(...r.summary);
  });
if (only.includes('views'))
  await optional('editing with the views open', './views.mjs', async (m) => {
    const r = await m.benchViews(join(root, 'corpus-10k'));
    if (r?.summary) results.push(...r.summary);
  });
if (only.includes('impact'))
  await optional('branch impact', './impact.mjs', async (m) => {
    const r = await m.benchImpact(join(root, 'corpus-10k'));
    if (r?.summary) results.push(...r.summary);
  });
if (only.includes('release'))
  await optional('matrix and release packet', './release.mjs', async (m) => {
    const r = await m.benchRelease(join(root, 'corpus-10k'), runs);
    if (r?.summary) results.push(...r.summary);
  });
if (only.includes('metrics'))
  await optional('metrics over history', './metrics.mjs', async (m) => {
    const r = await m.benchMetrics(join(root, 'corpus-10k'));
    if (r?.summary) results.push(...r.summary);
  });
if (only.includes('dashboard'))
  await optional('design controls dashboard', './dashboard.mjs', async (m) => {
    const r = await m.benchDashboard(join(root, 'corpus-10k'));
    if (r?.summary) results.push(...r.summary);
  });
if (only.includes('webview')) {
  // A script of its own (it builds the page and drives Chromium); its figures are read from its output.
  console.log('\n## graph webview\n');
  const r = spawnSync(process.execPath, ['bench/webview.mjs', '2000', String(runs)], { encoding: 'utf8' });
  process.stdout.write(r.stdout);
  if (r.status !== 0) process.stderr.write(r.stderr);
  const m = /cold \(fresh page each run\): median (\d+) ms/.exec(r.stdout);
  results.push(
    m
      ? {
          what: '2,000-node graph laid out and first painted, ms (target ≤ 1500)',
          value: m[1],
          ok: Number(m[1]) <= 1500,
        }
      : { what: '2,000-node graph laid out and first painted', value: 'failed', ok: false },
  );
}

console.log('\n## Targets\n');
console.log(line(['measure', 'value', 'met']));
console.log(line(['---', '---', '---']));
for (const r of results) console.log(line([r.what, r.value, r.ok ? 'yes' : 'NO']));
