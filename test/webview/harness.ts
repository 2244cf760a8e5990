/**
 * Browser harness for the trace-graph webview: builds the bundles, serves them with the
 * production HTML (src/shared/webviewHtml.ts, same strict CSP, fresh nonce) from a local HTTP
 * server on 127.0.0.1, mocks `acquireVsCodeApi` through a nonce'd script of the test page only,
 * and drives headless Debian Chromium with playwright-core. Used by page.test.ts and
 * bench/webview.mjs (which bundles this file with esbuild).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { makeNonce, renderWebviewHtml } from '../../src/shared/webviewHtml';
import { webviewBuilds } from '../../webview/build.mjs';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

/** Debian's Chromium (`apt-get install chromium`), or `$CHROMIUM_PATH`. */
export function findChromium(): string | undefined {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'])
    if (p && existsSync(p)) return p;
  return undefined;
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error(
      'No Chromium: npm test installs it when run as root; else apt-get install -y chromium (or set CHROMIUM_PATH)',
    );
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

/** Builds main.js, elkWorker.js and style.css (minified, as shipped) into a fresh temp dir. */
export async function buildWebviewBundle(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'tracespine-webview-'));
  const common: esbuild.BuildOptions = {
    bundle: true,
    minify: true,
    sourcemap: false,
    logLevel: 'warning',
    legalComments: 'none',
  };
  await Promise.all(webviewBuilds(common, dir).map((b) => esbuild.build(b)));
  return dir;
}

/** VS Code's Dark Modern colours for the `--vscode-*` variables the page uses. */
export const DARK_THEME_CSS = `html {
  --vscode-font-family: system-ui, "Segoe WPC", "Segoe UI", "Ubuntu", "DejaVu Sans", sans-serif;
  --vscode-font-size: 13px;
  --vscode-editor-font-size: 14px;
  --vscode-font-weight: normal;
  --vscode-editor-font-family: "DejaVu Sans Mono", "Droid Sans Mono", monospace;
  --vscode-foreground: #cccccc;
  --vscode-descriptionForeground: #9d9d9d;
  --vscode-errorForeground: #f85149;
  --vscode-editor-background: #1f1f1f;
  --vscode-editor-foreground: #cccccc;
  --vscode-editorWidget-background: #202020;
  --vscode-editorWidget-border: #313131;
  --vscode-sideBar-background: #181818;
  --vscode-sideBarTitle-foreground: #cccccc;
  --vscode-panel-border: #2b2b2b;
  --vscode-focusBorder: #0078d4;
  --vscode-charts-foreground: #cccccc;
  --vscode-charts-blue: #3794ff;
  --vscode-charts-green: #89d185;
  --vscode-charts-red: #f14c4c;
  --vscode-charts-purple: #b180d7;
  --vscode-charts-orange: #d18616;
  --vscode-charts-yellow: #cca700;
  --vscode-button-background: #0078d4;
  --vscode-button-foreground: #ffffff;
  --vscode-button-border: rgba(255, 255, 255, 0.07);
  --vscode-button-hoverBackground: #026ec1;
  --vscode-button-secondaryBackground: #313131;
  --vscode-button-secondaryForeground: #cccccc;
  --vscode-button-secondaryHoverBackground: #3c3c3c;
  --vscode-input-background: #313131;
  --vscode-input-foreground: #cccccc;
  --vscode-input-border: #3c3c3c;
  --vscode-input-placeholderForeground: #989898;
  --vscode-dropdown-background: #313131;
  --vscode-dropdown-foreground: #cccccc;
  --vscode-dropdown-border: #3c3c3c;
  --vscode-dropdown-listBackground: #1f1f1f;
  --vscode-checkbox-background: #313131;
  --vscode-checkbox-border: #3c3c3c;
  --vscode-checkbox-foreground: #cccccc;
  --vscode-badge-background: #616161;
  --vscode-badge-foreground: #f8f8f8;
  --vscode-editorError-foreground: #f85149;
  --vscode-editorWarning-foreground: #cca700;
  --vscode-editorLineNumber-foreground: #6e7681;
  --vscode-editorLineNumber-activeForeground: #cccccc;
  --vscode-editor-findMatchBorder: #f8c95a;
  --vscode-gitDecoration-addedResourceForeground: #81b88b;
  --vscode-gitDecoration-deletedResourceForeground: #c74e39;
  --vscode-gitDecoration-modifiedResourceForeground: #e2c08d;
  --vscode-gitDecoration-renamedResourceForeground: #73c991;
  --vscode-list-hoverBackground: #2a2d2e;
  --vscode-list-activeSelectionBackground: #04395e;
  --vscode-inputValidation-errorBackground: #5a1d1d;
  --vscode-inputValidation-errorBorder: #be1100;
  --vscode-terminal-ansiCyan: #29b8db;
  --vscode-terminal-ansiMagenta: #bc3fbc;
  --vscode-terminal-ansiBrightBlue: #3b8eea;
}
`;

