/// <reference types="mocha" />
// The extension's own UI: the Design Controls tree (through tracespine.internal.tree), its
// filters, the inline decorations, the status bar, and the commands (New Item…, Initialize
// Workspace, Re-check, the code-lens commands) — with their QuickPicks and InputBoxes answered
// through VS Code's quick-input commands where a test can drive them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  BASELINE,
  closeAll,
  diagKeys,
  exists,
  expectDiagnostics,
  extensionState,
  open,
  readText,
  restoreFixture,
  sleep,
  tree,
  uri,
  waitFor,
  waitForState,
  type TreeNode,
} from './workspace.test';

const flat = (nodes: TreeNode[]): string[] =>
  nodes.map((k) => `${k.label} (${k.description ?? ''}): ${k.children.map((c) => c.label.split(' ')[0]).join(', ')}`);

/** Runs a command that shows a QuickPick; `answer` drives the quick input; resolves with the command's result. */
async function withQuickInput<T>(command: Thenable<T>, answer: () => Promise<void>): Promise<T> {
  await sleep(300); // the quick input opens asynchronously, after the command's first request
  await answer();
  return command;
}

async function waitForActiveEditor(rel: string): Promise<vscode.TextEditor> {
  return waitFor(() => {
    const e = vscode.window.activeTextEditor;
    return e && e.document.uri.toString() === uri(rel).toString() ? e : undefined;
  }, `${rel} in the active editor`);
}

describe('Design Controls view', () => {
  after(async () => {
    await vscode.commands.executeCommand('tracespine.filterAll');
  });

  it('groups the items by kind with counts and shows each state', async () => {
    const nodes = await tree();
    assert.deepEqual(flat(nodes), [
      'User needs (1): UN-1',
      'Requirements (3): REQ-1, REQ-2, REQ-3',
      'Hazards (2): HAZ-1, HAZ-2',
      'Verification tests (2): TST-1, TST-2',
    ]);
    const item = (id: string): TreeNode => nodes.flatMap((k) => k.children).find((c) => c.label.startsWith(`${id} `))!;
    const view = (id: string): [string | undefined, string | undefined, string | undefined] => [
      item(id).icon,
      item(id).iconColor,
      item(id).description,
    ];
    assert.deepEqual(view('REQ-1'), ['link', 'problemsWarningIcon.foreground', 'suspect link']);
    assert.deepEqual(view('REQ-2'), ['warning', 'problemsWarningIcon.foreground', 'untested']);
    assert.deepEqual(view('REQ-3'), ['error', 'problemsErrorIcon.foreground', '1 error']);
    assert.deepEqual(view('HAZ-1'), ['pass', 'testing.iconPassed', 'approved']);
    assert.deepEqual(view('HAZ-2'), ['error', 'problemsErrorIcon.foreground', '1 error · unmitigated']);
    assert.deepEqual(view('UN-1'), ['warning', 'problemsWarningIcon.foreground', 'unvalidated']);
    assert.equal(item('REQ-2').label, 'REQ-2 Occlusion alarm');
    assert.match(item('REQ-2').tooltip!, /\*\*REQ-2\*\* · Requirement — Occlusion alarm/);
    // the finding's own words, not a count
    assert.match(
      item('REQ-2').tooltip!,
      /\$\(warning\) Requirement REQ-2 is unverified: no test verifies it \(`coverage\.unverified`, line 2\)/,
    );
    assert.equal(item('REQ-2').contextValue, 'tracespine.item;uncovered');
    assert.equal(item('REQ-1').contextValue, 'tracespine.item;suspect');
    assert.deepEqual(item('REQ-2').command, {
      command: 'tracespine.openItem',
      arguments: ['design/REQ-2.md', 1, 'REQ-2'],
    });
    assert.equal(nodes[1]!.tooltip, '3 requirements · 1 uncovered · 1 with suspect links · 1 with errors');
  });

  it('opens the item at its id line on click', async () => {
    const nodes = await tree();
    const hazard = nodes[2]!.children[1]!;
    await vscode.commands.executeCommand(hazard.command!.command, ...(hazard.command!.arguments ?? []));
    const editor = await waitForActiveEditor('design/HAZ-2.md');
    assert.deepEqual(
      [editor.selection.start.line, editor.selection.start.character, editor.selection.end.character],
      [1, 4, 9],
    );
    await closeAll();
  });

  it('filters uncovered, suspect and erroneous items, and shows all again', async () => {
    await vscode.commands.executeCommand('tracespine.filterUncovered');
    assert.equal((await extensionState()).filter, 'uncovered');
    assert.deepEqual(flat(await tree()), [
      'User needs (1 of 1): UN-1',
      'Requirements (1 of 3): REQ-2',
      'Hazards (1 of 2): HAZ-2',
    ]);
    await vscode.commands.executeCommand('tracespine.filterSuspect');
    assert.deepEqual(flat(await tree()), ['Requirements (1 of 3): REQ-1']);
    await vscode.commands.executeCommand('tracespine.filterErrors');
    assert.deepEqual(flat(await tree()), [
      'Requirements (1 of 3): REQ-3',
      'Hazards (1 of 2): HAZ-2',
      'Verification tests (1 of 2): TST-2',
    ]);
    await vscode.commands.executeCommand('tracespine.filterAll');
    assert.equal((await extensionState()).filter, 'all');
    assert.equal((await tree()).length, 4);
  });

  it('refreshes when the index changes', async () => {
    try {
      await vscode.workspace.fs.writeFile(
        uri('design/VAL-1.md'),
        new TextEncoder().encode(
          '---\nid: VAL-1\ntitle: Clinical use\nvalidates: [UN-1]\n---\nNurses program ten infusions.\n',
        ),
      );
      await waitFor(
        async () => flat(await tree()).includes('Validations (1): VAL-1'),
        'the new validation in the tree',
      );
      const un = (await tree())[0]!.children[0]!;
      assert.equal(un.icon, 'pass');
      assert.equal(un.description, 'approved');
    } finally {
      await restoreFixture(['design/VAL-1.md']);
    }
    assert.ok(!flat(await tree()).some((l) => l.startsWith('Validations')));
  });
});

