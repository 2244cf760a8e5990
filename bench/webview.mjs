// Benchmark of the trace-graph webview: a synthetic 2,000-item layered graph, from the
// message's arrival in the page to the first paint of the laid-out graph (the page measures
// it: data-paint-ms), in headless Chromium under the production CSP. Prints the median of 5
// runs on fresh pages (cold: includes starting the layout worker) and of 5 more on one page
// (warm). Target: <= 1500 ms. `node bench/webview.mjs [nodes] [runs]`
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const nodes = Number(process.argv[2] ?? 2000);
const runs = Number(process.argv[3] ?? 5);

// The harness is TypeScript: bundle it for Node next to the repository's node_modules.
mkdirSync(`${root}.bench`, { recursive: true });
const harnessOut = `${root}.bench/webview-harness.mjs`;
const buildMjs = pathToFileURL(`${root}webview/build.mjs`).href;
await esbuild.build({
  entryPoints: [`${root}test/webview/harness.ts`],
  outfile: harnessOut,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
  plugins: [
    {
      name: 'build-mjs',
      setup: (b) => b.onResolve({ filter: /webview\/build\.mjs$/ }, () => ({ path: buildMjs, external: true })),
    },
  ],
});
const h = await import(pathToFileURL(harnessOut).href);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const graphMsg = (seed) => {
  const data = h.syntheticGraph(nodes, seed);
  return { type: 'graph', focus: data.nodes[Math.floor(data.nodes.length / 5)].id, depth: 'all', pinned: false, data };
};

const dist = await h.buildWebviewBundle();
const server = await h.startTestServer(dist);
const browser = await h.launchChromium();
try {
  const open = async (name) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(server.page(name, h.testPageHtml({ origin: server.origin })));
    await h.waitUntil(page, `window.__tsPosted && window.__tsPosted.some((m) => m.type === 'ready')`);
    return page;
  };
  const cold = [];
  const coldLayout = [];
  const coldRender = [];
  let thread = '';
  for (let i = 0; i < runs; i++) {
    const page = await open(`cold${i}`);
    const info = await h.postAndPaint(page, graphMsg(i + 1), 300_000);
    cold.push(info.paintMs);
    coldLayout.push(info.layoutMs);
    coldRender.push(info.renderMs);
    thread = info.thread;
    if ((await h.paintCount(page)) !== 1) throw new Error('expected one paint');
    if (i === 0)
      await page.screenshot({ path: `${root}test-results/webview-bench-${nodes}.png` }).catch(() => undefined);
    await page.close();
  }
  const page = await open('warm');
  await h.postAndPaint(page, graphMsg(100), 300_000);
  const warm = [];
  for (let i = 0; i < runs; i++) warm.push((await h.postAndPaint(page, graphMsg(200 + i), 300_000)).paintMs);
  await page.close();
  const fmt = (xs) => xs.map((x) => Math.round(x)).join(', ');
  console.log(`webview: ${nodes} items laid out (ELK layered, ${thread}) and first painted, message -> paint:`);
  console.log(
    `  cold (fresh page each run): median ${Math.round(median(cold))} ms  [${fmt(cold)}]  (ELK: median ${Math.round(median(coldLayout))} ms, SVG build+mount: ${Math.round(median(coldRender))} ms)`,
  );
  console.log(`  warm (same page):           median ${Math.round(median(warm))} ms  [${fmt(warm)}]`);
  console.log(
    `  target <= 1500 ms: ${median(cold) <= 1500 ? 'met' : 'NOT met'} (cold), ${median(warm) <= 1500 ? 'met' : 'NOT met'} (warm)`,
  );
  // Pan and zoom at 5,000 nodes, zoomed out to the whole graph (the canvas draws it): event -> painted frame.
  const big = await open('frames');
  const data = h.syntheticGraph(5000, 3);
  await h.postAndPaint(big, { type: 'graph', focus: data.nodes[0].id, depth: 'all', pinned: false, data }, 300_000);
  const f = await h.measureFrames(big);
  await big.close();
  const ms = (x) => Math.round(x * 10) / 10;
  console.log(`webview: pan and zoom at 5,000 nodes (${f.canvas ? 'canvas' : 'SVG'}), event -> painted frame:`);
  console.log(`  zoom: median ${ms(f.zoom.median)} ms, p90 ${ms(f.zoom.p90)} ms, max ${ms(f.zoom.max)} ms`);
  console.log(`  pan:  median ${ms(f.pan.median)} ms, p90 ${ms(f.pan.p90)} ms, max ${ms(f.pan.max)} ms`);
  console.log(`  target < 50 ms a frame (median): ${f.zoom.median < 50 && f.pan.median < 50 ? 'met' : 'NOT met'}`);
} finally {
  await browser.close();
  await server.close();
  h.removeDir(dist);
}
