import { releaseInputsOf } from '../core/release/fromCheck';
import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { buildRelease, ReleaseError, writePacket, type ReleaseOptions } from '../node/release/build';
import { verifyRelease } from '../node/release/verify';
import { parseArgs, UsageError } from './args';
import type { CommandOutput } from './check';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { VERSION } from '../node/version';

const FORMATS = { json: formatJson, sarif: formatSarif };

export const RELEASE_HELP = `Usage: tracespine release [ROOT] [--ref REF] [--previous REF] [--results GLOB] [--product NAME] [--version V] [--allow-dirty] --out DIR
       tracespine release verify DIR [--repo DIR]

Builds the release packet of the design at REF (default HEAD), read through git (never
checked out): MANIFEST.json, SHA256SUMS, the release record index.html, report.json,
findings.sarif, trace.csv, evidence.json, approvals.csv, deviations.csv, changes.json and
copies of the result files under evidence/. The same commit and inputs give byte-identical
files. DIR must not exist or be empty.

Options:
  --ref REF           the commit to release (default HEAD)
  --previous REF      the previous release: changes.json and the record's changes since it
  --results GLOB      result files (relative to ROOT) copied into the packet and checksummed
  --product NAME      product name, for the record
  --version V         version, for the record
  --allow-dirty       release although design items or code have uncommitted changes (recorded)
  --out DIR           where to write the packet (required)
  --repo DIR          (verify) the repository to re-check the commit in (default: the current directory)
  -h, --help          show this help

Exit codes: 0 gate passed (verify: intact), 1 gate failed, the packet is still written
(verify: not intact), 2 usage or git error (nothing written).
`;

export async function runRelease(
  argv: readonly string[],
  cwd = process.cwd(),
  inputs?: ReleaseOptions['inputs'],
): Promise<CommandOutput> {
  if (argv[0] === 'verify') return runVerify(argv.slice(1), cwd);
  const args = parseArgs(argv, {
    ref: 'value',
    previous: 'value',
    results: 'value',
    product: 'value',
    version: 'value',
    'allow-dirty': 'flag',
    out: 'value',
    help: 'flag',
    h: 'flag',
  });
  if (args.options.has('help') || args.options.has('h')) return { stdout: RELEASE_HELP, stderr: '', exitCode: 0 };
  if (args.positional.length > 1) throw new UsageError(`expected at most one ROOT, got ${args.positional.length}`);
  const value = (name: string): string | undefined => {
    const v = args.options.get(name);
    if (v === true || v === '') throw new UsageError(`--${name} needs a value`);
    return v;
  };
  const outOption = value('out');
  if (outOption === undefined) throw new UsageError('--out DIR is required');
  const root = resolve(cwd, args.positional[0] ?? '.');
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new UsageError(`ROOT '${args.positional[0] ?? '.'}' is not a directory`);
  const out = resolve(cwd, outOption);
  const results = value('results');
  const opts: ReleaseOptions = {
    root,
    ref: value('ref'),
    previous: value('previous'),
    results: results !== undefined ? [results] : [],
    product: value('product'),
    version: value('version'),
    allowDirty: args.options.has('allow-dirty'),
    toolVersion: VERSION,
    formats: FORMATS,
    inputs: inputs ?? ((ctx) => Promise.resolve(releaseInputsOf(ctx.check))),
  };
  try {
    const packet = await buildRelease(opts);
    const written = writePacket(out, packet);
    const m = packet.manifest;
    const shown = relative(cwd, out) || '.';
    const lines = [
      `wrote ${shown}/: ${written.length} files (${written.join(', ')})`,
      `commit ${m.commit}${m.tag ? ` (tag ${m.tag})` : ''}, ${m.commitTime}`,
      `gate: ${m.gate.verdict} (${m.gate.errors} errors, ${m.gate.warnings} warnings, ${m.gate.suppressed} suppressed)${m.gate.reasons.length ? `: ${m.gate.reasons.join('; ')}` : ''}`,
    ];
    const notConfigured = Object.entries(m.sections)
      .filter(([, v]) => v !== 'configured')
      .map(([k]) => k);
    if (notConfigured.length > 0) lines.push(`not configured: ${notConfigured.join(', ')}`);
    if (m.dirty.paths.length > 0)
      lines.push(`--allow-dirty: ${m.dirty.paths.length} uncommitted design files recorded in MANIFEST.json`);
    return { stdout: `${lines.join('\n')}\n`, stderr: '', exitCode: m.gate.verdict === 'pass' ? 0 : 1 };
  } catch (e) {
    if (e instanceof ReleaseError) return { stdout: '', stderr: `tracespine: ${e.message}\n`, exitCode: 2 };
    throw e;
  }
}

async function runVerify(argv: readonly string[], cwd: string): Promise<CommandOutput> {
  const args = parseArgs(argv, { repo: 'value', help: 'flag', h: 'flag' });
  if (args.options.has('help') || args.options.has('h')) return { stdout: RELEASE_HELP, stderr: '', exitCode: 0 };
  if (args.positional.length !== 1) throw new UsageError('release verify needs one DIR');
  const repo = args.options.get('repo');
  if (repo === true) throw new UsageError('--repo needs a directory');
  try {
    const r = await verifyRelease(resolve(cwd, args.positional[0]!), resolve(cwd, repo ?? '.'), formatJson);
    if (r.intact)
      return {
        stdout: `intact: ${r.files} files match their checksums; commit ${r.commit} yields the same report\n`,
        stderr: '',
        exitCode: 0,
      };
    return { stdout: `not intact:\n${r.problems.map((p) => `  ${p}`).join('\n')}\n`, stderr: '', exitCode: 1 };
  } catch (e) {
    if (e instanceof ReleaseError) return { stdout: '', stderr: `tracespine: ${e.message}\n`, exitCode: 2 };
    throw e;
  }
}
