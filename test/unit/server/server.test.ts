// The language server end to end: the built bundle, spawned with --stdio on a temporary copy
// of a fixture workspace, driven over JSON-RPC as an editor would.
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CodeAction,
  CodeLens,
  CompletionList,
  Diagnostic,
  DocumentLink,
  DocumentSymbol,
  Hover,
  Location,
  SymbolInformation,
  TextDocumentEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { runCheck } from '../../../src/cli/check';
import { LineIndex, type Position } from '../../../src/core/model/range';
import { isGraphData, type GraphData } from '../../../src/shared/protocol';
import type {
  InitTemplateResult,
  ItemState,
  ItemsResult,
  KindsResult,
  NewItemResult,
  WorkspaceSummary,
} from '../../../src/shared/lspProtocol';
import { buildServer, copyFixture, removeBuild, removeDir, TestClient } from './lspClient';

interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

const SEVERITY: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'info' };

/** `code severity l:c-l:c message` per diagnostic of each file, from `tracespine check --format json`. */
async function checkByFile(root: string): Promise<Map<string, string[]>> {
  const out = await runCheck([root, '--format', 'json'], root);
  const report = JSON.parse(out.stdout) as { diagnostics: JsonDiagnostic[] };
  const byFile = new Map<string, string[]>();
  for (const d of report.diagnostics) {
    let list = byFile.get(d.file);
    if (!list) byFile.set(d.file, (list = []));
    list.push(`${d.code} ${d.severity} ${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.message}`);
  }
  for (const list of byFile.values()) list.sort();
  return byFile;
}

function lspLines(diags: readonly Diagnostic[]): string[] {
  return diags
    .map(
      (d) =>
        `${String(d.code)} ${SEVERITY[d.severity ?? 1]} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.message}`,
    )
    .sort();
}

function read(root: string, file: string): string {
  return readFileSync(join(root, file), 'utf8');
}

/** Position of the `nth` occurrence of `needle` in `text`, plus `delta`. */
function pos(text: string, needle: string, delta = 0, nth = 0): Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' not found`);
  }
  return new LineIndex(text).positionAt(at + delta);
}

beforeAll(async () => {
  await buildServer();
}, 120_000);

afterAll(removeBuild);

