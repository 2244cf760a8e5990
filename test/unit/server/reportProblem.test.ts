/**
 * The language server's "Report a problem…" (SPEC 12) and the dashboard's evidence section,
 * over LSP: the lens on a failing test, the quick fix at its evidence.failed (a file creation
 * that never overwrites), tracespine/reportProblem for the editor's command, and
 * tracespine/dashboard listing the failing items.
 */
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeAction, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardResult, ReportProblemResult } from '../../../src/shared/lspProtocol';
import { buildServer, removeBuild, removeDir, TestClient } from './lspClient';

const JUNIT =
  '<testsuite name="pump"><testcase classname="pump" name="TST-1 rejects 1000 mL/h"><failure message="accepted 1000"/></testcase></testsuite>\n';

beforeAll(async () => {
  await buildServer();
}, 120_000);
afterAll(removeBuild);

describe('language server: Report a problem… on a failing test', () => {
  let root: string;
  let client: TestClient;

  beforeAll(async () => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'ts-report-')));
    writeFileSync(join(root, 'tracespine.yaml'), 'evidence:\n  results: ["test-results/*.xml"]\n');
    mkdirSync(join(root, 'design'));
    mkdirSync(join(root, 'test-results'));
    writeFileSync(join(root, 'design/UN-1.md'), '---\nid: UN-1\ntitle: Safe dosing\n---\n');
    writeFileSync(join(root, 'design/REQ-1.md'), '---\nid: REQ-1\ntitle: Rate limit\nderives_from: [UN-1]\n---\n');
    writeFileSync(join(root, 'design/TST-1.md'), '---\nid: TST-1\ntitle: Rate test\nverifies: [REQ-1]\n---\n');
    writeFileSync(join(root, 'test-results/junit.xml'), JUNIT);
    client = await TestClient.start(root);
    await client.initialize();
    await client.waitReady();
  });

  afterAll(async () => {
    expect(await client.stop()).toBe(0);
    removeDir(root);
  });

  it('a lens on the failing test, a quick fix at its evidence.failed, the request', async () => {
    const doc = { textDocument: { uri: client.uri('design/TST-1.md') } };
    const lenses = await client.request<
      { range: unknown; command?: { title: string; command: string; arguments?: unknown[] } }[]
    >('textDocument/codeLens', doc);
    expect(lenses.filter((l) => l.command?.command === 'tracespine.reportProblem')).toEqual([
      {
        range: { start: { line: 1, character: 4 }, end: { line: 1, character: 9 } },
        command: { title: 'Report a problem…', command: 'tracespine.reportProblem', arguments: ['TST-1'] },
      },
    ]);
    const reqLenses = await client.request<{ command?: { command: string } }[]>('textDocument/codeLens', {
      textDocument: { uri: client.uri('design/REQ-1.md') },
    });
    expect(reqLenses.some((l) => l.command?.command === 'tracespine.reportProblem')).toBe(false);

    const diag = client.diags('design/TST-1.md').find((d) => d.code === 'evidence.failed')!;
    expect(diag).toBeDefined();
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      ...doc,
      range: diag.range,
      context: { diagnostics: [diag] },
    });
    const report = actions.find((a) => a.title.startsWith('Report a problem…'))!;
    expect([report.title, report.kind]).toEqual(['Report a problem… (new PR-1: design/anomalies/PR-1.md)', 'quickfix']);
    const newUri = client.uri('design/anomalies/PR-1.md');
    const changes = report.edit!.documentChanges!;
    expect(changes[0]).toEqual({ kind: 'create', uri: newUri, options: { overwrite: false, ignoreIfExists: false } });
    const text = (changes[1] as TextDocumentEdit).edits[0]!.newText;
    expect(text).toMatch(/^---\nid: PR-1\ntitle: "TST-1 fails: pump > TST-1 rejects 1000 mL\/h"\n/);
    expect(text).toContain('affects: [REQ-1]\nfound_by: [TST-1]\n');

    const r = await client.request<ReportProblemResult>('tracespine/reportProblem', { id: 'TST-1' });
    expect(r).toEqual({ id: 'PR-1', file: 'design/anomalies/PR-1.md', text, test: 'TST-1' });
    expect(await client.request<ReportProblemResult>('tracespine/reportProblem', { id: 'REQ-1' })).toBeNull();
  });

  it('the dashboard lists the failing items', async () => {
    const d = await client.request<DashboardResult>('tracespine/dashboard');
    expect(d.evidence!.failing.map((e) => `${e.id} ${e.file}:${e.line} ${e.detail}`)).toEqual([
      'REQ-1 design/REQ-1.md:1 failed: pump > TST-1 rejects 1000 mL/h',
      'TST-1 design/TST-1.md:1 failed: pump > TST-1 rejects 1000 mL/h',
    ]);
    expect(d.evidence!.stale).toEqual([]);
  });
});
