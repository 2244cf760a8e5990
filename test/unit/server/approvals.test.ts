// The language server's Workspace applies approvals and deviations as `tracespine check` does
// (SPEC section 9): the same findings, the same waivers, and records picked up as they appear.
import { describe, expect, it } from 'vitest';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { formatRecord, recordFileName, todayUtc, type ApprovalRecord } from '../../../src/core/approvals';
import { checkWorkspace } from '../../../src/core/engine';
import type { Finding } from '../../../src/core/model/finding';
import { UriMapper } from '../../../src/server/uris';
import { Workspace, type OpenDocument, type OpenDocuments } from '../../../src/server/workspace';
import { MemoryHost, md } from '../memoryHost';
import { MemoryLiveHost } from './memoryLiveHost';

const ROOT = '/ws';

class Docs implements OpenDocuments {
  readonly map = new Map<string, OpenDocument>();
  get(uri: string): OpenDocument | undefined {
    return this.map.get(uri);
  }
  all(): OpenDocument[] {
    return [...this.map.values()];
  }
}

/** A day `n` days from today (UTC), YYYY-MM-DD. */
function day(n: number): string {
  return todayUtc(new Date(Date.now() + n * 86_400_000));
}

const CONFIG = md(
  'approvals:',
  '  roles:',
  '    qa: [alice@example.com]',
  '  require:',
  '    - { kind: requirement, statuses: [approved], meanings: ["approved:qa"] }',
);

function design(): Record<string, string> {
  return {
    'tracespine.yaml': CONFIG,
    'd/UN-1.md': md('---', 'id: UN-1', 'title: Need', '---', 'Body.'),
    'd/REQ-1.md': md('---', 'id: REQ-1', 'title: Rate', 'status: approved', 'derives_from: [UN-1]', '---', 'Rate.'),
    'd/REQ-2.md': md('---', 'id: REQ-2', 'title: Alarm', 'status: approved', 'derives_from: [UN-1]', '---', 'Beep.'),
    'd/REQ-3.md': md('---', 'id: REQ-3', 'title: Log', 'derives_from: [UN-1]', '---', 'Log.'),
    'd/DEV-1.md': md(
      '---',
      'id: DEV-1',
      'title: Bench only',
      'status: approved',
      'waives:',
      '  - code: coverage.unverified',
      '    items: [REQ-3]',
      '  - code: approval.missing',
      '    items: [REQ-2]',
      'justification: Bench test BT-7.',
      'owner: Alice Example',
      `expires: ${day(30)}`,
      '---',
    ),
    'd/DEV-2.md': md(
      '---',
      'id: DEV-2',
      'title: Expired',
      'status: approved',
      'waives:',
      '  - code: coverage.unvalidated',
      '    items: [UN-1]',
      'justification: Was fine.',
      'owner: Bob Builder',
      `expires: ${day(-1)}`,
      '---',
    ),
  };
}

function record(item: string, fingerprint: string, at = '2026-12-01T10:00:00Z'): { file: string; text: string } {
  const r: ApprovalRecord = {
    item,
    fingerprint,
    meaning: 'approved',
    signer: { name: 'Alice Example', email: 'alice@example.com' },
    role: 'qa',
    signed_at: at,
    commit: null,
    statement: null,
  };
  return { file: `.tracespine/approvals/${recordFileName(r)}`, text: formatRecord(r) };
}

async function setUp(files: Record<string, string>) {
  const host = new MemoryLiveHost(files);
  const published: PublishDiagnosticsParams[] = [];
  const ws = new Workspace(new Docs(), {
    log: () => undefined,
    error: (m) => {
      throw new Error(m);
    },
    beginProgress: () => Promise.resolve({ report() {}, done() {} }),
    indexChanged: () => undefined,
    publishDiagnostics: (p) => published.push(p),
  });
  const uris = new UriMapper(ROOT);
  ws.attach(uris, host);
  ws.start();
  await ws.current();
  /** The last diagnostics published per file, as `file:line:col severity code message`. */
  const diagnostics = (): string[] => {
    const last = new Map<string, Diagnostic[]>();
    for (const p of published) last.set(p.uri, p.diagnostics);
    const out: string[] = [];
    for (const [uri, list] of [...last].sort(([a], [b]) => (a < b ? -1 : 1)))
      for (const d of list)
        out.push(
          `${uris.toFile(uri)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${String(d.code)} ${d.message}`,
        );
    return out;
  };
  return { host, ws, uris, published, diagnostics };
}

const SEVERITY = { error: 1, warning: 2, info: 3 } as const;
const line = (f: Finding, message = f.message, severity: 1 | 2 | 3 = SEVERITY[f.severity]): string =>
  `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${severity} ${f.code} ${message}`;

/** What the editor must show for the CLI's result: its findings, and its suppressed ones as information. */
async function cliView(files: Record<string, string>): Promise<string[]> {
  const r = await checkWorkspace(new MemoryHost(files));
  const devs = new Map(r.deviations.map((d) => [d.id, d]));
  const out = [
    ...r.findings.map((f) => line(f)),
    ...r.suppressed.map((f) => {
      const d = devs.get(f.suppressed.by)!;
      return line(f, `${f.message} — waived by ${d.id} until ${d.expires} (owner ${d.owner})`, 3);
    }),
  ];
  return out.sort((a, b) => {
    const [fa, la, ca] = a.split(/[: ]/);
    const [fb, lb, cb] = b.split(/[: ]/);
    return fa! < fb! ? -1 : fa! > fb! ? 1 : Number(la) - Number(lb) || Number(ca) - Number(cb) || (a < b ? -1 : 1);
  });
}

