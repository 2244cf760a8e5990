/// <reference types="mocha" />
// Approvals and deviations in the editor (SPEC section 9): "Approve Item…" writes a record and
// the item's lens says who approved it; an edit makes the lens say the approval is stale; a
// deviation in force shows the finding it waives as waived, in Problems and in the hover.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { codeOf, originalText, readText, restoreFixture, uri, waitFor, writeText } from './workspace.test';

async function lensList(rel: string): Promise<vscode.CodeLens[]> {
  await vscode.workspace.openTextDocument(uri(rel)); // the provider commands need the document loaded
  return (
    (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri(rel), 100)) ?? []
  );
}

async function lensTitles(rel: string): Promise<string[]> {
  return (await lensList(rel)).map((l) => l.command?.title ?? '');
}

const DEV = `---
id: DEV-9
title: REQ-2 verified on the bench for now
status: approved
waives:
  - code: coverage.unverified
    items: [REQ-2]
justification: Bench test BT-7 covers it until the automated test lands.
owner: QA Lead
expires: 2099-12-31
---
`;

describe('approvals and deviations', () => {
  before(() => {
    // The signer comes from git (user.name, user.email): the run's private XDG config dir.
    const xdg = process.env.XDG_CONFIG_HOME;
    if (xdg) {
      mkdirSync(join(xdg, 'git'), { recursive: true });
      writeFileSync(join(xdg, 'git', 'config'), '[user]\n\tname = Alice Example\n\temail = alice@example.com\n');
    }
  });

  after(async function () {
    this.timeout(60_000);
    await restoreFixture(['.tracespine', 'design/DEV-9.md']);
  });

  it('"Approve Item…" writes a record and the lens changes: approved, then stale after an edit', async function () {
    this.timeout(60_000);
    assert.deepEqual(
      (await lensTitles('design/REQ-2.md')).filter((t) => t.includes('approv')),
      [],
      'no approval lens before',
    );
    const file = await vscode.commands.executeCommand<string | undefined>('tracespine.approveItem', {
      id: 'REQ-2',
      meaning: 'approved',
      sign: false,
      confirmed: true,
    });
    assert.ok(file?.startsWith('.tracespine/approvals/REQ-2-'), `record written: ${String(file)}`);
    const record = await readText(file!);
    const name = /name: "([^"]+)"/.exec(record)![1]!;
    const fingerprint = /fingerprint: "([0-9a-f]{8})"/.exec(record)![1]!;
    assert.match(record, /^item: "REQ-2"$/m);
    await waitFor(
      async () => (await lensTitles('design/REQ-2.md')).find((t) => t.startsWith(`approved by ${name} on `)),
      'the approved lens',
    );
    const approved = (await lensTitles('design/REQ-2.md')).find((t) => t.startsWith('approved by'))!;
    assert.match(approved, new RegExp(`^approved by ${name} on \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC · approved$`));

    // The requirement changes: its approval no longer covers the text.
    await writeText('design/REQ-2.md', originalText('design/REQ-2.md').replace('within 30 s', 'within 20 s'));
    const stale = await waitFor(
      async () => (await lensTitles('design/REQ-2.md')).find((t) => t.startsWith('approval stale')),
      'the stale lens',
    );
    assert.match(stale, new RegExp(`^approval stale — changed since ${name} approved on \\d{4}-\\d{2}-\\d{2}`));
    const lens = (await lensList('design/REQ-2.md')).find((l) => l.command?.title.startsWith('approval stale'))!;
    assert.equal(lens.command!.command, 'tracespine.showApprovalDiff');
    // commit: the record's commit where the workspace is a git repository (earlier suites may make it one)
    const [arg] = lens.command!.arguments as [{ id: string; fingerprint: string; commit: string | null }];
    assert.deepEqual({ ...arg, commit: null }, { id: 'REQ-2', fingerprint, commit: null });
    assert.ok(arg.commit === null || /^[0-9a-f]{40}$/.test(arg.commit), String(arg.commit));
    await writeText('design/REQ-2.md', originalText('design/REQ-2.md'));
  });

  it('a deviation in force shows the finding it waives as waived (information), with owner and expiry', async function () {
    this.timeout(60_000);
    await waitFor(
      () =>
        vscode.languages
          .getDiagnostics(uri('design/REQ-2.md'))
          .find((d) => codeOf(d) === 'coverage.unverified' && d.severity === vscode.DiagnosticSeverity.Warning),
      'coverage.unverified on REQ-2 as a warning',
    );
    await writeText('design/DEV-9.md', DEV);
    const waived = await waitFor(
      () =>
        vscode.languages
          .getDiagnostics(uri('design/REQ-2.md'))
          .find((d) => codeOf(d) === 'coverage.unverified' && d.severity === vscode.DiagnosticSeverity.Information),
      'coverage.unverified on REQ-2 waived',
    );
    assert.match(waived.message, / — waived by DEV-9 until 2099-12-31 \(owner QA Lead\)$/);
    assert.equal(waived.relatedInformation?.[0]?.location.uri.toString(), uri('design/DEV-9.md').toString());
    await vscode.workspace.openTextDocument(uri('design/REQ-2.md'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri('design/REQ-2.md'),
      new vscode.Position(1, 5),
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.match(text, /`coverage\.unverified` waived by DEV-9 until 2099-12-31 \(owner QA Lead\)/);
  });
});