describe('language server on test/fixtures/server-ws (read-only features)', () => {
  let root: string;
  let client: TestClient;
  const doc = (file: string): { textDocument: { uri: string } } => ({ textDocument: { uri: client.uri(file) } });

  beforeAll(async () => {
    root = copyFixture('server-ws');
    client = await TestClient.start(root);
    const init = await client.initialize();
    expect(init.capabilities.completionProvider?.triggerCharacters).toEqual(['[', ' ', ',', '-', '@']);
    await client.waitReady();
  });

  afterAll(async () => {
    const code = await client.stop();
    expect(code).toBe(0);
    removeDir(root);
  });

  it('publishes, for every file, exactly the diagnostics of tracespine check --format json', async () => {
    const expected = await checkByFile(root);
    expect([...expected.keys()].sort()).toEqual(client.filesWithDiagnostics());
    for (const [file, lines] of expected) expect(lspLines(client.diags(file)), file).toEqual(lines);
    // The folder "Über needs" needs percent-encoding in its URI.
    expect(client.diagnostics.has(client.uri('design/Über needs/UN-2.md'))).toBe(true);
    expect(client.uri('design/Über needs/UN-2.md')).toContain('/design/%C3%9Cber%20needs/UN-2.md');
  });

  it('fills in source, data and related information', () => {
    const dup = client.diags('design/requirements/REQ-3.md').find((d) => d.code === 'item.duplicate-id')!;
    expect(dup.source).toBe('tracespine');
    expect(dup.data).toEqual({ itemId: 'REQ-3' });
    expect(dup.relatedInformation?.[0]?.location.uri).toBe(client.uri('design/requirements/REQ-3-copy.md'));
    const dangling = client.diags('design/tests/TST-2.md').find((d) => d.code === 'link.unknown-target')!;
    expect(dangling.data).toEqual({ itemId: 'TST-2', target: 'REQ-404' });
    expect(dangling.severity).toBe(1);
  });

  it('registers a file watcher and reports indexing progress', () => {
    expect(JSON.stringify(client.registrations)).toContain('workspace/didChangeWatchedFiles');
    const kinds = client.progress.map((p) => (p as { value: { kind: string } }).value.kind);
    expect(kinds[0]).toBe('begin');
    expect(kinds[kinds.length - 1]).toBe('end');
    expect(client.indexChanged[0]?.summary).toMatchObject({
      ready: true,
      configInvalid: false,
      items: 10,
      errors: 4,
      warnings: 5,
    });
  });

  it('hover: the item, its links and coverage', async () => {
    const text = read(root, 'design/tests/TST-1.md');
    const h = await client.request<Hover>('textDocument/hover', {
      ...doc('design/tests/TST-1.md'),
      position: pos(text, 'REQ-1', 2),
    });
    const value = (h.contents as { kind: string; value: string }).value;
    expect((h.contents as { kind: string }).kind).toBe('markdown');
    expect(value.split('\n')[0]).toBe('**REQ-1** · Requirement — Maximum infusion rate');
    // "Linked from" names open the linking entry: TST-1's `verifies` line (line 6, 1-based).
    expect(value).toContain(`- verifies: [TST-1](${client.uri('design/tests/TST-1.md')}#L6)`);
    expect(h.range).toEqual({ start: pos(text, 'REQ-1'), end: pos(text, 'REQ-1', 5) });
  });

  it('definition and references', async () => {
    const text = read(root, 'design/tests/TST-1.md');
    const defs = await client.request<Location[]>('textDocument/definition', {
      ...doc('design/tests/TST-1.md'),
      position: pos(text, 'REQ-1'),
    });
    expect(defs).toEqual([
      {
        uri: client.uri('design/requirements/REQ-1.md'),
        range: { start: { line: 1, character: 4 }, end: { line: 1, character: 9 } },
      },
    ]);
    const refs = await client.request<Location[]>('textDocument/references', {
      ...doc('design/tests/TST-1.md'),
      position: pos(text, 'REQ-1'),
      context: { includeDeclaration: false },
    });
    const files = refs.map((r) => r.uri.slice(client.uri('').length + 1));
    expect(files).toEqual(['design/tests/TST-1.md', 'design/tests/TST-1.md', 'docs/overview.md', 'src/pump.c']);
  });

  it('completion in a link field offers the target kind’s IDs', async () => {
    const text = read(root, 'design/tests/TST-1.md');
    const list = await client.request<CompletionList>('textDocument/completion', {
      ...doc('design/tests/TST-1.md'),
      position: pos(text, '[REQ-1', 1),
    });
    expect(list.items.map((i) => i.label)).toEqual(['REQ-1', 'REQ-2', 'REQ-3']);
    expect(list.items[1]).toMatchObject({
      detail: 'Occlusion alarm',
      labelDetails: { description: 'Occlusion alarm' },
      textEdit: { range: { start: pos(text, '[REQ-1', 1), end: pos(text, '[REQ-1', 6) }, newText: 'REQ-2' },
    });
    const none = await client.request<CompletionList | null>('textDocument/completion', {
      ...doc('design/tests/TST-1.md'),
      position: pos(text, 'Program', 3),
    });
    expect(none).toBeNull();
  });

  it('document links, symbols and workspace symbols', async () => {
    const links = await client.request<DocumentLink[]>(
      'textDocument/documentLink',
      doc('design/requirements/REQ-1.md'),
    );
    expect(links.map((l) => l.target)).toEqual([
      `${client.uri('design/needs/UN-1.md')}#L2,5`,
      `${client.uri('design/hazards/HAZ-1.md')}#L2,5`,
      `${client.uri('design/requirements/REQ-2.md')}#L2,5`,
    ]);
    const symbols = await client.request<DocumentSymbol[]>(
      'textDocument/documentSymbol',
      doc('design/requirements/REQ-1.md'),
    );
    expect(symbols.map((s) => [s.name, s.kind, s.children?.map((c) => c.name)])).toEqual([
      ['REQ-1', 5, ['derives_from', 'mitigates']],
    ]);
    const ws = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'occlusion' });
    expect(ws.map((s) => [s.name, s.containerName])).toEqual([['REQ-2', 'Occlusion alarm']]);
  });

  it('code lenses: coverage and downstream, with the commands the extension implements', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', doc('design/requirements/REQ-1.md'));
    expect(lenses.map((l) => l.command?.title)).toEqual(['verified by TST-1', '1 item downstream, 1 code file']);
    expect(lenses.map((l) => [l.command?.command, l.command?.arguments])).toEqual([
      ['tracespine.showLinks', ['REQ-1', ['verifies']]],
      ['tracespine.showImpact', ['REQ-1']],
    ]);
    const hazard = await client.request<CodeLens[]>('textDocument/codeLens', doc('design/hazards/HAZ-2.md'));
    expect(hazard.map((l) => l.command?.title)).toEqual(['not mitigated — add a requirement', 'no items downstream']);
    expect(hazard[0]?.command).toMatchObject({
      command: 'tracespine.addCoverage',
      arguments: ['HAZ-2', 'unmitigated'],
    });
  });

  it('quick fixes for the diagnostics in context, and "pin all links" as a source action', async () => {
    const diag = client.diags('design/tests/TST-2.md').find((d) => d.code === 'link.unknown-target')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      ...doc('design/tests/TST-2.md'),
      range: diag.range,
      context: { diagnostics: [diag] },
    });
    expect(actions.map((a) => [a.title, a.kind])).toEqual([
      ['Remove this link to REQ-404', 'quickfix'],
      ['Create requirement REQ-404 in design/requirements/REQ-404.md', 'quickfix'],
    ]);
    const create = actions[1]!.edit!.documentChanges!;
    const newUri = client.uri('design/requirements/REQ-404.md');
    expect(create[0]).toEqual({ kind: 'create', uri: newUri, options: { overwrite: false, ignoreIfExists: false } });
    expect((create[1] as TextDocumentEdit).textDocument).toEqual({ uri: newUri, version: null });
    expect((create[1] as TextDocumentEdit).edits[0]?.newText).toMatch(/^---\nid: REQ-404\ntitle: TODO title\n/);
    expect(actions[1]!.diagnostics).toEqual([diag]);

    const suspect = client.diags('design/requirements/REQ-1.md').find((d) => d.code === 'link.suspect')!;
    const fixes = await client.request<CodeAction[]>('textDocument/codeAction', {
      ...doc('design/requirements/REQ-1.md'),
      range: suspect.range,
      context: { diagnostics: [suspect], only: ['quickfix'] },
    });
    expect(fixes[0]?.title).toMatch(/^Re-affirm the link to HAZ-1: pin its current fingerprint [0-9a-f]{8}$/);
    const edit = (fixes[0]!.edit!.documentChanges![0] as TextDocumentEdit).edits[0]!;
    expect(edit.range).toEqual({
      start: pos(read(root, 'design/requirements/REQ-1.md'), '00000000'),
      end: pos(read(root, 'design/requirements/REQ-1.md'), '00000000', 8),
    });

    const source = await client.request<CodeAction[]>('textDocument/codeAction', {
      ...doc('design/requirements/REQ-2.md'),
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source'] },
    });
    expect(source.map((a) => [a.title, a.kind])).toEqual([
      ["Pin all links of REQ-2 to their targets' current fingerprints", 'source.tracespine.pinAllLinks'],
    ]);
  });

  it('tracespine.addCoverage can be done by the client: a codeAction request with a synthetic coverage diagnostic', async () => {
    const text = read(root, 'design/hazards/HAZ-2.md');
    const range = { start: pos(text, 'HAZ-2'), end: pos(text, 'HAZ-2', 5) };
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      ...doc('design/hazards/HAZ-2.md'),
      range,
      context: {
        diagnostics: [{ range, message: '', code: 'coverage.unmitigated', data: { itemId: 'HAZ-2' } }],
        only: ['quickfix'],
      },
    });
    // REQ-999 is only mentioned (docs/overview.md), far above REQ-3: numbering goes on after the highest defined.
    expect(actions.map((a) => a.title)).toEqual(['Create requirement REQ-4 that mitigates HAZ-2']);
    const insert = actions[0]!.edit!.documentChanges![1] as TextDocumentEdit;
    expect(insert.edits[0]!.newText).toContain('mitigates: [HAZ-2]');
  });

  it('rename: text edits first, then the file rename; refusals are errors with the reason', async () => {
    const text = read(root, 'design/tests/TST-1.md');
    const prep = await client.request<{ range: unknown; placeholder: string }>('textDocument/prepareRename', {
      ...doc('design/tests/TST-1.md'),
      position: pos(text, 'REQ-1', 1),
    });
    expect(prep.placeholder).toBe('REQ-1');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      ...doc('design/tests/TST-1.md'),
      position: pos(text, 'REQ-1', 1),
      newName: 'REQ-10',
    });
    const ops = edit.documentChanges!.map((c) =>
      'kind' in c
        ? `${c.kind} ${JSON.stringify(c)}`
        : `edit ${c.textDocument.uri.slice(client.uri('').length + 1)} ${c.edits.length}`,
    );
    expect(ops.slice(0, 4)).toEqual([
      'edit design/requirements/REQ-1.md 1',
      'edit design/tests/TST-1.md 2',
      'edit docs/overview.md 1',
      'edit src/pump.c 1',
    ]);
    expect(edit.documentChanges![4]).toEqual({
      kind: 'rename',
      oldUri: client.uri('design/requirements/REQ-1.md'),
      newUri: client.uri('design/requirements/REQ-10.md'),
      options: { overwrite: false, ignoreIfExists: false },
    });
    expect(edit.documentChanges).toHaveLength(5);
    await expect(
      client.request('textDocument/prepareRename', {
        ...doc('design/tests/TST-1.md'),
        position: pos(text, 'Program', 2),
      }),
    ).rejects.toThrow('No trace ID here to rename');
    await expect(
      client.request('textDocument/rename', {
        ...doc('design/tests/TST-1.md'),
        position: pos(text, 'REQ-1', 1),
        newName: 'REQ-2',
      }),
    ).rejects.toThrow('REQ-2 is already defined in design/requirements/REQ-2.md');
  });

  it('tracespine/items and tracespine/summary', async () => {
    const { summary, items } = await client.request<ItemsResult>('tracespine/items');
    expect(summary).toEqual(await client.request<WorkspaceSummary>('tracespine/summary'));
    expect(summary).toMatchObject({ ready: true, configInvalid: false, items: 10, errors: 4, warnings: 5, infos: 0 });
    expect(summary.kinds).toEqual([
      { kind: 'need', label: 'User need', count: 2 },
      { kind: 'requirement', label: 'Requirement', count: 3 },
      { kind: 'hazard', label: 'Hazard', count: 2 },
      { kind: 'test', label: 'Verification test', count: 2 },
      { kind: 'validation', label: 'Validation', count: 1 },
    ]);
    expect(summary.coverage).toEqual({
      unverified: { covered: 2, total: 3 },
      unmitigated: { covered: 1, total: 2 },
      unrefined: { covered: 1, total: 2 },
      unvalidated: { covered: 1, total: 2 },
    });
    expect(items.map((i) => i.id)).toEqual([
      'UN-1',
      'UN-2',
      'REQ-1',
      'REQ-2',
      'REQ-3',
      'HAZ-1',
      'HAZ-2',
      'TST-1',
      'TST-2',
      'VAL-1',
    ]);
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(byId.get('REQ-1')).toEqual({
      id: 'REQ-1',
      kind: 'requirement',
      kindLabel: 'Requirement',
      title: 'Maximum infusion rate',
      status: 'approved',
      file: 'design/requirements/REQ-1.md',
      line: 1,
      uncovered: [],
      suspect: true,
      errors: 0,
      warnings: 2,
      messages: expect.any(Array) as unknown,
    });
    // the tooltip's messages: each finding of its file, in position order
    const messages = byId.get('REQ-1')!.messages!;
    expect(messages.map((m) => m.severity)).toEqual(['warning', 'warning']);
    expect(messages.map((m) => m.code)).toContain('link.suspect');
    expect(messages.map((m) => m.line)).toEqual([...messages.map((m) => m.line)].sort((a, b) => a - b));
    expect(byId.get('UN-2')).toMatchObject({
      file: 'design/Über needs/UN-2.md',
      uncovered: ['unrefined', 'unvalidated'],
      warnings: 2,
    });
    expect(byId.get('HAZ-2')).toMatchObject({ uncovered: ['unmitigated'], errors: 1, suspect: false });
  });

  // What traces to REQ-1 at any depth; UN-1's other requirements (REQ-2, REQ-3) and validation VAL-1 do not.
  const ALL_FROM_REQ1 = ['REQ-1:focus', 'HAZ-1:upstream', 'TST-1:downstream', 'UN-1:upstream'];
  it('tracespine/graph: the neighbourhood of an item, null for an unknown ID', async () => {
    const g = await client.request<GraphData>('tracespine/graph', { id: 'REQ-1', depth: 1 });
    expect(isGraphData(g)).toBe(true);
    expect(g.nodes.map((n) => [n.id, n.depth])).toEqual([
      ['REQ-1', 0],
      ['HAZ-1', 1],
      ['TST-1', 1],
      ['UN-1', 1],
    ]);
    expect(g.edges).toEqual([
      { from: 'REQ-1', to: 'UN-1', type: 'derives_from', trace: true },
      { from: 'REQ-1', to: 'HAZ-1', type: 'mitigates', suspect: true, trace: true },
      { from: 'TST-1', to: 'REQ-1', type: 'verifies', trace: true },
    ]);
    expect(g.nodes[0]).toMatchObject({ suspect: true, warnings: 2, kindLabel: 'Requirement', line: 1 });
    expect(g.kinds.map((k) => [k.kind, k.rank])).toEqual([
      ['need', 0],
      ['requirement', 1],
      ['hazard', 1],
      ['test', 2],
      ['validation', 1],
      ['deviation', 0],
      ['anomaly', 3],
    ]);
    const all = await client.request<GraphData>('tracespine/graph', { id: 'REQ-1', depth: 'all' });
    expect(all.nodes.map((n) => `${n.id}:${n.trace}`)).toEqual(ALL_FROM_REQ1);
    const up = await client.request<GraphData>('tracespine/graph', { id: 'REQ-1', depth: 'all', direction: 'up' });
    expect(up.nodes.map((n) => `${n.id}:${n.trace}`)).toEqual(['REQ-1:focus', 'HAZ-1:upstream', 'UN-1:upstream']);
    await expect(client.request('tracespine/graph', { id: 'REQ-1', depth: 1, direction: 'sideways' })).rejects.toThrow(
      /direction/,
    );
    const impact = await client.request<{ data: GraphData; code: string[] }>('tracespine/itemImpact', { id: 'REQ-1' });
    expect(isGraphData(impact.data)).toBe(true);
    expect(impact.data.nodes.find((n) => n.id === 'REQ-1')).toMatchObject({ change: 'modified' });
    expect(impact.data.nodes.find((n) => n.id === 'TST-1')).toMatchObject({ impacted: true, depth: 1 });
    expect(await client.request('tracespine/itemImpact', { id: 'REQ-999' })).toBeNull();
    expect(await client.request('tracespine/graph', { id: 'REQ-999', depth: 2 })).toBeNull();
    await expect(client.request('tracespine/graph', { id: 'REQ-1', depth: 7 })).rejects.toThrow(/depth/);
  });

  it('tracespine/itemAt, newItem and kinds', async () => {
    const at = await client.request<ItemState | null>('tracespine/itemAt', {
      uri: client.uri('design/hazards/HAZ-2.md'),
    });
    expect(at).toMatchObject({ id: 'HAZ-2', kind: 'hazard', uncovered: ['unmitigated'], errors: 1 });
    expect(await client.request('tracespine/itemAt', { uri: client.uri('docs/overview.md') })).toBeNull();
    const created = await client.request<NewItemResult>('tracespine/newItem', { kind: 'test', title: 'Alarm volume' });
    expect(created.id).toBe('TST-3');
    expect(created.file).toBe('design/tests/TST-3.md');
    expect(created.text).toBe(
      '---\nid: TST-3\ntitle: Alarm volume\nstatus: draft\nverifies: [] # requirement IDs\n---\n\nTODO: describe this verification test.\n',
    );
    await expect(client.request('tracespine/newItem', { kind: 'widget' })).rejects.toThrow(
      "'widget' is not a configured kind",
    );
    const kinds = await client.request<KindsResult>('tracespine/kinds');
    expect(kinds.kinds[0]).toEqual({ kind: 'need', label: 'User need', prefix: 'UN', next: 'UN-3' });
    expect(kinds.kinds).toHaveLength(7);
  });

  it('tracespine/initTemplate offers only files that do not exist, numbered after the existing items', async () => {
    const t = await client.request<InitTemplateResult>('tracespine/initTemplate');
    expect(t.files.map((f) => f.file)).toEqual([
      'tracespine.yaml',
      'design/needs/UN-3.md',
      'design/requirements/REQ-4.md', // REQ-999 is only mentioned (docs/overview.md): not a defined item's number
      'design/hazards/HAZ-3.md',
      'design/tests/TST-3.md',
      'design/validations/VAL-2.md',
    ]);
    expect(t.files[0]!.text).toContain('# Tracespine configuration');
    expect(t.files[2]!.text).toContain('derives_from: [UN-3]\nmitigates: [HAZ-3]');
    expect(t.files[4]!.text).toContain('verifies: [REQ-4]');
  });

  it('writes nothing but JSON-RPC to stdout', () => {
    const messages = client.stdoutMessages();
    expect(messages.length).toBeGreaterThan(20);
  });
});

