import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DashboardResult } from '../../../src/shared/lspProtocol';
import { closeAll, uri, waitFor } from './workspace.test';

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
const PR = 'design/PR-9.md';

describe('Design Controls Dashboard', () => {
  before(async () => {
    const text =
      '---\nid: PR-9\ntitle: Alarm late\nstate: open\nseverity: serious\naffects: [REQ-1]\n---\nThe alarm came 40 s late.\n';
    await vscode.workspace.fs.writeFile(uri(PR), new TextEncoder().encode(text));
  });

  after(async () => {
    await closeAll();
    await vscode.workspace.fs.delete(uri(PR));
  });

  it('opens with coverage, gaps and the open anomaly; its script runs under the CSP', async () => {
    await vscode.commands.executeCommand('tracespine.showDashboard');
    let last: DashboardState | undefined;
    const s = await waitFor(
      async () => {
        const x = (last = await state());
        return x && x.ready > 0 && x.data?.anomalies.some((a) => a.id === 'PR-9') ? x : undefined;
      },
      () => `the dashboard with PR-9; state: ${JSON.stringify(last)}`,
      30_000,
    );
    assert.ok(
      s.data!.coverage.some((c) => c.rule === 'unverified'),
      JSON.stringify(s.data!.coverage),
    );
    assert.deepEqual(
      s.data!.anomalies.map((a) => [a.id, a.file, a.line, a.evaluated, a.affects]),
      [['PR-9', PR, 1, false, ['REQ-1']]],
    );
    assert.equal(s.data!.evidence, null);
    assert.ok((s.firstRenderMs ?? Infinity) < 1000, `first render in ${s.firstRenderMs} ms`);
  });

  it('an entry opens its file at the item (through the page message path)', async () => {
    const ok = await vscode.commands.executeCommand<boolean>('tracespine.internal.dashboardMessage', {
      type: 'open',
      file: PR,
      line: 1,
      id: 'PR-9',
    });
    assert.equal(ok, true);
    const editor = await waitFor(() => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.path.endsWith(`/${PR}`) ? e : undefined;
    }, 'the problem report in the active editor');
    assert.equal(editor.selection.start.line, 1);
    const rejected = await vscode.commands.executeCommand<boolean>('tracespine.internal.dashboardMessage', {
      type: 'open',
      file: '../outside.md',
      line: 0,
    });
    assert.equal(rejected, false);
    assert.deepEqual((await state())!.opened, [PR]);
  });
});
