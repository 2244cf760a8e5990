// Language-server benchmark: drives `node dist/server.js --stdio` over JSON-RPC as an editor
// would, on the synthetic corpus (bench/corpus.mjs), and compares with `tracespine check`.
//
//   node bench/server.mjs [CORPUS_DIR] [N]      (defaults: .bench/corpus-10k, 10000; run `npm run build` first)
//   also run by `npm run bench` (bench/run.mjs imports benchServer)
//
// Measures, in one run:
// - `node bin/tracespine.js check CORPUS --format json` wall time (median of 3);
// - server start -> initialize -> index -> every diagnostic published: until the
//   `tracespine/indexChanged` notification with summary.ready, which the server sends right
//   after the initial publishDiagnostics burst (target: <= 3x the check);
// - 20 one-line edits of a requirement's derives_from link (didChange), each timed from
//   sending the change to receiving the publishDiagnostics of that document version (target:
//   median and p95 <= 50 ms); the edit alternates between a dangling ID and the original
//   target, so each one changes the file's findings. derives_from is acyclic, so each edit
//   also makes the validator re-check cycles over the whole index: the costly case. 20 edits
//   of a mitigates link follow for comparison;
// - the server's peak RSS (VmHWM in /proc/<pid>/status; target <= 500 MiB).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import rpc from 'vscode-jsonrpc/node.js';
import { generateCorpus } from './corpus.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function p95(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
}

function readHwmMiB(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

function checkTimeMs(corpusDir, runs = 3) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [join(repo, 'bin/tracespine.js'), 'check', corpusDir, '--format', 'json'], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    });
    times.push(performance.now() - t0);
    if (r.status !== 0 && r.status !== 1)
      throw new Error(`tracespine check exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  }
  return median(times);
}

/**
 * Runs the benchmark on a corpus directory (generated with `options.n` requirements, default
 * 10,000, when it does not exist yet), prints its figures (unless `options.quiet`) and returns
 * them (milliseconds, MiB), with `summary` rows for bench/run.mjs's table of targets.
 * @param {string} corpusDir
 * @param {{ edits?: number, server?: string, n?: number, quiet?: boolean }} [options]
 */
export async function benchServer(corpusDir, options = {}) {
  const root = resolve(corpusDir);
  // Never regenerate (that deletes the directory) a directory that is not a generated corpus.
  if (!existsSync(root) || existsSync(join(root, '.corpus.json'))) generateCorpus(root, options.n ?? 10000);
  const r = await run(root, options);
  const result = {
    ...r,
    summary: [
      {
        what: 'server: initial index + diagnostics / tracespine check (target ≤ 3)',
        value: r.initialVsCheck.toFixed(2),
        ok: r.initialVsCheck <= 3,
      },
      {
        what: 'server: one-line edit → diagnostics, median / p95 ms (target ≤ 50)',
        value: `${r.editMedianMs.toFixed(0)} / ${r.editP95Ms.toFixed(0)}`,
        ok: r.editMedianMs <= 50 && r.editP95Ms <= 50,
      },
      { what: 'server: peak RSS, MiB (target ≤ 500)', value: r.peakRssMiB.toFixed(0), ok: r.peakRssMiB <= 500 },
    ],
  };
  if (!options.quiet) console.log(`\n## language server\n\n${formatServerBench(result)}`);
  return result;
}

