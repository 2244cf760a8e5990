/// <reference types="mocha" />
// Verification evidence in the editor (SPEC 8): results files watched (the lens and the findings
// follow a file that appears and is rewritten), an edit makes results stale at once, and
// "Record Test Result…" writes a manual record that becomes the test's result. The suite turns
// evidence on with a tracespine.yaml of its own and puts the fixture back afterwards.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  closeAll,
  diagKeys,
  exists,
  open,
  positionOf,
  readText,
  restoreFixture,
  uri,
  waitFor,
  waitForState,
  writeText,
} from './workspace.test';

const RESULTS = 'test-results/junit.xml';

const report = (body: string): string =>
  [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<testsuites name="vitest tests">',
    '  <testsuite name="test/alarm.test.ts" timestamp="2026-11-01T10:00:00Z">',
    `    <testcase name="REQ-2 alarm sounds within 30 s" classname="test/alarm.test.ts">${body}</testcase>`,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');

/** The titles of the evidence lenses of `rel` (the coverage and impact lenses carry a command; these do not). */
async function evidenceLenses(rel: string): Promise<string[]> {
  await vscode.workspace.openTextDocument(uri(rel));
  const list =
    (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri(rel), 100)) ?? [];
  return list.filter((l) => !l.command?.command).map((l) => l.command?.title ?? '');
}

async function waitForLens(rel: string, pattern: RegExp, timeoutMs = 10_000): Promise<string[]> {
  let last: string[] = [];
  return waitFor(
    async () => {
      last = await evidenceLenses(rel);
      return last.some((t) => pattern.test(t)) ? last : undefined;
    },
    () => `a lens of ${rel} matching ${pattern}; now ${JSON.stringify(last)}`,
    timeoutMs,
  );
}

describe('verification evidence in the editor', () => {
  before(async function () {
    this.timeout(60_000);
    await writeText('tracespine.yaml', 'version: 1\nevidence:\n  results: ["test-results/*.xml"]\n');
    // Evidence on: the record kind joins the configured kinds.
    await waitForState((s) => s.summary.kinds.some((k) => k.kind === 'record'), 'the record kind (evidence on)');
  });

  after(async function () {
    this.timeout(60_000);
    await restoreFixture(['tracespine.yaml', 'test-results', 'design/records']);
  });

  it('a results file appears: the lens shows the passing result', async () => {
    // Before: nothing has run; REQ-2 is verified by nothing.
    assert.deepEqual(await evidenceLenses('design/REQ-2.md'), []);
    assert.deepEqual(await evidenceLenses('design/REQ-1.md'), ['verified by links, but no test result yet']);
    await writeText(RESULTS, report(''));
    const t0 = Date.now();
    const titles = await waitForLens('design/REQ-2.md', /✓ passed/);
    assert.match(
      titles[0]!,
      /^verified by test\/alarm\.test\.ts > REQ-2 alarm sounds within 30 s ✓ passed \d+ days ago$/,
    );
    assert.ok(Date.now() - t0 < 8000, `the lens followed in ${Date.now() - t0} ms`);
    // The mapped case counts as a verifies link: coverage.unverified is gone.
    await waitFor(() => diagKeys('design/REQ-2.md').length === 0, 'no finding on REQ-2');
  });

  it('the file is rewritten with a failure: the lens and the findings follow', async () => {
    await writeText(RESULTS, report('<failure message="expected alarm after 30 s, got none"/>'));
    const titles = await waitForLens('design/REQ-2.md', /✗ failed/);
    assert.match(titles[0]!, /^verified by test\/alarm\.test\.ts > REQ-2 alarm sounds within 30 s ✗ failed/);
    await waitFor(
      () => JSON.stringify(diagKeys('design/REQ-2.md')) === JSON.stringify(['evidence.failed@1:4-1:9']),
      () => `evidence.failed on REQ-2's id; now ${JSON.stringify(diagKeys('design/REQ-2.md'))}`,
    );
    const d = vscode.languages.getDiagnostics(uri('design/REQ-2.md')).find((x) => x.source === 'tracespine')!;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.relatedInformation?.[0]?.location.uri.toString(), uri(RESULTS).toString());
  });

  it('an edit of the requirement after the run makes its result stale at once', async () => {
    await writeText(RESULTS, report(''));
    await waitForLens('design/REQ-2.md', /✓ passed/);
    const editor = await open('design/REQ-2.md');
    const at = positionOf(editor.document, '30 s');
    assert.ok(await editor.edit((e) => e.replace(new vscode.Range(at, at.translate(0, 2)), '20')));
    const titles = await waitForLens('design/REQ-2.md', /⚠ stale \(passed\)/, 5000);
    assert.match(titles[0]!, /REQ-2 alarm sounds within 30 s ⚠ stale \(passed\)/);
    await waitFor(
      () => JSON.stringify(diagKeys('design/REQ-2.md')) === JSON.stringify(['evidence.stale@1:4-1:9']),
      () => `evidence.stale on REQ-2; now ${JSON.stringify(diagKeys('design/REQ-2.md'))}`,
    );
    await closeAll(); // reverts the edit: fresh again
    await waitForLens('design/REQ-2.md', /✓ passed/);
  });

  it('Record Test Result… writes a manual record, and the lens shows the manual result', async () => {
    assert.deepEqual(await evidenceLenses('design/TST-1.md'), ['verified by links, but no test result yet']);
    await open('design/TST-1.md'); // the active editor's test: the picker's first entry
    let settled = false;
    const running = Promise.resolve(
      vscode.commands.executeCommand<{ id: string; file: string } | undefined>('tracespine.recordTestResult', {
        result: 'pass',
        version: 'v1.2.0',
        executedBy: 'QA Bench <qa@example.com>',
      }),
    ).finally(() => (settled = true));
    // Accept the test picker's first entry (as Enter does), once it is open.
    for (let i = 0; i < 100 && !settled; i++) {
      await new Promise((res) => setTimeout(res, 100));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    const r = await running;
    assert.deepEqual(r, { id: 'TR-1', file: 'design/records/TR-1.md', test: 'TST-1', result: 'pass' });
    // Written and saved through the WorkspaceEdit, and open in the active editor.
    const text = await readText('design/records/TR-1.md');
    assert.match(
      text,
      /^---\nid: TR-1\ntitle: Run of TST-1 \(Rate limit test\) on v1\.2\.0\nstatus: draft\nexecutes: \[TST-1@[0-9a-f]{8}\]\nresult: pass\nexecuted_by: QA Bench <qa@example\.com>\nexecuted_at: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\nversion: v1\.2\.0\n---\n/,
    );
    assert.ok(vscode.window.activeTextEditor?.document.uri.path.endsWith('/design/records/TR-1.md'));
    await waitForLens('design/TST-1.md', /^verified by TST-1 ✓ passed just now$/);
    // It counts for what TST-1 verifies too.
    await waitForLens('design/REQ-1.md', /^verified by TST-1 ✓ passed just now$/);
    assert.deepEqual(diagKeys('design/records/TR-1.md'), []);

    // Never over an existing record: the next one is TR-2; a failing record wins as the latest.
    const r2 = await vscode.commands.executeCommand<{ id: string }>('tracespine.recordTestResult', {
      test: 'TST-1',
      result: 'fail',
      version: 'v1.2.0',
      executedBy: 'QA Bench',
    });
    assert.equal(r2?.id, 'TR-2');
    assert.ok(await exists('design/records/TR-1.md'));
    await waitForLens('design/TST-1.md', /^verified by TST-1 ✗ failed just now$/);
  });
});