describe('language server: approvals and deviations as the CLI has them', () => {
  it('publishes approval.* and deviation.* findings and marks waived findings, exactly as the check', async () => {
    const files = design();
    const fp1 = (await checkWorkspace(new MemoryHost(files))).index.resolve('REQ-1')!.fingerprint;
    const rec = record('REQ-1', fp1);
    files[rec.file] = rec.text;
    files['.tracespine/approvals/broken.yaml'] = 'item: REQ-404\n';
    const t = await setUp(files);
    const expected = await cliView(files);
    expect(t.diagnostics()).toEqual(expected);
    // The pieces, spelled out: what stands and what is waived.
    expect(expected.map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual([
      '.tracespine/approvals/broken.yaml:1:1 1 approval.invalid',
      '.tracespine/approvals/broken.yaml:1:1 1 approval.invalid',
      '.tracespine/approvals/broken.yaml:1:1 1 approval.invalid',
      '.tracespine/approvals/broken.yaml:1:1 1 approval.invalid',
      'd/DEV-2.md:10:10 1 deviation.expired',
      'd/REQ-1.md:2:5 2 coverage.unverified',
      'd/REQ-2.md:2:5 2 coverage.unverified',
      'd/REQ-2.md:4:9 3 approval.missing',
      'd/REQ-3.md:2:5 3 coverage.unverified',
      'd/UN-1.md:2:5 2 coverage.unvalidated',
    ]);
    expect(t.diagnostics()).toContain(
      `d/REQ-3.md:2:5 3 coverage.unverified Requirement REQ-3 is unverified: no test verifies it — waived by DEV-1 until ${day(30)} (owner Alice Example)`,
    );
    // The summary counts what the CLI counts (waived findings are not in it).
    const cli = await checkWorkspace(new MemoryHost(files));
    expect(t.ws.summary()).toMatchObject({
      errors: cli.summary.errors,
      warnings: cli.summary.warnings,
      infos: cli.summary.infos,
    });
  });

  it('a record created on disk approves the item; an edit makes the approval stale; all as the CLI says', async () => {
    const files = design();
    const t = await setUp(files);
    expect(t.diagnostics()).toContain(
      "d/REQ-1.md:4:9 1 approval.missing REQ-1 is approved but lacks approval 'approved:qa' of its current text (fingerprint " +
        `${t.ws.approvals.state('REQ-1')!.fingerprint})`,
    );
    const rec = record('REQ-1', t.ws.approvals.state('REQ-1')!.fingerprint);
    t.host.files[rec.file] = rec.text;
    t.ws.fileChanged(rec.file, 'created');
    await new Promise((r) => setTimeout(r, 100));
    await t.ws.current();
    await new Promise((r) => setTimeout(r, 20));
    expect(t.diagnostics().filter((l) => l.startsWith('d/REQ-1.md'))).toEqual([
      'd/REQ-1.md:2:5 2 coverage.unverified Requirement REQ-1 is unverified: no test verifies it',
    ]);
    expect(t.ws.approvals.state('REQ-1')!.approvals.map((e) => e.signer.name)).toEqual(['Alice Example']);
    expect(t.diagnostics()).toEqual(await cliView(t.host.files));

    // The requirement edited on disk: the approval no longer covers its text.
    t.host.files['d/REQ-1.md'] = t.host.files['d/REQ-1.md']!.replace('Rate.', 'Rate, at most 999 mL/h.');
    t.ws.fileChanged('d/REQ-1.md', 'changed');
    await new Promise((r) => setTimeout(r, 100));
    await t.ws.current();
    expect(t.diagnostics().filter((l) => l.startsWith('d/REQ-1.md') && l.includes('approval.'))).toEqual([
      expect.stringMatching(
        /^d\/REQ-1\.md:4:9 2 approval\.stale REQ-1 changed since Alice Example \(qa\) approved on 2026-12-01 10:00 UTC/,
      ),
    ]);
    expect(t.diagnostics()).toEqual(await cliView(t.host.files));
    const lenses = t.ws.approvals.lenses((await t.ws.current())!.index, 'd/REQ-1.md');
    expect(lenses.map((l) => l.title)).toEqual([
      'approval stale — changed since Alice Example (qa) approved on 2026-12-01 10:00 UTC',
    ]);
    expect(lenses[0]!.command).toEqual({
      name: 'tracespine.showApprovalDiff',
      args: [{ id: 'REQ-1', fingerprint: rec.text.match(/fingerprint: "(\w+)"/)![1], commit: null }],
    });
  });

  it('a deviation edited to waive nothing more brings its finding back; unapproved, it waives nothing', async () => {
    const t = await setUp(design());
    expect(t.diagnostics()).toContain(
      `d/REQ-3.md:2:5 3 coverage.unverified Requirement REQ-3 is unverified: no test verifies it — waived by DEV-1 until ${day(30)} (owner Alice Example)`,
    );
    t.host.files['d/DEV-1.md'] = t.host.files['d/DEV-1.md']!.replace('status: approved', 'status: review');
    t.ws.fileChanged('d/DEV-1.md', 'changed');
    await new Promise((r) => setTimeout(r, 100));
    await t.ws.current();
    expect(t.diagnostics()).toContain(
      'd/REQ-3.md:2:5 2 coverage.unverified Requirement REQ-3 is unverified: no test verifies it',
    );
    expect(t.diagnostics()).toEqual(await cliView(t.host.files));
  });
});