describe('language server: keeping current', () => {
  let root: string;
  let client: TestClient;

  beforeAll(async () => {
    root = copyFixture('server-ws');
    client = await TestClient.start(root);
    await client.initialize();
    await client.waitReady();
  });

  afterAll(async () => {
    await client.stop();
    removeDir(root);
  });

  /** Waits until the published diagnostics are those of `tracespine check` (messages of one batch arrive one by one). */
  async function sameAsCheck(): Promise<void> {
    const expected = await checkByFile(root);
    const same = (): boolean =>
      client.filesWithDiagnostics().join() === [...expected.keys()].sort().join() &&
      [...expected].every(([f, lines]) => lspLines(client.diags(f)).join('\n') === lines.join('\n'));
    await client.waitFor(same, 5000, 'the findings of check').catch(() => undefined);
    expect(client.filesWithDiagnostics()).toEqual([...expected.keys()].sort());
    for (const [f, lines] of expected) expect(lspLines(client.diags(f)), f).toEqual(lines);
  }

  it('an edit that fixes a dangling ID clears its diagnostic, and coverage elsewhere follows; only changed files are published', async () => {
    const file = 'design/tests/TST-2.md';
    const text = read(root, file);
    await client.open(file, text);
    expect(client.diags(file).map((d) => d.code)).toEqual(['link.unknown-target']);
    expect(client.diags('design/requirements/REQ-3-copy.md').map((d) => d.code)).toEqual([
      'coverage.unverified',
      'item.duplicate-id',
    ]);
    const before = client.published.length;
    const at = pos(text, 'REQ-404');
    const version = await client.change(
      file,
      { start: at, end: { line: at.line, character: at.character + 7 } },
      'REQ-3',
    );
    await client.waitFor(() => client.diags(file).length === 0, 5000, 'TST-2 fixed');
    await client.waitFor(() => client.diags('design/requirements/REQ-3-copy.md').length === 1, 5000, 'REQ-3 covered');
    await new Promise((r) => setTimeout(r, 100)); // anything else published would have arrived
    expect(client.diags('design/requirements/REQ-3-copy.md').map((d) => d.code)).toEqual(['item.duplicate-id']);
    const after = client.published.slice(before);
    expect(after.map((p) => p.uri).sort()).toEqual(
      [client.uri('design/requirements/REQ-3-copy.md'), client.uri(file)].sort(),
    );
    expect(after.find((p) => p.uri === client.uri(file))).toEqual({ uri: client.uri(file), diagnostics: [], version });
    const changed = await client.waitFor(
      () => client.indexChanged.at(-1)?.summary.errors === 3 && client.indexChanged.at(-1),
      5000,
      'indexChanged',
    );
    expect(changed.summary).toMatchObject({ warnings: 4, coverage: { unverified: { covered: 3, total: 3 } } });
    // It names the files whose items may have changed: the edited one and the newly covered one.
    expect(changed.files).toEqual(['design/requirements/REQ-3-copy.md', file]);
    // Those items alone can be fetched again.
    const delta = await client.request<{ items: { id: string; file: string; uncovered: string[] }[] }>(
      'tracespine/items',
      { files: changed.files },
    );
    // REQ-3 (its resolved definition, now verified) and TST-2.
    expect(delta.items.map((i) => [i.id, i.file, i.uncovered])).toEqual([
      ['REQ-3', 'design/requirements/REQ-3-copy.md', []],
      ['TST-2', file, []],
    ]);
    // Lenses elsewhere ("not verified" on REQ-3) are out of date: the client is asked to refresh them.
    await client.waitFor(() => client.codeLensRefreshes >= 2, 5000, 'workspace/codeLens/refresh');
  });

  it('closing the document reverts to the disk content', async () => {
    const file = 'design/tests/TST-2.md';
    await client.close(file);
    await client.waitFor(() => client.diags(file).length === 1, 5000, 'TST-2 reverted');
    await sameAsCheck();
  });

  it('a deleted requirement file (watched-files notification) flags every link to it', async () => {
    unlinkSync(join(root, 'design/requirements/REQ-1.md'));
    await client.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: client.uri('design/requirements/REQ-1.md'), type: 3 }],
    });
    await client.waitFor(() => client.diags('src/pump.c').length > 0, 5000, 'pump.c flagged');
    expect(lspLines(client.diags('src/pump.c'))).toEqual([
      'link.unknown-target error 5:16-5:21 @implements REQ-1: no item defines REQ-1',
    ]);
    await client.waitFor(() => client.diags('design/tests/TST-1.md').length === 2, 5000, 'TST-1 flagged');
    expect(client.diags('design/tests/TST-1.md').map((d) => d.code)).toEqual(['link.unknown-target', 'ref.unknown-id']);
    await client.waitFor(() => client.diags('design/hazards/HAZ-1.md').length === 1, 5000, 'HAZ-1 unmitigated');
    expect(client.diags('design/hazards/HAZ-1.md').map((d) => d.code)).toEqual(['coverage.unmitigated']);
    expect(client.diags('design/requirements/REQ-1.md')).toEqual([]);
    await sameAsCheck();
  });

  it('a directory moved in, and deleted again', async () => {
    mkdirSync(join(root, 'more'));
    writeFileSync(
      join(root, 'more/REQ-1.md'),
      '---\nid: REQ-1\ntitle: Back again\nderives_from: [UN-1]\nmitigates: [HAZ-1]\n---\nBack.\n',
    );
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('more'), type: 1 }] });
    await client.waitFor(() => client.diags('src/pump.c').length === 0, 5000, 'pump.c resolved by a new directory');
    await sameAsCheck();
    rmSync(join(root, 'more'), { recursive: true });
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('more'), type: 3 }] });
    await client.waitFor(
      () => client.diags('src/pump.c').length === 1,
      5000,
      'pump.c dangling again after the directory went',
    );
    await sameAsCheck();
  });

  it('a burst of watched-file events (git checkout) is applied as one batch', async () => {
    const files = ['design/tests/TST-5.md', 'design/tests/TST-6.md', 'design/tests/TST-7.md'];
    files.forEach((f, i) =>
      writeFileSync(
        join(root, f),
        `---\nid: TST-${i + 5}\ntitle: Burst ${i}\nmethod: test\nverifies: [REQ-3]\n---\nBurst.\n`,
      ),
    );
    const before = client.indexChanged.length;
    // Sent back to back, as a checkout's events come (awaiting each let a loaded machine space
    // them beyond the server's debounce, which is not the case under test).
    await Promise.all(
      files.map((f) =>
        client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(f), type: 1 }] }),
      ),
    );
    await client.waitFor(
      () => client.indexChanged.length > before && client.indexChanged.at(-1)!.summary.items === 12,
      5000,
      'three new tests',
    );
    // One batch: no state with only some of the three (a late notification of the previous
    // test's change, with the old count, may still arrive after `before`).
    const counts = client.indexChanged.slice(before).map((e) => e.summary.items);
    expect(counts.filter((n) => n !== 9)).toEqual([12]);
    await sameAsCheck();
  });

  it('a change of tracespine.yaml re-reads everything with the new policy; an invalid one leaves only config.invalid', async () => {
    writeFileSync(join(root, 'tracespine.yaml'), 'rules:\n  link.unknown-target: warning\n  bogus.rule: off\n');
    await client.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: client.uri('tracespine.yaml'), type: 1 }],
    });
    await client.waitFor(
      () => client.filesWithDiagnostics().join() === 'tracespine.yaml',
      10_000,
      'only tracespine.yaml',
    );
    await sameAsCheck();
    expect((await client.request<WorkspaceSummary>('tracespine/summary')).configInvalid).toBe(true);
    writeFileSync(join(root, 'tracespine.yaml'), 'rules:\n  link.unknown-target: warning\n');
    await client.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: client.uri('tracespine.yaml'), type: 2 }],
    });
    await client.waitFor(() => client.diags('src/pump.c')[0]?.severity === 2, 10_000, 'new policy applied');
    await sameAsCheck();
  });

  it('an open tracespine.yaml shows the config.invalid findings of its unsaved text; closing it returns to the disk’s', async () => {
    await client.open('tracespine.yaml', 'rules:\n  link.unknown-target: sometimes\n', 'yaml');
    await client.waitFor(() => client.diags('tracespine.yaml').length === 1, 5000, 'config.invalid while typing');
    expect(client.diags('tracespine.yaml')[0]).toMatchObject({
      code: 'config.invalid',
      range: { start: { line: 1, character: 23 } },
    });
    // The policy on disk still applies everywhere else.
    expect(client.diags('src/pump.c')[0]?.severity).toBe(2);
    await client.close('tracespine.yaml');
    await client.waitFor(() => client.diags('tracespine.yaml').length === 0, 5000, 'back to the disk');
    await sameAsCheck();
  });

  it('tracespine/recheck reads the workspace again', async () => {
    const summary = await client.request<WorkspaceSummary>('tracespine/recheck');
    expect(summary).toMatchObject({ ready: true, configInvalid: false, items: 12 });
    await sameAsCheck();
    expect(client.stdoutMessages().length).toBeGreaterThan(0);
  });
});

