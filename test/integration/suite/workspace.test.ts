/// <reference types="mocha" />
// Shared helpers of the Tracespine integration tests (imported by the other *.test.ts files),
// a root hook that waits for the language server's first index, and the tests of activation,
// the manifest and the first index of the fixture (test/fixtures/workspace, see its README).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ItemState, WorkspaceSummary } from '../../../src/shared/lspProtocol';
import type { TreeSnapshot } from '../../../src/extension/testApi';
import { activation } from './index';

export const EXTENSION_ID = 'tracespine.tracespine';

/** What `tracespine.internal.state` returns (src/extension/testApi.ts). */
export interface ExtensionState {
  state: string;
  revision: number;
  summary: WorkspaceSummary;
  items: ItemState[];
  filter: string;
  statusBar: { text: string; tooltip: string; visible: boolean };
  view: { visible: boolean; selection: string[]; fullRefreshes: number };
  decorations: { uri: string; line: number; text: string }[];
}

/** What `tracespine.internal.tree` returns. */
export type TreeNode = TreeSnapshot;

export function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return folder.uri;
}

export function uri(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(root(), ...rel.split('/'));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns something other than undefined/false; fails with `what` and the last value seen. */
export async function waitFor<T>(
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  what: string | (() => string),
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline)
      assert.fail(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await sleep(50);
  }
}

export interface Diag {
  code: string;
  /** [startLine, startChar, endLine, endChar], 0-based. */
  range: [number, number, number, number];
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
}

const SEVERITY = ['error', 'warning', 'info', 'hint'] as const;

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Tracespine's diagnostics of a workspace file, sorted by position. */
export function diags(rel: string): Diag[] {
  return vscode.languages
    .getDiagnostics(uri(rel))
    .filter((d) => d.source === 'tracespine')
    .map((d) => ({
      code: codeOf(d),
      range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character] as Diag['range'],
      severity: SEVERITY[d.severity],
      message: d.message,
    }))
    .sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1] || a.code.localeCompare(b.code));
}

/** `code@line:col-line:col` strings, for compact exact assertions. */
export function diagKeys(rel: string): string[] {
  return diags(rel).map((d) => `${d.code}@${d.range[0]}:${d.range[1]}-${d.range[2]}:${d.range[3]}`);
}

/** Waits until the diagnostics of `rel` are exactly `expected` (see {@link diagKeys}). */
export async function expectDiagnostics(rel: string, expected: string[], timeoutMs = 20_000): Promise<void> {
  const want = JSON.stringify(expected);
  await waitFor(
    () => JSON.stringify(diagKeys(rel)) === want,
    () => `diagnostics of ${rel} to be ${want}; now ${JSON.stringify(diagKeys(rel))}`,
    timeoutMs,
  );
}

export async function extensionState(): Promise<ExtensionState> {
  const s = await vscode.commands.executeCommand<ExtensionState>('tracespine.internal.state');
  assert.ok(s, 'tracespine.internal.state returned nothing');
  return s;
}

export async function tree(): Promise<TreeNode[]> {
  return (await vscode.commands.executeCommand<TreeNode[]>('tracespine.internal.tree')) ?? [];
}

/** Activates the extension and waits for the server's first complete index. */
export async function ready(): Promise<WorkspaceSummary> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  await ext.activate();
  const summary = await vscode.commands.executeCommand<WorkspaceSummary>('tracespine.internal.waitForIndex', 30_000);
  assert.ok(summary?.ready, 'the index never became ready');
  return summary;
}

/** Waits until the extension's item list satisfies `pred` (it refreshes on tracespine/indexChanged). */
export async function waitForState(
  pred: (s: ExtensionState) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<ExtensionState> {
  let last: ExtensionState | undefined;
  return waitFor(
    async () => {
      last = await extensionState();
      return pred(last) ? last : undefined;
    },
    () => `${what}; last state: ${JSON.stringify(last?.summary)} ${JSON.stringify(last?.items.map((i) => i.id))}`,
    timeoutMs,
  );
}

export async function readText(rel: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri(rel)));
}

export async function writeText(rel: string, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri(rel), new TextEncoder().encode(text));
}

export async function exists(rel: string): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri(rel));
    return true;
  } catch {
    return false;
  }
}

/**
 * Deletes a file or folder the way the Explorer does (a WorkspaceEdit, through VS Code's working
 * copy service), so that VS Code also lets go of documents it had open for it (the language
 * server then gets didClose). `vscode.workspace.fs.delete` bypasses that: a document an
 * extension had opened would stay open for minutes, and its text would keep winning over the disk.
 */
