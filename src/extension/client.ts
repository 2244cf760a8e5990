import * as vscode from 'vscode';
import {
  LanguageClient,
  RevealOutputChannelOn,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { CLIENT_ID, CLIENT_NAME, CODE_LANGUAGES, Settings } from './constants';

/**
 * The language client for `dist/server.js` (`node dist/server.js --stdio`). The server does the
 * work: diagnostics for every file, hover, definition, references, completion, rename, code lenses,
 * quick fixes and the custom requests of src/shared/lspProtocol.ts. Tracing follows the
 * `tracespine.trace.server` setting (read by vscode-languageclient from `<CLIENT_ID>.trace.server`).
 */
export function createLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  watcher: vscode.FileSystemWatcher,
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy'] } },
  };
  const documentSelector = [
    { scheme: 'file', language: 'markdown' },
    ...CODE_LANGUAGES.map((language) => ({ scheme: 'file', language })),
    { scheme: 'file', pattern: '**/tracespine.yaml' },
  ];
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    // Every file event: `items` and `code` globs are configurable in tracespine.yaml, and the
    // server filters by them. (VS Code applies files.watcherExclude.)
    synchronize: { fileEvents: watcher },
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    markdown: { isTrusted: false, supportHtml: false },
    middleware: {
      provideCodeLenses: (document, token, next) => (codeLensEnabled() ? next(document, token) : []),
    },
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}

export function codeLensEnabled(): boolean {
  return vscode.workspace.getConfiguration(Settings.section).get<boolean>(Settings.codeLens, true);
}

export function decorationsEnabled(): boolean {
  return vscode.workspace.getConfiguration(Settings.section).get<boolean>(Settings.decorations, true);
}
