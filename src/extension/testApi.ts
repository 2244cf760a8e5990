import * as vscode from 'vscode';
import { InternalCommands } from '../shared/commands';
import type { UncoveredDecorations } from './decorations';
import type { DesignControlsProvider, DesignNode } from './designView';
import type { TracespineService } from './service';
import type { CoverageStatusBar } from './statusBar';

/** A tree node as plain data. */
export interface TreeSnapshot {
  label: string;
  /** Ranges of the label VS Code highlights (as a search match), when any. */
  highlights?: [number, number][];
  description?: string;
  tooltip?: string;
  icon?: string;
  iconColor?: string;
  contextValue?: string;
  command?: { command: string; arguments?: unknown[] };
  children: TreeSnapshot[];
}

/**
 * Commands for the integration tests (test/integration/suite): they expose what the UI shows as
 * plain data. Registered but not contributed in package.json, so the Command Palette never lists
 * them.
 */
export function registerTestCommands(
  service: TracespineService,
  view: DesignControlsProvider,
  status: CoverageStatusBar,
  decorations: UncoveredDecorations,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(InternalCommands.waitForIndex, (timeoutMs?: unknown) =>
      service.waitForIndex(typeof timeoutMs === 'number' ? timeoutMs : undefined),
    ),
    vscode.commands.registerCommand(InternalCommands.state, () => ({
      state: service.state,
      revision: service.revision,
      summary: service.summary,
      items: service.items,
      filter: view.filter,
      view: view.viewState,
      statusBar: { text: status.text, tooltip: status.tooltipText, visible: status.visible },
      decorations: decorations.snapshot(),
    })),
    vscode.commands.registerCommand(InternalCommands.tree, () => snapshot(view, undefined)),
  ];
}

function snapshot(view: DesignControlsProvider, node: DesignNode | undefined): TreeSnapshot[] {
  return view.getChildren(node).map((child) => {
    const t = view.resolveTreeItem(view.getTreeItem(child), child);
    const label = typeof t.label === 'string' ? t.label : (t.label?.label ?? '');
    const icon = t.iconPath instanceof vscode.ThemeIcon ? t.iconPath : undefined;
    const highlights = typeof t.label === 'object' ? t.label.highlights : undefined;
    return {
      label,
      ...(highlights && highlights.length > 0
        ? { highlights: highlights.map(([a, b]) => [a, b] as [number, number]) }
        : {}),
      ...(typeof t.description === 'string' ? { description: t.description } : {}),
      ...(t.tooltip !== undefined ? { tooltip: typeof t.tooltip === 'string' ? t.tooltip : t.tooltip.value } : {}),
      ...(icon ? { icon: icon.id, ...(icon.color ? { iconColor: icon.color.id } : {}) } : {}),
      ...(t.contextValue !== undefined ? { contextValue: t.contextValue } : {}),
      ...(t.command
        ? {
            command: { command: t.command.command, ...(t.command.arguments ? { arguments: t.command.arguments } : {}) },
          }
        : {}),
      children: snapshot(view, child),
    };
  });
}
