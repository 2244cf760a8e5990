import * as vscode from 'vscode';
import type { ItemState, KindSummary } from '../shared/lspProtocol';
import { Commands } from '../shared/commands';
import { ContextKeys, VIEW_ID } from './constants';
import { itemTooltip, plural, stateOf } from './itemState';
import type { TracespineService } from './service';

export type Filter = 'all' | 'uncovered' | 'suspect' | 'errors';
export const FILTERS: readonly Filter[] = ['all', 'uncovered', 'suspect', 'errors'];

const FILTER_LABEL: Record<Filter, string> = {
  all: 'all items',
  uncovered: 'uncovered items (untested, unmitigated, …)',
  suspect: 'items with suspect links',
  errors: 'items with errors',
};

const FILTER_SHORT: Record<Filter, string> = {
  all: '',
  uncovered: 'uncovered only',
  suspect: 'suspect links only',
  errors: 'with errors only',
};

export function matchesFilter(item: ItemState, filter: Filter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'uncovered':
      return item.uncovered.length > 0;
    case 'suspect':
      return item.suspect;
    case 'errors':
      return item.errors > 0;
  }
}

/**
 * A node of the tree; the first argument of commands run from it (view/item/context). An item
 * node carries its `id` at the top, which is what `tracespine.showGraph` reads from an argument.
 */
export type DesignNode =
  | { readonly type: 'kind'; readonly kind: KindSummary; readonly items: readonly ItemState[] }
  | { readonly type: 'item'; readonly id: string; readonly item: ItemState };

const KIND_ICONS: Record<string, string> = {
  need: 'person',
  requirement: 'checklist',
  hazard: 'flame',
  test: 'beaker',
  validation: 'verified',
};
const FILTER_KEY = 'tracespine.designControls.filter';

/**
 * "Design Controls": the items of `tracespine/items` grouped by kind (configuration order, with
 * counts), each with its state; filters for uncovered / suspect / erroneous items.
 */
