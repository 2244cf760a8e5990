import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { closeAll, uri, waitFor } from './workspace.test';

interface Delivery {
  type: string;
  focus?: string;
  nodes?: string[];
  message?: string;
  review?: string[];
  code?: string[];
  suspect?: string[];
  ok: boolean;
}
interface GraphState {
  view: { mode: string; focus?: string; depth?: number | string; pinned?: boolean; base?: string };
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

  it('Review Changes says plainly, without the graph, that the fixture is not a git repository', async () => {
    await vscode.commands.executeCommand('tracespine.reviewChanges');
    const d = await delivered('unavailable');
    assert.match(d.message ?? '', /^Review Changes needs a git repository: This workspace folder is not inside/);
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

const git = (...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd: uri('').fsPath,
    encoding: 'utf8',
  });
const read = async (file: string): Promise<string> =>
  new TextDecoder().decode(await vscode.workspace.fs.readFile(uri(file)));
const write = (file: string, text: string): Thenable<void> =>
  vscode.workspace.fs.writeFile(uri(file), new TextEncoder().encode(text));
const graphMessage = (m: unknown): Thenable<boolean> =>
  vscode.commands.executeCommand<boolean>('tracespine.internal.graphMessage', m);

/** The panel's tab label (it names the base in use). */
function panelLabel(): string | undefined {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .find((t) => t.input instanceof vscode.TabInputWebview && /Review Changes|Trace/.test(t.label))?.label;
}

/** The newest diff editor tab whose label matches. */
function diffTab(label: RegExp): vscode.TabInputTextDiff | undefined {
  const tab = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .find((t) => t.input instanceof vscode.TabInputTextDiff && label.test(t.label));
  return tab?.input as vscode.TabInputTextDiff | undefined;
}

// UN-1 changed; REQ-1 derives from it, REQ-2 and REQ-3 from REQ-1, TST-1 verifies REQ-1.
const REVIEW = ['changed UN-1', 'impacted REQ-1', 'impacted REQ-2', 'impacted REQ-3', 'impacted TST-1'];

describe("Review Changes: the reviewer's workspace", () => {
  const UN = 'design/UN-1.md';
  const REQ = 'design/REQ-1.md';
  let un = '';
  let req = '';
  let pinCommit = '';
  let basePin = '';

  before(async () => {
    un = await read(UN);
    req = await read(REQ);
    if (!(await exists('.git'))) {
      git('init', '-q', '-b', 'main');
      git('add', '-A');
      git('commit', '-q', '-m', 'base');
    }
    // REQ-1 reviewed against UN-1 as committed: pin UN-1's fingerprint (with the engine's own quick fix).
    await write(REQ, req.replace('derives_from: [UN-1]', 'derives_from: [UN-1@00000000]'));
    const fix = await waitFor(async () => {
      const d = vscode.languages
        .getDiagnostics(uri(REQ))
        .find((x) => x.code === 'link.suspect' && x.range.start.line === 4);
      if (!d) return undefined;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri(REQ),
        d.range,
      );
      return actions.find((a) => a.title.startsWith('Re-affirm the link to UN-1'));
    }, 'the re-affirm quick fix of the pin on UN-1');
    basePin = /fingerprint ([0-9a-f]{8})/.exec(fix.title)![1]!;
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    await vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri(REQ).toString())?.save();
    git('add', '-A');
    git('commit', '-q', '-m', 'pin');
    pinCommit = git('rev-parse', 'HEAD').trim();
    git('branch', '-f', 'release', 'HEAD');
    // The branch's work: UN-1 changes, so REQ-1's pin on it is suspect and REQ-1, TST-1 and src/pump.c need a look.
    await write(UN, un.replace(/\n---\n/, '\n---\nThe pump also keeps an audit trail of every rate change.\n'));
    await waitFor(
      () =>
        vscode.languages.getDiagnostics(uri(REQ)).find((x) => x.code === 'link.suspect' && x.range.start.line === 4),
      'REQ-1 suspect on UN-1',
    );
  });

  after(async () => {
    await closeAll();
    await write(UN, un);
    await write(REQ, req);
  });

  it('shows the base in use, in the page message and the tab, also after choosing another', async () => {
    await vscode.commands.executeCommand('tracespine.reviewChanges');
    const d = await delivered('impact', 'main', (x) => (x.suspect ?? []).includes('REQ-1 UN-1 4:15'));
    assert.deepEqual(d.review, REVIEW);
    await waitFor(
      () => panelLabel() === 'Review Changes vs main' || undefined,
      () => `tab ${panelLabel()}`,
    );
    assert.equal(await graphMessage({ type: 'selectBase', base: 'release' }), true);
    const r = await delivered('impact', 'release');
    assert.deepEqual(r.review, REVIEW);
    await waitFor(
      () => panelLabel() === 'Review Changes vs release' || undefined,
      () => `tab ${panelLabel()}`,
    );
    assert.equal((await graphState())!.view.base, 'release');
    await graphMessage({ type: 'selectBase', base: 'main' });
    await delivered('impact', 'main');
  });

  it('lists the code files the CLI lists to re-check', async () => {
    const d = await delivered('impact', 'main');
    const ext = vscode.extensions.getExtension('tracespine.tracespine')!;
    const out = execFileSync(
      process.execPath,
      [`${ext.extensionPath}/bin/tracespine.js`, 'impact', '--base', 'main', '--format', 'json'],
      { cwd: uri('').fsPath, encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } },
    );
    const cli = JSON.parse(out) as { code: { file: string }[]; impactedCode: { file: string }[] };
    const files = [...new Set([...cli.code, ...cli.impactedCode].map((c) => c.file))].sort();
    // src/pump.c tags REQ-1, test/test_alarm.c and src/alarm.c tag REQ-2 and REQ-3, which derive from REQ-1.
    assert.deepEqual(files, ['src/alarm.c', 'src/pump.c', 'test/test_alarm.c']);
    assert.deepEqual(d.code, files);
  });

