/// <reference types="mocha" />
// Every quick fix the server offers on the fixture's findings, applied through VS Code
// (vscode.executeCodeActionProvider, then workspace.applyEdit), with the resulting text checked;
// text fixes are undone with the editor's Undo.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  BASELINE,
  closeAll,
  codeOf,
  diagKeys,
  exists,
  expectDiagnostics,
  open,
  positionOf,
  readText,
  ready,
  restoreFixture,
  uri,
  waitFor,
  waitForState,
  writeText,
} from './workspace.test';

async function quickFixes(rel: string, code: string): Promise<vscode.CodeAction[]> {
  const target = uri(rel);
  await vscode.workspace.openTextDocument(target); // the provider commands need the document loaded
  const diagnostic = await waitFor(
    () => vscode.languages.getDiagnostics(target).find((d) => codeOf(d) === code),
    `${code} in ${rel}`,
  );
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    target,
    diagnostic.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  return actions.filter((a): a is vscode.CodeAction => !(typeof (a as vscode.Command).command === 'string'));
}

async function undo(rel: string): Promise<void> {
  const editor = await open(rel);
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString());
  await vscode.commands.executeCommand('undo');
}

const NEW_ITEMS = [
  'design/REQ-404.md',
  'design/REQ-999.md',
  'design/REQ-4.md',
  'design/TST-9.md',
  'design/TST-3.md',
  'design/validations',
];

