// Edit latency with the Design Controls view open: drives `node dist/server.js --stdio` the way
// the extension does (bench/server.mjs drives the server alone).
//
//   node bench/views.mjs [CORPUS_DIR] [N]      (defaults: .bench/corpus-10k, 10000; run `npm run build` first)
//   also run by `npm run bench` (bench/run.mjs imports benchViews)
//
// The extension's service answers each `tracespine/indexChanged` notification with a
// `tracespine/items` request for the files it names, and the tree then shows what changed.
// Measured, on the same edits (a requirement's derives_from entry switched between a dangling
// ID and the original target, at typing pace):
// - baseline, the view hidden: edit (didChange) -> publishDiagnostics of that version;
// - the view visible: edit -> publishDiagnostics, indexChanged naming the file, and the
//   `tracespine/items` answer for it showing the new error count (the tree's data refreshed);
// - the first `tracespine/items` of the whole workspace (what opening the view costs) and its size.
// Target: the view-visible median <= 100 ms (docs/performance.md keeps the figures).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import rpc from 'vscode-jsonrpc/node.js';
import { generateCorpus } from './corpus.mjs';
import { median, percentile } from './measure.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_MS = 100;

/**
 * Runs the benchmark on a corpus directory (generated with `options.n` requirements, default
 * 10,000, when it does not exist yet), prints its figures (unless `options.quiet`) and returns
 * them, with `summary` rows for bench/run.mjs's table of targets.
 * @param {string} corpusDir
 * @param {{ edits?: number, server?: string, n?: number, quiet?: boolean }} [options]
 */
export async function benchViews(corpusDir, options = {}) {
  const root = resolve(corpusDir);
  if (!existsSync(root) || existsSync(join(root, '.corpus.json'))) generateCorpus(root, options.n ?? 10000);
  const r = await run(root, options);
  const result = {
    ...r,
    summary: [
      {
        what: `views: edit → diagnostics and tree refreshed, median ms (view hidden: ${r.hiddenMedianMs.toFixed(0)}; target ≤ ${TARGET_MS})`,
        value: `${r.visibleMedianMs.toFixed(0)} (p95 ${r.visibleP95Ms.toFixed(0)})`,
        ok: r.visibleMedianMs <= TARGET_MS,
      },
    ],
  };
  if (!options.quiet) console.log(`\n## editing with the Design Controls view open\n\n${formatViewsBench(result)}`);
  return result;
}

