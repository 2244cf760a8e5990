/**
 * The metrics page (tracespine metrics --format html) in headless Chromium: the charts are
 * drawn (lines and points with size and colour), the page's CSP lets its own style apply and
 * nothing else, and the page makes no request besides itself.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsPoint, MetricsPointDetail } from '../../src/core/metrics/metrics';
import { formatMetricsHtml } from '../../src/core/metrics/page';
import { launchChromium } from './harness';

function pt(i: number, errors: number, open: number, covered: number): MetricsPoint {
  return {
    commit: `${String(i).repeat(40)}`.slice(0, 40),
    date: `2024-01-0${i}T00:00:00Z`,
    tag: i === 3 ? 'v1.0' : null,
    items: { requirement: 4 },
    coverage: { unverified: { covered, total: 4 }, unmitigated: { covered: 1, total: 1 } },
    errors,
    warnings: 4 - covered,
    anomalies: { open, unevaluated: open > 1 ? 1 : 0 },
    approvals: null,
    deviations: null,
  };
}

const points = [pt(1, 2, 0, 1), pt(2, 1, 1, 2), pt(3, 0, 2, 4)];
const details: MetricsPointDetail[] = [
  { anomaliesBySeverity: {} },
  { anomaliesBySeverity: { serious: 1 } },
  { anomaliesBySeverity: { serious: 1, minor: 1 } },
];

interface ChartFacts {
  title: string;
  width: number;
  height: number;
  lines: number;
  dots: number;
  stroke: string | null;
  lineWidth: number;
  dotFill: string | null;
  text: string | null;
}

let browser: Browser;
let dir: string;

beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'ts-metrics-page-'));
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the metrics HTML page', () => {
  it('draws every chart, applies its style under its CSP, requests nothing', async () => {
    const file = join(dir, 'metrics.html');
    writeFileSync(file, formatMetricsHtml({ version: 1, points }, details));
    const page = await browser.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    const url = pathToFileURL(file).href;
    await page.goto(url);
    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);

    const charts = await page.evaluate<ChartFacts[]>(`[...document.querySelectorAll('figure.ts-figure')].map((f) => {
      const svg = f.querySelector('svg');
      const box = svg ? svg.getBoundingClientRect() : undefined;
      const line = svg ? svg.querySelector('polyline') : null;
      const dot = svg ? svg.querySelector('circle') : null;
      return {
        title: f.querySelector('figcaption').textContent,
        width: Math.round(box ? box.width : 0),
        height: Math.round(box ? box.height : 0),
        lines: svg ? svg.querySelectorAll('polyline').length : 0,
        dots: svg ? svg.querySelectorAll('circle').length : 0,
        stroke: line ? getComputedStyle(line).stroke : null,
        lineWidth: line ? Math.round(line.getBoundingClientRect().width) : 0,
        dotFill: dot ? getComputedStyle(dot).fill : null,
        text: svg ? null : f.textContent,
      };
    })`);
    expect(charts.map((c) => c.title)).toEqual([
      'Coverage per rule',
      'Findings',
      'Open anomalies by severity',
      'Approvals pending',
      'Deviations expiring',
    ]);
    for (const c of charts.slice(0, 3)) {
      expect(c.width).toBeGreaterThan(300);
      expect(c.height).toBeGreaterThan(80);
      expect(c.lines).toBeGreaterThan(0);
      expect(c.lineWidth).toBeGreaterThan(200);
      expect(c.stroke).toBe('rgb(31, 119, 180)'); // the page's style applied: the first series' colour
      expect(c.dotFill).toBe('rgb(31, 119, 180)');
    }
    expect(charts.map((c) => c.dots).slice(0, 3)).toEqual([6, 6, 12]);
    expect(charts[3]!.text).toContain('Not configured');
    expect(charts[4]!.text).toContain('Not configured');
    // Pixels: the first chart is not blank (more than the background colour in its area).
    const shot = await (await page.$('figure.ts-figure svg'))!.screenshot();
    expect(shot.length).toBeGreaterThan(2000);
    await page.close();
  });
});
