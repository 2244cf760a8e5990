/**
 * The extension's commands, registered from one table (IDs: src/core/commands.ts, through
 * src/shared/commands.ts). Each command lives in a module of its theme; every answer about
 * the trace comes from the server through a typed request (src/shared/lspProtocol.ts).
 */
import * as vscode from 'vscode';
import { Commands } from '../../shared/commands';
import { addCoverage } from './addCoverage';
import { UserError, type CommandContext } from './context';
import { initWorkspace, newItem, type NewItemArgs } from './create';
import { reportProblem } from './reportProblem';
import { recordTestResult } from './recordResult';
import { showImpact, showLinks } from './trace';
import { openItem, recheck, restartServer, setFilter, showDesignControls, showOutput } from './workspace';

export type { CommandContext } from './context';

type Handler = (ctx: CommandContext, ...args: unknown[]) => Promise<unknown>;

const COMMANDS: readonly (readonly [string, Handler])[] = [
  [Commands.newItem, (ctx, args) => newItem(ctx, args as NewItemArgs | undefined)],
  [Commands.initWorkspace, initWorkspace],
  [Commands.recheck, recheck],
  [Commands.restartServer, restartServer],
  [Commands.showOutput, showOutput],
  [Commands.showDesignControls, showDesignControls],
  [Commands.showLinks, showLinks],
  [Commands.addCoverage, addCoverage],
  [Commands.showImpact, showImpact],
  [Commands.filterUncovered, (ctx) => setFilter(ctx, 'uncovered')],
  [Commands.filterSuspect, (ctx) => setFilter(ctx, 'suspect')],
  [Commands.filterErrors, (ctx) => setFilter(ctx, 'errors')],
  [Commands.filterFailing, (ctx) => setFilter(ctx, 'failing')],
  [Commands.filterStale, (ctx) => setFilter(ctx, 'stale')],
  [Commands.filterUnexecuted, (ctx) => setFilter(ctx, 'unexecuted')],
  [Commands.filterAll, (ctx) => setFilter(ctx, 'all')],
  [Commands.openItem, openItem],
  [Commands.reportProblem, reportProblem],
  [Commands.recordTestResult, recordTestResult],
];

/**
 * Registers every command of the table. A failure is shown as an error message (a
 * {@link UserError} is the user's to fix; anything else is logged with its stack too) and
 * the command returns undefined.
 */
export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return COMMANDS.map(([id, run]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await run(ctx, ...args);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (!(err instanceof UserError))
          ctx.service.output.error(`${id}: ${err instanceof Error && err.stack ? err.stack : message}`);
        void vscode.window.showErrorMessage(`Tracespine: ${message}`);
        return undefined;
      }
    }),
  );
}
