/**
 * The README's editor setups (docs/editors.md), driven in the editors themselves on a copy of
 * the example: Neovim's built-in client (scripts/editors/nvim-check.sh) and Emacs Eglot, both
 * with its own file watcher in a terminal and with the server's watcher in batch mode
 * (scripts/editors/eglot-check.sh). Each script prints one `ok` line per check and exits
 * non-zero at the first failure; scripts/test-machine.mjs installs the editors.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const repo = join(__dirname, '..', '..');

function run(script: string): { status: number | null; out: string } {
  const r = spawnSync('sh', [join(repo, 'scripts', 'editors', script)], { encoding: 'utf8', timeout: 240_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const oks = (out: string): string[] =>
  out
    .split('\n')
    .filter((l) => l.startsWith('ok   '))
    .map((l) => l.slice(5).replace(/:.*/, ''));

beforeAll(() => {
  if (!existsSync(join(repo, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run npm run build first');
});

describe('editor setups, in the editors', () => {
  it('Neovim: diagnostics, rename with the file rename, Markdown hover, a file changed on disk', () => {
    const { status, out } = run('nvim-check.sh');
    expect(out).not.toMatch(/^FAIL/m);
    expect(status, out).toBe(0);
    expect(oks(out)).toEqual(['diagnostics', 'rename', 'hover', 'watched']);
  }, 240_000);

  it('Emacs Eglot: diagnostics in Flymake, plain-text hover, rename, a file changed on disk (both watchers)', () => {
    const { status, out } = run('eglot-check.sh');
    expect(out).not.toMatch(/^FAIL/m);
    expect(status, out).toBe(0);
    const once = ['server', 'diagnostics', 'hover', 'rename', 'watched'];
    expect(oks(out)).toEqual([...once, ...once]);
  }, 240_000);
});
