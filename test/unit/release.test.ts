import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRelease } from '../../src/cli/release';
import { sha256Hex, sha256sums } from '../../src/node/release/build';

const fixtures = resolve(__dirname, '../fixtures');
const cli = resolve(__dirname, '../../bin/tracespine.js');

/** Git with fixed identities and dates: the same commits, hence the same hashes, on every run. */
function gitIn(dir: string, args: string[], date = '2026-01-15T10:00:00Z'): string {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Ada',
    GIT_AUTHOR_EMAIL: 'ada@example.com',
    GIT_COMMITTER_NAME: 'Ada',
    GIT_COMMITTER_EMAIL: 'ada@example.com',
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  };
  return execFileSync(
    'git',
    ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args],
    { cwd: dir, env, encoding: 'utf8' },
  );
}

/**
 * A repository whose first commit (tag v1.0) is the passing design and whose second (tag v1.1)
 * replaces it with the matrix fixture's design (errors, gaps, a risk policy), with a result file beside.
 */
function repo(): { dir: string; v10: string; v11: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ts-release-'));
  cpSync(join(fixtures, 'release/pass'), dir, { recursive: true });
  gitIn(dir, ['init', '-q']);
  gitIn(dir, ['add', '-A']);
  gitIn(dir, ['commit', '-q', '-m', 'v1.0']);
  gitIn(dir, ['tag', 'v1.0']);
  const v10 = gitIn(dir, ['rev-parse', 'HEAD']).trim();
  rmSync(join(dir, 'design'), { recursive: true });
  rmSync(join(dir, 'test'), { recursive: true });
  cpSync(join(fixtures, 'matrix/ws'), dir, { recursive: true });
  gitIn(dir, ['add', '-A']);
  gitIn(dir, ['commit', '-q', '-m', 'v1.1'], '2026-02-01T08:30:00+01:00');
  gitIn(dir, ['tag', 'v1.1']);
  const v11 = gitIn(dir, ['rev-parse', 'HEAD']).trim();
  mkdirSync(join(dir, 'results'));
  writeFileSync(
    join(dir, 'results/unit.xml'),
    '<testsuite name="unit" tests="1"><testcase name="REQ-1 rejects 1000 mL/h"/></testsuite>\n',
  );
  return { dir, v10, v11 };
}

function filesOf(dir: string, rel = ''): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const p = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) for (const [k, v] of filesOf(dir, p)) out.set(k, v);
    else out.set(p, readFileSync(join(dir, p)));
  }
  return out;
}