/** Overrides of {@link DARK_THEME_CSS} for VS Code's Light Modern theme. */
export const LIGHT_THEME_CSS = `html {
  --vscode-foreground: #3b3b3b;
  --vscode-descriptionForeground: #3b3b3b;
  --vscode-errorForeground: #f85149;
  --vscode-editor-background: #ffffff;
  --vscode-editor-foreground: #3b3b3b;
  --vscode-editorWidget-background: #f8f8f8;
  --vscode-editorWidget-border: #e5e5e5;
  --vscode-sideBar-background: #f8f8f8;
  --vscode-panel-border: #e5e5e5;
  --vscode-focusBorder: #005fb8;
  --vscode-charts-foreground: #3b3b3b;
  --vscode-charts-blue: #1a85ff;
  --vscode-charts-green: #388a34;
  --vscode-charts-red: #e51400;
  --vscode-charts-purple: #652d90;
  --vscode-charts-orange: #d18616;
  --vscode-charts-yellow: #bf8803;
  --vscode-badge-background: #cccccc;
  --vscode-badge-foreground: #3b3b3b;
  --vscode-editorError-foreground: #e51400;
  --vscode-editorWarning-foreground: #bf8803;
  --vscode-editorLineNumber-foreground: #6e7681;
  --vscode-editorLineNumber-activeForeground: #171184;
  --vscode-gitDecoration-addedResourceForeground: #587c0c;
  --vscode-gitDecoration-deletedResourceForeground: #ad0707;
  --vscode-gitDecoration-modifiedResourceForeground: #895503;
  --vscode-gitDecoration-renamedResourceForeground: #007100;
  --vscode-testing-iconPassed: #388a34;
  --vscode-testing-iconFailed: #f14c4c;
  --vscode-terminal-ansiCyan: #0598bc;
  --vscode-terminal-ansiMagenta: #bc05bc;
  --vscode-terminal-ansiBrightBlue: #0451a5;
  --vscode-input-background: #ffffff;
  --vscode-input-foreground: #3b3b3b;
  --vscode-dropdown-background: #ffffff;
  --vscode-dropdown-foreground: #3b3b3b;
  --vscode-button-secondaryBackground: #e5e5e5;
  --vscode-button-secondaryForeground: #3b3b3b;
}
`;

/** Overrides of {@link DARK_THEME_CSS} for VS Code's Dark High Contrast theme. */
export const HC_THEME_CSS = `html {
  --vscode-foreground: #ffffff;
  --vscode-descriptionForeground: #ffffff;
  --vscode-editor-background: #000000;
  --vscode-editor-foreground: #ffffff;
  --vscode-editorWidget-background: #0c141f;
  --vscode-editorWidget-border: #6fc3df;
  --vscode-sideBar-background: #000000;
  --vscode-panel-border: #6fc3df;
  --vscode-focusBorder: #f38518;
  --vscode-charts-foreground: #ffffff;
  --vscode-badge-background: #000000;
  --vscode-badge-foreground: #ffffff;
  --vscode-editorError-foreground: #f48771;
  --vscode-editorWarning-foreground: #cca700;
  --vscode-editorLineNumber-foreground: #ffffff;
  --vscode-testing-iconPassed: #73c991;
  --vscode-testing-iconFailed: #f48771;
}
`;

/**
 * The test page's stand-in for VS Code: `acquireVsCodeApi` (once, like VS Code) records posted
 * messages in `window.__tsPosted` and states in `window.__tsStates`; `getState` starts from the
 * script's `data-state`. CSP violations are collected in `window.__tsViolations`.
 */
