import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { removeBuild } from '../server/lspClient';
import { runCli, workspace, type BoundedRun } from './bounded';

const roots: string[] = [];
afterAll(async () => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
  await removeBuild();
});

function ws(files: Record<string, string>): string {
  const root = workspace(files);
  roots.push(root);
  return root;
}

interface Report {
  summary: { errors: number; warnings: number };
  diagnostics: { code: string; line: number; column: number; endColumn: number; message: string }[];
}

function report(run: BoundedRun): Report {
  expect(run.timedOut, `timed out after ${run.ms} ms`).toBe(false);
  return JSON.parse(run.stdout) as Report;
}

const N = 100_000;

// Each of these took from half a minute to forever before (issue 9); linear work is a few seconds.
describe('inputs that were quadratic or worse are linear', () => {
  // Just below the alias expansion budget (100,000 values).
  it('90,000 aliases of one anchor', async () => {
    const ids = Array.from({ length: 90_000 }, () => '*a').join(', ');
    const root = ws({
      'REQ-1.md': `---\nid: REQ-1\ntitle: t\nx: &a v\ny: [${ids}]\nderives_from: UN-1\n---\n`,
      'UN-1.md': '---\nid: UN-1\ntitle: n\n---\n',
    });
    const run = await runCli(['check', root, '--format', 'json'], { timeoutMs: 50_000 });
    const r = report(run);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['coverage.unverified', 'coverage.unvalidated']);
    expect(r.summary.errors).toBe(0);
    expect(run.cpuMs).toBeLessThan(10_000);
  });

  it(`a link list of ${N} IDs`, async () => {
    const ids = Array.from({ length: N }, (_, i) => `UN-${i % (N / 2)}`).join(', ');
    const root = ws({ 'REQ-1.md': `---\nid: REQ-1\ntitle: t\nderives_from: [${ids}]\n---\n` });
    const run = await runCli(['check', root, '--format', 'json'], { timeoutMs: 50_000 });
    const r = report(run);
    const codes = new Map<string, number>();
    for (const d of r.diagnostics) codes.set(d.code, (codes.get(d.code) ?? 0) + 1);
    // Every entry names an ID no item defines; the second half repeats the first.
    expect(Object.fromEntries(codes)).toEqual({
      'link.unknown-target': N,
      'link.duplicate': N / 2,
      'coverage.unverified': 1,
    });
    expect(run.cpuMs).toBeLessThan(10_000);
  });

  it('a kind pattern with nested quantifiers, (A+)+B, against a long token', async () => {
    const root = ws({
      'tracespine.yaml':
        'kinds:\n  requirement: { pattern: "(A+)+B" }\n  need: { prefix: UN }\n  hazard: { prefix: HAZ }\n  test: { prefix: TST }\n  validation: { prefix: VAL }\n',
      'X.md': `---\nid: ${'A'.repeat(40)}\ntitle: t\n---\nSee ${'A'.repeat(5000)}C and AAAB.\n`,
      'AAB.md': '---\nid: AAB\ntitle: t\n---\n',
    });
    const run = await runCli(['check', root, '--format', 'json'], { timeoutMs: 50_000 });
    const r = report(run);
    // The 40 A's are no ID (no B), and the body's long run of A's is no reference: only AAB's own findings.
    expect(r.diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual([
      'coverage.unverified 2:5',
      'link.missing 2:5',
    ]);
    expect(run.cpuMs).toBeLessThan(5_000);
  });

  it('a kind pattern that needs backtracking (a backreference) is config.invalid at its position', async () => {
    const root = ws({ 'tracespine.yaml': 'kinds:\n  requirement: { pattern: "(A)\\\\1-\\\\d+" }\n' });
    const run = await runCli(['check', root, '--format', 'json'], { timeoutMs: 50_000 });
    expect(run.status).toBe(2);
    const r = report(run);
    expect(
      r.diagnostics
        .filter((d) => d.code === 'config.invalid' && d.line === 2)
        .map((d) => [d.column, d.endColumn, d.message]),
    ).toEqual([
      [
        27,
        40,
        'kinds.requirement.pattern is not a valid regular expression: invalid escape sequence: `\\1` (patterns use RE2 syntax: no backreferences or lookaround)',
      ],
    ]);
  });
});

describe('no stack overflow on many findings or notices', () => {
  it('130,000 findings in one file', async () => {
    const ids = Array.from({ length: 130_000 }, (_, i) => `UN-${i}`).join(', ');
    const root = ws({ 'REQ-1.md': `---\nid: REQ-1\ntitle: t\nderives_from: [${ids}]\n---\n` });
    const run = await runCli(['check', root, '--format', 'json'], { timeoutMs: 50_000, heapMiB: 1024 });
    expect(run.stderr).toBe('');
    expect(report(run).diagnostics.length).toBe(130_001);
  });
});