async function run(root, options) {
  const server = options.server ?? join(repo, 'dist/server.js');
  const editCount = options.edits ?? 20;
  if (!existsSync(server)) throw new Error(`${server} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [server, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b) => (stderr += b.toString()));
  const connection = rpc.createMessageConnection(
    new rpc.StreamMessageReader(child.stdout),
    new rpc.StreamMessageWriter(child.stdin),
  );
  const uriOf = (file) => pathToFileURL(join(root, file)).href;
  const listeners = new Set();
  let summary;
  /** When true, every indexChanged is answered with a tracespine/items request, as the extension does. */
  let viewVisible = false;
  let itemsAnswered = [];
  const emit = (e) => {
    for (const l of [...listeners]) l(e);
  };
  connection.onNotification('textDocument/publishDiagnostics', (p) => emit({ type: 'diagnostics', p }));
  connection.onNotification('tracespine/indexChanged', (p) => {
    summary = p.summary;
    emit({ type: 'indexChanged', p });
    if (!viewVisible || !summary.ready) return;
    const files = Array.isArray(p.files) ? p.files : undefined;
    void connection.sendRequest('tracespine/items', files ? { files } : {}).then((result) => {
      itemsAnswered.push(result);
      emit({ type: 'items', p: result, files });
    });
  });
  connection.onNotification('$/progress', () => {});
  connection.onNotification('window/logMessage', () => {});
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/codeLens/refresh', () => null);
  connection.listen();
  const until = (pred, timeoutMs, what) =>
    new Promise((res, rej) => {
      const timer = setTimeout(() => {
        listeners.delete(l);
        rej(new Error(`timed out waiting for ${what}; server stderr: ${stderr.slice(0, 2000)}`));
      }, timeoutMs);
      const l = (e) => {
        if (!pred(e)) return;
        clearTimeout(timer);
        listeners.delete(l);
        res(e);
      };
      listeners.add(l);
    });

  try {
    const ready = until((e) => e.type === 'indexChanged' && e.p.summary.ready, 180_000, 'the end of indexing');
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uriOf(''),
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'corpus' }],
      capabilities: {
        workspace: {
          didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
          workspaceEdit: { documentChanges: true },
          codeLens: { refreshSupport: true },
        },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
      },
    });
    await connection.sendNotification('initialized', {});
    await ready;

    // Opening the view: every item's state at once.
    const t0 = performance.now();
    const all = await connection.sendRequest('tracespine/items', {});
    const fullItemsMs = performance.now() - t0;
    const fullItemsKiB = Buffer.byteLength(JSON.stringify(all)) / 1024;

    const file = 'design/requirements/REQ-0001.md';
    const uri = uriOf(file);
    const text = readFileSync(join(root, file), 'utf8');
    let version = 1;
    await connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'markdown', version: ++version, text },
    });
    await new Promise((r) => setTimeout(r, 500));
    const key = 'derives_from';
    const at = text.indexOf(`${key}:\n  - UN-`) + key.length + 6;
    const line = text.slice(0, at).split('\n').length - 1;
    const character = at - text.lastIndexOf('\n', at - 1) - 1;
    const original = /^UN-\d+/.exec(text.slice(at))[0];
    const dangling = 'UN-99999';
    let current = original;

    const series = async (visible) => {
      viewVisible = visible;
      const latencies = [];
      for (let i = 0; i < editCount; i++) {
        const next = current === original ? dangling : original;
        const errors = next === dangling ? 1 : 0;
        const v = ++version;
        const diagnostics = until(
          (e) => e.type === 'diagnostics' && e.p.uri === uri && e.p.version === v,
          10_000,
          `diagnostics of edit ${i + 1}`,
        );
        const tree = visible
          ? until(
              (e) =>
                e.type === 'items' &&
                e.files !== undefined &&
                e.p.items.some((it) => it.file === file && it.errors === errors),
              10_000,
              `the items of edit ${i + 1}`,
            )
          : Promise.resolve();
        const t = performance.now();
        await connection.sendNotification('textDocument/didChange', {
          textDocument: { uri, version: v },
          contentChanges: [
            { range: { start: { line, character }, end: { line, character: character + current.length } }, text: next },
          ],
        });
        await Promise.all([diagnostics, tree]);
        latencies.push(performance.now() - t);
        current = next;
        // typing pace, and let a debounced notification of this edit go out before the next one
        await new Promise((r) => setTimeout(r, visible ? 1200 : 150));
      }
      return latencies;
    };
    const hidden = await series(false);
    itemsAnswered = [];
    const visible = await series(true);
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    return {
      items: summary.items,
      fullItemsMs,
      fullItemsKiB,
      hiddenMedianMs: median(hidden),
      hiddenP95Ms: percentile(hidden, 0.95),
      visibleMedianMs: median(visible),
      visibleP95Ms: percentile(visible, 0.95),
      hiddenMs: hidden,
      visibleMs: visible,
      itemsPerEdit: itemsAnswered.length === 0 ? 0 : median(itemsAnswered.map((r) => r.items.length)),
    };
  } finally {
    connection.dispose();
    if (child.exitCode === null) setTimeout(() => child.kill(), 2000).unref();
  }
}

/** The figures as a few lines of text. */
export function formatViewsBench(r) {
  const ok = r.visibleMedianMs <= TARGET_MS ? 'ok' : 'MISSED';
  return [
    `Design Controls view on ${r.items} items:`,
    `  opening the view: tracespine/items of every item ${r.fullItemsMs.toFixed(0)} ms, ${r.fullItemsKiB.toFixed(0)} KiB`,
    `  edit -> diagnostics, view hidden (baseline): median ${r.hiddenMedianMs.toFixed(1)} ms, p95 ${r.hiddenP95Ms.toFixed(1)} ms over ${r.hiddenMs.length} edits`,
    `  edit -> diagnostics and tree refreshed, view visible: median ${r.visibleMedianMs.toFixed(1)} ms, p95 ${r.visibleP95Ms.toFixed(1)} ms over ${r.visibleMs.length} edits (${(r.visibleMedianMs / r.hiddenMedianMs).toFixed(1)}x the baseline; target <= ${TARGET_MS} ms: ${ok})`,
    `  item states per refresh: ${r.itemsPerEdit}`,
  ].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await benchViews(process.argv[2] ?? join(repo, '.bench/corpus-10k'), { n: Number(process.argv[3] ?? 10000) });
}
