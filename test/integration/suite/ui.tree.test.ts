/// <reference types="mocha" />
// The Design Controls tree as users met it (issues 11, 13, 16): icons that exist in this VS Code,
// no search-match backgrounds, warning icons for warnings, tooltips with the findings' messages,
// the active editor's item revealed, filters that show the view, evidence states and their
// filters, the upstream mark of a failing requirement, open anomalies, and edits that refresh
// only the nodes they touch.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  EXTENSION_ID,
  extensionState,
  open,
  originalText,
  restoreFixture,
  tree,
  waitFor,
  waitForState,
  writeText,
  type TreeNode,
} from './workspace.test';

const items = (nodes: TreeNode[]): TreeNode[] =>
  nodes.flatMap((k) => [...k.children, ...k.children.flatMap((g) => g.children)]);
const node = async (id: string): Promise<TreeNode | undefined> =>
  items(await tree()).find((c) => c.label === id || c.label.startsWith(`${id} `));

/** The codicon names this VS Code's workbench ships (its icon registry, `register("name", 0x…)`). */
async function shippedCodicons(): Promise<Set<string>> {
  const file = vscode.Uri.file(`${vscode.env.appRoot}/out/vs/code/browser/workbench/workbench.js`);
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  const names = new Set<string>();
  for (const m of text.matchAll(/\b[A-Za-z_$][\w$]*\("([a-z0-9-]+)",(?:0x[0-9a-f]+|\d+(?:e\d+)?)\)/g)) names.add(m[1]!);
  return names;
}