export async function remove(rel: string): Promise<void> {
  if (!(await exists(rel))) return;
  if ((await vscode.workspace.fs.stat(uri(rel))).type & vscode.FileType.Directory) {
    // (a WorkspaceEdit would try to keep a directory's content for Undo, and log that it cannot)
    for (const [name] of await vscode.workspace.fs.readDirectory(uri(rel))) await remove(`${rel}/${name}`);
    await vscode.workspace.fs.delete(uri(rel), { recursive: true, useTrash: false });
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.deleteFile(uri(rel), { recursive: true, ignoreIfNotExists: true });
  assert.equal(await vscode.workspace.applyEdit(edit), true, `deleting ${rel}`);
}

/** Closes every editor, discarding unsaved changes (so a test never leaves a dirty document behind). */
export async function closeAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty || doc.isClosed) continue;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri(rel));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** The position of the `n`-th occurrence (0-based) of `needle` in the document, plus `delta` characters. */
export function positionOf(doc: vscode.TextDocument, needle: string, n = 0, delta = 0): vscode.Position {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `'${needle}' (#${i}) not found in ${doc.uri.path}`);
  }
  return doc.positionAt(at + delta);
}

/** The fixture's files and their text, to restore after a test that changes them. */
export const FIXTURE_FILES = [
  'README.md',
  'design/HAZ-1.md',
  'design/HAZ-2.md',
  'design/REQ-1.md',
  'design/REQ-2.md',
  'design/REQ-3.md',
  'design/TST-1.md',
  'design/TST-2.md',
  'design/UN-1.md',
  'src/alarm.c',
  'src/pump.c',
  'test/test_alarm.c',
];
const originals = new Map<string, string>();

/** The text a fixture file had when the suite started. */
export function originalText(rel: string): string {
  const text = originals.get(rel);
  assert.ok(text !== undefined, `${rel} is not a fixture file`);
  return text;
}

/** The fixture's findings, as the CLI reports them (`tracespine check test/fixtures/workspace`). */
export const BASELINE: Record<string, string[]> = {
  'design/HAZ-1.md': [],
  'design/HAZ-2.md': ['coverage.unmitigated@1:4-1:9'],
  'design/REQ-1.md': ['link.suspect@5:12-5:26'],
  'design/REQ-2.md': ['coverage.unverified@1:4-1:9'],
  'design/REQ-3.md': ['item.invalid-field@3:8-3:15'],
  'design/TST-1.md': [],
  'design/TST-2.md': ['link.unknown-target@5:11-5:18', 'ref.unknown-id@7:19-7:26'],
  'design/UN-1.md': ['coverage.unvalidated@1:4-1:8'],
  'src/alarm.c': ['link.unknown-target@2:22-2:29'],
  'src/pump.c': [],
  'test/test_alarm.c': [],
};

/**
 * VS Code keeps a document of a deleted file open (orphaned) for as long as something refers to its
 * model, and the server lets an open document's text win over the disk: the deleted item would
 * live on. So before a test's file is deleted, its documents are emptied through the disk (VS Code
 * reloads a document that is not dirty), and an orphan left behind defines nothing.
 */
async function emptyOpenDocuments(rel: string): Promise<void> {
  const base = uri(rel);
  const docs = vscode.workspace.textDocuments.filter(
    (d) => d.uri.toString() === base.toString() || d.uri.toString().startsWith(`${base.toString()}/`),
  );
  for (const doc of docs) {
    if (!(await exists(vscode.workspace.asRelativePath(doc.uri, false)))) continue;
    await vscode.workspace.fs.writeFile(doc.uri, new Uint8Array());
    await waitFor(() => doc.isClosed || doc.getText() === '', `${doc.uri.path} emptied`);
  }
}

/**
 * Puts the fixture back as it was (files written by a test deleted, changed ones rewritten),
 * closes the editors and waits until the findings are the baseline again.
 */
export async function restoreFixture(extra: string[] = []): Promise<void> {
  await closeAll();
  for (const rel of extra) {
    await emptyOpenDocuments(rel);
    await remove(rel);
  }
  for (const rel of FIXTURE_FILES) {
    const text = originals.get(rel)!;
    if (!(await exists(rel)) || (await readText(rel)) !== text) await writeText(rel, text);
  }
  for (const [rel, keys] of Object.entries(BASELINE)) await expectDiagnostics(rel, keys);
  await waitForState(
    (s) => s.summary.items === 8 && s.summary.errors === 4 && s.summary.warnings === 4,
    'the baseline summary (8 items, 4 errors, 4 warnings)',
  );
}

// Root hook: every test of the suite runs against an indexed workspace.
before(async function () {
  this.timeout(60_000);
  // VS Code for the Web (code-server) saves after a second by default (files.autoSave: afterDelay):
  // the tests that check unsaved text must decide themselves when a document is saved.
  await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  await ready();
  for (const rel of FIXTURE_FILES) originals.set(rel, await readText(rel));
});