async function run(root, options) {
  const server = options.server ?? join(repo, 'dist/server.js');
  const editCount = options.edits ?? 20;
  if (!existsSync(server)) throw new Error(`${server} is missing: run \`npm run build\` first`);
  const checkMs = checkTimeMs(root);

  const t0 = performance.now();
  const child = spawn(process.execPath, [server, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b) => (stderr += b.toString()));
  const connection = rpc.createMessageConnection(
    new rpc.StreamMessageReader(child.stdout),
    new rpc.StreamMessageWriter(child.stdin),
  );
  const uriOf = (file) => pathToFileURL(join(root, file)).href;
  const listeners = new Set();
  let published = 0;
  let summary;
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    published++;
    for (const l of listeners) l(p);
  });
  connection.onNotification('tracespine/indexChanged', (p) => {
    summary = p.summary;
    for (const l of listeners) l(undefined);
  });
  connection.onNotification('$/progress', () => {});
  connection.onNotification('window/logMessage', () => {});
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.listen();
  const until = (pred, timeoutMs, what) =>
    new Promise((res, rej) => {
      const timer = setTimeout(() => {
        listeners.delete(l);
        rej(new Error(`timed out waiting for ${what}; server stderr: ${stderr.slice(0, 2000)}`));
      }, timeoutMs);
      const l = (p) => {
        if (!pred(p)) return;
        clearTimeout(timer);
        listeners.delete(l);
        res(p);
      };
      listeners.add(l);
    });

  try {
    const ready = until(() => summary?.ready === true, 120_000, 'the end of indexing');
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uriOf(''),
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'corpus' }],
      capabilities: {
        workspace: {
          didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
          workspaceEdit: { documentChanges: true },
        },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
      },
    });
    await connection.sendNotification('initialized', {});
    await ready;
    const initialMs = performance.now() - t0;
    const initialPublished = published;
    const afterIndexRssMiB = readHwmMiB(child.pid);

    // One-line edits of a requirement's link, as typed in an editor: its derives_from entry
    // (an acyclic link type, so the validator re-checks cycles: the costly case), then, for
    // comparison, a mitigates entry.
    let version = 1;
    const series = async (file, key, prefix) => {
      const uri = uriOf(file);
      const text = readFileSync(join(root, file), 'utf8');
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'markdown', version: ++version, text },
      });
      await new Promise((r) => setTimeout(r, 300));
      const at = text.indexOf(`${key}:\n  - ${prefix}-`) + key.length + 6;
      const line = text.slice(0, at).split('\n').length - 1;
      const character = at - text.lastIndexOf('\n', at - 1) - 1;
      const original = new RegExp(`^${prefix}-\\d+`).exec(text.slice(at))[0];
      const dangling = `${prefix}-99999`;
      let current = original;
      const latencies = [];
      for (let i = 0; i < editCount; i++) {
        const next = current === original ? dangling : original;
        const v = ++version;
        const got = until(
          (p) => p && p.uri === uri && p.version === v,
          10_000,
          `diagnostics of edit ${i + 1} of ${file}`,
        );
        const t = performance.now();
        await connection.sendNotification('textDocument/didChange', {
          textDocument: { uri, version: v },
          contentChanges: [
            { range: { start: { line, character }, end: { line, character: character + current.length } }, text: next },
          ],
        });
        const p = await got;
        latencies.push(performance.now() - t);
        const flagged = p.diagnostics.some((d) => d.code === 'link.unknown-target');
        if (flagged !== (next === dangling))
          throw new Error(`edit ${i + 1} of ${file}: unexpected diagnostics ${JSON.stringify(p.diagnostics)}`);
        current = next;
        await new Promise((r) => setTimeout(r, 100)); // typing pace: no coalescing between edits
      }
      await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      return latencies;
    };
    const latencies = await series('design/requirements/REQ-0001.md', 'derives_from', 'UN');
    const mitigates = await series('design/requirements/REQ-0005.md', 'mitigates', 'HAZ');
    const peakRssMiB = readHwmMiB(child.pid);
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    return {
      items: summary.items,
      checkMs,
      initialMs,
      initialVsCheck: initialMs / checkMs,
      initialPublished,
      editMedianMs: median(latencies),
      editP95Ms: p95(latencies),
      editsMs: latencies,
      mitigatesMedianMs: median(mitigates),
      mitigatesP95Ms: p95(mitigates),
      afterIndexRssMiB,
      peakRssMiB,
    };
  } finally {
    connection.dispose();
    if (child.exitCode === null) setTimeout(() => child.kill(), 2000).unref();
  }
}

/** The figures as a few lines of text. */
export function formatServerBench(r) {
  const ok = (pass) => (pass ? 'ok' : 'MISSED');
  return [
    `language server on ${r.items} items:`,
    `  initial index + diagnostics  ${r.initialMs.toFixed(0)} ms (tracespine check ${r.checkMs.toFixed(0)} ms; ${r.initialVsCheck.toFixed(2)}x, target <= 3x: ${ok(r.initialVsCheck <= 3)})`,
    `  one-line edit -> diagnostics median ${r.editMedianMs.toFixed(1)} ms, p95 ${r.editP95Ms.toFixed(1)} ms over ${r.editsMs.length} edits of a derives_from link (target <= 50 ms: ${ok(r.editP95Ms <= 50)})`,
    `    (a mitigates link, no cycle re-check: median ${r.mitigatesMedianMs.toFixed(1)} ms, p95 ${r.mitigatesP95Ms.toFixed(1)} ms)`,
    `  peak RSS ${r.peakRssMiB.toFixed(0)} MiB (after indexing ${r.afterIndexRssMiB.toFixed(0)} MiB; target <= 500 MiB: ${ok(r.peakRssMiB <= 500)})`,
  ].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await benchServer(process.argv[2] ?? join(repo, '.bench/corpus-10k'), { n: Number(process.argv[3] ?? 10000) });
}
