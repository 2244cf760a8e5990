import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { checkWorkspace } from '../core/engine';
import { DEFAULT_EVIDENCE } from '../core/config/defaults';
import { readJUnit, type JUnitReport } from '../core/evidence/junit';
import { caseLabel, mapReport } from '../core/evidence/state';
import {
  RUN_RECORD_SCHEMA,
  serializeRunRecord,
  type RecordedCase,
  type RecordedItem,
  type RunRecord,
} from '../core/evidence/runRecord';
import { sha256OfText } from '../core/graph/fingerprint';
import { NodeFsHost, readTextFile } from '../node/fsHost';
import { gitOrUndefined } from '../node/git';
import { parseArgs, UsageError } from './args';
import type { CommandOutput } from './check';

export const EVIDENCE_HELP = `Usage: tracespine evidence record FILE... [--run-id ID] [--root ROOT] [--config FILE]

Records a test run: the JUnit XML reports FILE..., bound to the current commit and to the
fingerprint of every item each case maps to, as one JSON file in evidence.records (default
.tracespine/evidence/ID.json). A result whose items changed since is stale. Deterministic
(the same reports at the same commit give the same bytes); never overwrites a record.

Options:
  --run-id ID     the run's name (letters, digits, '.', '_', '-'; default: derived from the
                  reports and the commit)
  --root ROOT     the workspace (default: the current directory)
  --config FILE   configuration file (default: ROOT/tracespine.yaml)
  -h, --help      show this help

Exit codes: 0 written (or already recorded, byte for byte), 2 usage error, a report that is
not JUnit XML, not a git repository, invalid configuration, or a different record of that ID.
`;

export async function runEvidence(argv: readonly string[], cwd = process.cwd()): Promise<CommandOutput> {
  const args = parseArgs(argv, { 'run-id': 'value', root: 'value', config: 'value', help: 'flag', h: 'flag' });
  if (args.options.has('help') || args.options.has('h')) return { stdout: EVIDENCE_HELP, stderr: '', exitCode: 0 };
  const [sub, ...files] = args.positional;
  if (sub !== 'record')
    throw new UsageError(sub === undefined ? 'expected a subcommand: record' : `unknown evidence subcommand '${sub}'`);
  if (files.length === 0) throw new UsageError('evidence record needs at least one JUnit XML FILE');
  const runId = args.options.get('run-id');
  if (runId === true || (runId !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(runId))) {
    throw new UsageError("--run-id must be letters, digits, '.', '_' or '-' (starting with a letter or digit)");
  }
  const rootOpt = args.options.get('root');
  if (rootOpt === true) throw new UsageError("option '--root' needs a value");
  const root = resolve(cwd, rootOpt ?? '.');
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new UsageError(`ROOT '${rootOpt ?? '.'}' is not a directory`);

  const configOpt = args.options.get('config');
  let configText: string | undefined;
  if (typeof configOpt === 'string') {
    const read = readTextFile(resolve(cwd, configOpt));
    if (read.text === undefined) throw new UsageError(`--config ${configOpt}: ${read.notice}`);
    configText = read.text;
  }
  const host = new NodeFsHost(root);
  const result = await checkWorkspace(host, configText !== undefined ? { configText } : {});
  host.dispose();
  if (result.configInvalid) {
    const f = result.findings[0]!;
    return { stdout: '', stderr: `tracespine: ${f.file}:${f.range.start.line + 1}: ${f.message}\n`, exitCode: 2 };
  }
  const properties = result.config.evidence?.properties ?? DEFAULT_EVIDENCE.properties;
  const recordsDir = result.config.evidence?.records ?? DEFAULT_EVIDENCE.records;

  const commit = (await gitOrUndefined(root, ['rev-parse', 'HEAD']))?.trim();
  if (!commit)
    return {
      stdout: '',
      stderr: `tracespine: ${root} is not in a git repository with a commit: a run record is bound to one\n`,
      exitCode: 2,
    };

  const reports: { report: JUnitReport; sha256: string }[] = [];
  for (const f of [...new Set(files.map((x) => resolve(cwd, x)))].sort()) {
    const read = readTextFile(f);
    if (read.text === undefined) throw new UsageError(`${f}: ${read.notice}`);
    const rel = relative(root, f).split(sep).join('/');
    const report = readJUnit(rel, read.text, properties);
    if (report.error) {
      const at = report.error.range.start;
      return {
        stdout: '',
        stderr: `tracespine: ${rel}:${at.line + 1}:${at.character + 1}: ${report.error.message}\n`,
        exitCode: 2,
      };
    }
    reports.push({ report, sha256: sha256OfText(read.text) });
  }

  const cases: RecordedCase[] = [];
  for (const { report } of reports) {
    for (const { c, items } of mapReport(result.index, report)) {
      const recorded: Record<string, RecordedItem> = {};
      for (const [id, via] of items) recorded[id] = { fingerprint: result.index.resolve(id)!.fingerprint, via };
      cases.push({
        report: report.file,
        name: c.name,
        classname: c.classname,
        line: c.range.start.line + 1,
        outcome: c.outcome,
        ...(c.message !== undefined ? { message: c.message } : {}),
        items: recorded,
      });
    }
  }
  const stamps = reports
    .map((r) => r.report.timestamp)
    .filter((t): t is string => t !== undefined)
    .sort();
  const time = stamps[0] ?? (await gitOrUndefined(root, ['show', '-s', '--format=%cI', commit]))?.trim() ?? '';
  const digest = sha256OfText([commit, ...reports.map((r) => `${r.report.file}\u0000${r.sha256}`)].join('\n')).slice(
    0,
    12,
  );
  const run = runId ?? `run-${digest}`;
  const record: RunRecord = {
    schema: RUN_RECORD_SCHEMA,
    run,
    commit,
    time,
    reports: reports.map((r) => ({ path: r.report.file, sha256: r.sha256 })),
    cases,
  };
  const text = serializeRunRecord(record);
  const target = resolve(root, recordsDir, `${run}.json`);
  const shown = relative(cwd, target).split(sep).join('/') || target;
  if (existsSync(target)) {
    if (readFileSync(target, 'utf8') === text)
      return { stdout: `already recorded: ${shown} (identical)\n`, stderr: '', exitCode: 0 };
    return {
      stdout: '',
      stderr: `tracespine: ${shown} exists and differs: a run record is never overwritten (choose another --run-id)\n`,
      exitCode: 2,
    };
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text, { flag: 'wx' });
  const n = { passed: 0, failed: 0, skipped: 0 };
  for (const c of cases) n[c.outcome]++;
  const unmapped = cases.filter((c) => Object.keys(c.items).length === 0).map((c) => caseLabel(c));
  const lines = [
    `wrote ${shown}: run ${run} at commit ${commit.slice(0, 12)}, ${time}`,
    `  ${reports.length} report${reports.length === 1 ? '' : 's'}, ${cases.length} cases: ${n.passed} passed, ${n.failed} failed, ${n.skipped} skipped`,
    ...(unmapped.length > 0 ? [`  ${unmapped.length} case${unmapped.length === 1 ? '' : 's'} name no item`] : []),
  ];
  return { stdout: `${lines.join('\n')}\n`, stderr: '', exitCode: 0 };
}