  it('opens an entry as its diff against the base, the base side read from git', async () => {
    assert.equal(await graphMessage({ type: 'diff', file: UN, baseFile: UN }), true);
    const tab = await waitFor(() => diffTab(/^UN-1\.md \(main [0-9a-f]{8} ↔ working tree\)$/), 'a diff tab of UN-1.md');
    assert.equal(tab.original.scheme, 'tracespine-base');
    assert.equal(tab.modified.toString(), uri(UN).toString());
    assert.equal((await vscode.workspace.openTextDocument(tab.original)).getText(), un);
    assert.notEqual((await vscode.workspace.openTextDocument(tab.modified)).getText(), un);
    // Beside the panel, which stays in view.
    assert.ok(
      vscode.window.tabGroups.all.some((g) => g.activeTab?.input instanceof vscode.TabInputWebview),
      'the Review Changes panel is still the active tab of its group',
    );
  });

  it("a suspect link shows what changed in its target since the pin: the target's text at the pinned fingerprint", async () => {
    const d = await delivered('impact', 'main');
    assert.ok(d.suspect?.includes('REQ-1 UN-1 4:15'), JSON.stringify(d.suspect));
    assert.equal(await graphMessage({ type: 'sincePin', target: 'UN-1', pin: basePin }), true);
    const tab = await waitFor(
      () => diffTab(new RegExp(`^UN-1\\.md \\(UN-1 at pin ${basePin}, `)),
      'a since-pin diff tab',
    );
    assert.equal(tab.original.scheme, 'tracespine-base');
    assert.equal((await vscode.workspace.openTextDocument(tab.original)).getText(), un);
    // The newest commit of UN-1.md's history with that text: the first (REQ-1's pin commit did not touch it).
    assert.notEqual(new URLSearchParams(tab.original.query).get('commit'), pinCommit);
  });

  it('re-affirms a suspect link from the list: the finding clears, the pin is saved, the list updates', async () => {
    assert.equal(await graphMessage({ type: 'reaffirm', file: REQ, line: 4, character: 15 }), true);
    await waitFor(
      () =>
        !vscode.languages.getDiagnostics(uri(REQ)).some((x) => x.code === 'link.suspect' && x.range.start.line === 4) ||
        undefined,
      () => `no suspect UN-1 link in REQ-1; ${JSON.stringify(vscode.languages.getDiagnostics(uri(REQ)))}`,
    );
    const text = await read(REQ);
    assert.match(text, /derives_from: \[UN-1@[0-9a-f]{8}\]/);
    assert.doesNotMatch(text, new RegExp(`UN-1@${basePin}`));
    // The pin on HAZ-1 was not touched: its finding stays.
    assert.ok(
      vscode.languages.getDiagnostics(uri(REQ)).some((x) => x.code === 'link.suspect' && x.range.start.line === 5),
    );
    const d = await delivered('impact', 'main', (x) => !(x.suspect ?? []).some((s) => s.startsWith('REQ-1 UN-1')));
    assert.ok(
      d.suspect?.some((s) => s.startsWith('REQ-1 HAZ-1')),
      JSON.stringify(d.suspect),
    );
  });
});

async function exists(file: string): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri(file));
    return true;
  } catch {
    return false;
  }
}
