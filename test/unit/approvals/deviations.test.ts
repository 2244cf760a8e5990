import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/cli/check';
import { UsageError } from '../../../src/cli/args';
import { checkWorkspace } from '../../../src/core/engine';
import { brief, MemoryHost } from '../memoryHost';

const fixture = resolve(__dirname, '../../fixtures/deviations');

interface Report {
  summary: { errors: number; warnings: number; suppressed: number };
  diagnostics: {
    code: string;
    file: string;
    line: number;
    column: number;
    itemId?: string;
    suppressed?: { by: string };
  }[];
}

async function json(asOf: string): Promise<Report> {
  return JSON.parse((await runCheck(['--format', 'json', '--as-of', asOf], fixture)).stdout) as Report;
}

describe('deviations (SPEC section 9)', () => {
  it('an approved, unexpired deviation suppresses what it waives: JSON keeps it marked, the summary counts it', async () => {
    const r = await json('2026-12-31');
    expect(
      r.diagnostics.map(
        (d) => `${d.file}:${d.line}:${d.column} ${d.code}${d.suppressed ? ` suppressed by ${d.suppressed.by}` : ''}`,
      ),
    ).toEqual([
      'design/REQ-1.md:2:5 coverage.unverified suppressed by DEV-1',
      'design/REQ-2.md:2:5 coverage.unverified',
      'design/UN-1.md:2:5 coverage.unvalidated',
    ]);
    expect(r.summary).toMatchObject({ errors: 0, warnings: 2, suppressed: 1 });
  });

  it('text and the gate leave suppressed findings out; the summary says who waived them until when', async () => {
    const out = await runCheck(['--as-of', '2026-12-01', '--max-warnings', '2'], fixture);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).not.toContain('REQ-1.md');
    expect(out.stdout).toContain('\n1 finding waived by DEV-1 (owner Alice Example, expires 2026-12-31)\n');
  });

  it('after expires the waived finding comes back and deviation.expired (error) sits on expires', async () => {
    const r = await json('2027-01-01');
    expect(r.diagnostics.filter((d) => d.suppressed)).toEqual([]);
    expect(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual([
      'design/DEV-1.md:10:10 deviation.expired',
      'design/DEV-2.md:10:10 deviation.expired',
      'design/REQ-1.md:2:5 coverage.unverified',
      'design/REQ-2.md:2:5 coverage.unverified',
      'design/UN-1.md:2:5 coverage.unvalidated',
    ]);
    expect(r.summary).toMatchObject({ errors: 2, suppressed: 0 });
    expect((await runCheck(['--as-of', '2027-01-01'], fixture)).exitCode).toBe(1);
  });

  it('SARIF gives the suppressed result an accepted, external suppression with the justification', async () => {
    const log = JSON.parse((await runCheck(['--format', 'sarif', '--as-of', '2026-12-01'], fixture)).stdout) as {
      runs: {
        results: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
          suppressions?: unknown[];
        }[];
      }[];
    };
    const results = log.runs[0]!.results;
    expect(
      results.map(
        (x) =>
          `${x.locations[0]!.physicalLocation.artifactLocation.uri} ${x.ruleId} ${x.suppressions ? 'suppressed' : ''}`,
      ),
    ).toEqual([
      'design/REQ-1.md coverage.unverified suppressed',
      'design/REQ-2.md coverage.unverified ',
      'design/UN-1.md coverage.unvalidated ',
    ]);
    expect(results[0]!.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification:
          'DEV-1: Verified by bench test BT-7 (report QA-2026-114); the automated test lands in 1.3. (owner Alice Example, expires 2026-12-31)',
        properties: { deviation: 'DEV-1', owner: 'Alice Example', expires: '2026-12-31' },
      },
    ]);
  });

  it('--as-of must be a date', async () => {
    await expect(runCheck(['--as-of', '2026-02-30'], fixture)).rejects.toThrow(UsageError);
    await expect(runCheck(['--as-of', 'today'], fixture)).rejects.toThrow('--as-of must be a date, YYYY-MM-DD');
  });

  const base = {
    'UN-1.md': '---\nid: UN-1\ntitle: Need\n---\n',
    'REQ-1.md': '---\nid: REQ-1\ntitle: Req\nderives_from: [UN-1]\n---\n',
  };
  const dev = (status: string, extra = ''): string =>
    `---\nid: DEV-1\ntitle: Waiver\nstatus: ${status}\nwaives: [{code: coverage.unverified, items: [REQ-1]}]\njustification: Bench tested\nowner: Alice\nexpires: 2026-12-31\n${extra}---\n`;

  async function run(
    files: Record<string, string>,
    asOf = '2026-12-01',
  ): Promise<{ findings: string[]; suppressed: string[] }> {
    const r = await checkWorkspace(new MemoryHost(files), { asOf });
    return {
      findings: r.findings.map(brief),
      suppressed: r.suppressed.map((f) => `${brief(f)} by ${f.suppressed.by}`),
    };
  }

  it('an unapproved deviation suppresses nothing', async () => {
    const r = await run({ ...base, 'DEV-1.md': dev('draft') });
    expect(r.suppressed).toEqual([]);
    expect(r.findings).toContain('REQ-1.md:2:5-2:10 warning coverage.unverified');
  });

  it('with an approval rule for deviations, status approved alone is not enough', async () => {
    const config = 'approvals:\n  require:\n    - {kind: deviation, meanings: [approved]}\n';
    const r = await run({ ...base, 'tracespine.yaml': config, 'DEV-1.md': dev('approved') });
    expect(r.suppressed).toEqual([]);
    expect(r.findings).toEqual([
      'DEV-1.md:4:9-4:17 error approval.missing',
      'REQ-1.md:2:5-2:10 warning coverage.unverified',
      'UN-1.md:2:5-2:9 warning coverage.unvalidated',
    ]);
  });

  it('missing and malformed deviation fields are positioned findings, and such a deviation waives nothing', async () => {
    const bad =
      '---\nid: DEV-1\ntitle: Waiver\nstatus: approved\nwaives: [{code: coverage.unverified, items: [REQ-9]}]\nowner: 42\nexpires: 2026-13-01\n---\n';
    const r = await run({ ...base, 'DEV-1.md': bad });
    expect(r.suppressed).toEqual([]);
    expect(r.findings.filter((f) => f.startsWith('DEV-1.md'))).toEqual([
      'DEV-1.md:2:5-2:10 error item.missing-field',
      'DEV-1.md:5:9-5:54 error item.invalid-field',
      'DEV-1.md:6:8-6:10 error item.invalid-field',
      'DEV-1.md:7:10-7:20 error item.invalid-field',
    ]);
  });
});