describe('quick fixes', () => {
  afterEach(async function () {
    this.timeout(60_000);
    await restoreFixture(NEW_ITEMS);
  });

  it('sets an invalid status to an allowed value (item.invalid-field), undoably', async () => {
    const fixes = await quickFixes('design/REQ-3.md', 'item.invalid-field');
    assert.deepEqual(
      fixes.map((f) => f.title),
      ["Set 'status' to draft", "Set 'status' to review", "Set 'status' to approved", "Set 'status' to obsolete"],
    );
    const approved = fixes[2]!;
    assert.equal(approved.kind?.value, 'quickfix');
    assert.equal(await vscode.workspace.applyEdit(approved.edit!), true);
    const doc = await vscode.workspace.openTextDocument(uri('design/REQ-3.md'));
    assert.match(doc.getText(), /\nstatus: approved\n/);
    await expectDiagnostics('design/REQ-3.md', []);
    await undo('design/REQ-3.md');
    assert.match(doc.getText(), /\nstatus: aproved\n/);
    await expectDiagnostics('design/REQ-3.md', BASELINE['design/REQ-3.md']!);
  });

  it('re-affirms a suspect link by pinning the current fingerprint (link.suspect), undoably', async () => {
    const fixes = await quickFixes('design/REQ-1.md', 'link.suspect');
    const titles = fixes.map((f) => f.title);
    const reaffirm = fixes.find((f) =>
      /^Re-affirm the link to HAZ-1: pin its current fingerprint [0-9a-f]{8}$/.test(f.title),
    );
    assert.ok(reaffirm, `a re-affirm fix among ${JSON.stringify(titles)}`);
    assert.ok(titles.includes("Pin all links of REQ-1 to their targets' current fingerprints"), JSON.stringify(titles));
    const fp = /([0-9a-f]{8})$/.exec(reaffirm.title)![1]!;
    assert.equal(await vscode.workspace.applyEdit(reaffirm.edit!), true);
    const doc = await vscode.workspace.openTextDocument(uri('design/REQ-1.md'));
    assert.match(doc.getText(), new RegExp(`\\nmitigates: \\[HAZ-1@${fp}\\]\\n`));
    assert.match(doc.getText(), /\nderives_from: \[UN-1\]\n/, 'only the suspect link is pinned');
    await expectDiagnostics('design/REQ-1.md', []);
    await undo('design/REQ-1.md');
    assert.match(doc.getText(), /\nmitigates: \[HAZ-1@00000000\]\n/);
    await expectDiagnostics('design/REQ-1.md', BASELINE['design/REQ-1.md']!);
  });

  it('pins every link of the item', async () => {
    const fixes = await quickFixes('design/REQ-1.md', 'link.suspect');
    const all = fixes.find((f) => f.title === "Pin all links of REQ-1 to their targets' current fingerprints")!;
    assert.equal(await vscode.workspace.applyEdit(all.edit!), true);
    const text = (await vscode.workspace.openTextDocument(uri('design/REQ-1.md'))).getText();
    assert.match(text, /\nderives_from: \[UN-1@[0-9a-f]{8}\]\nmitigates: \[HAZ-1@[0-9a-f]{8}\]\n/);
    await expectDiagnostics('design/REQ-1.md', []);
  });

  const creations: {
    what: string;
    rel: string;
    code: string;
    title: string;
    file: string;
    text: RegExp;
    clears: [string, string[]];
  }[] = [
    {
      what: 'creates the missing target of a link (link.unknown-target)',
      rel: 'design/TST-2.md',
      code: 'link.unknown-target',
      title: 'Create requirement REQ-404 in design/REQ-404.md',
      file: 'design/REQ-404.md',
      text: /^---\nid: REQ-404\ntitle: TODO title\nstatus: draft\nderives_from: \[\] # user need or requirement IDs \(or use mitigates\)\n---\n/,
      clears: ['design/TST-2.md', []],
    },
    {
      what: 'creates the item a body reference names (ref.unknown-id)',
      rel: 'design/TST-2.md',
      code: 'ref.unknown-id',
      title: 'Create requirement REQ-404 in design/REQ-404.md',
      file: 'design/REQ-404.md',
      text: /^---\nid: REQ-404\n/,
      clears: ['design/TST-2.md', []],
    },
    {
      what: 'creates the requirement a code tag names (link.unknown-target in C)',
      rel: 'src/alarm.c',
      code: 'link.unknown-target',
      title: 'Create requirement REQ-999 in design/REQ-999.md',
      file: 'design/REQ-999.md',
      text: /^---\nid: REQ-999\n/,
      clears: ['src/alarm.c', []],
    },
    {
      what: 'creates a test that verifies an untested requirement (coverage.unverified)',
      rel: 'design/REQ-2.md',
      code: 'coverage.unverified',
      title: 'Create verification test TST-3 that verifies REQ-2',
      file: 'design/TST-3.md',
      text: /^---\nid: TST-3\ntitle: TODO title\nstatus: draft\nmethod: test\nverifies: \[REQ-2\]\n---\n/,
      clears: ['design/REQ-2.md', []],
    },
    {
      what: 'creates a requirement that mitigates an unmitigated hazard (coverage.unmitigated)',
      rel: 'design/HAZ-2.md',
      code: 'coverage.unmitigated',
      title: 'Create requirement REQ-4 that mitigates HAZ-2',
      file: 'design/REQ-4.md',
      text: /\nmitigates: \[HAZ-2\]\n/,
      clears: ['design/HAZ-2.md', []],
    },
    {
      what: 'creates a validation of an unvalidated need, in a new folder (coverage.unvalidated)',
      rel: 'design/UN-1.md',
      code: 'coverage.unvalidated',
      title: 'Create validation VAL-1 that validates UN-1',
      file: 'design/validations/VAL-1.md',
      text: /^---\nid: VAL-1\n[\s\S]*\nvalidates: \[UN-1\]\n/,
      clears: ['design/UN-1.md', []],
    },
  ];

  for (const c of creations) {
    it(c.what, async () => {
      const fixes = await quickFixes(c.rel, c.code);
      const fix = fixes.find((f) => f.title === c.title);
      assert.ok(fix, `'${c.title}' among ${JSON.stringify(fixes.map((f) => f.title))}`);
      assert.equal(await vscode.workspace.applyEdit(fix.edit!), true);
      assert.equal(await exists(c.file), true, `${c.file} was created`);
      const doc = await waitFor(
        () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri(c.file).toString()),
        `${c.file} open in VS Code`,
      );
      assert.match(doc.getText(), c.text);
      assert.equal(await doc.save(), true);
      assert.match(await readText(c.file), c.text);
      if (c.code.startsWith('coverage.')) {
        // A stub is a placeholder: the coverage finding stays until the stub has real content.
        await expectDiagnostics(c.rel, BASELINE[c.rel]!);
        assert.ok(
          diagKeys(c.file).some((k) => k.startsWith('item.placeholder@')),
          diagKeys(c.file).join(', '),
        );
        const filled = (await readText(c.file))
          .replace('TODO title', 'A real title')
          .replace(/^TODO: describe this .*$/m, 'Real content.');
        await closeAll();
        await writeText(c.file, filled);
      }
      await expectDiagnostics(...c.clears);
      // the finding the fix was for is gone; the fixture's other findings of that file stay
      assert.ok(!diagKeys(c.rel).some((k) => k.startsWith(`${c.code}@`)));
    });
  }

  it('offers "Change to REQ-1 (did you mean…)" first on a typo, then "Remove this link"; both undoable', async () => {
    const editor = await open('design/TST-1.md');
    const doc = editor.document;
    const at = positionOf(doc, 'REQ-1]', 0, 5);
    assert.ok(await editor.edit((e) => e.insert(at, '1')));
    await expectDiagnostics('design/TST-1.md', ['link.unknown-target@5:11-5:17']);
    const fixes = await quickFixes('design/TST-1.md', 'link.unknown-target');
    assert.deepEqual(
      fixes.map((f) => f.title),
      [
        'Change to REQ-1 (did you mean REQ-1 “Maximum infusion rate”?)',
        'Change to REQ-2 (did you mean REQ-2 “Occlusion alarm”?)',
        'Change to REQ-3 (did you mean REQ-3 “Alarm volume”?)',
        'Remove this link to REQ-11',
        'Create requirement REQ-11 in design/REQ-11.md',
      ],
    );
    assert.equal(fixes[0]!.isPreferred, true);
    assert.equal(await vscode.workspace.applyEdit(fixes[0]!.edit!), true);
    assert.match(doc.getText(), /\nverifies: \[REQ-1\]\n/);
    await expectDiagnostics('design/TST-1.md', []);
    await undo('design/TST-1.md');
    assert.match(doc.getText(), /\nverifies: \[REQ-11\]\n/);
    await expectDiagnostics('design/TST-1.md', ['link.unknown-target@5:11-5:17']);
    const again = await quickFixes('design/TST-1.md', 'link.unknown-target');
    const remove = again.find((f) => f.title === 'Remove this link to REQ-11')!;
    assert.equal(await vscode.workspace.applyEdit(remove.edit!), true);
    assert.match(doc.getText(), /\nverifies: \[\]\n/);
    await expectDiagnostics('design/TST-1.md', ['link.missing@1:4-1:9']);
    await undo('design/TST-1.md');
    assert.match(doc.getText(), /\nverifies: \[REQ-11\]\n/);
  });

  it('an item whose file is deleted outside the editor goes when its tab closes (and stays gone on Re-check)', async () => {
    const before = await ready();
    const file = uri('design/TST-9.md');
    const create = new vscode.WorkspaceEdit();
    create.createFile(file, { overwrite: false });
    create.insert(
      file,
      new vscode.Position(0, 0),
      '---\nid: TST-9\ntitle: Rate\nmethod: test\nverifies: [REQ-2]\n---\nBody.\n',
    );
    assert.equal(await vscode.workspace.applyEdit(create), true);
    await vscode.window.showTextDocument(file);
    await waitForState((s) => s.summary.items === before.items + 1, 'TST-9 indexed');
    await vscode.workspace.fs.delete(file);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitForState((s) => s.summary.items === before.items, 'TST-9 dropped');
    await vscode.commands.executeCommand('tracespine.recheck');
    await waitForState((s) => s.summary.items === before.items, 'TST-9 still gone after Re-check');
    await expectDiagnostics('design/REQ-2.md', BASELINE['design/REQ-2.md']!);
  });
});