export const MOCK_VSCODE_JS = `(() => {
  const script = document.currentScript;
  const posted = [];
  const states = [];
  const violations = [];
  let state = script && script.dataset.state ? JSON.parse(script.dataset.state) : undefined;
  let acquired = false;
  window.__tsPosted = posted;
  window.__tsStates = states;
  window.__tsViolations = violations;
  document.addEventListener('securitypolicyviolation', (e) => {
    violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile + ':' + e.lineNumber });
  });
  document.body.classList.add('vscode-dark');
  document.body.dataset.vscodeThemeKind = 'vscode-dark';
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi may only be called once');
    acquired = true;
    return {
      postMessage: (m) => posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => state,
      setState: (s) => { state = s; states.push(JSON.parse(JSON.stringify(s))); },
    };
  };
})();
`;

export interface TestPageOptions {
  origin: string;
  nonce?: string;
  /** Start the layout worker for large graphs (default true). */
  worker?: boolean;
  /** What the mocked `getState()` returns at start. */
  mockState?: unknown;
  /** Passed to renderWebviewHtml as `initialState`. */
  initialState?: unknown;
  /** Theme variables (default: VS Code Dark Modern). */
  theme?: 'dark' | 'light' | 'hc' | 'none';
}

/** The production HTML plus, for tests only, the theme and the nonce'd mock script. */
export function testPageHtml(opts: TestPageOptions): string {
  const nonce = opts.nonce ?? makeNonce();
  const html = renderWebviewHtml({
    cspSource: opts.origin,
    nonce,
    scriptUri: `${opts.origin}/dist/main.js`,
    styleUri: `${opts.origin}/dist/style.css`,
    ...(opts.worker === false ? {} : { workerUri: `${opts.origin}/dist/elkWorker.js` }),
    ...(opts.initialState !== undefined ? { initialState: opts.initialState } : {}),
  });
  const mockState = opts.mockState !== undefined ? ` data-state="${escapeAttr(JSON.stringify(opts.mockState))}"` : '';
  const mock = `<script nonce="${nonce}" src="${opts.origin}/mock/vscode.js"${mockState}></script>\n`;
  const extra =
    opts.theme === 'light' || opts.theme === 'hc'
      ? `<link rel="stylesheet" href="${opts.origin}/mock/theme-${opts.theme}.css">\n`
      : '';
  const theme =
    opts.theme === 'none' ? '' : `<link rel="stylesheet" href="${opts.origin}/mock/theme-dark.css">\n${extra}`;
  const mainTag = `<script nonce="${nonce}" src="${opts.origin}/dist/main.js">`;
  if (!html.includes(mainTag)) throw new Error('unexpected webview HTML');
  return html.replace('<link rel="stylesheet"', `${theme}<link rel="stylesheet"`).replace(mainTag, mock + mainTag);
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.html': 'text/html',
  '.map': 'application/json',
};

export interface TestServer {
  origin: string;
  /** Serves `html` at `/page/<name>` and returns its URL. */
  page(name: string, html: string): string;
  close(): Promise<void>;
}

