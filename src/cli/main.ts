import { UsageError } from './args';
import { runCheck, type CommandOutput } from './check';
import { runLsp } from './lsp';
import { installNativeHash } from '../node/nativeHash';
import { VERSION } from '../node/version';

const HELP = `Usage: tracespine <command> [options]

Commands:
  check [ROOT]     validate design items and code tags (text, json, sarif, github)
  impact [ROOT]    what a branch changes in the design, and what to re-review
  approve ID...    record an approval of items' current text (--meaning M, --sign)
  approvals [ROOT] every item's approval state: by whom, when, as what; stale; missing
  evidence record  record a test run (JUnit XML) against the commit and the items' fingerprints
  matrix [ROOT]    the traceability matrix (csv, markdown, html, json, xlsx)
  release [ROOT]   the release packet of a commit (and 'release verify DIR')
  metrics [ROOT]   figures of the design over its git history (json, markdown, html)
  export reqif [ROOT] --out FILE   the design as ReqIF 1.2, for DOORS, Polarion, ReqIF Studio
  import doorstop DIR --into DIR  a Doorstop tree as Tracespine items and tracespine.yaml
  import reqif FILE --into DIR    a ReqIF file (DOORS, Polarion, ...) as Tracespine items
  lsp --stdio      run the language server (for VS Code, Neovim, Helix, ...)

Run 'tracespine <command> --help' for a command's options.
`;

type Command = (argv: readonly string[]) => Promise<CommandOutput>;

const commands: Record<string, Command> = {
  check: (argv) => runCheck(argv),
  // Loaded on demand, as the language server is: a check does not load git, child processes and node:crypto.
  impact: async (argv) => (await import('./impact')).runImpact(argv),
  metrics: async (argv) => (await import('./metrics')).runMetrics(argv),
  lsp: (argv) => runLsp(argv),
  approve: async (argv) => (await import('./approve')).runApprove(argv),
  approvals: async (argv) => (await import('./approve')).runApprovals(argv),
  evidence: async (argv) => (await import('./evidence')).runEvidence(argv),
  matrix: async (argv) => (await import('./matrix')).runMatrix(argv),
  release: async (argv) => (await import('./release')).runRelease(argv),
  export: async (argv) => (await import('./export')).runExport(argv),
  import: async (argv) => (await import('./import')).runImport(argv),
};

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = commands[name];
  try {
    if (!command) throw new UsageError(`unknown command '${name}'`);
    const out = await command(rest);
    if (out.stderr) process.stderr.write(out.stderr);
    await write(out.stdout);
    return out.exitCode;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`tracespine: ${e.message}\nRun 'tracespine --help' for usage.\n`);
      return 2;
    }
    process.stderr.write(`tracespine: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 2;
  }
}

/** Waits until stdout has taken the text, so a pipe gets all of it before exit. */
function write(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (text === '') resolve();
    else process.stdout.write(text, () => resolve());
  });
}

/** Entry point used by bin/tracespine.js. */
export function run(): void {
  installNativeHash();
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`tracespine: internal error: ${String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
