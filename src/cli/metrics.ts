import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatMetricsJson } from '../core/metrics/metrics';
import { formatMetricsHtml, formatMetricsMarkdown } from '../core/metrics/page';
import { GitError } from '../node/git';
import { metricsHistory } from '../node/metricsHistory';
import { oneOf, parseArgs, UsageError } from './args';
import type { CommandOutput } from './check';

export const METRICS_HELP = `Usage: tracespine metrics [ROOT] [--since REF] [--tags] [--format json|markdown|html]

Figures of the design over its git history (SPEC section 12), one point per commit of the
first-parent history that changed design items, code tags or tracespine.yaml (or, with
--tags, per tagged commit), oldest first: items per kind, coverage per rule, errors and
warnings, open and unevaluated anomalies, approvals missing or stale (from the approval
records of each commit) and deviations in force or expiring within 30 days of the commit's
date (null for a commit whose tracespine.yaml is invalid). Reads history through git only: never
checks out, never writes a file. Deterministic.

Options:
  --since REF         only commits after REF (its tree is the starting state)
  --tags              one point per tagged commit
  --format FORMAT     json (default), markdown (a CI job summary) or html (one self-contained page with charts)
  -h, --help          show this help

Exit codes: 0 success (metrics inform, they do not gate), 2 usage error, not a git
repository, unknown ref or internal error.
`;

const FORMATS = ['json', 'markdown', 'html'] as const;

export async function runMetrics(argv: readonly string[], cwd = process.cwd()): Promise<CommandOutput> {
  const args = parseArgs(argv, { since: 'value', tags: 'flag', format: 'value', help: 'flag', h: 'flag' });
  if (args.options.has('help') || args.options.has('h')) return { stdout: METRICS_HELP, stderr: '', exitCode: 0 };
  if (args.positional.length > 1) throw new UsageError(`expected at most one ROOT, got ${args.positional.length}`);
  const format = oneOf(args.options.get('format'), FORMATS, 'format', 'json');
  const since = args.options.get('since');
  if (since === true || (since !== undefined && (since === '' || since.startsWith('-'))))
    throw new UsageError('--since needs a commit, branch or tag');
  const root = resolve(cwd, args.positional[0] ?? '.');
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new UsageError(`ROOT '${args.positional[0] ?? '.'}' is not a directory`);
  let result;
  try {
    result = await metricsHistory(root, { ...(since !== undefined ? { since } : {}), tags: args.options.has('tags') });
  } catch (e) {
    if (e instanceof GitError) return { stdout: '', stderr: `tracespine metrics: ${e.message}\n`, exitCode: 2 };
    throw e;
  }
  const stdout =
    format === 'markdown'
      ? formatMetricsMarkdown(result.report)
      : format === 'html'
        ? formatMetricsHtml(result.report, result.details)
        : formatMetricsJson(result.report);
  return { stdout, stderr: '', exitCode: 0 };
}