export class DesignControlsProvider implements vscode.TreeDataProvider<DesignNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DesignNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private currentFilter: Filter;
  private view: vscode.TreeView<DesignNode> | undefined;
  private kindNodes = new Map<string, DesignNode & { type: 'kind' }>();

  constructor(
    private readonly service: TracespineService,
    private readonly memento: vscode.Memento,
  ) {
    const saved = memento.get<string>(FILTER_KEY);
    this.currentFilter = FILTERS.includes(saved as Filter) ? (saved as Filter) : 'all';
    this.disposables.push(service.onDidChange(() => this.update()));
  }

  /** Creates the tree view (once) and registers it for disposal. */
  createView(): vscode.TreeView<DesignNode> {
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(this.view);
    this.update();
    return this.view;
  }

  get filter(): Filter {
    return this.currentFilter;
  }

  async setFilter(filter: Filter): Promise<void> {
    this.currentFilter = filter;
    await this.memento.update(FILTER_KEY, filter);
    this.update();
  }

  /** Context key and message, then a full refresh. */
  private update(): void {
    void vscode.commands.executeCommand('setContext', ContextKeys.filter, this.currentFilter);
    if (this.view) {
      this.view.message = this.message();
      // beside the view's title: which filter is on
      this.view.description = this.currentFilter === 'all' ? undefined : FILTER_SHORT[this.currentFilter];
    }
    this.changed.fire(undefined);
  }

  private message(): string | undefined {
    const summary = this.service.summary;
    if (this.service.state === 'failed')
      return `The Tracespine language server is not running: ${this.service.failureMessage ?? 'it failed to start'}.`;
    if (summary?.configInvalid)
      return 'tracespine.yaml is invalid: nothing else is checked until it is fixed (see Problems).';
    if (this.currentFilter === 'all' || !summary?.ready) return undefined;
    const shown = this.service.items.filter((i) => matchesFilter(i, this.currentFilter)).length;
    return shown === 0
      ? `No ${FILTER_LABEL[this.currentFilter]}.`
      : `Showing ${FILTER_LABEL[this.currentFilter]}: ${shown} of ${this.service.items.length}.`;
  }

  getChildren(node?: DesignNode): DesignNode[] {
    if (node?.type === 'item') return [];
    if (node?.type === 'kind') return node.items.map((item) => ({ type: 'item', id: item.id, item }));
    const summary = this.service.summary;
    if (!summary?.ready || summary.configInvalid) return [];
    const byKind = new Map<string, ItemState[]>();
    for (const item of this.service.items) {
      if (!matchesFilter(item, this.currentFilter)) continue;
      const list = byKind.get(item.kind);
      if (list) list.push(item);
      else byKind.set(item.kind, [item]);
    }
    const kinds = [...summary.kinds];
    // kinds the summary does not list (should not happen) still show, after the configured ones
    for (const kind of byKind.keys())
      if (!kinds.some((k) => k.kind === kind))
        kinds.push({ kind, label: byKind.get(kind)![0]!.kindLabel, count: byKind.get(kind)!.length });
    this.kindNodes = new Map();
    const out: DesignNode[] = [];
    for (const kind of kinds) {
      const items = byKind.get(kind.kind) ?? [];
      if (items.length === 0 && (this.currentFilter !== 'all' || kind.count === 0)) continue;
      const n = { type: 'kind' as const, kind, items };
      this.kindNodes.set(kind.kind, n);
      out.push(n);
    }
    return out;
  }

  getParent(node: DesignNode): DesignNode | undefined {
    return node.type === 'item' ? this.kindNodes.get(node.item.kind) : undefined;
  }

  getTreeItem(node: DesignNode): vscode.TreeItem {
    if (node.type === 'kind') {
      const { kind, items } = node;
      const t = new vscode.TreeItem(pluralLabel(kind.label), vscode.TreeItemCollapsibleState.Expanded);
      t.id = `kind:${kind.kind}`;
      t.description = this.currentFilter === 'all' ? String(kind.count) : `${items.length} of ${kind.count}`;
      const all = this.service.items.filter((i) => i.kind === kind.kind);
      const parts = [plural(kind.count, kind.label.toLowerCase())];
      const uncovered = all.filter((i) => i.uncovered.length > 0).length;
      const suspect = all.filter((i) => i.suspect).length;
      const errors = all.filter((i) => i.errors > 0).length;
      if (uncovered) parts.push(`${uncovered} uncovered`);
      if (suspect) parts.push(`${suspect} with suspect links`);
      if (errors) parts.push(`${errors} with errors`);
      t.tooltip = parts.join(' · ');
      t.iconPath = new vscode.ThemeIcon(KIND_ICONS[kind.kind] ?? 'symbol-misc');
      t.contextValue = 'tracespine.kind';
      return t;
    }
    const item = node.item;
    const s = stateOf(item);
    const label = item.title ? `${item.id} ${item.title}` : item.id;
    const t = new vscode.TreeItem({ label, highlights: [[0, item.id.length]] }, vscode.TreeItemCollapsibleState.None);
    t.id = `item:${item.id}:${item.file}`;
    // what is wrong, or (nothing wrong) the item's status
    t.description = s.words.length > 0 ? s.words.join(' · ') : item.status;
    t.tooltip = itemTooltip(item);
    t.iconPath = s.icon;
    t.contextValue = [
      'tracespine.item',
      item.uncovered.length > 0 ? 'uncovered' : '',
      item.suspect ? 'suspect' : '',
      item.errors > 0 ? 'errors' : '',
    ]
      .filter(Boolean)
      .join(';');
    t.command = { command: Commands.openItem, title: 'Open', arguments: [item.file, item.line, item.id] };
    t.accessibilityInformation = {
      label: `${item.id} ${item.title}, ${s.words.length > 0 ? s.words.join(', ') : `${item.status}, no findings`}`,
    };
    return t;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** "Requirement" -> "Requirements" (kind labels are singular nouns). */
function pluralLabel(label: string): string {
  if (/s$/i.test(label)) return label;
  if (/[^aeiou]y$/i.test(label)) return `${label.slice(0, -1)}ies`;
  return `${label}s`;
}
