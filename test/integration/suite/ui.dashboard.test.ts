// Named to run after the diagnostics suite, which asserts that some files were never opened.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DashboardResult } from '../../../src/shared/lspProtocol';
import { closeAll, root, waitFor } from './workspace.test';

interface DashboardState {
  ready: number;
  renders: number;
  opened: string[];
  firstRenderMs: number | undefined;
  data: DashboardResult | undefined;
  history: boolean;
  charts: { svgs: number; lines: number; points: number };
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

  it('draws the history charts of a git history (a repository of the fixture for the test, then as it was)', async () => {
    const dir = root().fsPath;
    // A repository another suite made of the copy is kept aside and put back afterwards.
    const saved = existsSync(join(dir, '.git')) ? join(mkdtempSync(join(tmpdir(), 'ts-dash-git-')), '.git') : undefined;
    if (saved) renameSync(join(dir, '.git'), saved);
    const env = {
      ...process.env,
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
      GIT_AUTHOR_DATE: '2024-01-01T10:00:00Z',
      GIT_COMMITTER_DATE: '2024-01-01T10:00:00Z',
    };
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' });
    try {
      git('init', '-q', '-b', 'main');
      git('add', '-A', '--', 'README.md', 'design');
      git('commit', '-q', '-m', 'the design');
      git('add', '-A');
      git('commit', '-q', '-m', 'the code and tests');
      await closeAll(); // a new panel asks for the history again
      await vscode.commands.executeCommand('tracespine.showDashboard');
      let last: DashboardState | undefined;
      const s = await waitFor(
        async () => {
          const x = (last = await state());
          return x && x.history && x.charts.points > 1 ? x : undefined;
        },
        () => `the dashboard's history; state: ${JSON.stringify(last && { ...last, data: undefined })}`,
        30_000,
      );
      assert.equal(s.charts.points, 2);
      assert.ok(s.charts.svgs >= 5, `charts: ${JSON.stringify(s.charts)}`);
      assert.ok(s.charts.lines >= s.charts.svgs, `every chart draws a line: ${JSON.stringify(s.charts)}`);
      // The sections of SPEC 8 and 9 as this fixture configures them: no evidence, no approval policy.
      assert.deepEqual([s.data!.evidence, s.data!.approvals, s.data!.deviations], [null, null, { expiring: [] }]);
    } finally {
      await closeAll();
      rmSync(join(dir, '.git'), { recursive: true, force: true });
      if (saved) {
        renameSync(saved, join(dir, '.git'));
        rmSync(join(saved, '..'), { recursive: true, force: true });
      }
    }
    assert.equal(existsSync(join(dir, '.git')), saved !== undefined);
  });
});
