import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const script = resolve(__dirname, '../../scripts/test-machine.mjs');

/** A PATH with the given tools only (links to the machine's own), readable by any user. */
function pathWith(tools: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ts-path-'));
  chmodSync(dir, 0o755);
  for (const tool of tools) {
    const real = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (real) symlinkSync(real, join(dir, tool));
  }
  return dir;
}

describe('npm test prepares the machine (scripts/test-machine.mjs)', () => {
  it('--check lists nothing on this machine, which has every package', () => {
    const r = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });

  it('without root or sudo it stops at once with the one command to run', () => {
    // ripgrep and sudo are left out of PATH; the user is nobody.
    const path = pathWith([
      'sh',
      'make',
      'g++',
      'python3',
      'git',
      'tar',
      'pkg-config',
      'apt-get',
      'ssh-keygen',
      'xmllint',
      'nvim',
      'emacs',
      'script',
    ]);
    const t = Date.now();
    const r = spawnSync(
      '/usr/bin/setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, script],
      {
        encoding: 'utf8',
        env: { PATH: path, HOME: '/' },
        timeout: 20_000,
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('ripgrep (code-server search)');
    // (python3 may be reported too where it lives under /root, out of nobody's reach.)
    expect(r.stderr).toMatch(/\nrun as root:\n {2}apt-get update && apt-get install -y ripgrep( python3)?\n$/);
    expect(Date.now() - t).toBeLessThan(10_000);
  });

  it('--check names every missing package and exits 1', () => {
    const path = pathWith(['sh', 'make', 'g++', 'python3', 'tar']);
    const r = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8', env: { PATH: path } });
    expect(r.status).toBe(1);
    // (Eglot is found by its install path, not on PATH: listed only where Debian's package is missing.)
    expect(r.stdout).toMatch(
      /run as root:\n {2}apt-get update && apt-get install -y ripgrep pkg-config git openssh-client libxml2-utils neovim emacs-nox( elpa-eglot)? bsdutils\n/,
    );
  });
});
