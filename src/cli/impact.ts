import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../core/config/load';
import type { TraceConfig } from '../core/config/types';
import { impactEdges } from '../core/impact/edges';
import { formatImpactJson, formatImpactMarkdown, formatImpactText, impactMermaid } from '../core/impact/format';
import { NodeFsHost, readTextFile } from '../node/fsHost';
import { analyzeImpact, ImpactError, type ImpactAnalysis } from '../node/impact';
import { oneOf, parseArgs, UsageError } from './args';
import type { CommandOutput } from './check';
import { displayPath, noticeLines } from './format/paths';
import {
  changeClassMarkdown,
  changeClassText,
  classifyChange,
  type ChangeClassification,
} from '../core/approvals/changes';
import { evaluateApprovals, readApprovalRecords, verifyRecords } from '../core/approvals/state';
import type { ImpactReport } from '../core/impact/types';
import { gitCommitHost, sshVerifier } from '../node/approvals';

export const IMPACT_HELP = `Usage: tracespine impact [ROOT] [--base REF] [--head REF] [--format text|json|markdown|mermaid] [--config FILE] [--gate]

Compares the design items and code tags of ROOT (default: the current directory, inside a
git repository) at the merge base of --base and --head with --head, and lists what changed,
what depends on it (to re-review) and what it links to (to re-check). Reads the base through
git; never writes a file, never touches the working tree or the index.

Options:
  --base REF          base branch or commit (default: the upstream branch, else main, master,
                      origin/main, origin/master)
  --head REF          commit to compare (default: the working tree, uncommitted changes included)
  --format FORMAT     text (default), json, markdown (a pull-request comment) or mermaid (the graph)
  --config FILE       configuration file for both sides (default: tracespine.yaml of the head side)
  --gate              exit 1 while the change class (tracespine.yaml 'changes') still lacks
                      approvals of the changed items' current text
  -h, --help          show this help

Exit codes: 0 success (without --gate impact informs, it does not gate), 1 with --gate:
approvals missing, 2 usage error, not a git repository, unknown ref, invalid configuration
or internal error.
`;

const FORMATS = ['text', 'json', 'markdown', 'mermaid'] as const;

export async function runImpact(argv: readonly string[], cwd = process.cwd()): Promise<CommandOutput> {
  const args = parseArgs(argv, {
    base: 'value',
    head: 'value',
    format: 'value',
    config: 'value',
    gate: 'flag',
    help: 'flag',
    h: 'flag',
  });
  if (args.options.has('help') || args.options.has('h')) return { stdout: IMPACT_HELP, stderr: '', exitCode: 0 };
  if (args.positional.length > 1) throw new UsageError(`expected at most one ROOT, got ${args.positional.length}`);
  const format = oneOf(args.options.get('format'), FORMATS, 'format', 'text');
  const base = refOption(args.options.get('base'), 'base');
  const head = refOption(args.options.get('head'), 'head');
  const root = resolve(cwd, args.positional[0] ?? '.');
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new UsageError(`ROOT '${args.positional[0] ?? '.'}' is not a directory`);

  let config: TraceConfig | undefined;
  const configOption = args.options.get('config');
  if (typeof configOption === 'string') {
    const read = readTextFile(resolve(cwd, configOption));
    if (read.text === undefined) throw new UsageError(`--config ${configOption}: ${read.notice}`);
    const loaded = loadConfig(read.text, configOption);
    const first = loaded.findings[0];
    if (first)
      return fail(
        `${configOption}:${first.range.start.line + 1}:${first.range.start.character + 1}: invalid configuration: ${first.message} (run 'tracespine check' for every problem)`,
      );
    config = loaded.config;
  }

  let analysis: ImpactAnalysis;
  try {
    analysis = await analyzeImpact({
      root,
      ...(base !== undefined ? { base } : {}),
      ...(head !== undefined ? { head } : {}),
      ...(config ? { config } : {}),
    });
  } catch (e) {
    if (e instanceof ImpactError) return fail(e.message);
    throw e;
  }
  const stderr = noticeLines(analysis.notices, root, cwd);
  const change = analysis.config.changes.length > 0 ? await changeControl(analysis, root, head) : undefined;
  const stdout = change
    ? withChangeClass(render(analysis, format, root, cwd), format, analysis, change)
    : render(analysis, format, root, cwd);
  return { stdout, stderr, exitCode: args.options.has('gate') && change && change.pending.length > 0 ? 1 : 0 };
}

/** The change class of the branch and the approvals it still needs, from the head side's records. */
async function changeControl(
  analysis: ImpactAnalysis,
  root: string,
  head: string | undefined,
): Promise<ChangeClassification> {
  const approvals = analysis.config.approvals;
  const host = head !== undefined ? gitCommitHost(root, head) : new NodeFsHost(root);
  const records = await readApprovalRecords(host, approvals);
  const states = evaluateApprovals(
    analysis.headIndex,
    records,
    await verifyRecords(records, approvals, sshVerifier(root)),
  ).states;
  return classifyChange(analysis.config, analysis.report, analysis.baseIndex, analysis.headIndex, states);
}

function withChangeClass(
  out: string,
  format: (typeof FORMATS)[number],
  analysis: ImpactAnalysis,
  c: ChangeClassification,
): string {
  switch (format) {
    case 'json': {
      const change = { class: c.class, kinds: c.kinds, severity: c.severity, require: c.require, pending: c.pending };
      return formatImpactJson({ ...analysis.report, class: c.class, changeControl: change } as ImpactReport);
    }
    case 'markdown': {
      const [title, blank, ...rest] = out.split('\n');
      return [title, blank, ...changeClassMarkdown(c), ...rest].join('\n');
    }
    case 'mermaid':
      return out;
    default:
      return `${out}\n${changeClassText(c).join('\n')}\n`;
  }
}

function render(analysis: ImpactAnalysis, format: (typeof FORMATS)[number], root: string, cwd: string): string {
  const { report, baseIndex, headIndex } = analysis;
  switch (format) {
    case 'json':
      return formatImpactJson(report);
    case 'markdown':
      return formatImpactMarkdown(report, impactEdges(baseIndex, headIndex, report));
    case 'mermaid':
      return impactMermaid(report, impactEdges(baseIndex, headIndex, report));
    default:
      return formatImpactText(report, { path: (file) => displayPath(root, file, cwd) });
  }
}

function refOption(value: string | true | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (value === true || value === '') throw new UsageError(`--${name} needs a ref (a branch, tag or commit)`);
  return value;
}

function fail(message: string): CommandOutput {
  return { stdout: '', stderr: `tracespine: ${message}\n`, exitCode: 2 };
}
