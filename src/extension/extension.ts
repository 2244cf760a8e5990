/**
 * Tracespine for VS Code: a thin client over the language server (dist/server.js), plus what
 * only the editor can show — the Design Controls view, inline decorations on uncovered items, a
 * coverage status bar item, the trace-graph panel — and the commands that create items through
 * undoable WorkspaceEdits.
 */
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { CLIENT_NAME, ContextKeys, Settings } from './constants';
import { UncoveredDecorations } from './decorations';
import { DesignControlsProvider } from './designView';
import { registerDashboardPanel } from './dashboardPanel';
import { registerGraphPanel } from './graphPanel';
import { registerReleaseCommands } from './releaseCommands';
import { registerApprovalCommands } from './approvals';
import { TracespineService } from './service';
import { CoverageStatusBar } from './statusBar';
import { registerTestCommands } from './testApi';

let service: TracespineService | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  // One watcher for every file: the server filters by the configured globs and tracespine.yaml.
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  const svc = new TracespineService(context, output, watcher);
  service = svc;
  context.subscriptions.push(output, watcher, svc);

  const view = new DesignControlsProvider(svc, context.workspaceState);
  context.subscriptions.push(view);
  view.createView();
  const status = new CoverageStatusBar(svc);
  const decorations = new UncoveredDecorations(svc, context.extensionUri);
  context.subscriptions.push(status, decorations);

  // "Show Trace Graph" and "Review Changes": the graph webview panel (src/extension/graphPanel.ts)
  registerGraphPanel(context, svc);
  registerDashboardPanel(context, svc);

  context.subscriptions.push(...registerApprovalCommands(svc)); // Approve Item…, the diff since an approval
  context.subscriptions.push(...registerReleaseCommands(svc)); // matrix and release packet (src/extension/releaseCommands.ts)
  context.subscriptions.push(
    ...registerCommands({ service: svc, view }),
    ...registerTestCommands(svc, view, status, decorations),
  );

  const updateActiveItem = (): void => {
    const uri = vscode.window.activeTextEditor?.document.uri;
    void vscode.commands.executeCommand(
      'setContext',
      ContextKeys.activeEditorIsItem,
      uri ? svc.itemsInFile(uri).length > 0 : false,
    );
  };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(updateActiveItem),
    svc.onDidChange(updateActiveItem),
  );

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${Settings.section}.${Settings.codeLens}`)) svc.refreshCodeLenses();
    }),
  );

  if (!vscode.workspace.workspaceFolders?.length) {
    output.info('No folder is open: Tracespine checks the design items of a workspace folder.');
    return;
  }
  // Not awaited: activation finishes while the server indexes; failures are reported by the service.
  void svc.start();
}

export async function deactivate(): Promise<void> {
  const svc = service;
  service = undefined;
  await svc?.stop();
}
