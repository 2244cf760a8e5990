import { existsSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { checkWorkspace, type CheckResult } from '../core/engine';
import type { SignatureVerifier } from '../core/approvals/state';
import { isDate } from '../core/approvals/deviations';
import { NodeFsHost, readTextFile } from '../node/fsHost';
import { bundledReadWorker } from '../node/readAhead';
import { oneOf, parseArgs, UsageError } from './args';
import { formatGithub } from './format/github';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { noticeLines } from './format/paths';

export const CHECK_HELP = `Usage: tracespine check [ROOT] [--format text|json|sarif|github] [--config FILE] [--max-warnings N]
                        [--results GLOB] [--as-of DATE]

Validates every design item and code tag below ROOT (default: the current directory)
against tracespine.yaml (or the defaults). Never writes a file.

Options:
  --format FORMAT     text (default), json, sarif (2.1.0) or github (Actions annotations)
  --config FILE       configuration file (default: ROOT/tracespine.yaml)
  --max-warnings N    fail (exit 1) when there are more than N warnings
  --as-of DATE        judge deviations' expiry on DATE, YYYY-MM-DD (default: today, UTC)
  --results GLOB      JUnit XML test results (replaces evidence.results; may be given several times)
  -h, --help          show this help

Exit codes: 0 passed, 1 errors (or too many warnings), 2 usage, configuration or internal error.
`;

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;

export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export async function runCheck(argv: readonly string[], cwd = process.cwd()): Promise<CommandOutput> {
  const results = takeAll(argv, 'results');
  const args = parseArgs(results.rest, {
    format: 'value',
    config: 'value',
    'max-warnings': 'value',
    'as-of': 'value',
    help: 'flag',
    h: 'flag',
  });
  if (args.options.has('help') || args.options.has('h')) return { stdout: CHECK_HELP, stderr: '', exitCode: 0 };
  if (args.positional.length > 1) throw new UsageError(`expected at most one ROOT, got ${args.positional.length}`);
  const format = oneOf(args.options.get('format'), FORMATS, 'format', 'text');
  const maxRaw = args.options.get('max-warnings');
  let maxWarnings: number | undefined;
  if (maxRaw !== undefined) {
    if (maxRaw === true || !/^\d+$/.test(maxRaw))
      throw new UsageError('--max-warnings must be a whole number (0 or more)');
    maxWarnings = Number(maxRaw);
  }
  const asOf = args.options.get('as-of');
  if (asOf !== undefined && (asOf === true || !isDate(asOf)))
    throw new UsageError('--as-of must be a date, YYYY-MM-DD');
  const root = resolve(cwd, args.positional[0] ?? '.');
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new UsageError(`ROOT '${args.positional[0] ?? '.'}' is not a directory`);

  const host = new NodeFsHost(root, { readWorker: bundledReadWorker() });
  host.prepareToReadAll(); // boots while the configuration is read and the files are listed
  try {
    return await checkWith(host, root, format, maxWarnings, args.options.get('config'), cwd, asOf, results.values);
  } finally {
    host.dispose();
  }
}

async function checkWith(
  host: NodeFsHost,
  root: string,
  format: (typeof FORMATS)[number],
  maxWarnings: number | undefined,
  configOption: string | true | undefined,
  cwd: string,
  asOf?: string,
  results?: string[],
): Promise<CommandOutput> {
  let configFile: string | undefined;
  let configText: string | null | undefined;
  let configUnreadable: string | undefined;
  let configNotice: string | undefined;
  if (typeof configOption === 'string') {
    const abs = resolve(cwd, configOption);
    const read = readTextFile(abs);
    // A file that is not there is a mistyped option; one that is there but unreadable is an invalid policy.
    if (read.text === undefined && read.missing) throw new UsageError(`--config ${configOption}: ${read.notice}`);
    if (read.text === undefined) configUnreadable = read.notice;
    else configText = read.text;
    if (read.notice !== undefined && read.text !== undefined) configNotice = read.notice;
    const rel = relative(root, abs);
    configFile = rel.startsWith('..') ? abs : rel.split(sep).join('/');
  }
  const result = await checkWorkspace(host, {
    verifier: lazyVerifier(root),
    ...(asOf ? { asOf } : {}),
    ...(configFile ? { configFile } : {}),
    ...(configText !== undefined ? { configText } : {}),
    ...(configUnreadable !== undefined ? { configUnreadable } : {}),
    ...(results ? { results: results.map((g) => toRootGlob(root, cwd, g)) } : {}),
  });
  const notices =
    configNotice !== undefined && configFile
      ? [{ file: configFile, message: configNotice }, ...result.notices]
      : result.notices;
  const stdout = render(result, root, format, cwd);
  const stderr = noticeLines(notices, root, cwd);
  return { stdout, stderr, exitCode: exitCode(result, maxWarnings) };
}

function render(result: CheckResult, root: string, format: (typeof FORMATS)[number], cwd: string): string {
  switch (format) {
    case 'json':
      return formatJson(result, root);
    case 'sarif':
      return formatSarif(result, root, cwd);
    case 'github':
      return formatGithub(result, root, cwd);
    default:
      return formatText(result, root, cwd);
  }
}

/** ESLint's convention: 2 when the gate cannot be evaluated, 1 when it fails, else 0. */
export function exitCode(result: CheckResult, maxWarnings?: number): number {
  if (result.configInvalid) return 2;
  if (result.summary.errors > 0) return 1;
  if (maxWarnings !== undefined && result.summary.warnings > maxWarnings) return 1;
  return 0;
}

/** ssh-keygen's verifier, loaded only when a signed record is checked (a check starts without child processes). */
function lazyVerifier(root: string): SignatureVerifier {
  return { verify: async (request) => (await import('../node/approvals')).sshVerifier(root).verify(request) };
}

/** Every `--NAME V` / `--NAME=V` of argv (an option that may repeat), and the rest; undefined values when there is none. */
export function takeAll(argv: readonly string[], name: string): { values: string[] | undefined; rest: string[] } {
  const values: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (a === `--${name}`) {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`option '--${name}' needs a value`);
      values.push(v);
    } else if (a.startsWith(`--${name}=`)) values.push(a.slice(name.length + 3));
    else rest.push(a);
  }
  return { values: values.length > 0 ? values : undefined, rest };
}

/** A --results glob as the workspace sees it: relative to ROOT, `/` separators (given relative to the current directory). */
export function toRootGlob(root: string, cwd: string, glob: string): string {
  const abs = resolve(cwd, glob);
  const rel = relative(root, abs).split(sep).join('/');
  return rel.startsWith('..') ? glob : rel;
}
