/** The workspace and its server: re-check, restart, output, the view, opening an item. */
import * as vscode from 'vscode';
import { RecheckRequest, type WorkspaceSummary } from '../../shared/lspProtocol';
import { VIEW_ID } from '../constants';
import type { Filter } from '../designView';
import { openAt, toUri } from '../paths';
import { UserError, type CommandContext } from './context';

export async function recheck({ service }: CommandContext): Promise<WorkspaceSummary | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Tracespine: re-checking the workspace' },
    async () => {
      await service.request(RecheckRequest);
      await service.refresh();
      return service.summary;
    },
  );
}

export function restartServer({ service }: CommandContext): Promise<void> {
  return service.restart();
}

export function showOutput({ service }: CommandContext): Promise<void> {
  service.output.show(true);
  return Promise.resolve();
}

export async function showDesignControls(): Promise<unknown> {
  return vscode.commands.executeCommand(`${VIEW_ID}.focus`);
}

/** Filters the Design Controls view, and shows it (from the palette it may be hidden). */
export async function setFilter({ view }: CommandContext, filter: Filter): Promise<Filter> {
  await view.setFilter(filter);
  await showDesignControls();
  return filter;
}

/** `tracespine.openItem` [file, line, id]: what a click on a tree item runs. */
export async function openItem(_ctx: CommandContext, file: unknown, line: unknown, id: unknown): Promise<void> {
  if (typeof file !== 'string') throw new UserError('no file to open');
  const uri = toUri(file);
  if (!uri) throw new UserError(`cannot open ${file}: no workspace folder`);
  await openAt(uri, typeof line === 'number' ? line : 0, typeof id === 'string' ? id : undefined);
}