describe('language server: the same findings as tracespine check on every fixture', () => {
  /** Starts a server on `root` and holds its diagnostics to those of `tracespine check`; returns how many files have findings. */
  async function expectSameAsCheck(root: string): Promise<number> {
    const client = await TestClient.start(root);
    try {
      await client.initialize();
      await client.waitReady();
      const expected = await checkByFile(root);
      expect(client.filesWithDiagnostics()).toEqual([...expected.keys()].sort());
      for (const [file, lines] of expected) expect(lspLines(client.diags(file)), file).toEqual(lines);
      return expected.size;
    } finally {
      await client.stop();
    }
  }

  for (const fixture of ['test/fixtures/workspace', 'test/fixtures/golden/ws', 'examples/infusion-pump']) {
    it(fixture, async () => {
      const root = copyFixture(fixture);
      try {
        expect(await expectSameAsCheck(root)).toBeGreaterThan(0);
      } finally {
        removeDir(root);
      }
    });
  }

  it('a workspace large enough to be read on a second thread (2,500 files)', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'tracespine-large-')));
    try {
      mkdirSync(join(root, 'design'));
      writeFileSync(join(root, 'design', 'UN-1.md'), '---\nid: UN-1\ntitle: Need\n---\n');
      for (let i = 1; i <= 2500; i++) {
        const links = i % 250 === 0 ? '[UN-1, UN-404]' : '[UN-1]';
        writeFileSync(
          join(root, 'design', `REQ-${i}.md`),
          `---\nid: REQ-${i}\ntitle: Requirement ${i}\nderives_from: ${links}\n---\nSee REQ-${i + 1}.\n`,
        );
      }
      expect(await expectSameAsCheck(root)).toBe(2501);
    } finally {
      removeDir(root);
    }
  }, 60_000);
});

