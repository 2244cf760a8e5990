// Named to run after the diagnostics suite, which asserts that some files were never opened.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DashboardResult } from '../../../src/shared/lspProtocol';
import { closeAll, waitFor } from './workspace.test';

interface DashboardState {
  ready: number;
  renders: number;
  opened: string[];
  firstRenderMs: number | undefined;
  data: DashboardResult | undefined;
  history: boolean;
}

const state = async (): Promise<DashboardState | undefined> =>
  vscode.commands.executeCommand<DashboardState | undefined>('tracespine.internal.dashboardState');

describe('Design Controls Dashboard', () => {
  // The shared fixture has no problem reports (other suites count its items): the page's
  // anomaly entries are tested in Chromium (test/webview/dashboardPage.test.ts).
  after(async () => {
    await closeAll();
  });

  it('opens with coverage and gaps; its script runs under the CSP', async () => {
    await vscode.commands.executeCommand('tracespine.showDashboard');
    let last: DashboardState | undefined;
    const s = await waitFor(
      async () => {
        const x = (last = await state());
        return x && x.ready > 0 && x.data && x.data.gaps.length > 0 ? x : undefined;
      },
      () => `the dashboard with its gaps; state: ${JSON.stringify(last)}`,
      30_000,
    );
    assert.ok(
      s.data!.coverage.some((c) => c.rule === 'unverified'),
      JSON.stringify(s.data!.coverage),
    );
    assert.deepEqual(s.data!.anomalies, []);
    assert.equal(s.data!.evidence, null);
    assert.ok((s.firstRenderMs ?? Infinity) < 1000, `first render in ${s.firstRenderMs} ms`);
  });

  it('an entry opens its file at the item (through the page message path)', async () => {
    const gap = (await state())!.data!.gaps[0]!.entries[0]!;
    const PR = gap.file;
    const ok = await vscode.commands.executeCommand<boolean>('tracespine.internal.dashboardMessage', {
      type: 'open',
      file: gap.file,
      line: gap.line,
      id: gap.id,
    });
    assert.equal(ok, true);
    const editor = await waitFor(() => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.path.endsWith(`/${PR}`) ? e : undefined;
    }, 'the problem report in the active editor');
    assert.equal(editor.selection.start.line, gap.line);
    const rejected = await vscode.commands.executeCommand<boolean>('tracespine.internal.dashboardMessage', {
      type: 'open',
      file: '../outside.md',
      line: 0,
    });
    assert.equal(rejected, false);
    assert.deepEqual((await state())!.opened, [PR]);
  });
});
