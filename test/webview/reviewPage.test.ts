/**
 * The Review Changes list in headless Chromium, under the production HTML and CSP: the base
 * picker shows the base in use, the list is grouped, code files are listed, and its buttons
 * send the diff, since-pin and re-affirm messages; without git, a plain message replaces the
 * graph and its controls.
 */
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFromWebviewMessage, type GraphData, type ImpactMessage } from '../../src/shared/protocol';
import {
  buildWebviewBundle,
  evalIn,
  launchChromium,
  postAndPaint,
  posted,
  postToWebview,
  removeDir,
  sampleGraph,
  startTestServer,
  testPageHtml,
  violations,
  waitUntil,
  type TestServer,
} from './harness';

const COMMIT = '0123456789abcdef0123456789abcdef01234567';

function impactMsg(base = 'origin/main'): ImpactMessage {
  const data: GraphData = sampleGraph();
  for (const n of data.nodes) delete n.depth;
  Object.assign(
    data.nodes.find((n) => n.id === 'REQ-002')!,
    { change: 'modified' },
  );
  Object.assign(
    data.nodes.find((n) => n.id === 'TST-001')!,
    { impacted: true, depth: 1 },
  );
  return {
    type: 'impact',
    base,
    // The default base first, as the server lists them.
    bases: ['origin/main', 'origin/release-1.0', 'feature'],
    commit: COMMIT,
    data,
    review: [
      {
        id: 'REQ-002',
        kind: 'requirement',
        title: 'Stop infusion when an occlusion is detected',
        file: 'docs/requirements/REQ-002.md',
        line: 1,
        reason: 'modified',
        group: 'changed',
        change: 'modified',
        baseFile: 'docs/requirements/REQ-002.md',
      },
      {
        id: 'TST-001',
        kind: 'test',
        title: 'Occlusion stop bench test',
        file: 'docs/tests/TST-001.md',
        line: 1,
        reason: 'verifies REQ-002 (modified)',
        group: 'impacted',
        baseFile: 'docs/tests/TST-001.md',
        suspect: [{ type: 'verifies', target: 'REQ-002', pin: '5b1c07e2', current: 'dc4653d3', line: 4, character: 4 }],
      },
      {
        id: 'UN-001',
        kind: 'need',
        title: 'Deliver the prescribed dose safely',
        file: 'docs/needs/UN-001.md',
        line: 1,
        reason: 'upstream of REQ-002 (modified)',
        group: 'upstream',
      },
    ],
    code: [
      {
        file: 'src/occlusion.c',
        line: 3,
        tagsChanged: ['REQ-002'],
        tags: ['REQ-002'],
        depth: 1,
        inBase: true,
        inHead: true,
        reason: 'trace tags changed: REQ-002; tags REQ-002 (modified)',
      },
      {
        file: 'tests/test_occlusion.c',
        line: 0,
        tagsChanged: [],
        tags: ['TST-001'],
        depth: 2,
        inBase: true,
        inHead: true,
        reason: 'tags TST-001',
      },
    ],
  };
}

