import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/cli/check';
import { runEvidence } from '../../../src/cli/evidence';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function git(dir: string, ...args: string[]): string {
  const env = { ...process.env, GIT_AUTHOR_DATE: '2026-03-01T12:00:00Z', GIT_COMMITTER_DATE: '2026-03-01T12:00:00Z' };
  return execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], {
    cwd: dir,
    env,
    encoding: 'utf8',
  });
}

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ts-evidence-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'tracespine.yaml'), 'evidence:\n  results: ["results/*.xml"]\n');
  writeFileSync(join(dir, 'UN-1.md'), '---\nid: UN-1\ntitle: Safe dosing\n---\n');
  writeFileSync(
    join(dir, 'REQ-1.md'),
    '---\nid: REQ-1\ntitle: Rate limit\nderives_from: [UN-1]\n---\nThe pump shall reject rates above 999 mL/h.\n',
  );
  writeFileSync(join(dir, 'TST-1.md'), '---\nid: TST-1\ntitle: Rate test\nverifies: [REQ-1]\n---\n');
  mkdirSync(join(dir, 'reports'));
  writeFileSync(
    join(dir, 'reports/junit.xml'),
    '<testsuites><testsuite name="s" timestamp="2026-03-01T11:00:00"><testcase name="TST-1 limit" classname="rate"/></testsuite></testsuites>\n',
  );
  git(dir, 'init', '-q');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'design');
  return dir;
}

async function statusOf(
  dir: string,
  id: string,
): Promise<{ status: string; results: { stale?: boolean; run?: string }[] }> {
  const out = await runCheck([dir, '--format', 'json']);
  const report = JSON.parse(out.stdout) as {
    items: { id: string; verification: { status: string; results: { stale?: boolean; run?: string }[] } }[];
  };
  return report.items.find((i) => i.id === id)!.verification;
}

describe('tracespine evidence record', () => {
  it('writes a deterministic run record, never overwrites, and its results go stale when an item changes', async () => {
    const dir = repo();
    const commit = git(dir, 'rev-parse', 'HEAD').trim();
    const out = await runEvidence(['record', 'reports/junit.xml', '--run-id', 'ci-1'], dir);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toBe(
      `wrote .tracespine/evidence/ci-1.json: run ci-1 at commit ${commit.slice(0, 12)}, 2026-03-01T11:00:00\n  1 report, 1 cases: 1 passed, 0 failed, 0 skipped\n`,
    );
    const text = readFileSync(join(dir, '.tracespine/evidence/ci-1.json'), 'utf8');
    const rec = JSON.parse(text) as {
      commit: string;
      reports: { path: string; sha256: string }[];
      cases: { items: Record<string, { fingerprint: string; via: string }> }[];
    };
    expect(rec.commit).toBe(commit);
    const sha: unknown = expect.stringMatching(/^[0-9a-f]{64}$/);
    expect(rec.reports).toEqual([{ path: 'reports/junit.xml', sha256: sha }]);
    expect(Object.keys(rec.cases[0]!.items)).toEqual(['REQ-1', 'TST-1']);
    expect(rec.cases[0]!.items['REQ-1']!.via).toBe('TST-1');
    // The same run again: identical bytes, nothing written; a different one under the same ID is refused.
    expect((await runEvidence(['record', 'reports/junit.xml', '--run-id', 'ci-1'], dir)).stdout).toBe(
      'already recorded: .tracespine/evidence/ci-1.json (identical)\n',
    );
    writeFileSync(
      join(dir, 'reports/junit.xml'),
      '<testsuite name="s"><testcase name="TST-1 limit"><failure/></testcase></testsuite>\n',
    );
    const refused = await runEvidence(['record', 'reports/junit.xml', '--run-id', 'ci-1'], dir);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('exists and differs');
    expect(readFileSync(join(dir, '.tracespine/evidence/ci-1.json'), 'utf8')).toBe(text);
    git(dir, 'checkout', '-q', 'reports/junit.xml');

    // The record counts (the report itself is not among `results`).
    expect(await statusOf(dir, 'REQ-1')).toEqual({
      status: 'passed',
      results: [expect.objectContaining({ run: 'ci-1', via: 'TST-1' })],
    });
    // Edit the requirement and commit: its recorded result is stale; the test spec's is not.
    writeFileSync(
      join(dir, 'REQ-1.md'),
      '---\nid: REQ-1\ntitle: Rate limit\nderives_from: [UN-1]\n---\nThe pump shall reject rates above 500 mL/h.\n',
    );
    git(dir, 'commit', '-q', '-am', 'lower the limit');
    expect((await statusOf(dir, 'REQ-1')).status).toBe('stale');
    expect((await statusOf(dir, 'TST-1')).status).toBe('passed');
    const text2 = await runCheck([dir]);
    expect(text2.stdout).toContain(
      'REQ-1.md:2:5: warning evidence.stale Requirement REQ-1 has stale results (TST-1): it or its test changed after they were recorded; rerun them',
    );
    expect(text2.stdout).toContain('evidence: 1 passed, 0 failed, 1 stale, 0 missing');
    // Recording the run again at the new commit (default ID) makes it fresh.
    const again = await runEvidence(['record', 'reports/junit.xml'], dir);
    expect(again.stdout).toMatch(/^wrote \.tracespine\/evidence\/run-[0-9a-f]{12}\.json: /);
    expect((await statusOf(dir, 'REQ-1')).status).toBe('passed');
    expect(readdirSync(join(dir, '.tracespine/evidence')).length).toBe(2);
  });

  it('refuses what is not JUnit XML, outside git, and bad options', async () => {
    const dir = repo();
    writeFileSync(join(dir, 'reports/bad.xml'), '<html/>');
    const bad = await runEvidence(['record', 'reports/bad.xml'], dir);
    expect(bad).toEqual({
      stdout: '',
      stderr:
        'tracespine: reports/bad.xml:1:1: not a JUnit report: the root element is <html>, not <testsuites> or <testsuite>\n',
      exitCode: 2,
    });
    await expect(runEvidence(['record'], dir)).rejects.toThrow('needs at least one');
    await expect(runEvidence(['record', 'x.xml', '--run-id', '../x'], dir)).rejects.toThrow('--run-id');
    await expect(runEvidence(['show'], dir)).rejects.toThrow("unknown evidence subcommand 'show'");
    rmSync(join(dir, '.git'), { recursive: true });
    const nogit = await runEvidence(['record', 'reports/junit.xml'], dir);
    expect(nogit.exitCode).toBe(2);
    expect(nogit.stderr).toContain('not in a git repository');
  });
});
