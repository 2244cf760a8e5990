import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRelease } from '../../src/cli/release';
import { distinctColours, launchChromium } from './harness';

/** The matrix page and the release record, opened from disk in headless Chromium as an auditor would. */
const fixtures = resolve(__dirname, '../fixtures');
const RESULTS = join(process.cwd(), 'test-results');
let browser: Browser;
let recordPath: string;

beforeAll(async () => {
  browser = await launchChromium();
  const dir = mkdtempSync(join(tmpdir(), 'ts-record-'));
  cpSync(join(fixtures, 'matrix/ws'), dir, { recursive: true });
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'A',
    GIT_AUTHOR_EMAIL: 'a@x',
    GIT_COMMITTER_NAME: 'A',
    GIT_COMMITTER_EMAIL: 'a@x',
  };
  for (const args of [
    ['init', '-q'],
    ['add', '-A'],
    ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'design'],
  ])
    execFileSync('git', args, { cwd: dir, env });
  expect((await runRelease(['--product', 'Pump', '--version', '2.0', '--out', 'packet'], dir)).exitCode).toBe(1);
  recordPath = join(dir, 'packet/index.html');
  mkdirSync(RESULTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

/** Opens a file, recording every request the page makes and every CSP or script problem it reports. */
async function open(file: string): Promise<{ page: Page; requests: string[]; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(pathToFileURL(file).href);
  return { page, requests, problems };
}

function visibleRows(page: Page): Promise<number> {
  return page.locator('table.matrix tbody tr:not([hidden])').count();
}

describe('the matrix page (matrix --format html) in Chromium', () => {
  it('makes no request but its own, runs under its CSP, filters and toggles, prints, is not blank', async () => {
    const file = join(fixtures, 'matrix/links.html');
    const { page, requests, problems } = await open(file);
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(await visibleRows(page)).toBe(22);
    expect(await page.locator('#count').textContent()).toBe('22 of 22 rows');
    await page.fill('#filter', 'hazard');
    expect(await visibleRows(page)).toBe(5);
    await page.fill('#filter', '');
    await page.check('input[data-flag="gap"]');
    expect(await visibleRows(page)).toBe(6);
    await page.check('input[data-flag="suspect"]');
    expect(await visibleRows(page)).toBe(7);
    expect(await page.locator('tr.suspect td').first().textContent()).toBe('REQ-1');
    await page.uncheck('input[data-flag="gap"]');
    await page.uncheck('input[data-flag="suspect"]');
    await page.check('input[data-flag="failed"]');
    expect(await page.locator('#count').textContent()).toBe('0 of 22 rows');
    await page.uncheck('input[data-flag="failed"]');
    expect(problems).toEqual([]);
    const png = await page.screenshot({ path: join(RESULTS, 'matrix-links.png'), fullPage: true });
    expect(await distinctColours(browser, png)).toBeGreaterThan(20);
    const pdf = await page.pdf({ format: 'A4', landscape: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    writeFileSync(join(RESULTS, 'matrix-links.pdf'), pdf);
    await page.close();
  });
});

describe('the release record (index.html) in Chromium', () => {
  it('shows identification, gate, findings and the not-configured sections; no request but its own; prints; not blank', async () => {
    const { page, requests, problems } = await open(recordPath);
    expect(requests).toEqual([pathToFileURL(recordPath).href]);
    expect(await page.locator('h1').textContent()).toBe('Release record: Pump 2.0');
    expect(await page.locator('.verdict').textContent()).toBe('FAIL');
    const headings = await page.locator('h2').allTextContents();
    expect(headings).toEqual([
      'Identification',
      'Gate',
      'Coverage',
      'Open findings',
      'Residual anomalies',
      'Deviations in force',
      'Approvals',
      'Verification evidence',
      'Changes since the previous release',
      'This packet',
    ]);
    expect(await page.locator('text=Not configured.').count()).toBe(4);
    await page.check('input[data-flag="gap"]');
    expect(await visibleRows(page)).toBe(6);
    expect(problems).toEqual([]);
    const png = await page.screenshot({ path: join(RESULTS, 'release-record.png'), fullPage: true });
    expect(await distinctColours(browser, png)).toBeGreaterThan(20);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    writeFileSync(join(RESULTS, 'release-record.pdf'), pdf);
    await page.close();
  });
});
