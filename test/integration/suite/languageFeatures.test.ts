/// <reference types="mocha" />
// The language server's features through VS Code's own provider commands: hover, definition,
// references, completion, rename, code lenses, document links and symbols.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { exists, expectDiagnostics, open, positionOf, readText, restoreFixture, uri } from './workspace.test';

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n---\n');
}

function targetOf(d: vscode.Location | vscode.LocationLink): { uri: string; range: number[] } {
  const u = 'targetUri' in d ? d.targetUri : d.uri;
  const r = 'targetUri' in d ? (d.targetSelectionRange ?? d.targetRange) : d.range;
  return { uri: u.toString(), range: [r.start.line, r.start.character, r.end.line, r.end.character] };
}

async function lenses(rel: string): Promise<[string, string, unknown[]][]> {
  await vscode.workspace.openTextDocument(uri(rel)); // the provider commands need the document loaded
  const list =
    (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri(rel), 100)) ?? [];
  return list.map((l) => [l.command?.title ?? '', l.command?.command ?? '', l.command?.arguments ?? []]);
}

describe('language features', () => {
  after(async function () {
    this.timeout(60_000);
    await restoreFixture(['design/REQ-10.md']);
  });

  it('hovers a link with the target, its links and coverage', async () => {
    const editor = await open('design/TST-1.md');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      editor.document.uri,
      positionOf(editor.document, 'REQ-1', 0, 2),
    );
    const text = hoverText(hovers);
    assert.match(text, /\*\*REQ-1\*\* · Requirement — Maximum infusion rate/);
    assert.match(text, /Status: approved · `design\/REQ-1\.md`/);
    assert.match(text, /- mitigates: HAZ-1 \(Over-infusion\)/);
    // "Linked from" names open the linking entry (TST-1's verifies line, 6, 1-based)
    assert.match(text, /- verifies: \[TST-1\]\(\S*design\/TST-1\.md#L6\)/);
    assert.match(text, /- @implements: \[src\/pump\.c\]\(file:\/\/\/\S+\/src\/pump\.c#L5\)/);
    assert.match(text, /- verified by TST-1/);
  });

  it('hovers a suspect pinned link with both fingerprints', async () => {
    const editor = await open('design/REQ-1.md');
    const text = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        editor.document.uri,
        positionOf(editor.document, 'HAZ-1@', 0, 1),
      ),
    );
    assert.match(text, /\*\*HAZ-1\*\* · Hazard — Over-infusion/);
    assert.match(
      text,
      /Suspect link: HAZ-1 changed since this link was reviewed \(pinned 00000000, current [0-9a-f]{8}\)/,
    );
  });

  it('goes to the definition from a link, a body reference and a code tag', async () => {
    const want = { uri: uri('design/REQ-1.md').toString(), range: [1, 4, 1, 9] };
    const tst = (await open('design/TST-1.md')).document;
    for (const pos of [positionOf(tst, 'REQ-1', 0, 1), positionOf(tst, 'REQ-1', 1, 4)]) {
      const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
        'vscode.executeDefinitionProvider',
        tst.uri,
        pos,
      );
      assert.deepEqual(defs.map(targetOf), [want]);
    }
    const c = await vscode.workspace.openTextDocument(uri('src/pump.c'));
    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      c.uri,
      positionOf(c, 'REQ-1', 0, 3),
    );
    assert.deepEqual(defs.map(targetOf), [want]);
    // an ID nothing defines has no definition
    const t2 = await vscode.workspace.openTextDocument(uri('design/TST-2.md'));
    assert.deepEqual(
      await vscode.commands.executeCommand('vscode.executeDefinitionProvider', t2.uri, positionOf(t2, 'REQ-404', 0, 2)),
      [],
    );
  });

  it('finds the references of an item in items and code', async () => {
    const doc = (await open('design/REQ-1.md')).document;
    const refs = await vscode.commands.executeCommand<vscode.Location[]>(
      'vscode.executeReferenceProvider',
      doc.uri,
      positionOf(doc, 'REQ-1', 0, 1),
    );
    const keys = refs
      .map((l) => `${vscode.workspace.asRelativePath(l.uri)}:${l.range.start.line}:${l.range.start.character}`)
      .sort();
    assert.deepEqual(keys, ['design/REQ-1.md:1:4', 'design/TST-1.md:5:11', 'design/TST-1.md:7:58', 'src/pump.c:4:15']);
  });

  it('completes a link field with the IDs of the kinds it may target', async () => {
    const editor = await open('design/TST-1.md');
    const at = positionOf(editor.document, 'REQ-1]', 0, 5);
    assert.ok(await editor.edit((e) => e.insert(at, ', ')));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      editor.document.uri,
      at.translate(0, 2),
    );
    const ours = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Reference);
    // requirements only, REQ-1 (already in the field) left out, titles as detail and on every row (labelDetails)
    assert.deepEqual(
      ours.map((i) => [
        typeof i.label === 'string' ? i.label : i.label.label,
        i.detail,
        typeof i.label === 'string' ? undefined : i.label.description,
      ]),
      [
        ['REQ-2', 'Occlusion alarm', 'Occlusion alarm'],
        ['REQ-3', 'Alarm volume', 'Alarm volume'],
      ],
    );
    const idShaped = list.items
      .map((i) => (typeof i.label === 'string' ? i.label : i.label.label))
      .filter((l) => /^[A-Z]+-\d+$/.test(l));
    assert.ok(!idShaped.some((l) => /^(UN|HAZ|TST|VAL)-/.test(l)), `no other kinds offered: ${idShaped.join(', ')}`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('completes a code tag with requirement IDs', async () => {
    const editor = await open('src/alarm.c');
    const at = positionOf(editor.document, 'REQ-999', 0, 7);
    assert.ok(await editor.edit((e) => e.insert(at, ', ')));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      editor.document.uri,
      at.translate(0, 2),
    );
    const labels = list.items
      .filter((i) => i.kind === vscode.CompletionItemKind.Reference)
      .map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('REQ-1') && labels.includes('REQ-3'), `requirements offered: ${labels.join(', ')}`);
    assert.ok(
      labels.every((l) => l.startsWith('REQ-')),
      `only requirements: ${labels.join(', ')}`,
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('lists document and workspace symbols, and links IDs to their files', async () => {
    const doc = (await open('design/TST-1.md')).document;
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      doc.uri,
    );
    assert.equal(symbols[0]!.name, 'TST-1');
    const ws = await vscode.commands.executeCommand<vscode.SymbolInformation[]>(
      'vscode.executeWorkspaceSymbolProvider',
      'HAZ',
    );
    assert.deepEqual(
      ws
        .filter((s) => s.name.startsWith('HAZ-'))
        .map((s) => s.name)
        .sort(),
      ['HAZ-1', 'HAZ-2'],
    );
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    const toReq = links.filter((l) => l.target?.path.endsWith('/design/REQ-1.md'));
    assert.equal(toReq.length, 2, 'the link entry and the body reference');
  });

  it('shows code lenses for coverage and impact', async () => {
    assert.deepEqual(await lenses('design/REQ-2.md'), [
      ['not verified — add a test', 'tracespine.addCoverage', ['REQ-2', 'unverified']],
      ['no items downstream, 1 code file', 'tracespine.showImpact', ['REQ-2']],
    ]);
    assert.deepEqual(await lenses('design/UN-1.md'), [
      ['refined by REQ-1, REQ-2, REQ-3', 'tracespine.showLinks', ['UN-1', ['derives_from']]],
      ['not validated — add a validation', 'tracespine.addCoverage', ['UN-1', 'unvalidated']],
      ['4 items downstream, 3 code files', 'tracespine.showImpact', ['UN-1']],
    ]);
    assert.deepEqual(await lenses('design/REQ-3.md'), [
      ['verified by test/test_alarm.c', 'tracespine.showLinks', ['REQ-3', ['verifies']]],
      ['no items downstream, 1 code file', 'tracespine.showImpact', ['REQ-3']],
    ]);
  });

  it('hides the code lenses when tracespine.codeLens.enabled is off', async () => {
    const config = vscode.workspace.getConfiguration('tracespine');
    await config.update('codeLens.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      assert.deepEqual(await lenses('design/REQ-2.md'), []);
    } finally {
      await config.update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.equal((await lenses('design/REQ-2.md')).length, 2);
  });

  it('refuses a rename that would change the kind', async () => {
    const doc = (await open('design/REQ-1.md')).document;
    await assert.rejects(
      Promise.resolve(
        vscode.commands.executeCommand(
          'vscode.executeDocumentRenameProvider',
          doc.uri,
          positionOf(doc, 'REQ-1', 0, 1),
          'HAZ-9',
        ),
      ),
      /renaming cannot change an item's kind/,
    );
  });

  it('renames an ID in the item, the links, the body references and the code tags', async () => {
    const doc = (await open('design/TST-1.md')).document;
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
      'vscode.executeDocumentRenameProvider',
      doc.uri,
      positionOf(doc, 'REQ-1', 0, 1),
      'REQ-10',
    );
    const entries = edit
      .entries()
      .map(
        ([u, edits]) =>
          [
            vscode.workspace.asRelativePath(u),
            edits.map(
              (e) =>
                `${e.range.start.line}:${e.range.start.character}-${e.range.end.line}:${e.range.end.character}=${e.newText}`,
            ),
          ] as const,
      )
      .sort((a, b) => a[0].localeCompare(b[0]));
    assert.deepEqual(entries, [
      ['design/REQ-1.md', ['1:4-1:9=REQ-10']],
      ['design/TST-1.md', ['5:11-5:16=REQ-10', '7:58-7:63=REQ-10']],
      ['src/pump.c', ['4:15-4:20=REQ-10']],
    ]);
    // The server's edit also renames REQ-1.md to REQ-10.md, after the text edits (keyed by the old
    // path), as LSP orders documentChanges. F2 applies it in that order; but the WorkspaceEdit that
    // vscode.executeDocumentRenameProvider hands back lists file operations before text edits, so
    // applying it as is would rename first and then miss REQ-1.md. Apply it in the server's order:
    const ordered = new vscode.WorkspaceEdit();
    for (const [u, edits] of edit.entries()) ordered.set(u, edits);
    ordered.renameFile(uri('design/REQ-1.md'), uri('design/REQ-10.md'), { overwrite: false, ignoreIfExists: false });
    assert.equal(await vscode.workspace.applyEdit(ordered), true);
    assert.equal(await exists('design/REQ-10.md'), true);
    assert.equal(await exists('design/REQ-1.md'), false);
    const req = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri('design/REQ-10.md').toString());
    assert.match(req!.getText(), /^---\nid: REQ-10\n/);
    for (const d of vscode.workspace.textDocuments.filter((x) => x.isDirty)) await d.save();
    assert.match(await readText('design/TST-1.md'), /verifies: \[REQ-10\]\n[\s\S]*\(see REQ-10\)/);
    assert.match(await readText('src/pump.c'), /@implements REQ-10 /);
    await expectDiagnostics('design/TST-1.md', []);
    await expectDiagnostics('src/pump.c', []);
  });
});
