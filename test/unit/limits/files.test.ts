import { spawnSync } from 'node:child_process';
import { rmSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { checkWorkspace } from '../../../src/core/engine';
import { MemoryHost } from '../memoryHost';
import { REPO, removeBuild } from '../server/lspClient';
import { runCli, workspace } from './bounded';

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

describe('files that exhaust memory or block', () => {
  it('a 3 GB sparse .md is skipped by its size, not read whole, and reported where it is', async () => {
    const root = ws({ 'UN-1.md': '---\nid: UN-1\ntitle: n\n---\n', 'design/big.md': '' });
    truncateSync(join(root, 'design/big.md'), 3 * 1024 ** 3); // sparse: no disk used
    const run = await runCli(['check'], { timeoutMs: 50_000, cwd: root });
    expect(run.timedOut).toBe(false);
    expect(run.stdout.split('\n')).toContain(
      `design/big.md:1:1: error file.unreadable File not read (larger than 16 MiB (3072.0 MiB); skipped): its design items and links are not checked`,
    );
    expect(run.status).toBe(1);
    expect(run.rssMiB).toBeLessThan(300);
  });

  it('a file replaced by a FIFO between listing and reading is skipped, not waited for', () => {
    const root = ws({ 'UN-1.md': '---\nid: UN-1\ntitle: n\n---\n' });
    // Listed as a regular file, then swapped for a FIFO nobody writes to: a blocking open would wait forever.
    const script = join(root, 'race.js');
    esbuild.buildSync({
      stdin: {
        contents: `import { rmSync } from 'node:fs';
          import { execFileSync } from 'node:child_process';
          import { NodeFsHost } from './src/node/fsHost';
          const root = process.argv[2];
          const host = new NodeFsHost(root);
          host.listFiles((p) => p.endsWith('.md'), () => false).then(async ({ files }) => {
            rmSync(root + '/UN-1.md');
            execFileSync('mkfifo', [root + '/UN-1.md']);
            for await (const batch of host.readFiles(files)) console.log(JSON.stringify(batch));
          });`,
        resolveDir: REPO,
        loader: 'ts',
      },
      outfile: script,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      logLevel: 'warning',
    });
    const r = spawnSync(process.execPath, [script, root], { timeout: 20_000, encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(r.stdout).toBe(`${JSON.stringify([{ notice: 'not a regular file; skipped' }])}\n`);
  });

  it('140,000 notices do not overflow the stack', async () => {
    const host = new MemoryHost({ 'UN-1.md': '---\nid: UN-1\ntitle: n\n---\n' });
    const list = host.listFiles.bind(host);
    host.listFiles = async (wanted, skipDir) => {
      const listed = await list(wanted, skipDir);
      return {
        files: listed.files,
        notices: Array.from({ length: 140_000 }, (_, i) => ({
          file: `links/L${i}.md`,
          message: 'symbolic link; not followed',
        })),
      };
    };
    const r = await checkWorkspace(host);
    expect(r.notices.length).toBe(140_000);
    expect(r.summary.items).toBe(1);
  });
});
