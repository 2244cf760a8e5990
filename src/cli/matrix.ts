import { toRootGlob } from './check';
import { releaseInputsOf } from '../core/release/fromCheck';
import { checkWorkspace } from '../core/engine';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildIndex, readConfig } from '../core/engine';
import { MATRIX_VIEWS } from '../core/matrix/matrix';
import type { TraceIndex } from '../core/traceIndex';
import type { ReleaseInputs } from '../core/release/inputs';
import { NodeFsHost } from '../node/fsHost';
import { bundledReadWorker } from '../node/readAhead';
import { MATRIX_FORMATS, renderMatrix } from '../node/matrix/render';
import { oneOf, parseArgs, UsageError } from './args';
import type { CommandOutput } from './check';
import { displayPath } from './format/paths';

export const MATRIX_HELP = `Usage: tracespine matrix [ROOT] [--view links|requirements|hazards|needs] [--format csv|markdown|html|json|xlsx] [--results GLOB] [--out FILE]

Writes the traceability matrix of the design items and code tags below ROOT (default: the
current directory): one row per link and code tag, and one gap row per unmet required-link or
coverage rule (view links), or one row per requirement, hazard or need with its chain.

Options:
  --view VIEW         links (default), requirements, hazards or needs
  --format FORMAT     csv (default), markdown, html (one self-contained page), json or xlsx
                      (a sheet per view, Gaps and Legend; needs --out)
  --results GLOB      JUnit XML results for the evidence column (see docs/release.md: until
                      verification evidence is configured, the column stays empty)
  --out FILE          write to FILE (never overwritten) instead of standard output
  -h, --help          show this help

Exit codes: 0 written, 2 usage error, invalid configuration, or FILE exists.
`;

/**
 * Where the evidence column's statuses come from. The verification-evidence section (SPEC 8)
 * plugs in here; until it does, there is none and the column is empty.
 */
export type EvidenceProvider = (
  index: TraceIndex,
  root: string,
  results: readonly string[],
) => Promise<ReleaseInputs['evidence']>;
export const noEvidence: EvidenceProvider = () => Promise.resolve(undefined);

/** The evidence of the check (SPEC 8), where `evidence:` is configured or --results given. */
export const checkEvidence: EvidenceProvider = async (index, root, results) => {
  if (!index.config.evidence && results.length === 0) return undefined;
  const host = new NodeFsHost(root, { readWorker: bundledReadWorker() });
  const check = await checkWorkspace(host, results.length > 0 ? { results } : {});
  return releaseInputsOf(check).evidence;
};

export async function runMatrix(
  argv: readonly string[],
  cwd = process.cwd(),
  evidence: EvidenceProvider = checkEvidence,
): Promise<CommandOutput> {
  const args = parseArgs(argv, {
    view: 'value',
    format: 'value',
    results: 'value',
    out: 'value',
    help: 'flag',
    h: 'flag',
  });
  if (args.options.has('help') || args.options.has('h')) return { stdout: MATRIX_HELP, stderr: '', exitCode: 0 };
  if (args.positional.length > 1) throw new UsageError(`expected at most one ROOT, got ${args.positional.length}`);
  const view = oneOf(args.options.get('view'), MATRIX_VIEWS, 'view', 'links');
  const format = oneOf(args.options.get('format'), MATRIX_FORMATS, 'format', 'csv');
  const results = args.options.get('results');
  if (results === true) throw new UsageError('--results needs a glob');
  const outOption = args.options.get('out');
  if (outOption === true) throw new UsageError('--out needs a file name');
  if (format === 'xlsx' && outOption === undefined)
    throw new UsageError('--format xlsx needs --out FILE (a workbook is binary)');
  const out = outOption !== undefined ? resolve(cwd, outOption) : undefined;
  if (out !== undefined && existsSync(out))
    throw new UsageError(`--out ${outOption}: the file exists (never overwritten)`);
  const root = resolve(cwd, args.positional[0] ?? '.');
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new UsageError(`ROOT '${args.positional[0] ?? '.'}' is not a directory`);

  const host = new NodeFsHost(root, { readWorker: bundledReadWorker() });
  host.prepareToReadAll();
  let index: TraceIndex;
  let stderr = '';
  try {
    const { loaded, notice } = await readConfig(host);
    const first = loaded.findings[0];
    if (first) {
      const where = `${displayPath(root, first.file, cwd)}:${first.range.start.line + 1}:${first.range.start.character + 1}`;
      return {
        stdout: '',
        stderr: `tracespine: ${where}: invalid configuration: ${first.message} (run 'tracespine check' for every problem)\n`,
        exitCode: 2,
      };
    }
    if (notice) stderr += `notice: ${notice}\n`;
    const built = await buildIndex(host, loaded.config);
    index = built.index;
    for (const n of built.notices) stderr += `notice: ${displayPath(root, n.file, cwd)}: ${n.message}\n`;
  } finally {
    host.dispose();
  }
  const ev = await evidence(index, root, results !== undefined ? [toRootGlob(root, cwd, results)] : []);
  if (results !== undefined && !ev)
    stderr +=
      'notice: --results: no result file matched, so no item has verification evidence; the evidence column is empty\n';
  const options = ev ? { evidence: ev } : {};
  const data: string | Uint8Array = renderMatrix(index, view, format, options);
  if (out === undefined) return { stdout: data as string, stderr, exitCode: 0 };
  try {
    writeFileSync(out, data, { flag: 'wx' });
  } catch (e) {
    throw new UsageError(`--out ${outOption}: ${(e as Error).message}`);
  }
  const what = format === 'xlsx' ? 'a workbook of every view, Gaps and Legend' : `the ${view} view`;
  return { stdout: '', stderr: `${stderr}wrote ${displayPath(cwd, out, cwd)} (${format}, ${what})\n`, exitCode: 0 };
}
