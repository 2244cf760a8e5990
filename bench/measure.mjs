// Runs a command several times and reports wall-time median and peak RSS (from /proc via
// process.resourceUsage of the child, read by `node --expose-gc`-free means: wait4 rusage).
import { spawnSync } from 'node:child_process';

/** Runs `node args` `runs` times; returns { medianMs, p95Ms, peakRssMiB, runs: [...] }. */
export function measureNode(args, runs = 5, env = {}) {
  return measureTogether([args], runs, env)[0];
}

/**
 * Runs each `node args` of `commands` `runs` times, taking turns (A B C A B C ...), so that
 * a slow spell of the machine falls on all of them alike; one result per command.
 */
export function measureTogether(commands, runs = 5, env = {}) {
  const results = commands.map(() => ({ times: [], peak: 0 }));
  for (let i = 0; i < runs; i++) {
    commands.forEach((args, c) => results[c].times.push(runOnce(args, env, results[c])));
  }
  return results.map(({ times, peak }) => ({
    medianMs: median(times),
    p95Ms: percentile(times, 0.95),
    peakRssMiB: peak,
    times,
  }));
}

/** One run of `node args` (via the RSS wrapper): its wall time in ms; its peak RSS goes into `result.peak`. */
function runOnce(args, env, result) {
  const t0 = process.hrtime.bigint();
  // /usr/bin/time would be an extra OS package; GNU time's %M is read via a tiny wrapper instead.
  // No V8 flags: Node runs as a user runs it (a flag would also make V8 refuse the CLI's code cache).
  const r = spawnSync(process.execPath, [new URL('./rss-wrapper.cjs', import.meta.url).pathname, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  const m = /__RSS_KB=(\d+)/.exec(r.stderr);
  if (m) result.peak = Math.max(result.peak, Number(m[1]) / 1024);
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  return ms;
}

export function median(xs) {
  return percentile(xs, 0.5);
}

export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1));
  return p === 0.5 && s.length % 2 === 0 ? (s[s.length / 2 - 1] + s[s.length / 2]) / 2 : s[i];
}
