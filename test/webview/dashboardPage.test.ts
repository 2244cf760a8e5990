/**
 * The Design Controls Dashboard page (src/shared/dashboardHtml.ts) in headless Chromium, served
 * with its production CSP and the shipped media/dashboard.js: its script runs by nonce, an entry
 * posts "open" with its file and line, the charts are drawn, "not configured" sections say so,
 * and nothing is requested but the page and its script.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsCharts } from '../../src/core/metrics/page';
import type { MetricsPoint } from '../../src/core/metrics/metrics';
import { renderDashboardHtml } from '../../src/shared/dashboardHtml';
import type { DashboardResult } from '../../src/shared/lspProtocol';
import { makeNonce } from '../../src/shared/webviewHtml';
import { launchChromium } from './harness';

const data: DashboardResult = {
  configInvalid: false,
  coverage: [
    { rule: 'unverified', kind: 'requirement', covered: 3, total: 4 },
    { rule: 'unmitigated', kind: 'hazard', covered: 1, total: 1 },
  ],
  gaps: [
    {
      rule: 'unverified',
      total: 1,
      entries: [
        { id: 'REQ-4', title: 'Bolus <limit>', file: 'design/REQ-4.md', line: 1, detail: 'coverage.unverified' },
      ],
    },
  ],
  anomalies: [
    {
      id: 'PR-1',
      title: 'Rate drifts',
      file: 'design/problems/PR-1.md',
      line: 1,
      detail: 'serious, open',
      severity: 'serious',
      state: 'open',
      evaluated: false,
      affects: ['REQ-1'],
    },
  ],
  evidence: null,
  approvals: null,
  deviations: null,
};

function point(i: number): MetricsPoint {
  return {
    commit: String(i).repeat(40),
    date: `2024-01-0${i}T00:00:00Z`,
    tag: null,
    items: { requirement: 4 },
    coverage: { unverified: { covered: i, total: 4 } },
    errors: 3 - i,
    warnings: 4 - i,
    anomalies: { open: i - 1, unevaluated: 0 },
    approvals: null,
    deviations: null,
  };
}

let browser: Browser;
let server: Server;
let origin: string;
let html = '';

beforeAll(async () => {
  const script = readFileSync(new URL('../../media/dashboard.js', import.meta.url), 'utf8');
  server = createServer((req, res) => {
    if (req.url === '/dashboard.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('the dashboard page', () => {
  it('runs its script under the CSP, opens entries by message, draws the charts, requests nothing else', async () => {
    const points = [point(1), point(2), point(3)];
    const charts = metricsCharts(
      { version: 1, points },
      points.map(() => ({ anomaliesBySeverity: {} })),
    );
    html = renderDashboardHtml(data, { nonce: makeNonce(), scriptUri: `${origin}/dashboard.js`, chartsHtml: charts });
    const page = await browser.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    // The VS Code API the webview host provides: recorded messages (a test-only script, before the page's own).
    await page.addInitScript(
      'window.__posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m) });',
    );
    await page.goto(`${origin}/`);
    await page.waitForFunction('window.__posted.length > 0');
    expect(requests).toEqual([`${origin}/`, `${origin}/dashboard.js`]);
    expect(problems).toEqual([]);

    await page.click('a.entry[data-id="PR-1"]');
    await page.click('a.entry[data-id="REQ-4"]');
    expect(await page.evaluate('window.__posted')).toEqual([
      { type: 'ready' },
      { type: 'open', file: 'design/problems/PR-1.md', line: 1, id: 'PR-1' },
      { type: 'open', file: 'design/REQ-4.md', line: 1, id: 'REQ-4' },
    ]);
    const text = await page.evaluate<string>('document.body.innerText');
    expect(text).toContain('Bolus <limit>');
    expect(text).toContain('no safety evaluation');
    expect(text.match(/Not configured/g)?.length).toBe(3 + 2); // evidence, approvals, deviations; the two history charts
    const facts = await page.evaluate<{ bar: number; lines: number; width: number; stroke: string }>(`(() => {
      const bar = document.querySelector('[style-width="75"]');
      const svg = document.querySelector('svg.ts-chart');
      const line = svg.querySelector('polyline');
      return { bar: Math.round(bar.getBoundingClientRect().width), lines: document.querySelectorAll('svg.ts-chart polyline').length,
        width: Math.round(svg.getBoundingClientRect().width), stroke: getComputedStyle(line).stroke };
    })()`);
    expect(facts.bar).toBe(90); // 75% of the 120px bar: the nonce'd style applied
    expect(facts.lines).toBeGreaterThanOrEqual(4);
    expect(facts.width).toBeGreaterThan(300);
    expect(facts.stroke).toBe('rgb(31, 119, 180)'); // the fallback of --vscode-charts-blue outside VS Code
    await page.close();
  });

  it('lists failing and stale evidence, approvals for the role, deviations expiring; each entry opens its item', async () => {
    const filled: DashboardResult = {
      ...data,
      evidence: {
        failing: [
          { id: 'TST-1', title: 'Rate test', file: 'design/tests/TST-1.md', line: 1, detail: 'failed: pump > TST-1' },
        ],
        stale: [{ id: 'REQ-3', title: 'Draft', file: 'design/REQ-3.md', line: 1, detail: 'stale: TR-1' }],
      },
      approvals: {
        email: 'qa@example.com',
        roles: ['qa'],
        waiting: [
          { id: 'REQ-1', title: 'Rate limit', file: 'design/REQ-1.md', line: 1, detail: 'approved:qa missing' },
        ],
      },
      deviations: {
        expiring: [
          {
            id: 'DEV-1',
            title: 'Waiver',
            file: 'design/DEV-1.md',
            line: 1,
            detail: 'expires 2026-12-20 (in 17 days) · owner qa',
          },
        ],
      },
    };
    const points = [point(1), point(2), point(3)].map((p, i) => ({
      ...p,
      approvals: { missing: 3 - i, stale: i },
      deviations: { active: 1 + i, expiring: i },
    }));
    const charts = metricsCharts(
      { version: 1, points },
      points.map(() => ({ anomaliesBySeverity: {} })),
    );
    html = renderDashboardHtml(filled, { nonce: makeNonce(), scriptUri: `${origin}/dashboard.js`, chartsHtml: charts });
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.addInitScript(
      'window.__posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m) });',
    );
    await page.goto(`${origin}/`);
    await page.waitForFunction('window.__posted.length > 0');
    for (const id of ['TST-1', 'REQ-3', 'REQ-1', 'DEV-1']) await page.click(`a.entry[data-id="${id}"]`);
    expect(await page.evaluate('window.__posted')).toEqual([
      { type: 'ready' },
      { type: 'open', file: 'design/tests/TST-1.md', line: 1, id: 'TST-1' },
      { type: 'open', file: 'design/REQ-3.md', line: 1, id: 'REQ-3' },
      { type: 'open', file: 'design/REQ-1.md', line: 1, id: 'REQ-1' },
      { type: 'open', file: 'design/DEV-1.md', line: 1, id: 'DEV-1' },
    ]);
    expect(requests).toEqual([`${origin}/`, `${origin}/dashboard.js`]);
    const text = await page.evaluate<string>('document.body.innerText');
    expect(text).not.toContain('Not configured');
    expect(text).toContain('qa@example.com, roles: qa');
    expect(text).toContain('approved:qa missing');
    expect(text).toContain('expires 2026-12-20 (in 17 days)');
    // Every chart drawn: approvals pending and deviations have lines now.
    const charts2 = await page.evaluate<number[]>(
      `[...document.querySelectorAll('svg.ts-chart')].map((s) => s.querySelectorAll('polyline').length)`,
    );
    expect(charts2.length).toBeGreaterThanOrEqual(5);
    expect(charts2.every((n) => n > 0)).toBe(true);
    await page.close();
  });
});