describe('decorations and status bar', () => {
  afterEach(async () => {
    await closeAll();
  });

  it('marks the id line of uncovered items in visible editors', async () => {
    await open('design/REQ-2.md');
    const s = await waitForState((st) => st.decorations.length > 0, 'a decoration on REQ-2');
    assert.deepEqual(s.decorations, [{ uri: uri('design/REQ-2.md').toString(), line: 1, text: '⚠ not verified' }]);
    await open('design/REQ-1.md');
    assert.deepEqual((await extensionState()).decorations, [], 'REQ-1 is verified; REQ-2 is no longer visible');
    await open('design/HAZ-2.md');
    assert.deepEqual(
      (await extensionState()).decorations.map((d) => d.text),
      ['⚠ not mitigated'],
    );
  });

  it('follows tracespine.decorations.enabled', async () => {
    await open('design/UN-1.md');
    await waitForState((st) => st.decorations.some((d) => d.text === '⚠ not validated'), 'a decoration on UN-1');
    const config = vscode.workspace.getConfiguration('tracespine');
    await config.update('decorations.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      await waitForState((st) => st.decorations.length === 0, 'no decorations when disabled');
    } finally {
      await config.update('decorations.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitForState((st) => st.decorations.length === 1, 'the decoration back');
  });

  it('updates the status bar as coverage changes', async () => {
    try {
      await vscode.workspace.fs.writeFile(
        uri('design/TST-3.md'),
        new TextEncoder().encode(
          '---\nid: TST-3\ntitle: Alarm test\nmethod: test\nverifies: [REQ-2]\n---\nOcclude and time the alarm.\n',
        ),
      );
      const s = await waitForState(
        (st) =>
          st.statusBar.text === '$(checklist) verified 3/3 · 4 errors · 3 warnings · no tracespine.yaml — defaults',
        'the status bar at 3/3',
      );
      assert.match(s.statusBar.tooltip, /verified 3\/3 \(100%\)/);
    } finally {
      await restoreFixture(['design/TST-3.md']);
    }
    assert.equal(
      (await extensionState()).statusBar.text,
      '$(checklist) verified 2/3 · 4 errors · 4 warnings · no tracespine.yaml — defaults',
    );
  });
});

describe('commands', () => {
  afterEach(async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await restoreFixture([
      'design/REQ-4.md',
      'design/REQ-5.md',
      'design/TST-3.md',
      'design/needs',
      'design/validations',
      'tracespine.yaml',
      'design/UN-2.md',
      'design/HAZ-3.md',
    ]);
  });

  it('New Item… with arguments creates the next free ID from the kind template and opens it', async () => {
    const created = await vscode.commands.executeCommand<{ id: string; file: string }>('tracespine.newItem', {
      kind: 'requirement',
      title: 'Bolus dose limit',
    });
    // REQ-999 is named by a code tag far above REQ-3: numbering goes on after the highest defined (docs/editor.md)
    assert.deepEqual(created, { id: 'REQ-4', file: 'design/REQ-4.md' });
    assert.equal(
      await readText('design/REQ-4.md'),
      '---\nid: REQ-4\ntitle: Bolus dose limit\nstatus: draft\nderives_from: [] # user need or requirement IDs (or use mitigates)\n---\n\nTODO: describe this requirement.\n',
    );
    const editor = await waitForActiveEditor('design/REQ-4.md');
    assert.equal(editor.document.isDirty, false);
    assert.deepEqual([editor.selection.start.line, editor.selection.start.character], [1, 4]);
    await expectDiagnostics('design/REQ-4.md', [
      'coverage.unverified@1:4-1:9',
      'link.missing@1:4-1:9',
      'item.placeholder@7:0-7:32',
    ]);
    await waitFor(
      async () => flat(await tree()).includes('Requirements (4): REQ-1, REQ-2, REQ-3, REQ-4'),
      'REQ-4 in the tree',
    );
  });

  it('New Item… asks for the kind in a QuickPick', async () => {
    const run = vscode.commands.executeCommand<{ id: string; file: string }>('tracespine.newItem', {
      title: 'Second bolus limit',
    });
    const created = await withQuickInput(run, async () => {
      // kinds in configuration order: User need, Requirement, ...: pick the second
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    });
    assert.deepEqual(created, { id: 'REQ-4', file: 'design/REQ-4.md' });
    assert.match(await readText('design/REQ-4.md'), /\ntitle: Second bolus limit\n/);
  });

  it('New Item… creates nothing when the title prompt is dismissed', async () => {
    const run = vscode.commands.executeCommand('tracespine.newItem', { kind: 'need' });
    const result = await withQuickInput(run, async () => {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    });
    assert.equal(result, undefined);
    assert.equal((await extensionState()).summary.items, 8);
    assert.equal(await exists('design/UN-2.md'), false);
  });

  it('New Item… refuses an unknown kind', async () => {
    const result = await vscode.commands.executeCommand('tracespine.newItem', { kind: 'widget', title: 'x' });
    assert.equal(result, undefined);
    assert.equal((await extensionState()).summary.items, 8);
  });

  it('Initialize Workspace creates tracespine.yaml and starter items, and refuses to run twice', async () => {
    const first = await vscode.commands.executeCommand<{ created: string[]; existing: string[] }>(
      'tracespine.initWorkspace',
    );
    assert.ok(first.created.includes('tracespine.yaml'), JSON.stringify(first));
    assert.ok(first.created.length > 1, 'starter items too');
    for (const f of first.created) assert.equal(await exists(f), true, `${f} exists`);
    assert.match(await readText('tracespine.yaml'), /^[\s\S]*\nkinds:\n/);
    await waitForState(
      (s) => s.summary.ready && !s.summary.configInvalid && s.summary.items === 8 + first.created.length - 1,
      'the starter items indexed',
    );
    const again = await vscode.commands.executeCommand<{ created: string[]; existing: string[] }>(
      'tracespine.initWorkspace',
    );
    assert.deepEqual(again, { created: [], existing: ['tracespine.yaml'] });
    await restoreFixture(first.created);
  });

  it('Re-check Workspace reads everything again', async () => {
    const summary = await vscode.commands.executeCommand<{ ready: boolean; items: number; errors: number }>(
      'tracespine.recheck',
    );
    assert.equal(summary.ready, true);
    assert.equal(summary.items, 8);
    assert.equal(summary.errors, 4);
  });

  it('Show Links lists what links to an item and opens the chosen one', async () => {
    const chosen = await withQuickInput(
      vscode.commands.executeCommand<{ id?: string; file: string }>('tracespine.showLinks', 'UN-1', ['derives_from']),
      async () => {
        await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      },
    );
    assert.deepEqual(chosen, {
      id: 'REQ-2',
      file: 'design/REQ-2.md',
      line: 1,
      via: 'derives_from',
      title: 'Occlusion alarm',
    });
    await waitForActiveEditor('design/REQ-2.md');
  });

  it('Show Links includes code tags that verify', async () => {
    const chosen = await withQuickInput(
      vscode.commands.executeCommand('tracespine.showLinks', 'REQ-3', ['verifies']),
      async () => {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      },
    );
    assert.deepEqual(chosen, { file: 'test/test_alarm.c', line: 3, via: '@verifies' });
    const editor = await waitForActiveEditor('test/test_alarm.c');
    assert.equal(editor.selection.start.line, 3);
  });

  it('Show Impact as a list: the downstream items, then the code', async () => {
    const chosen = await withQuickInput(
      vscode.commands.executeCommand('tracespine.showImpact', 'UN-1', { list: true }),
      async () => {
        for (let i = 0; i < 3; i++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      },
    );
    // REQ-1, REQ-2, REQ-3, TST-1 (verifies REQ-1), then src/pump.c, src/alarm.c, test/test_alarm.c
    assert.deepEqual(chosen, {
      id: 'TST-1',
      file: 'design/TST-1.md',
      line: 1,
      via: 'verifies REQ-1',
      title: 'Rate limit test',
    });
    await waitForActiveEditor('design/TST-1.md');
  });

  it('Add Coverage creates the stub the server offers, linked to the item, and opens it', async () => {
    const result = await vscode.commands.executeCommand<{ title: string; files: string[] }>(
      'tracespine.addCoverage',
      'REQ-2',
      'unverified',
    );
    assert.deepEqual(result, {
      title: 'Create verification test TST-3 that verifies REQ-2',
      files: ['design/TST-3.md'],
    });
    assert.match(await readText('design/TST-3.md'), /^---\nid: TST-3\n[\s\S]*\nverifies: \[REQ-2\]\n---\n/);
    await waitForActiveEditor('design/TST-3.md');
    // The stub is a placeholder: REQ-2 stays unverified until TST-3 has real content.
    await expectDiagnostics('design/REQ-2.md', BASELINE['design/REQ-2.md']!);
    assert.ok(!diagKeys('design/TST-3.md').some((k) => k.startsWith('link.')));
  });

  it('Add Coverage from the tree (an item node) picks the uncovered rule', async () => {
    const hazard = (await tree())[2]!.children.find((c) => c.label.startsWith('HAZ-2 '))!;
    assert.equal(hazard.contextValue, 'tracespine.item;uncovered;errors');
    const state = (await extensionState()).items.find((i) => i.id === 'HAZ-2')!;
    const result = await vscode.commands.executeCommand<{ title: string; files: string[] }>('tracespine.addCoverage', {
      type: 'item',
      id: state.id,
      item: state,
    });
    assert.deepEqual(result, {
      title: 'Create requirement REQ-4 that mitigates HAZ-2',
      files: ['design/REQ-4.md'],
    });
    // The stub is a placeholder: HAZ-2 stays unmitigated until REQ-4 has real content.
    await expectDiagnostics('design/REQ-4.md', [
      'coverage.unverified@1:4-1:9',
      'item.placeholder@2:7-2:17',
      'item.placeholder@7:0-7:32',
    ]);
    await expectDiagnostics('design/HAZ-2.md', BASELINE['design/HAZ-2.md']!);
    assert.deepEqual(diagKeys('design/REQ-2.md'), BASELINE['design/REQ-2.md']);
  });

  it('Restart Language Server brings everything back', async () => {
    await vscode.commands.executeCommand('tracespine.restartServer');
    const summary = await vscode.commands.executeCommand<{ ready: boolean; items: number }>(
      'tracespine.internal.waitForIndex',
      30_000,
    );
    assert.equal(summary.items, 8);
    const s = await extensionState();
    assert.equal(s.state, 'ready');
    assert.equal(s.statusBar.text, '$(checklist) verified 2/3 · 4 errors · 4 warnings · no tracespine.yaml — defaults');
    for (const [rel, keys] of Object.entries(BASELINE)) await expectDiagnostics(rel, keys);
    assert.equal((await tree()).length, 4);
  });
});

describe('trace graph panel wiring (src/extension/graphPanel.ts)', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await closeAll();
  });

  it('Show Trace Graph from a tree item focuses that item', async () => {
    const state = (await extensionState()).items.find((i) => i.id === 'REQ-2')!;
    // what VS Code passes to a view/item/context command: the tree element (see designView.ts)
    const view = await vscode.commands.executeCommand('tracespine.showGraph', {
      type: 'item',
      id: state.id,
      item: state,
    });
    assert.deepEqual(view, { mode: 'item', focus: 'REQ-2', depth: 2, direction: 'both', pinned: false });
  });

  it('Show Impact (the downstream code lens) opens the impact of changing the item', async () => {
    let view: unknown;
    const run = Promise.resolve(vscode.commands.executeCommand('tracespine.showImpact', 'UN-1')).then(
      (v) => (view = v),
    );
    // when the graph fails, Show Impact falls back to its QuickPick: close it rather than hang
    await Promise.race([run, sleep(5000)]);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await run;
    assert.deepEqual(
      view,
      { mode: 'itemImpact', focus: 'UN-1' },
      'the graph panel opened (see the Tracespine output for why it did not)',
    );
  });
});
