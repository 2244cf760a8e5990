import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../../src/cli/args';
import { runImpact } from '../../../src/cli/impact';
import { main } from '../../../src/cli/main';
import { computeImpact } from '../../../src/node/impact';
import { brief } from './helpers';
import { cleanup, fixture, goldenScenario, isolateGit, md, Repo, tempDir } from './repo';

beforeAll(isolateGit);
afterAll(cleanup);
afterEach(() => {
  vi.restoreAllMocks();
});

const goldenDir = resolve(__dirname, 'golden');

/** Output with the repository's path and the merge base replaced, compared with (UPDATE_GOLDEN=1: written to) a golden file. */
function golden(name: string, actual: string, repo: Repo, commit: string): void {
  const normalized = actual
    .split(repo.dir)
    .join('<ROOT>')
    .split(commit)
    .join('<BASE>')
    .split(commit.slice(0, 12))
    .join('<BASE12>');
  const file = join(goldenDir, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, normalized);
  expect(normalized).toBe(readFileSync(file, 'utf8'));
}

describe('tracespine impact output formats (golden)', () => {
  let repo: Repo;
  let base: string;
  beforeAll(() => {
    repo = goldenScenario();
    base = repo.git('rev-parse', 'main').trim();
  });

  it('the scenario behind the goldens', async () => {
    expect(brief(await computeImpact({ root: repo.dir }))).toEqual({
      changed: [
        'modified REQ-1 design/reqs/REQ-1.md',
        'deleted REQ-3 design/reqs/REQ-3.md',
        'added REQ-4 design/reqs/REQ-4.md',
        'relinked REQ-10 design/reqs/REQ-10.md',
      ],
      impacted: [
        'REQ-2 d1 REQ-1>REQ-2',
        'TST-1 d1 REQ-1>TST-1',
        'TST-2 d2 REQ-1>REQ-2>TST-2',
        'TST-3 d1 REQ-3>TST-3',
        'TST-10 d1 REQ-10>TST-10',
      ],
      upstream: ['HAZ-1 REQ-1>HAZ-1', 'UN-1 REQ-1>UN-1', 'UN-2 REQ-3>UN-2'],
      code: ['tests/test_rate.c: REQ-10'],
      impactedCode: ['src/alarm.c: REQ-3 d1', 'src/rate.c: REQ-1,REQ-2 d1', 'tests/test_rate.c: REQ-1,REQ-10 d1'],
    });
  });

  for (const [format, ext] of [
    ['text', 'txt'],
    ['json', 'json'],
    ['markdown', 'md'],
    ['mermaid', 'mmd'],
  ] as const) {
    it(`--format ${format}`, async () => {
      const out = await runImpact(['.', '--format', format], repo.dir);
      expect(out.stderr).toBe('');
      expect(out.exitCode).toBe(0);
      golden(`impact.${ext}`, out.stdout, repo, base);
    });
  }

  it('json is the report computeImpact returns, keys in the documented order', async () => {
    const out = await runImpact([repo.dir, '--format', 'json'], '/');
    const json = JSON.parse(out.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([
      'version',
      'base',
      'head',
      'changed',
      'code',
      'impacted',
      'upstream',
      'impactedCode',
    ]);
    expect(json).toEqual(JSON.parse(JSON.stringify(await computeImpact({ root: repo.dir }))));
  });

  it('text paths are relative to the current directory, as in check', async () => {
    const name = basename(repo.dir);
    const out = await runImpact([name, '--head', 'HEAD'], resolve(repo.dir, '..'));
    expect(out.stdout).toContain(`  REQ-1   requirement  modified  ${name}/design/reqs/REQ-1.md   Maximum rate\n`);
    expect(out.stdout.split('\n')[0]).toMatch(
      /^Impact of HEAD \([0-9a-f]{12}\) against main \(merge base [0-9a-f]{12}\)$/,
    );
  });

  it('output is deterministic', async () => {
    const a = await runImpact(['.', '--format', 'markdown'], repo.dir);
    const b = await runImpact(['.', '--format', 'markdown'], repo.dir);
    expect(a.stdout).toBe(b.stdout);
  });
});

describe('no change', () => {
  it('says so in every format', async () => {
    const repo = Repo.init(fixture());
    const text = await runImpact(['.'], repo.dir);
    expect(text.stdout).toContain('No design items or trace tags changed.\n');
    const markdown = await runImpact(['.', '--format', 'markdown'], repo.dir);
    expect(markdown.stdout).toMatch(
      /^## Tracespine: design impact\n\n\*\*0 changed, 0 impacted\*\*: `WORKTREE` \(working tree\) against `main` \(merge base `[0-9a-f]{12}`\)\.\n\nNo design items or trace tags changed\.\n$/,
    );
    expect(
      (await runImpact(['.', '--format', 'mermaid'], repo.dir)).stdout
        .split('\n')
        .filter((l) => !l.includes('classDef')),
    ).toEqual(['graph TD', '']);
  });
});

describe('the working tree and the index are untouched', () => {
  it('no file written, git status identical, in every format and with --head', async () => {
    const repo = goldenScenario();
    repo.edit('design/needs/UN-2.md', 'blocked', 'occluded'); // an uncommitted change
    repo.write('design/reqs/REQ-12.md', md('---', 'id: REQ-12', 'title: Untracked', '---', 'x'));
    repo.git('add', 'design/reqs/REQ-12.md'); // staged, not committed
    const status = repo.git('status', '--porcelain');
    const before = repo.snapshot();
    for (const format of ['text', 'json', 'markdown', 'mermaid'])
      expect((await runImpact(['.', '--format', format], repo.dir)).exitCode).toBe(0);
    expect((await runImpact(['.', '--head', 'HEAD', '--base', 'main'], repo.dir)).exitCode).toBe(0);
    await computeImpact({ root: repo.dir, head: 'feature' });
    expect(repo.snapshot()).toEqual(before);
    expect(repo.git('status', '--porcelain')).toBe(status);
    expect(status).toBe(' M design/needs/UN-2.md\nA  design/reqs/REQ-12.md\n');
  });
});

describe('errors: exit 2 with one line on stderr', () => {
  it('outside a git repository', async () => {
    const dir = tempDir();
    expect(await runImpact(['.'], dir)).toEqual({
      stdout: '',
      stderr: `tracespine: not a git repository: ${dir}\n`,
      exitCode: 2,
    });
  });

  it('an unknown ref', async () => {
    const repo = Repo.init(fixture());
    expect(await runImpact(['.', '--base', 'nope'], repo.dir)).toEqual({
      stdout: '',
      stderr: "tracespine: unknown ref 'nope' (--base)\n",
      exitCode: 2,
    });
    expect(await runImpact(['--head', 'nope'], repo.dir)).toEqual({
      stdout: '',
      stderr: "tracespine: unknown ref 'nope' (--head)\n",
      exitCode: 2,
    });
  });

  it('an invalid --config file', async () => {
    const repo = Repo.init(fixture());
    const cfg = join(tempDir(), 'bad.yaml');
    writeFileSync(cfg, 'version: 1\nlinks: nope\n');
    const out = await runImpact(['.', '--config', cfg], repo.dir);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(
      new RegExp(`^tracespine: ${cfg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:8: invalid configuration: .*\n$`),
    );
  });

  it('usage errors', async () => {
    const repo = Repo.init(fixture());
    await expect(runImpact(['.', '--format', 'sarif'], repo.dir)).rejects.toThrow(
      new UsageError('--format must be one of text, json, markdown, mermaid'),
    );
    await expect(runImpact(['a', 'b'], repo.dir)).rejects.toThrow(new UsageError('expected at most one ROOT, got 2'));
    await expect(runImpact(['missing-dir'], repo.dir)).rejects.toThrow(
      new UsageError("ROOT 'missing-dir' is not a directory"),
    );
    await expect(runImpact(['--base'], repo.dir)).rejects.toThrow(new UsageError("option '--base' needs a value"));
    await expect(runImpact(['--bogus'], repo.dir)).rejects.toThrow(UsageError);
    expect((await runImpact(['--help'], repo.dir)).stdout).toMatch(
      /^Usage: tracespine impact \[ROOT\] \[--base REF\] \[--head REF\] \[--format text\|json\|markdown\|mermaid\] \[--config FILE\]/,
    );
  });

  it('is registered in the CLI: main() runs it and returns its exit code', async () => {
    const dir = tempDir();
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
      err.push(String(s));
      return true;
    });
    expect(await main(['impact', dir])).toBe(2);
    expect(err.join('')).toBe(`tracespine: not a git repository: ${dir}\n`);
  });
});
