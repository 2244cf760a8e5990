/// <reference types="mocha" />
// Smoke test: the extension is loaded in a real VS Code extension host, the fixture workspace
// (test/fixtures/workspace, copied to a temporary folder by the launcher) is open, and its
// Markdown design items can be opened as documents.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'tracespine.tracespine';

describe('smoke', () => {
  it('finds the extension under test', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(
      ext,
      `extension ${EXTENSION_ID} is not loaded; non-builtin extensions loaded: ${
        vscode.extensions.all
          .map((e) => e.id)
          .filter((id) => !id.startsWith('vscode.') && !id.startsWith('ms-vscode.'))
          .join(', ') || 'none'
      }`,
    );
    assert.equal((ext.packageJSON as { publisher?: unknown }).publisher, 'tracespine');
  });

  it('activates the extension', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('opens the fixture workspace', async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, 'exactly one workspace folder');
    const folder = folders[0]!;
    assert.equal(folder.name, 'workspace');
    // The launcher opens a temporary copy of the fixture, so check its name and content, not its path.
    const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, 'design', 'REQ-1.md'));
    assert.equal(stat.type, vscode.FileType.File);
  });

  it('opens a Markdown design item and reads its text', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!;
    const uri = vscode.Uri.joinPath(folder.uri, 'design', 'REQ-1.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'markdown');
    const text = doc.getText();
    assert.match(text, /^---\r?\nid: REQ-1\r?\n/);
    assert.match(text, /derives_from: \[UN-1\]/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
  });
});
