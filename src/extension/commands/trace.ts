/** "Show Links" and "Show Impact" (the code lenses' commands): the engine's answers in a QuickPick. */
import * as vscode from 'vscode';
import { Commands } from '../../shared/commands';
import { DownstreamRequest, IncomingLinksRequest } from '../../shared/lspProtocol';
import { pickAndOpen, resolveItem, type CommandContext, type LinkPick } from './context';

/** `tracespine.showLinks` [id, linkTypes]: what links to the item (with those types), in a QuickPick. */
export async function showLinks(
  { service }: CommandContext,
  idArg?: unknown,
  typesArg?: unknown,
): Promise<LinkPick | undefined> {
  const item = resolveItem(service, idArg);
  const types = Array.isArray(typesArg) && typesArg.every((t) => typeof t === 'string') ? typesArg : undefined;
  const links = await service.request(IncomingLinksRequest, { id: item.id, ...(types ? { types } : {}) });
  const what = types ? types.join(' or ') : 'any link';
  if (links.length === 0) {
    void vscode.window.showInformationMessage(`Tracespine: nothing links to ${item.id} by ${what}.`);
    return undefined;
  }
  return pickAndOpen(
    links,
    `${item.id}: linked by ${what}`,
    `${links.length} link${links.length === 1 ? '' : 's'} to ${item.id} ${item.title}`,
  );
}

/**
 * `tracespine.showImpact` [id]: what a change of the item would affect (the impact set, as
 * Review Changes and `tracespine impact` compute it) in the graph panel when it is there, else
 * the downstream items and code in a QuickPick. (`options.list` forces the
 * QuickPick: the tests use it.)
 */
export async function showImpact({ service }: CommandContext, idArg?: unknown, options?: unknown): Promise<unknown> {
  const item = resolveItem(service, idArg);
  const list = typeof options === 'object' && options !== null && (options as { list?: unknown }).list === true;
  if (!list && (await vscode.commands.getCommands(true)).includes(Commands.showGraph)) {
    try {
      return await vscode.commands.executeCommand(Commands.showGraph, item.id, { impact: true });
    } catch (err) {
      // the list below still answers the question
      service.output.error(
        `${Commands.showGraph} failed, listing the impact instead: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  const down = await service.request(DownstreamRequest, { id: item.id });
  if (down.length === 0) {
    void vscode.window.showInformationMessage(`Tracespine: nothing depends on ${item.id}.`);
    return undefined;
  }
  const n = down.filter((d) => d.id !== undefined).length;
  const files = down.length - n;
  return pickAndOpen(
    down,
    `${item.id}: impact of a change`,
    `${n} item${n === 1 ? '' : 's'} downstream${files ? `, ${files} code location${files === 1 ? '' : 's'}` : ''}`,
  );
}
