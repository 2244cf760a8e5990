/// <reference types="mocha" />
// Diagnostics from the language server, as VS Code shows them: for files never opened, while
// typing (unsaved text wins over the disk), after saving, and after files are created or deleted
// behind the editor's back (vscode.workspace.fs). Ranges are exact (0-based, end exclusive).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  BASELINE,
  closeAll,
  diagKeys,
  diags,
  expectDiagnostics,
  open,
  originalText,
  positionOf,
  readText,
  remove,
  restoreFixture,
  uri,
  waitForState,
  writeText,
} from './workspace.test';

describe('diagnostics', () => {
  afterEach(async function () {
    this.timeout(60_000);
    await restoreFixture(['design/TST-3.md', 'tracespine.yaml']);
  });

  it('reports every finding of files that were never opened, with exact ranges', async () => {
    await closeAll();
    for (const [rel, keys] of Object.entries(BASELINE)) {
      assert.ok(
        !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri(rel).toString()),
        `${rel} is not open`,
      );
      await expectDiagnostics(rel, keys);
    }
    const [unknown, ref] = diags('design/TST-2.md');
    assert.equal(unknown!.severity, 'error');
    assert.equal(unknown!.message, 'TST-2 verifies REQ-404, which no item defines');
    assert.equal(ref!.severity, 'warning');
    assert.equal(diags('design/HAZ-2.md')[0]!.severity, 'error', 'coverage.unmitigated is an error by default');
    assert.equal(diags('src/alarm.c')[0]!.message, '@implements REQ-999: no item defines REQ-999');
    // documentation without frontmatter gets nothing
    assert.deepEqual(diagKeys('README.md'), []);
  });

  it('follows typing in an unsaved document, across files', async () => {
    const editor = await open('design/TST-2.md');
    const doc = editor.document;
    const at = positionOf(doc, 'REQ-404');
    // verifies: [REQ-404] -> verifies: [REQ-2]: the link resolves, and REQ-2 is verified now
    assert.ok(await editor.edit((e) => e.replace(new vscode.Range(at, at.translate(0, 'REQ-404'.length)), 'REQ-2')));
    assert.equal(doc.isDirty, true);
    await expectDiagnostics('design/TST-2.md', ['ref.unknown-id@7:19-7:26']);
    await expectDiagnostics('design/REQ-2.md', []);
    await waitForState(
      (s) => s.items.find((i) => i.id === 'REQ-2')?.uncovered.length === 0,
      'REQ-2 covered in tracespine/items',
    );
    // a typo in the id line: TST-2 -> TST-2x is no item of a known kind... then back
    const idAt = positionOf(doc, 'id: TST-2', 0, 4);
    assert.ok(await editor.edit((e) => e.insert(idAt.translate(0, 5), '0')));
    await expectDiagnostics('design/REQ-2.md', []);
    await waitForState(
      (s) => s.items.some((i) => i.id === 'TST-20') && !s.items.some((i) => i.id === 'TST-2'),
      'TST-20 replacing TST-2',
    );
    // the disk still has the old text: nothing was saved
    assert.match(await readText('design/TST-2.md'), /verifies: \[REQ-404\]/);
    // closing without saving goes back to the disk's findings
    await closeAll();
    await expectDiagnostics('design/TST-2.md', BASELINE['design/TST-2.md']!);
    await expectDiagnostics('design/REQ-2.md', BASELINE['design/REQ-2.md']!);
  });

  it('keeps what was saved after the editor closes', async () => {
    const editor = await open('design/REQ-3.md');
    const at = positionOf(editor.document, 'aproved');
    assert.ok(await editor.edit((e) => e.replace(new vscode.Range(at, at.translate(0, 'aproved'.length)), 'approved')));
    await expectDiagnostics('design/REQ-3.md', []);
    assert.equal(await editor.document.save(), true);
    assert.match(await readText('design/REQ-3.md'), /status: approved/);
    await closeAll();
    await expectDiagnostics('design/REQ-3.md', []);
    const s = await waitForState((st) => st.summary.errors === 3, '3 errors after the fix');
    assert.equal(s.items.find((i) => i.id === 'REQ-3')!.status, 'approved');
  });

  it('sees a file created on disk (workspace.fs.writeFile)', async () => {
    await writeText(
      'design/TST-3.md',
      '---\nid: TST-3\ntitle: Occlusion alarm test\nstatus: draft\nmethod: test\nverifies: [REQ-2, REQ-777]\n---\nOcclude the line downstream and time the alarm.\n',
    );
    await expectDiagnostics('design/TST-3.md', ['link.unknown-target@5:18-5:25']);
    await expectDiagnostics('design/REQ-2.md', []);
    const s = await waitForState((st) => st.summary.items === 9, 'the new item in tracespine/items');
    assert.deepEqual(s.summary.coverage.unverified, { covered: 3, total: 3 });
  });

  it('flags every link to a deleted file', async () => {
    await remove('design/REQ-1.md');
    await expectDiagnostics('design/REQ-1.md', []);
    // the test that verifies it, the body reference, the code tag; its need and hazard lose coverage
    await expectDiagnostics('design/TST-1.md', ['link.unknown-target@5:11-5:16', 'ref.unknown-id@7:58-7:63']);
    await expectDiagnostics('src/pump.c', ['link.unknown-target@4:15-4:20']);
    await expectDiagnostics('design/HAZ-1.md', ['coverage.unmitigated@1:4-1:9']);
    const s = await waitForState((st) => st.summary.items === 7, 'REQ-1 gone from tracespine/items');
    assert.ok(!s.items.some((i) => i.id === 'REQ-1'));
    // and back
    await writeText('design/REQ-1.md', originalText('design/REQ-1.md'));
    await expectDiagnostics('design/TST-1.md', []);
    await expectDiagnostics('src/pump.c', []);
  });

  it('reports an invalid tracespine.yaml at its position, and nothing else', async () => {
    await writeText('tracespine.yaml', 'version: 1\nstatuses: [draft, approved]\nrulez: {}\n');
    await expectDiagnostics('tracespine.yaml', ['config.invalid@2:0-2:5']);
    await expectDiagnostics('design/REQ-2.md', []);
    const s = await waitForState((st) => st.summary.configInvalid, 'configInvalid in the summary');
    assert.equal(s.statusBar.text, '$(error) tracespine.yaml invalid');
    await remove('tracespine.yaml');
    await expectDiagnostics('tracespine.yaml', []);
    await expectDiagnostics('design/REQ-2.md', BASELINE['design/REQ-2.md']!);
    // the summary and the diagnostics are separate notifications; wait for the summary too
    await waitForState((st) => !st.summary.configInvalid, 'configInvalid cleared in the summary');
  });
});