/** Serves `distDir` under /dist/, the mocks under /mock/, and registered pages under /page/. */
export async function startTestServer(distDir: string): Promise<TestServer> {
  const pages = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, type: string, body: string | Buffer): void => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/favicon.ico') return send(204, 'image/x-icon', '');
    if (url.pathname.startsWith('/page/')) {
      const html = pages.get(url.pathname.slice(6));
      if (html !== undefined) return send(200, 'text/html; charset=utf-8', html);
    } else if (url.pathname === '/mock/vscode.js') return send(200, 'text/javascript', MOCK_VSCODE_JS);
    else if (url.pathname === '/mock/theme-dark.css') return send(200, 'text/css', DARK_THEME_CSS);
    else if (url.pathname === '/mock/theme-light.css') return send(200, 'text/css', LIGHT_THEME_CSS);
    else if (url.pathname === '/mock/theme-hc.css') return send(200, 'text/css', HC_THEME_CSS);
    else if (url.pathname.startsWith('/dist/')) {
      const rel = normalize(url.pathname.slice(6));
      const file = join(distDir, rel);
      if (!rel.startsWith('..') && existsSync(file))
        return send(200, TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file));
    }
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no address');
  const origin = `http://127.0.0.1:${addr.port}`;
  return {
    origin,
    page(name, html) {
      pages.set(name, html);
      return `${origin}/page/${name}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// Driving the page

/**
 * Evaluates a JavaScript expression in the page. (This file is type-checked without the DOM
 * library, so browser-side code is passed as text.)
 */
export async function evalIn<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate<T>(expression);
}

/** `attr` of every element matching `selector` (CSS), in document order. */
export async function attrAll(page: Page, selector: string, attr: string): Promise<string[]> {
  return evalIn<string[]>(
    page,
    `[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => e.getAttribute(${JSON.stringify(attr)}) ?? '')`,
  );
}

/** Posts a host message (a `ToWebviewMessage`, or anything, to test validation) to the page. */
export async function postToWebview(page: Page, msg: unknown): Promise<void> {
  await page.evaluate(
    (m) => (globalThis as unknown as { postMessage(m: unknown, origin: string): void }).postMessage(m, '*'),
    msg,
  );
}

export async function paintCount(page: Page): Promise<number> {
  return evalIn<number>(page, `Number(document.getElementById('app')?.dataset.paintCount ?? '0')`);
}

/**
 * Polls `expression` in the page until it is truthy. (Playwright's `waitForFunction` evaluates
 * its predicate with `eval` inside the page, which the strict CSP rightly refuses.)
 */
export async function waitUntil(page: Page, expression: string, timeout = 10_000): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    if (await evalIn<unknown>(page, expression)) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for: ${expression}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the page has painted more than `after` times. */
export async function waitForPaint(page: Page, after: number, timeout = 30_000): Promise<void> {
  await waitUntil(page, `Number(document.getElementById('app')?.dataset.paintCount ?? '0') > ${after}`, timeout);
}

export interface PaintInfo {
  /** Message receipt → first paint of the laid-out graph. */
  paintMs: number;
  /** ELK alone. */
  layoutMs: number;
  /** Building and mounting the SVG (before the browser's style, layout and paint). */
  renderMs: number;
  thread: string;
}

export async function paintInfo(page: Page): Promise<PaintInfo> {
  return evalIn<PaintInfo>(
    page,
    `(() => { const d = document.getElementById('app').dataset; return { paintMs: Number(d.paintMs), layoutMs: Number(d.layoutMs), renderMs: Number(d.renderMs), thread: d.layoutThread ?? '' }; })()`,
  );
}

/** Posts `msg` and waits for the resulting paint; returns the page's metrics of it. */
export async function postAndPaint(page: Page, msg: unknown, timeout = 120_000): Promise<PaintInfo> {
  const before = await paintCount(page);
  await postToWebview(page, msg);
  await waitForPaint(page, before, timeout);
  return paintInfo(page);
}

/** Messages the page posted to the (mocked) host so far. */
export async function posted(page: Page): Promise<unknown[]> {
  return evalIn<unknown[]>(page, 'window.__tsPosted.slice()');
}

/** States the page saved with `setState` so far. */
export async function savedStates(page: Page): Promise<unknown[]> {
  return evalIn<unknown[]>(page, 'window.__tsStates.slice()');
}

/** CSP violations the page reported so far. */
export async function violations(page: Page): Promise<unknown[]> {
  return evalIn<unknown[]>(page, 'window.__tsViolations.slice()');
}

/** Number of distinct colours in a PNG, counted by decoding it in a blank (CSP-free) page. */
export async function distinctColours(browser: Browser, png: Buffer): Promise<number> {
  const page = await browser.newPage();
  try {
    return await evalIn<number>(
      page,
      `(async () => {
        const img = new Image();
        img.src = 'data:image/png;base64,${png.toString('base64')}';
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const ctx = c.getContext('2d');
        ctx.drawImage(img, 0, 0);
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        const seen = new Set();
        for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
        return seen.size;
      })()`,
    );
  } finally {
    await page.close();
  }
}

export { KINDS, sampleGraph, syntheticGraph } from './fixtures';

/**
 * WCAG 2 contrast of every text the graph draws against what is behind it, from the rendered
 * colours: the text's computed fill, and behind it the computed fill of its pill (badges,
 * blended over the node box as painted, `color-mix` included: each colour is resolved by
 * painting it on a canvas) or the node box, the edge label's halo, the band. Returns one entry
 * per distinct (class, colours) pair.
 */
export async function textContrasts(page: Page): Promise<{ what: string; fg: string; bg: string; ratio: number }[]> {
  return evalIn(
    page,
    `(() => {
      const c = document.createElement('canvas');
      c.width = c.height = 1;
      const ctx = c.getContext('2d', { willReadFrequently: true });
      const rgb = (css, under) => {
        ctx.clearRect(0, 0, 1, 1);
        if (under) { ctx.fillStyle = under; ctx.fillRect(0, 0, 1, 1); }
        ctx.fillStyle = css;
        ctx.fillRect(0, 0, 1, 1);
        const d = ctx.getImageData(0, 0, 1, 1).data;
        return [d[0], d[1], d[2]];
      };
      const lum = ([r, g, b]) => {
        const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const hex = (a) => '#' + a.map((v) => v.toString(16).padStart(2, '0')).join('');
      const page = getComputedStyle(document.querySelector('svg.ts-graph')).backgroundColor;
      const out = new Map();
      for (const t of document.querySelectorAll('svg.ts-graph text')) {
        if (t.closest('.dim') || t.classList.contains('dim') || getComputedStyle(t).display === 'none') continue;
        const node = t.closest('g.node');
        const boxFill = node ? getComputedStyle(node.querySelector('.node-box')).fill : page;
        const base = rgb(boxFill, rgb(page) && page);
        const baseCss = 'rgb(' + base.join(',') + ')';
        let behind = base;
        let what = t.getAttribute('class') || 'text';
        const badge = t.closest('g.badge');
        if (badge) {
          const r = badge.querySelector('rect');
          const fill = getComputedStyle(r).fill;
          if (fill && fill !== 'none') behind = rgb(fill, baseCss);
          what = 'badge ' + badge.getAttribute('class');
        } else if (t.classList.contains('edge-label')) {
          behind = rgb(getComputedStyle(t).stroke, page);
        } else if (t.classList.contains('band-caption')) {
          const band = t.closest('g.band').querySelector('.band-bg');
          const s = getComputedStyle(band);
          const o = Number(s.opacity) * Number(band.getAttribute('opacity') || 1);
          const f = rgb(s.fill);
          const p = rgb(page);
          behind = f.map((v, i) => Math.round(v * o + p[i] * (1 - o)));
        }
        const fg = rgb(getComputedStyle(t).fill, 'rgb(' + behind.join(',') + ')');
        const l1 = lum(fg), l2 = lum(behind);
        const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
        const key = what + hex(fg) + hex(behind);
        if (!out.has(key)) out.set(key, { what, fg: hex(fg), bg: hex(behind), ratio: Math.round(ratio * 100) / 100 });
      }
      return [...out.values()];
    })()`,
  );
}

/**
 * Frame times of 30 wheel-zoom and 30 drag-pan steps, each from the event to the painted frame
 * (requestAnimationFrame, then a task), after zooming out to the whole graph. Used by the page
 * test (a bound) and bench/webview.mjs (the figures in docs/performance.md).
 */
export async function measureFrames(
  page: Page,
): Promise<{ canvas: boolean; drawMs: number; zoom: FrameStats; pan: FrameStats }> {
  return evalIn(page, MEASURE_FRAMES_JS);
}

export interface FrameStats {
  median: number;
  p90: number;
  max: number;
}

export const MEASURE_FRAMES_JS = `(async () => {
  const svg = document.querySelector('svg.ts-graph');
  const r = svg.getBoundingClientRect();
  const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
  const frame = () => new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)));
  // Zoom out until everything is in view (the canvas draws it).
  for (let i = 0; i < 40; i++) { svg.dispatchEvent(new WheelEvent('wheel', { deltaY: 300, clientX: cx, clientY: cy, bubbles: true, cancelable: true })); await frame(); }
  await frame();
  const stats = (xs) => { const s = [...xs].sort((a, b) => a - b); return { median: s[Math.floor(s.length / 2)], p90: s[Math.floor(s.length * 0.9)], max: s[s.length - 1] }; };
  const zoom = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    svg.dispatchEvent(new WheelEvent('wheel', { deltaY: i % 2 ? 60 : -60, clientX: cx, clientY: cy, bubbles: true, cancelable: true }));
    await frame();
    zoom.push(performance.now() - t0);
  }
  const pan = [];
  svg.dispatchEvent(new PointerEvent('pointerdown', { pointerId: 7, button: 0, clientX: cx, clientY: cy, bubbles: true }));
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    svg.dispatchEvent(new PointerEvent('pointermove', { pointerId: 7, clientX: cx + (i % 10) * 12, clientY: cy + (i % 7) * 9, bubbles: true }));
    await frame();
    pan.push(performance.now() - t0);
  }
  svg.dispatchEvent(new PointerEvent('pointerup', { pointerId: 7, clientX: cx, clientY: cy, bubbles: true }));
  return { canvas: !document.querySelector('canvas.ts-canvas').hidden, drawMs: document.getElementById('app').tsCanvasMs, zoom: stats(zoom), pan: stats(pan) };
})()`;
