import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { closeAll, uri, waitFor } from './workspace.test';

interface Delivery {
  type: string;
  focus?: string;
  nodes?: string[];
  message?: string;
  ok: boolean;
}
interface GraphState {
  view: { mode: string; focus?: string; depth?: number | string; pinned?: boolean };
  ready: number;
  delivered: Delivery[];
}

const graphState = async (): Promise<GraphState | undefined> =>
  vscode.commands.executeCommand<GraphState | undefined>('tracespine.internal.graphState');

/** The newest delivery of `type` for `focus`, once the page has loaded (sent `ready`) and taken it. */
async function delivered(
  type: string,
  focus?: string,
  accept: (d: Delivery) => boolean = () => true,
): Promise<Delivery> {
  let last: GraphState | undefined;
  return waitFor(
    async () => {
      const s = (last = await graphState());
      if (!s || s.ready === 0) return undefined;
      const d = [...s.delivered].reverse().find((x) => x.type === type && (focus === undefined || x.focus === focus));
      return d?.ok && accept(d) ? d : undefined;
    },
    () => `a delivered '${type}' message${focus ? ` for ${focus}` : ''}; panel state: ${JSON.stringify(last)}`,
    30_000,
  );
}

describe('trace graph panel', () => {
  after(async () => {
    await closeAll();
  });

  it('Show Trace Graph opens the panel on the active item and the page receives its graph', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri('design/REQ-1.md')));
    await vscode.commands.executeCommand('tracespine.showGraph');
    const d = await delivered('graph', 'REQ-1');
    // REQ-1's neighbourhood at depth 2: the need it derives from and the test that verifies it.
    assert.ok(
      d.nodes?.includes('REQ-1') && d.nodes.includes('UN-1') && d.nodes.includes('TST-1'),
      JSON.stringify(d.nodes),
    );
    const s = (await graphState())!;
    assert.ok(s.ready >= 1, 'the page script ran under the CSP and said it was ready');
  });

  it('follows the active editor to another item', async () => {
    await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument(uri('design/UN-1.md')),
      vscode.ViewColumn.One,
    );
    const d = await delivered('graph', 'UN-1');
    assert.ok(d.nodes?.includes('UN-1'));
  });

  it('Review Changes reports, in the panel, that the fixture is not a git repository', async () => {
    await vscode.commands.executeCommand('tracespine.reviewChanges');
    const d = await delivered('error');
    assert.match(d.message ?? '', /Review Changes: .*git/i);
  });

  it('Review Changes shows the branch impact of an uncommitted edit, with what needs re-review', async () => {
    const cwd = uri('').fsPath;
    const git = (...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'base');
    const file = uri('design/UN-1.md');
    const before = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    try {
      await vscode.workspace.fs.writeFile(
        file,
        new TextEncoder().encode(before.replace(/\n---\n/, '\n---\nThe nurse now also needs an audit trail.\n')),
      );
      await vscode.commands.executeCommand('tracespine.reviewChanges', 'main');
      // The panel refreshes when the server has taken the file change (indexChanged).
      const d = await delivered('impact', 'main', (x) => (x.nodes ?? []).length > 0);
      // UN-1 changed; REQ-1 derives from it and TST-1 verifies REQ-1: both need re-review.
      for (const id of ['UN-1', 'REQ-1', 'TST-1'])
        assert.ok(d.nodes?.includes(id), `${id} in ${JSON.stringify(d.nodes)}`);
    } finally {
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(before));
    }
  });
});
