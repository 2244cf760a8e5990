import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GIT_ENV } from './impact/repo';

const repo = resolve(__dirname, '../..');
const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'ts-package-')));
const project = join(scratch, 'project');
const bin = join(project, 'node_modules', '.bin', 'tracespine');
const env = {
  ...process.env,
  ...GIT_ENV,
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};

function run(cmd: string, args: string[], cwd = project): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** One LSP message framed with its Content-Length header. */
function frame(message: unknown): string {
  const body = JSON.stringify(message);
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

beforeAll(() => {
  if (!existsSync(join(repo, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run npm run build first');
  // The bundles are those `npm test` built; --ignore-scripts keeps the pack from rebuilding
  // them under the other tests' feet (the prepare script is checked below instead).
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', scratch], {
    cwd: repo,
    env,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop()!;
  cpSync(join(repo, 'examples', 'infusion-pump'), project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'pump', private: true }) + '\n');
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: project, env });
  execFileSync('git', ['add', '-A'], { cwd: project, env });
  execFileSync('git', ['commit', '-qm', 'design'], { cwd: project, env });
  const install = run('npm', ['install', '--offline', '--save-dev', join(scratch, packed)]);
  if (install.status !== 0) throw new Error(`npm install of the tarball failed:\n${install.stderr}`);
}, 180_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the packed tarball, installed into another repository', () => {
  it('builds on pack and when installed from git (prepare), and carries no dependencies', () => {
    const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect((manifest.scripts as Record<string, string>).prepare).toBe('node esbuild.mjs');
    expect(manifest.private).toBeUndefined();
    expect(manifest.bin).toEqual({ tracespine: 'bin/tracespine.js' });
    expect(manifest.dependencies).toBeUndefined();
    // npm installed the package alone: the bundles hold every library.
    expect(readdirSync(join(project, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual(['tracespine']);
  });

  it('runs tracespine check', () => {
    const r = run(bin, ['check', '.', '--format', 'json']);
    expect(r.status).toBe(1); // the example's deliberate errors
    const report = JSON.parse(r.stdout) as { summary: { items: number; errors: number; warnings: number } };
    expect(report.summary).toMatchObject({ items: 62, errors: 2, warnings: 7 });
  });

  it('runs tracespine impact on a branch', () => {
    execFileSync('git', ['checkout', '-qb', 'feature'], { cwd: project, env });
    const file = join(project, 'design', 'requirements', 'REQ-001.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n$/, '\nOne more sentence.\n'));
    const r = run(bin, ['impact', '--base', 'main', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const impact = JSON.parse(r.stdout) as { changed: { id: string; change: string }[] };
    expect(impact.changed).toEqual([expect.objectContaining({ id: 'REQ-001', change: 'modified' })]);
  });

  it('runs tracespine lsp --stdio: initialize, shutdown, exit', async () => {
    const child = spawn(bin, ['lsp', '--stdio'], { cwd: project, env });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((done) => child.on('exit', done));
    const rootUri = `file://${project}`;
    child.stdin.write(
      frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri, capabilities: {} } }),
    );
    child.stdin.write(frame({ jsonrpc: '2.0', method: 'initialized', params: {} }));
    child.stdin.write(frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' }));
    const timer = setTimeout(() => child.kill(), 30_000);
    // exit only once shutdown is answered, as the LSP lifecycle asks of a client
    while (!out.includes('"id":2,"result":null')) await new Promise((r) => setTimeout(r, 50));
    child.stdin.write(frame({ jsonrpc: '2.0', method: 'exit' }));
    expect(await exited).toBe(0);
    clearTimeout(timer);
    expect(out).toMatch(/"id":1,"result":\{"capabilities":/);
    expect(out).toContain('"id":2,"result":null');
  }, 60_000);
});