describe('tracespine release', () => {
  it('builds the packet of SPEC 10 at a passing commit: exit 0, every file, sha256sum -c accepts SHA256SUMS', async () => {
    const { dir, v10 } = repo();
    const out = await runRelease(
      ['--ref', 'v1.0', '--product', 'Pump', '--version', '1.0', '--results', 'results/*.xml', '--out', 'packet'],
      dir,
    );
    expect(out.stderr).toBe('');
    expect(out.exitCode).toBe(0);
    expect(out.stdout.split('\n').slice(1, 3)).toEqual([
      `commit ${v10} (tag v1.0), 2026-01-15T10:00:00Z`,
      'gate: pass (0 errors, 0 warnings, 0 suppressed)',
    ]);
    const files = [...filesOf(join(dir, 'packet')).keys()].sort();
    expect(files).toEqual([
      'MANIFEST.json',
      'SHA256SUMS',
      'approvals.csv',
      'changes.json',
      'deviations.csv',
      'evidence.json',
      'evidence/results/unit.xml',
      'findings.sarif',
      'index.html',
      'report.json',
      'trace.csv',
    ]);
    const check = spawnSync('sha256sum', ['-c', '--strict', 'SHA256SUMS'], {
      cwd: join(dir, 'packet'),
      encoding: 'utf8',
    });
    expect(check.status).toBe(0);
    expect(check.stdout.trim().split('\n')).toHaveLength(files.length - 1);
    const manifest = JSON.parse(readFileSync(join(dir, 'packet/MANIFEST.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      schema: 'tracespine.release/1',
      tool: { name: 'tracespine' },
      product: 'Pump',
      version: '1.0',
      commit: v10,
      tag: 'v1.0',
      commitTime: '2026-01-15T10:00:00Z',
      gate: { verdict: 'pass', errors: 0, warnings: 0, suppressed: 0, reasons: [] },
      sections: {
        evidence: 'configured',
        approvals: 'not configured',
        deviations: 'not configured',
        anomalies: 'configured',
      },
      inputs: [{ path: 'results/unit.xml', sha256: sha256Hex(readFileSync(join(dir, 'results/unit.xml'))) }],
    });
    expect(manifest.tree).toBe(gitIn(dir, ['rev-parse', 'v1.0^{tree}']).trim());
    expect(readFileSync(join(dir, 'packet/approvals.csv'), 'utf8')).toBe(
      'status\nnot configured: approvals (SPEC 9) are not configured at this commit: no approval policy and no approval records\n',
    );
    expect(JSON.parse(readFileSync(join(dir, 'packet/evidence.json'), 'utf8'))).toMatchObject({ configured: true });
    // The report is the check at the commit, ROOT as a repository path.
    const report = JSON.parse(readFileSync(join(dir, 'packet/report.json'), 'utf8')) as {
      root: string;
      summary: { items: number };
    };
    expect(report.root).toBe('.');
    expect(report.summary.items).toBe(4);
  });

  it('fails the gate at a commit with errors (exit 1) and still writes the packet; changes.json is the impact since --previous', async () => {
    const { dir } = repo();
    const out = await runRelease(['--previous', 'v1.0', '--out', 'p'], dir);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toContain('gate: fail (6 errors, 6 warnings, 0 suppressed): 6 error findings\n');
    const manifest = JSON.parse(readFileSync(join(dir, 'p/MANIFEST.json'), 'utf8')) as {
      gate: { verdict: string };
      previous: { ref: string };
    };
    expect(manifest.gate.verdict).toBe('fail');
    expect(manifest.previous.ref).toBe('v1.0');
    const changes = JSON.parse(readFileSync(join(dir, 'p/changes.json'), 'utf8')) as {
      base: { ref: string };
      changed: { id: string; change: string }[];
    };
    expect(changes.base.ref).toBe('v1.0');
    expect(changes.changed.map((c) => `${c.id} ${c.change}`)).toContain('REQ-10 added');
    const html = readFileSync(join(dir, 'p/index.html'), 'utf8');
    expect(html).toContain('<span class="verdict fail">FAIL</span>');
    expect(html).toContain('risk.unacceptable');
  });

  it('is byte-identical when built again in another time zone, locale and working directory', () => {
    const { dir } = repo();
    const a = mkdtempSync(join(tmpdir(), 'ts-cwd-a-'));
    const b = mkdtempSync(join(tmpdir(), 'ts-cwd-b-'));
    const run = (cwd: string, env: Record<string, string>) =>
      spawnSync(
        process.execPath,
        [cli, 'release', dir, '--previous', 'v1.0', '--results', 'results/*.xml', '--out', join(cwd, 'out')],
        { cwd, env: { ...process.env, NODE_OPTIONS: '', ...env }, encoding: 'utf8' },
      );
    expect(run(a, { TZ: 'UTC', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' }).status).toBe(1);
    expect(run(b, { TZ: 'Asia/Kathmandu', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' }).status).toBe(1);
    const first = filesOf(join(a, 'out'));
    const second = filesOf(join(b, 'out'));
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [path, data] of first) expect(second.get(path)!.equals(data), path).toBe(true);
  });

  it('refuses uncommitted changes to items or code unless --allow-dirty, which is recorded', async () => {
    const { dir } = repo();
    writeFileSync(join(dir, 'design/REQ-1.md'), '---\nid: REQ-1\ntitle: Changed\n---\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a design file');
    const refused = await runRelease(['--out', 'p'], dir);
    expect(refused).toEqual({
      stdout: '',
      stderr:
        'tracespine: the working tree has uncommitted changes to design items or code (design/REQ-1.md): commit them, or pass --allow-dirty (recorded in the packet)\n',
      exitCode: 2,
    });
    expect(readdirSync(dir)).not.toContain('p');
    const allowed = await runRelease(['--allow-dirty', '--out', 'p'], dir);
    expect(allowed.exitCode).toBe(1);
    const manifest = JSON.parse(readFileSync(join(dir, 'p/MANIFEST.json'), 'utf8')) as { dirty: unknown };
    expect(manifest.dirty).toEqual({ allowed: true, paths: ['design/REQ-1.md'] });
  });

  it('exit 2 without writing: a non-empty --out, an unknown ref, not a repository, no --out', async () => {
    const { dir } = repo();
    mkdirSync(join(dir, 'full'));
    writeFileSync(join(dir, 'full/keep.txt'), 'mine');
    expect((await runRelease(['--out', 'full'], dir)).stderr).toMatch(/the directory is not empty/);
    expect(readdirSync(join(dir, 'full'))).toEqual(['keep.txt']);
    expect(await runRelease(['--ref', 'v9', '--out', 'x'], dir)).toEqual({
      stdout: '',
      stderr: "tracespine: unknown ref 'v9' (--ref)\n",
      exitCode: 2,
    });
    expect((await runRelease(['--previous', 'nope', '--out', 'x'], dir)).stderr).toBe(
      "tracespine: unknown ref 'nope' (--previous)\n",
    );
    const plain = mkdtempSync(join(tmpdir(), 'ts-norepo-'));
    expect((await runRelease(['--out', 'x'], plain)).stderr).toBe(`tracespine: not a git repository: ${plain}\n`);
    await expect(runRelease([], dir)).rejects.toThrow('--out DIR is required');
    expect(readdirSync(dir)).not.toContain('x');
  });
});

describe('the packet (golden)', () => {
  it('every file of the packet of v1.1 since v1.0, with a result file, is as recorded', async () => {
    const { dir } = repo();
    const out = await runRelease(
      [
        '--ref',
        'v1.1',
        '--previous',
        'v1.0',
        '--results',
        'results/*.xml',
        '--product',
        'Pump',
        '--version',
        '1.1',
        '--out',
        'p',
      ],
      dir,
    );
    expect(out.exitCode).toBe(1);
    const golden = join(fixtures, 'release/expected');
    const files = filesOf(join(dir, 'p'));
    if (process.env.UPDATE_GOLDEN === '1') {
      rmSync(golden, { recursive: true, force: true });
      for (const [path, data] of files) {
        mkdirSync(join(golden, path, '..'), { recursive: true });
        writeFileSync(join(golden, path), data);
      }
    }
    expect([...files.keys()].sort()).toEqual([...filesOf(golden).keys()].sort());
    for (const [path, data] of files)
      expect(data.toString('utf8'), path).toBe(readFileSync(join(golden, path), 'utf8'));
  });
});

describe('tracespine release of a design below the repository top', () => {
  it('records ROOT as a repository path, and verify re-checks it there from anywhere in the repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-release-sub-'));
    cpSync(join(fixtures, 'release/pass'), join(dir, 'product/spine'), { recursive: true });
    writeFileSync(join(dir, 'README.md'), '# not part of the design root\n');
    gitIn(dir, ['init', '-q']);
    gitIn(dir, ['add', '-A']);
    gitIn(dir, ['commit', '-q', '-m', 'design']);
    const out = await runRelease(['product/spine', '--out', 'packet'], dir);
    expect(out.exitCode).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'packet/MANIFEST.json'), 'utf8')) as { root: string };
    expect(manifest.root).toBe('product/spine');
    const report = JSON.parse(readFileSync(join(dir, 'packet/report.json'), 'utf8')) as {
      root: string;
      items: { file: string }[];
    };
    expect(report.root).toBe('product/spine');
    expect(report.items.map((i) => i.file)).toContain('design/REQ-1.md');
    expect((await runRelease(['verify', join(dir, 'packet')], join(dir, 'product'))).exitCode).toBe(0);
  });
});

