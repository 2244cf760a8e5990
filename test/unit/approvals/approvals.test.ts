import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { runApprovals, runApprove } from '../../../src/cli/approve';
import { runCheck } from '../../../src/cli/check';
import { canonicalText, formatRecord, parseRecord, recordFileName } from '../../../src/core/approvals/record';
import type { ApprovalRecord } from '../../../src/core/approvals/types';
import { cleanup } from '../impact/repo';
import { actAs, approvalWorkspace, read, records, REQ1, write } from './workspace';

afterAll(cleanup);

interface Diag {
  code: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

async function diagnostics(dir: string, code?: string): Promise<string[]> {
  const out = await runCheck(['--format', 'json'], dir);
  const report = JSON.parse(out.stdout) as { diagnostics: Diag[] };
  return report.diagnostics
    .filter((d) => (code === undefined ? d.code.startsWith('approval.') : d.code === code))
    .map((d) => `${d.file}:${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.severity} ${d.code}`);
}

/** Replaces one line of a record file (after signing: the signature no longer covers it). */
function edit(dir: string, file: string, from: RegExp, to: string): void {
  const text = read(dir, file);
  expect(text).toMatch(from);
  write(dir, file, text.replace(from, to));
}

describe('tracespine approve and approvals (real ssh-keygen keys)', () => {
  it('an item at a required status without approval: approval.missing on its status', async () => {
    const { dir } = approvalWorkspace();
    expect(await diagnostics(dir)).toEqual(['design/REQ-1.md:4:9-4:17 error approval.missing']);
    const out = await runCheck([], dir);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toContain("REQ-1 is approved but lacks approval 'approved:qa' of its current text");
  });

  it('a signed record verifies: the requirement is met, and the state shows who, when, as what', async () => {
    const { dir } = approvalWorkspace();
    const out = await runApprove(
      ['REQ-1', '--meaning', 'approved', '--sign', '--statement', 'Reviewed against ISO 14971'],
      dir,
    );
    expect(out.stderr).toBe('');
    expect(out.exitCode).toBe(0);
    const [file] = records(dir);
    expect(file).toMatch(/^\.tracespine\/approvals\/REQ-1-[0-9a-f]{8}-approved-alice-example-com-\d{8}T\d{6}Z\.yaml$/);
    expect(out.stdout).toMatch(
      /^wrote \.tracespine\/approvals\/REQ-1-.*: REQ-1 \(fingerprint [0-9a-f]{8}\) 'approved' by Alice Example <alice@example\.com> as qa, .*Z, signed\n$/,
    );
    expect(await diagnostics(dir)).toEqual([]);
    expect((await runCheck([], dir)).exitCode).toBe(0);
    const json = JSON.parse((await runApprovals(['--format', 'json'], dir)).stdout) as {
      items: {
        id: string;
        approvals: { signature: string; role: string; signer: { name: string } }[];
        missing: string[];
      }[];
    };
    expect(json.items).toHaveLength(1);
    expect(json.items[0]!.id).toBe('REQ-1');
    expect(json.items[0]!.missing).toEqual([]);
    expect(json.items[0]!.approvals.map((a) => [a.signer.name, a.role, a.signature])).toEqual([
      ['Alice Example', 'qa', 'verified'],
    ]);
    const text = (await runApprovals([], dir)).stdout;
    expect(text).toMatch(
      /^REQ-1 \(fingerprint [0-9a-f]{8}\)\n {2}Alice Example \(qa\) approved on \d{4}-\d\d-\d\d \d\d:\d\d UTC \[verified\] \.tracespine\/approvals\/REQ-1-/,
    );
  });

  for (const [what, from, to] of [
    ['meaning', /^meaning: "approved"$/m, 'meaning: "reviewed"'],
    ['fingerprint', /^fingerprint: "[0-9a-f]{8}"$/m, 'fingerprint: "00000000"'],
    ['signer', /^ {2}name: "Alice Example"$/m, '  name: "Mallory Example"'],
  ] as const) {
    it(`a record whose ${what} is edited after signing fails: approval.invalid on its signature`, async () => {
      const { dir } = approvalWorkspace();
      expect((await runApprove(['REQ-1', '--meaning', 'approved', '--sign'], dir)).exitCode).toBe(0);
      const [file] = records(dir);
      edit(dir, file!, from, to);
      const found = await diagnostics(dir);
      // The signature key is on line 12 (after the comment and the ten fields); the item lacks its approval again.
      expect(found).toEqual([
        `${file}:12:1-12:10 error approval.invalid`,
        'design/REQ-1.md:4:9-4:17 error approval.missing',
      ]);
      const out = await runCheck([], dir);
      expect(out.stdout).toContain('the signature does not verify against allowed_signers');
    });
  }

  it('a signer outside the role: approve refuses, and a record they make anyway is invalid on its role', async () => {
    const { dir, bob } = approvalWorkspace();
    actAs(dir, bob);
    const refused = await runApprove(['REQ-1', '--meaning', 'approved', '--role', 'qa', '--sign'], dir);
    expect(refused).toEqual({
      stdout: '',
      stderr: "tracespine: bob@example.com is not in role 'qa' (approvals.roles.qa); nothing written\n",
      exitCode: 1,
    });
    expect(records(dir)).toEqual([]);
    // Bob signs a record claiming role qa with his own, allowed key.
    const fingerprint = (
      JSON.parse((await runCheck(['--format', 'json'], dir)).stdout) as { items: { id: string; fingerprint: string }[] }
    ).items.find((i) => i.id === 'REQ-1')!.fingerprint;
    const record: ApprovalRecord = {
      item: 'REQ-1',
      fingerprint,
      meaning: 'approved',
      signer: { name: bob.name, email: bob.email },
      role: 'qa',
      signed_at: '2026-12-01T10:00:00Z',
      commit: null,
      statement: null,
    };
    const signature = execFileSync('ssh-keygen', ['-Y', 'sign', '-q', '-f', bob.key, '-n', 'tracespine-approval'], {
      input: canonicalText(record),
    }).toString();
    const file = `.tracespine/approvals/${recordFileName(record)}`;
    write(dir, file, formatRecord({ ...record, signature }));
    expect(await diagnostics(dir)).toEqual([
      `${file}:8:7-8:11 error approval.invalid`,
      'design/REQ-1.md:4:9-4:17 error approval.missing',
    ]);
  });

  it('an item edited after approval: approval.stale (warning) on its status, and the state lists it stale', async () => {
    const { dir } = approvalWorkspace();
    expect((await runApprove(['REQ-1', '--meaning', 'approved', '--sign'], dir)).exitCode).toBe(0);
    write(dir, 'design/REQ-1.md', REQ1.replace('999 mL/h', '1200 mL/h'));
    expect(await diagnostics(dir)).toEqual(['design/REQ-1.md:4:9-4:17 warning approval.stale']);
    const out = await runCheck([], dir);
    expect(out.stdout).toMatch(
      /REQ-1 changed since Alice Example \(qa\) approved on \d{4}-\d\d-\d\d \d\d:\d\d UTC \(approved [0-9a-f]{8}, now [0-9a-f]{8}\): approve 'approved:qa' again/,
    );
    const json = JSON.parse((await runApprovals(['--format', 'json'], dir)).stdout) as {
      items: { approvals: unknown[]; stale: { signer: { email: string } }[] }[];
    };
    expect(json.items[0]!.approvals).toEqual([]);
    expect(json.items[0]!.stale.map((s) => s.signer.email)).toEqual(['alice@example.com']);
    // Approving the new text replaces the stale state.
    expect((await runApprove(['REQ-1', '--meaning', 'approved:qa', '--sign'], dir)).exitCode).toBe(0);
    expect(await diagnostics(dir)).toEqual([]);
  });

  it('signatures required: approve without --sign refuses; an unsigned record is invalid', async () => {
    const { dir } = approvalWorkspace();
    const refused = await runApprove(['REQ-1', '--meaning', 'approved'], dir);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toBe(
      "tracespine: approvals.signatures is 'required': approve with --sign; nothing written\n",
    );
    const optional = approvalWorkspace(
      (await import('./workspace')).CONFIG.replace('signatures: required', 'signatures: optional'),
    );
    expect((await runApprove(['REQ-1', '--meaning', 'approved'], optional.dir)).exitCode).toBe(0);
    expect(await diagnostics(optional.dir)).toEqual([]);
    const [file] = records(optional.dir);
    write(dir, file!, read(optional.dir, file!));
    expect(await diagnostics(dir)).toEqual([
      `${file}:1:1-1:1 error approval.invalid`,
      'design/REQ-1.md:4:9-4:17 error approval.missing',
    ]);
  });

  it('unknown items and malformed records are positioned findings; approve refuses unknown IDs', async () => {
    const { dir } = approvalWorkspace();
    expect(await runApprove(['REQ-9', '--meaning', 'approved', '--sign'], dir)).toEqual({
      stdout: '',
      stderr: 'tracespine: no item REQ-9; nothing written\n',
      exitCode: 1,
    });
    write(
      dir,
      '.tracespine/approvals/a.yaml',
      'item: REQ-1\nfingerprint: xyz\nmeaning: approved\nsigner: {name: A, email: a@example.com}\nsigned_at: yesterday\ncolour: red\n',
    );
    write(dir, '.tracespine/approvals/b.yaml', 'item: [REQ-1\n');
    const found = await diagnostics(dir, 'approval.invalid');
    expect(found).toEqual([
      '.tracespine/approvals/a.yaml:2:14-2:17 error approval.invalid',
      '.tracespine/approvals/a.yaml:5:12-5:21 error approval.invalid',
      '.tracespine/approvals/a.yaml:6:1-6:7 error approval.invalid',
      '.tracespine/approvals/b.yaml:2:1-2:1 error approval.invalid',
    ]);
  });

  it('the canonical text and the record file round-trip', () => {
    const r: ApprovalRecord = {
      item: 'REQ-1',
      fingerprint: '9f2c41d0',
      meaning: 'approved',
      signer: { name: 'Alice "A" Example', email: 'alice@example.com' },
      role: null,
      signed_at: '2026-12-01T10:00:00Z',
      commit: null,
      statement: 'line one\nline two',
    };
    expect(canonicalText(r)).toBe(
      'tracespine-approval/1\nitem: "REQ-1"\nfingerprint: "9f2c41d0"\nmeaning: "approved"\nsigner.name: "Alice \\"A\\" Example"\n' +
        'signer.email: "alice@example.com"\nrole: null\nsigned_at: "2026-12-01T10:00:00Z"\ncommit: null\nstatement: "line one\\nline two"\n',
    );
    expect(recordFileName(r)).toBe('REQ-1-9f2c41d0-approved-alice-example-com-20261201T100000Z.yaml');
    expect(parseRecord(formatRecord(r), 'x.yaml').record).toEqual(r);
  });
});