describe('language server: invalid configuration at start, and `tracespine lsp --stdio`', () => {
  it('publishes only the config.invalid diagnostics, as the CLI reports them', async () => {
    const root = copyFixture('server-ws');
    writeFileSync(join(root, 'tracespine.yaml'), 'kinds:\n  requirement: { name: Requirement }\nfoo: 1\n');
    const client = await TestClient.start(root);
    try {
      await client.initialize();
      const ready = await client.waitReady();
      expect(ready.summary).toMatchObject({ configInvalid: true, items: 0 });
      const expected = await checkByFile(root);
      expect(client.filesWithDiagnostics()).toEqual(['tracespine.yaml']);
      expect(lspLines(client.diags('tracespine.yaml'))).toEqual(expected.get('tracespine.yaml'));
      expect(expected.size).toBe(1);
    } finally {
      await client.stop();
      removeDir(root);
    }
  });

  it('tracespine lsp --stdio runs the same server and writes only JSON-RPC to stdout', async () => {
    const root = copyFixture('server-ws');
    const client = await TestClient.start(root, { viaCli: true });
    try {
      const init = await client.initialize();
      expect(init.serverInfo?.name).toBe('tracespine');
      await client.waitReady();
      expect(client.diags('design/tests/TST-2.md').map((d) => d.code)).toEqual(['link.unknown-target']);
    } finally {
      expect(await client.stop()).toBe(0);
      removeDir(root);
    }
    expect(client.stdoutMessages().length).toBeGreaterThan(3);
    expect(client.stderr).toBe('');
  });

  it('a client that refuses window/workDoneProgress/create still gets the index', async () => {
    const root = copyFixture('server-ws');
    const client = await TestClient.start(root, { refuseProgress: true });
    try {
      await client.initialize();
      await client.waitReady();
      expect(client.progress).toEqual([]);
      expect(client.filesWithDiagnostics()).toHaveLength(6);
    } finally {
      expect(await client.stop()).toBe(0);
      removeDir(root);
    }
  });

  it('a client without documentChanges or dynamic registration gets plain `changes` and no watcher registration', async () => {
    const root = copyFixture('server-ws');
    const client = await TestClient.start(root);
    try {
      await client.initialize({
        workspace: { didChangeWatchedFiles: { dynamicRegistration: false }, workspaceEdit: { documentChanges: false } },
        window: { workDoneProgress: false },
      });
      await client.waitReady();
      expect(client.registrations).toEqual([]);
      expect(client.progress).toEqual([]);
      const text = read(root, 'design/tests/TST-1.md');
      const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
        textDocument: { uri: client.uri('design/tests/TST-1.md') },
        position: pos(text, 'REQ-1'),
        newName: 'REQ-7',
      });
      expect(edit.documentChanges).toBeUndefined();
      expect(Object.keys(edit.changes!).sort()).toEqual(
        ['design/requirements/REQ-1.md', 'design/tests/TST-1.md', 'docs/overview.md', 'src/pump.c']
          .map((f) => client.uri(f))
          .sort(),
      );
    } finally {
      await client.stop();
      removeDir(root);
    }
  });
});