describe('activation and first index', () => {
  it('is activated by the workspace and indexes it', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.equal(ext.isActive, true);
    // before any test called activate() or opened a document: the design items' file names did it
    assert.deepEqual(
      { active: activation.active, markdownOpen: activation.markdownOpen },
      {
        active: true,
        markdownOpen: false,
      },
    );
    const s = await extensionState();
    assert.equal(s.state, 'ready');
    assert.equal(s.summary.ready, true);
    assert.equal(s.summary.configInvalid, false);
    assert.equal(s.summary.items, 8);
    assert.deepEqual(
      s.summary.kinds.map((k) => [k.kind, k.count]),
      [
        ['need', 1],
        ['requirement', 3],
        ['hazard', 2],
        ['test', 2],
        ['validation', 0],
      ],
    );
    assert.equal(s.summary.errors, 4);
    assert.equal(s.summary.warnings, 4);
    assert.deepEqual(s.summary.coverage, {
      unverified: { covered: 2, total: 3 },
      unmitigated: { covered: 1, total: 2 },
      unrefined: { covered: 1, total: 1 },
      unvalidated: { covered: 0, total: 1 },
    });
  });

  it('reports the items with their state (tracespine/items)', async () => {
    const s = await extensionState();
    const byId = new Map(s.items.map((i) => [i.id, i]));
    assert.deepEqual([...byId.keys()], ['UN-1', 'REQ-1', 'REQ-2', 'REQ-3', 'HAZ-1', 'HAZ-2', 'TST-1', 'TST-2']);
    assert.deepEqual(byId.get('REQ-2'), {
      id: 'REQ-2',
      kind: 'requirement',
      kindLabel: 'Requirement',
      title: 'Occlusion alarm',
      status: 'review',
      file: 'design/REQ-2.md',
      line: 1,
      uncovered: ['unverified'],
      suspect: false,
      errors: 0,
      warnings: 1,
      messages: [
        {
          severity: 'warning',
          code: 'coverage.unverified',
          message: 'Requirement REQ-2 is unverified: no test verifies it',
          line: 1,
        },
      ],
    });
    assert.equal(byId.get('REQ-1')!.suspect, true);
    assert.deepEqual(byId.get('HAZ-2')!.uncovered, ['unmitigated']);
    assert.equal(byId.get('REQ-3')!.errors, 1);
  });

  it('shows coverage and findings in the status bar', async () => {
    const s = await extensionState();
    assert.equal(s.statusBar.text, '$(checklist) verified 2/3 · 4 errors · 4 warnings · no tracespine.yaml — defaults');
    assert.equal(s.statusBar.visible, true);
    assert.match(s.statusBar.tooltip, /mitigated 1\/2 \(50%\) — 1 unmitigated/);
    assert.match(s.statusBar.tooltip, /No `tracespine\.yaml` in this workspace: it is checked with the default policy/);
    assert.match(s.statusBar.tooltip, /8 design items: 1 user need, 3 requirement, 2 hazard, 2 verification test/);
  });

  it('contributes what the manifest promises', async () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      activationEvents: string[];
      main: string;
      contributes: {
        commands: { command: string; category?: string }[];
        yamlValidation: unknown[];
        grammars: { path: string }[];
        viewsContainers: { activitybar: { icon: string }[] };
      };
      capabilities: unknown;
    };
    assert.deepEqual(pkg.activationEvents, [
      'workspaceContains:tracespine.yaml',
      'workspaceContains:**/{UN,REQ,HAZ,TST,VAL,PR}-[0-9]*.md',
      'workspaceContains:{design,requirements,hazards,tests}/*.md',
      'onLanguage:markdown',
      'onWebviewPanel:tracespine.graph',
    ]);
    assert.equal(pkg.main, './dist/extension.js');
    for (const c of pkg.contributes.commands)
      assert.equal(c.category, 'Tracespine', `${c.command} has the category Tracespine`);
    // test-only commands are registered but never contributed (so the palette never lists them)
    const registered = await vscode.commands.getCommands(true);
    for (const id of ['tracespine.internal.waitForIndex', 'tracespine.internal.state', 'tracespine.internal.tree']) {
      assert.ok(registered.includes(id), `${id} is registered`);
      assert.ok(!pkg.contributes.commands.some((c) => c.command === id), `${id} is not contributed`);
    }
    for (const c of pkg.contributes.commands) assert.ok(registered.includes(c.command), `${c.command} is registered`);
    assert.deepEqual(pkg.contributes.yamlValidation, [
      { fileMatch: 'tracespine.yaml', url: './schemas/tracespine.schema.json' },
    ]);
    assert.deepEqual(pkg.capabilities, { untrustedWorkspaces: { supported: true }, virtualWorkspaces: false });
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    for (const rel of [
      pkg.main,
      pkg.contributes.grammars[0]!.path,
      pkg.contributes.viewsContainers.activitybar[0]!.icon,
      'schemas/tracespine.schema.json',
      'dist/server.js',
    ]) {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(ext.extensionUri, rel));
    }
  });

  it('focuses the Design Controls view from the status bar command', async () => {
    await vscode.commands.executeCommand('tracespine.showDesignControls');
    // the view's tree is populated (getChildren is what the view shows)
    const nodes = await tree();
    assert.ok(nodes.length > 0);
  });
});
