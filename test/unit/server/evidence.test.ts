import { mkdtempSync, realpathSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, removeBuild, removeDir, TestClient } from './lspClient';

const REQ =
  '---\nid: REQ-1\ntitle: Rate limit\nderives_from: [UN-1]\n---\nThe pump shall reject rates above 999 mL/h.\n';
const report = (body: string): string =>
  `<testsuite name="s"><testcase name="REQ-1 limits the rate" classname="rate">${body}</testcase></testsuite>\n`;

beforeAll(async () => {
  await buildServer();
}, 120_000);
afterAll(removeBuild);

describe('language server: verification evidence', () => {
  let root: string;
  let client: TestClient;
  const codes = (file: string): string[] => client.diags(file).map((d) => String(d.code));

  beforeAll(async () => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'ts-ev-server-')));
    writeFileSync(join(root, 'tracespine.yaml'), 'evidence:\n  results: ["test-results/*.xml"]\n');
    writeFileSync(join(root, 'UN-1.md'), '---\nid: UN-1\ntitle: Safe dosing\n---\n');
    writeFileSync(join(root, 'REQ-1.md'), REQ);
    mkdirSync(join(root, 'test-results'));
    writeFileSync(join(root, 'test-results/junit.xml'), report(''));
    client = await TestClient.start(root);
    await client.initialize();
    await client.waitReady();
  });

  afterAll(async () => {
    expect(await client.stop()).toBe(0);
    removeDir(root);
  });

  it('a passing result: REQ-1 is verified by it (no coverage finding)', () => {
    expect(codes('REQ-1.md')).toEqual([]);
  });

  it('the results file rewritten with a failure: evidence.failed follows', async () => {
    writeFileSync(join(root, 'test-results/junit.xml'), report('<failure message="expected 5 got 6"/>'));
    const t0 = performance.now();
    await client.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: client.uri('test-results/junit.xml'), type: 2 }],
    });
    await client.waitFor(() => codes('REQ-1.md').includes('evidence.failed'), 5000, 'evidence.failed on REQ-1');
    console.log(`rewritten results file applied in ${(performance.now() - t0).toFixed(0)} ms`);
    expect(client.diags('REQ-1.md').map((d) => [d.code, d.range.start.line, d.message])).toEqual([
      ['evidence.failed', 1, 'Requirement REQ-1 failed verification: rate > REQ-1 limits the rate failed'],
    ]);
    // The lens and the hover show the state and the result.
    const lenses = await client.request<{ command?: { title: string } }[]>('textDocument/codeLens', {
      textDocument: { uri: client.uri('REQ-1.md') },
    });
    expect(lenses.map((l) => l.command?.title)).toContain('verified by rate > REQ-1 limits the rate ✗ failed');
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', {
      textDocument: { uri: client.uri('REQ-1.md') },
      position: { line: 1, character: 5 },
    });
    expect(hover.contents.value).toContain(
      'Verification: **failed**\n- rate > REQ-1 limits the rate: ✗ failed · `test-results/junit.xml:1`',
    );
  });

  it('an edit of the requirement after the run makes its results stale at once', async () => {
    writeFileSync(join(root, 'test-results/junit.xml'), report(''));
    await client.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: client.uri('test-results/junit.xml'), type: 2 }],
    });
    await client.waitFor(() => codes('REQ-1.md').length === 0, 5000, 'passing again');
    await client.open('REQ-1.md', REQ);
    const at = REQ.indexOf('999');
    const line = REQ.slice(0, at).split('\n').length - 1;
    const character = at - REQ.lastIndexOf('\n', at) - 1;
    await client.change('REQ-1.md', { start: { line, character }, end: { line, character: character + 3 } }, '500');
    await client.waitFor(() => codes('REQ-1.md').includes('evidence.stale'), 5000, 'evidence.stale on REQ-1');
    expect(codes('REQ-1.md')).toEqual(['evidence.stale']);
  });
});