describe('Review Changes list in Chromium', () => {
  let dist = '';
  let server: TestServer;
  let browser: Browser;
  const problems: string[] = [];
  let pages = 0;

  beforeAll(async () => {
    dist = await buildWebviewBundle();
    server = await startTestServer(dist);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dist) removeDir(dist);
  });

  async function open(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(server.page(`r${pages++}`, testPageHtml({ origin: server.origin })));
    await waitUntil(page, `window.__tsPosted && window.__tsPosted.some((m) => m.type === 'ready')`);
    return page;
  }

  /** The messages posted after the first `after`, once one of `type` arrived. */
  async function postedAfter(page: Page, type: string, after: number): Promise<unknown> {
    await waitUntil(page, `window.__tsPosted.slice(${after}).some((m) => m.type === '${type}')`, 5000);
    return (await posted(page))
      .slice(after)
      .filter((m) => (m as { type: string }).type === type)
      .at(-1);
  }

  const shownBase = (page: Page): Promise<{ value: string; face: string }> =>
    evalIn(
      page,
      `(() => { const s = document.getElementById('base'); return { value: s.value, face: s.shadowRoot.querySelector('.select-face .text')?.textContent ?? '' }; })()`,
    );

  it('the Base picker shows the base in use, not the first one offered', async () => {
    const page = await open();
    await postAndPaint(page, impactMsg('origin/main'));
    expect(await shownBase(page)).toEqual({ value: 'origin/main', face: 'origin/main' });
    // The host answers a selectBase (or a revived panel) with results for another base.
    await postToWebview(page, impactMsg('feature'));
    await page.waitForTimeout(200);
    expect(await shownBase(page)).toEqual({ value: 'feature', face: 'feature' });
    expect(await page.locator('#review-base').textContent()).toBe('feature');
    expect(await page.locator('#review-against').textContent()).toBe('Against feature (merge base 01234567)');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('groups changed, impacted and upstream items, lists the code, and sends the review actions', async () => {
    const page = await open();
    await postAndPaint(page, impactMsg());
    const groups = await evalIn<string[]>(
      page,
      `[...document.querySelectorAll('#review-list .review-group')].map((g) => g.dataset.group + ': ' + [...g.querySelectorAll('.review-entry .review-id')].map((e) => e.textContent).join(', '))`,
    );
    expect(groups).toEqual([
      'changed: REQ-002',
      'impacted: TST-001',
      'upstream: UN-001',
      'code: occlusion.c, test_occlusion.c',
    ]);
    expect(await page.locator('#review-list h3').allTextContents()).toEqual([
      'Changed on this branch (1)',
      'Impacted: re-review (1)',
      'Upstream: re-check (1)',
      'Code: re-check (2)',
    ]);
    expect(await page.locator('#review h2 vscode-badge').textContent()).toBe('5');

    const after = async (): Promise<number> => (await posted(page)).length;
    // A changed item opens as its diff against the base; an impacted one as its file.
    let n = await after();
    await page.locator('.review-group[data-group="changed"] .review-entry').click();
    expect(await postedAfter(page, 'diff', n)).toEqual({
      type: 'diff',
      file: 'docs/requirements/REQ-002.md',
      baseFile: 'docs/requirements/REQ-002.md',
    });
    n = await after();
    await page.locator('.review-group[data-group="impacted"] .review-entry').click();
    expect(await postedAfter(page, 'open', n)).toEqual({ type: 'open', file: 'docs/tests/TST-001.md', line: 1 });
    n = await after();
    await page.locator('.review-group[data-group="impacted"] .review-diff').click();
    expect(await postedAfter(page, 'diff', n)).toEqual({
      type: 'diff',
      file: 'docs/tests/TST-001.md',
      baseFile: 'docs/tests/TST-001.md',
    });
    // The upstream need has no base file: no Diff button.
    expect(await page.locator('.review-group[data-group="upstream"] .review-diff').count()).toBe(0);

    // The suspect link: what changed since the pin, and Re-affirm.
    expect(await page.locator('.review-suspect-text').textContent()).toBe(
      'Suspect: verifies REQ-002 changed since the pin 5b1c07e2 (now dc4653d3)',
    );
    n = await after();
    await page.locator('.review-since-pin').click();
    expect(await postedAfter(page, 'sincePin', n)).toEqual({ type: 'sincePin', target: 'REQ-002', pin: '5b1c07e2' });
    n = await after();
    await page.locator('.review-reaffirm').click();
    expect(await postedAfter(page, 'reaffirm', n)).toEqual({
      type: 'reaffirm',
      file: 'docs/tests/TST-001.md',
      line: 4,
      character: 4,
    });

    // Code: changed tags open as the diff, a file only tagging an impacted item as itself.
    n = await after();
    await page.locator('.review-group[data-group="code"] .review-entry').first().click();
    expect(await postedAfter(page, 'diff', n)).toEqual({
      type: 'diff',
      file: 'src/occlusion.c',
      baseFile: 'src/occlusion.c',
    });
    n = await after();
    await page.locator('.review-group[data-group="code"] .review-entry').nth(1).click();
    expect(await postedAfter(page, 'open', n)).toEqual({ type: 'open', file: 'tests/test_occlusion.c', line: 0 });

    expect((await posted(page)).every(isFromWebviewMessage)).toBe(true);
    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('outside git: a plain message, without the graph and its controls; a later impact brings them back', async () => {
    const page = await open();
    await postAndPaint(page, impactMsg());
    await postToWebview(page, {
      type: 'unavailable',
      title: 'Review Changes needs a git repository',
      message: 'This workspace folder is not inside a git repository.',
    });
    await waitUntil(page, `!document.getElementById('unavailable').hidden`);
    expect(await page.locator('#unavailable h2').textContent()).toBe('Review Changes needs a git repository');
    expect(await page.locator('#unavailable p').textContent()).toBe(
      'This workspace folder is not inside a git repository.',
    );
    for (const sel of ['header.toolbar', '#filters', '#canvas', '#review', '#fit', '#base', '#legend'])
      expect(await page.locator(sel).isVisible(), sel).toBe(false);
    await postAndPaint(page, impactMsg());
    expect(await page.locator('#unavailable').isVisible()).toBe(false);
    expect(await page.locator('#review').isVisible()).toBe(true);
    expect(await page.locator('header.toolbar').isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });
});
