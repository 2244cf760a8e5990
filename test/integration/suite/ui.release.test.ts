/// <reference types="mocha" />
// The matrix and release packet from the editor (SPEC 10, src/extension/releaseCommands.ts):
// the exported matrix is byte for byte what `tracespine matrix` writes on the same workspace,
// evidence column included; the packet built from the editor verifies with `release verify`.
// The fixture is made a git repository only inside the packet test and given back without it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { MatrixResult } from '../../../src/shared/releaseProtocol';
import {
  closeAll,
  EXTENSION_ID,
  remove,
  restoreFixture,
  root,
  waitFor,
  waitForState,
  writeText,
} from './workspace.test';

interface MatrixState {
  view: string;
  renders: number;
  table: MatrixResult | undefined;
}

const matrixState = (): Thenable<MatrixState | undefined> =>
  vscode.commands.executeCommand<MatrixState | undefined>('tracespine.internal.matrixState');

function cli(...args: string[]): { stdout: string; status: number | null; stderr: string } {
  const bin = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'bin', 'tracespine.js');
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root().fsPath, encoding: 'utf8' });
  return { stdout: r.stdout, status: r.status, stderr: r.stderr };
}

const CONFIG = 'version: 1\nevidence:\n  results: ["results/*.xml"]\n';
const JUNIT =
  '<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="pump" tests="1" failures="1">\n' +
  '  <testcase classname="pump" name="TST-1 rate limit"><failure message="accepted 1000 mL/h"/></testcase>\n' +
  '</testsuite>\n';

describe('matrix and release packet from the editor', () => {
  let scratch: string;
  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'tracespine-release-e2e-'));
  });
  after(async function () {
    this.timeout(60_000);
    rmSync(join(root().fsPath, '.git'), { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
    await closeAll();
    await restoreFixture(['tracespine.yaml', 'results/junit.xml']);
  });

  it('Show Traceability Matrix renders the live matrix and switches views on the page message', async () => {
    await vscode.commands.executeCommand('tracespine.showMatrix');
    const s = await waitFor(async () => {
      const x = await matrixState();
      return x?.table ? x : undefined;
    }, 'the matrix panel rendered');
    assert.equal(s.view, 'links');
    assert.ok(
      s.table!.rows.some((r) => r.includes('REQ-1') && r.includes('TST-1')),
      JSON.stringify(s.table!.rows),
    );
    assert.equal(
      await vscode.commands.executeCommand('tracespine.internal.matrixMessage', { type: 'view', view: 'hazards' }),
      true,
    );
    const h = (await matrixState())!;
    assert.equal(h.view, 'hazards');
    assert.equal(h.renders, s.renders + 1);
    assert.deepEqual(
      h.table!.rows.map((r) => r[0]),
      ['HAZ-1', 'HAZ-2'],
    );
    // anything else from the page is ignored
    assert.equal(
      await vscode.commands.executeCommand('tracespine.internal.matrixMessage', { type: 'view', view: 'x' }),
      false,
    );
    assert.equal((await matrixState())!.view, 'hazards');
  });

  it('Export Traceability Matrix writes what the CLI writes, evidence included, and never overwrites', async () => {
    await writeText('results/junit.xml', JUNIT);
    await writeText('tracespine.yaml', CONFIG);
    await waitForState(
      (st) => st.items.some((i) => i.id === 'TST-1') && !st.summary.configInvalid,
      'the workspace with evidence',
    );
    const out = join(scratch, 'traceability-requirements.csv');
    // the server applies the results file within a second or so; wait until the export shows it
    const written = await waitFor(
      async () => {
        rmSync(out, { force: true });
        const w = await vscode.commands.executeCommand<string | undefined>('tracespine.exportMatrix', {
          format: 'csv',
          view: 'requirements',
          out,
        });
        return w && /\bfailed\b/.test(readFileSync(out, 'utf8')) ? w : undefined;
      },
      () => `an exported matrix with REQ-1 failed; last: ${existsSync(out) ? readFileSync(out, 'utf8') : '(none)'}`,
    );
    assert.equal(written, out);
    const expected = cli('matrix', '.', '--view', 'requirements', '--format', 'csv');
    assert.equal(expected.status, 0, expected.stderr);
    assert.equal(readFileSync(out, 'utf8'), expected.stdout);
    // a second export to the same file writes nothing and leaves the file as it was
    const before = readFileSync(out, 'utf8');
    const again = await vscode.commands.executeCommand<string | undefined>('tracespine.exportMatrix', {
      format: 'csv',
      view: 'requirements',
      out,
    });
    assert.equal(again, undefined);
    assert.equal(readFileSync(out, 'utf8'), before);
    await remove('tracespine.yaml');
    await remove('results/junit.xml');
  });

  it('Build Release Packet builds the packet of a tag, and `release verify` accepts it', async function () {
    this.timeout(120_000);
    const cwd = root().fsPath;
    // A private index, so that VS Code's git extension (which sees the new repository and runs
    // `git status`) never holds the lock our commands need; a failed call is retried once.
    const env = {
      ...process.env,
      GIT_INDEX_FILE: join(scratch, 'git-index'),
      GIT_AUTHOR_NAME: 'E2E',
      GIT_AUTHOR_EMAIL: 'e2e@example.com',
      GIT_COMMITTER_NAME: 'E2E',
      GIT_COMMITTER_EMAIL: 'e2e@example.com',
    };
    const g = (...a: string[]): string => {
      const once = (): ReturnType<typeof spawnSync> => spawnSync('git', a, { cwd, encoding: 'utf8', env });
      let r = once();
      if (r.status !== 0) r = once();
      assert.equal(r.status, 0, `git ${a.join(' ')}: ${String(r.stderr)}`);
      return String(r.stdout);
    };
    g('init', '-q', '-b', 'main');
    g('add', '-A');
    g('commit', '-q', '-m', 'fixture');
    g('tag', 'v1.0');
    // the repository's own index as the commit left it (the packet refuses a dirty tree)
    copyFileSync(join(scratch, 'git-index'), join(cwd, '.git', 'index'));
    const out = join(scratch, 'packet-v1.0');
    const result = await vscode.commands.executeCommand<
      { exitCode: number; message: string; record?: string } | undefined
    >('tracespine.buildReleasePacket', { ref: 'v1.0', previous: null, out, open: false });
    assert.ok(result, 'a result');
    // the fixture has errors (REQ-404, an unmitigated hazard), so the gate fails: exit 1, a packet all the same
    assert.equal(result.exitCode, 1, result.message);
    assert.equal(result.record, join(out, 'index.html'));
    const manifest = JSON.parse(readFileSync(join(out, 'MANIFEST.json'), 'utf8')) as { commit?: string };
    assert.equal(manifest.commit, g('rev-parse', 'HEAD').trim());
    const verify = cli('release', 'verify', out);
    assert.equal(verify.status, 0, `${verify.stdout}${verify.stderr}`);
    // the same folder again: refused, nothing written over
    const again = await vscode.commands.executeCommand<{ exitCode: number; message: string } | undefined>(
      'tracespine.buildReleasePacket',
      { ref: 'v1.0', previous: null, out, open: false },
    );
    assert.equal(again?.exitCode, 2, again?.message);
    assert.equal(cli('release', 'verify', out).status, 0);
  });
});