describe('tracespine release verify', () => {
  async function packet(): Promise<{ dir: string; p: string }> {
    const { dir } = repo();
    expect((await runRelease(['--ref', 'v1.0', '--out', 'p'], dir)).exitCode).toBe(0);
    return { dir, p: join(dir, 'p') };
  }

  it('an intact packet: exit 0', async () => {
    const { dir, p } = await packet();
    const out = await runRelease(['verify', 'p'], dir);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toMatch(
      /^intact: 10 files match their checksums; commit [0-9a-f]{40} yields the same report\n$/,
    );
    // From elsewhere, with the repository named.
    expect((await runRelease(['verify', p, '--repo', dir], tmpdir())).exitCode).toBe(0);
  });

  it('a file changed: exit 1, the file named', async () => {
    const { dir, p } = await packet();
    writeFileSync(
      join(p, 'trace.csv'),
      `${readFileSync(join(p, 'trace.csv'), 'utf8')}REQ-9,requirement,Forged,,,,,ok,\n`,
    );
    const out = await runRelease(['verify', 'p'], dir);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toBe(
      'not intact:\n  trace.csv: checksum differs from SHA256SUMS\n  trace.csv: checksum or size differs from MANIFEST.json\n',
    );
  });

  it('a commit that no longer yields the same report (the checksums made to agree): exit 1', async () => {
    const { dir, p } = await packet();
    // The packet's report is replaced, and MANIFEST.json and SHA256SUMS are rewritten to match it.
    const report = readFileSync(join(p, 'report.json'), 'utf8').replace('"warnings": 0', '"warnings": 3');
    writeFileSync(join(p, 'report.json'), report);
    const manifest = JSON.parse(readFileSync(join(p, 'MANIFEST.json'), 'utf8')) as {
      files: { path: string; sha256: string; bytes: number }[];
    };
    for (const f of manifest.files)
      if (f.path === 'report.json') Object.assign(f, { sha256: sha256Hex(report), bytes: Buffer.byteLength(report) });
    writeFileSync(join(p, 'MANIFEST.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(join(p, 'SHA256SUMS'), sha256sums(filesOf(p)));
    expect(spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: p }).status).toBe(0);
    const out = await runRelease(['verify', 'p'], dir);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toMatch(
      /^not intact:\n {2}report\.json: commit [0-9a-f]{12} no longer yields the same report\n$/,
    );
  });

  it('a file added, a file removed, not a packet', async () => {
    const { dir, p } = await packet();
    writeFileSync(join(p, 'extra.txt'), 'x');
    execFileSync('rm', [join(p, 'changes.json')]);
    const out = await runRelease(['verify', 'p'], dir);
    expect(out.stdout).toBe('not intact:\n  changes.json: missing\n  extra.txt: not listed in MANIFEST.json\n');
    expect((await runRelease(['verify', 'design'], dir)).exitCode).toBe(2);
  });
});
