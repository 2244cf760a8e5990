import { parseArgs, UsageError } from './args';
import type { CommandOutput } from './check';

export const LSP_HELP = `Usage: tracespine lsp --stdio

Runs the Tracespine language server (diagnostics, hover, go to definition, references,
completion, rename, code lenses, quick fixes) for any LSP client: VS Code, Neovim, Helix, ...
It speaks JSON-RPC on standard input and output and writes nothing else there.

Options:
  --stdio                  talk over stdin/stdout (the usual choice)
  --node-ipc               talk over Node's IPC channel (when started by a Node client with fork)
  --socket=PORT            connect to a socket on PORT
  --pipe=NAME              connect to a named pipe
  --clientProcessId PID    exit when that process is gone
  -h, --help               show this help
`;

/** `tracespine lsp --stdio`: the language server in this process. Resolves only when the client closes the connection (the server then exits the process). */
export async function runLsp(argv: readonly string[]): Promise<CommandOutput> {
  const args = parseArgs(argv, {
    stdio: 'flag',
    'node-ipc': 'flag',
    socket: 'value',
    pipe: 'value',
    clientProcessId: 'value',
    help: 'flag',
    h: 'flag',
  });
  if (args.options.has('help') || args.options.has('h')) return { stdout: LSP_HELP, stderr: '', exitCode: 0 };
  if (args.positional.length > 0) throw new UsageError(`lsp takes no arguments, got '${args.positional[0]}'`);
  const transports = ['stdio', 'node-ipc', 'socket', 'pipe'].filter((t) => args.options.has(t));
  if (transports.length !== 1)
    throw new UsageError('lsp needs exactly one transport: --stdio (or --node-ipc, --socket=PORT, --pipe=NAME)');
  // The server is loaded on demand so that `tracespine check` does not pay for it. It reads the transport from process.argv.
  const { startServer } = await import('../server/server');
  startServer();
  return new Promise<CommandOutput>(() => {});
}