describe('Design Controls tree: what users noticed', () => {
  after(async () => {
    await vscode.commands.executeCommand('tracespine.filterAll');
    await restoreFixture(['tracespine.yaml', 'results', 'design/PR-1.md']);
  });

  it('uses only codicons VS Code 1.100 ships (the clear-filter button is not blank)', async () => {
    const names = await shippedCodicons();
    assert.ok(names.has('filter') && names.has('warning'), `the icon registry was read (${names.size} names)`);
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { commands: { command: string; icon?: string }[]; submenus: { icon?: string }[] };
    };
    const used = [...pkg.contributes.commands, ...pkg.contributes.submenus]
      .map((c) => /^\$\(([a-z0-9-]+)\)$/.exec(c.icon ?? '')?.[1])
      .filter((n): n is string => n !== undefined);
    assert.ok(used.includes('clear-all'), 'Show All Items has an icon');
    for (const name of used) assert.ok(names.has(name), `$(${name}) exists in VS Code ${vscode.version}`);
    for (const n of [...(await tree()), ...items(await tree())])
      if (n.icon) assert.ok(names.has(n.icon), `the tree's icon ${n.icon} exists`);
  });

  it('shows no search-match highlight on the IDs', async () => {
    const all = items(await tree());
    assert.ok(all.length >= 8);
    assert.deepEqual(
      all.filter((n) => n.highlights),
      [],
    );
  });

  it('the welcome view has no raw Markdown code spans', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { viewsWelcome: { contents: string }[] };
    };
    for (const w of pkg.contributes.viewsWelcome) assert.ok(!w.contents.includes('`'), w.contents);
  });

  it('a warning-only item gets the warning icon and its message in the tooltip', async () => {
    try {
      await writeText(
        'design/HAZ-1.md',
        originalText('design/HAZ-1.md').replace(/\n---\n/, '\n---\nSee REQ-777 for the limits.\n'),
      );
      const n = await waitFor(async () => {
        const x = await node('HAZ-1');
        return x?.description === '1 warning' ? x : undefined;
      }, 'HAZ-1 with one warning');
      assert.deepEqual([n.icon, n.iconColor], ['warning', 'problemsWarningIcon.foreground']);
      assert.match(
        n.tooltip!,
        /\$\(warning\) REQ-777 is mentioned, but no item defines it \(`ref\.unknown-id`, line \d+\)/,
      );
    } finally {
      await restoreFixture();
    }
  });

  it('reveals the active editor’s item when the view is visible', async () => {
    await vscode.commands.executeCommand('tracespine.showDesignControls');
    await open('design/REQ-2.md');
    await waitForState((s) => s.view.selection.join() === 'REQ-2', 'REQ-2 selected in the tree');
    await open('design/HAZ-2.md');
    await waitForState((s) => s.view.selection.join() === 'HAZ-2', 'HAZ-2 selected in the tree');
  });

  it('a filter from the palette shows the view first', async () => {
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitForState((s) => !s.view.visible, 'the Design Controls view hidden');
    await vscode.commands.executeCommand('tracespine.filterErrors');
    const s = await waitForState((st) => st.view.visible, 'the Design Controls view shown');
    assert.equal(s.filter, 'errors');
    await vscode.commands.executeCommand('tracespine.filterAll');
  });

  it('an edit refreshes the item’s node, not the whole tree', async () => {
    const before = (await extensionState()).view.fullRefreshes;
    try {
      await writeText(
        'design/REQ-2.md',
        originalText('design/REQ-2.md').replace('title: Occlusion alarm', 'title: Occlusion alarm tone'),
      );
      await waitFor(async () => (await node('REQ-2'))?.label === 'REQ-2 Occlusion alarm tone', 'the new title');
      assert.equal((await extensionState()).view.fullRefreshes, before);
    } finally {
      await restoreFixture();
    }
  });

  it('shows evidence states, marks the need of a failing requirement, filters failing/stale/unexecuted', async () => {
    await writeText(
      'results/junit.xml',
      '<testsuite name="s">' +
        '<testcase classname="pump" name="REQ-1 limits the rate"/>' +
        '<testcase classname="alarm" name="REQ-3 alarms"><failure message="no tone"/></testcase>' +
        '</testsuite>\n',
    );
    await writeText('tracespine.yaml', 'evidence:\n  results: ["results/*.xml"]\n');
    const s = await waitForState(
      (st) => st.items.find((i) => i.id === 'REQ-3')?.evidence === 'failed',
      'REQ-3 failed',
      30_000,
    );
    assert.equal(s.items.find((i) => i.id === 'REQ-1')!.evidence, 'passed');
    assert.deepEqual(s.items.find((i) => i.id === 'UN-1')!.failingDownstream, ['REQ-3']);
    const req3 = await waitFor(() => node('REQ-3'), 'REQ-3 in the tree');
    assert.deepEqual([req3.icon, req3.iconColor], ['error', 'testing.iconFailed']);
    assert.match(req3.description!, /failed/);
    assert.match(req3.tooltip!, /Requirement REQ-3 failed verification/);
    const un1 = (await node('UN-1'))!;
    assert.match(un1.description!, /REQ-3 fails/);
    assert.match(un1.tooltip!, /failing downstream: REQ-3 failed verification/);
    const req1 = (await node('REQ-1'))!;
    assert.match(req1.tooltip!, /verification evidence: passed/);

    await vscode.commands.executeCommand('tracespine.filterFailing');
    await waitFor(
      async () =>
        items(await tree())
          .map((n) => n.label.split(' ')[0])
          .join() === 'REQ-3',
      'only REQ-3 under "failing"',
    );
    await vscode.commands.executeCommand('tracespine.filterUnexecuted');
    const unexecuted = s.items.filter((i) => i.evidence === 'missing' || i.evidence === 'skipped').map((i) => i.id);
    await waitFor(
      async () =>
        items(await tree())
          .map((n) => n.label.split(' ')[0])
          .join() === unexecuted.join(),
      `only ${unexecuted.join(', ')} under "unexecuted"`,
    );
    await vscode.commands.executeCommand('tracespine.filterStale');
    await waitForState((st) => st.filter === 'stale', 'the stale filter');
    await waitFor(async () => (await tree()).length === 0, 'no stale items');
    await vscode.commands.executeCommand('tracespine.filterAll');
  });

  it('shows open anomalies on the items they affect', async () => {
    await writeText(
      'design/PR-1.md',
      '---\nid: PR-1\ntitle: No tone at low battery\nstate: open\nseverity: serious\nsafety_evaluation: The display still flashes.\naffects: [REQ-2]\n---\nFound in the field.\n',
    );
    const n = await waitFor(async () => {
      const x = await node('REQ-2');
      return x?.description?.includes('anomaly PR-1') ? x : undefined;
    }, 'REQ-2 marked with PR-1');
    assert.match(n.tooltip!, /\$\(bug\) open anomaly PR-1 \(open, serious\): No tone at low battery/);
  });
});
