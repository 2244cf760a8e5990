/**
 * Runs the bundled CLI (buildServer's launcher) in a child process bounded in time and
 * memory, and reports how long it took and its peak resident set size: a reproducer that
 * would hang or exhaust memory fails its test instead of taking the test run with it.
 * Bounds are asserted on CPU time: the machine may be shared, and wall time is not the code's.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildServer, REPO } from '../server/lspClient';

export interface BoundedRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** CPU time (user and system) of the child, in milliseconds. */
  readonly cpuMs: number;
  /** Peak resident set size of the child, in MiB. */
  readonly rssMiB: number;
  /** True when the child was killed at the time limit. */
  readonly timedOut: boolean;
}

export async function runCli(
  args: readonly string[],
  options: { timeoutMs: number; cwd?: string; heapMiB?: number },
): Promise<BoundedRun> {
  const dir = await buildServer();
  const started = Date.now();
  const r = spawnSync(
    process.execPath,
    [
      `--max-old-space-size=${options.heapMiB ?? 512}`,
      join(__dirname, 'usage.cjs'),
      join(dir, 'tracespine.js'),
      ...args,
    ],
    { cwd: options.cwd ?? REPO, timeout: options.timeoutMs, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 },
  );
  const ms = Date.now() - started;
  const usage = /__USAGE=(\d+),(\d+)\n/.exec(r.stderr ?? '');
  return {
    status: r.status,
    stdout: r.stdout ?? '',
    stderr: (r.stderr ?? '').replace(/__USAGE=\d+,\d+\n/, ''),
    ms,
    cpuMs: usage ? Number(usage[2]) : Number.NaN,
    rssMiB: usage ? Number(usage[1]) / 1024 : Number.NaN,
    timedOut: r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT',
  };
}

/** A fresh workspace holding `files` (path -> text). */
export function workspace(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'tracespine-limits-')));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
