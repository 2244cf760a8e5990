import * as vscode from 'vscode';
import type { ItemState, KindSummary } from '../shared/lspProtocol';
import { Commands } from '../shared/commands';
import { ContextKeys, VIEW_ID } from './constants';
import { itemTooltip, plural, stateOf } from './itemState';
import type { ServiceChange, TracespineService } from './service';

export type Filter = 'all' | 'uncovered' | 'suspect' | 'errors' | 'failing' | 'stale' | 'unexecuted';
export const FILTERS: readonly Filter[] = ['all', 'uncovered', 'suspect', 'errors', 'failing', 'stale', 'unexecuted'];

const FILTER_LABEL: Record<Filter, string> = {
  all: 'all items',
  uncovered: 'uncovered items (untested, unmitigated, …)',
  suspect: 'items with suspect links',
  errors: 'items with errors',
  failing: 'items whose verification failed',
  stale: 'items with stale results',
  unexecuted: 'items whose tests have no result yet',
};

const FILTER_SHORT: Record<Filter, string> = {
  all: '',
  uncovered: 'uncovered only',
  suspect: 'suspect links only',
  errors: 'with errors only',
  failing: 'failing only',
  stale: 'stale results only',
  unexecuted: 'not executed only',
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
    case 'failing':
      return item.evidence === 'failed';
    case 'stale':
      return item.evidence === 'stale';
    case 'unexecuted':
      return item.evidence === 'missing' || item.evidence === 'skipped';
  }
}

/** A kind with more shown items than this lists them in groups of GROUP_SIZE (VS Code renders a node's children at once). */
export const GROUP_THRESHOLD = 200;
export const GROUP_SIZE = 100;

export interface KindNode {
  readonly type: 'kind';
  kind: KindSummary;
  items: readonly ItemState[];
}
export interface GroupNode {
  readonly type: 'group';
  readonly kindName: string;
  readonly index: number;
  items: readonly ItemState[];
}
/** An item node carries its `id` at the top, which is what `tracespine.showGraph` reads from an argument. */
export interface ItemNode {
  readonly type: 'item';
  readonly id: string;
  item: ItemState;
}

/**
 * A node of the tree; the first argument of commands run from it (view/item/context). Nodes are
 * kept from one refresh to the next, so that a change refreshes only the nodes it touches.
 */
export type DesignNode = KindNode | GroupNode | ItemNode;

const KIND_ICONS: Record<string, string> = {
  need: 'person',
  requirement: 'checklist',
  hazard: 'flame',
  test: 'beaker',
  validation: 'verified',
  anomaly: 'bug',
};
const FILTER_KEY = 'tracespine.designControls.filter';

const keyOf = (item: ItemState): string => `${item.id}\u0000${item.file}`;

/**
 * "Design Controls": the items of `tracespine/items` grouped by kind (configuration order, with
 * counts), each with its state; filters by coverage, links, findings and evidence. A change of
 * some files' items refreshes only their nodes, or the kinds whose lists changed
 * (docs/performance.md, "Editing with the views open").
 */
export class DesignControlsProvider implements vscode.TreeDataProvider<DesignNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DesignNode | DesignNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private currentFilter: Filter;
  private view: vscode.TreeView<DesignNode> | undefined;
  private kinds: KindNode[] = [];
  private readonly kindNodes = new Map<string, KindNode>();
  private readonly groupNodes = new Map<string, GroupNode>();
  private itemNodes = new Map<string, ItemNode>();
  /** item key -> its group, when its kind is grouped. */
  private groupOf = new Map<string, GroupNode>();
  private shownCount = 0;
  /** How many refreshes were whole-tree ones (tests and the benchmark read it). */
  fullRefreshes = 0;

  constructor(
    private readonly service: TracespineService,
    private readonly memento: vscode.Memento,
  ) {
    const saved = memento.get<string>(FILTER_KEY);
    this.currentFilter = FILTERS.includes(saved as Filter) ? (saved as Filter) : 'all';
    this.disposables.push(service.onDidChange((e) => this.onServiceChange(e)));
  }

  /** Creates the tree view (once) and registers it for disposal. */
  createView(): vscode.TreeView<DesignNode> {
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.view.onDidChangeVisibility((e) => {
        if (e.visible) void this.revealActive();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => void this.revealActive()),
    );
    this.rebuild();
    return this.view;
  }

  get filter(): Filter {
    return this.currentFilter;
  }

  async setFilter(filter: Filter): Promise<void> {
    this.currentFilter = filter;
    await this.memento.update(FILTER_KEY, filter);
    this.rebuild();
  }

  /** Shows the active editor's item in the tree (selected, not focused) when the view is visible. */
  async revealActive(): Promise<DesignNode | undefined> {
    const uri = vscode.window.activeTextEditor?.document.uri;
    if (!this.view?.visible || !uri) return undefined;
    const node = this.service
      .itemsInFile(uri)
      .map((i) => this.itemNodes.get(keyOf(i)))
      .find((n) => n !== undefined);
    if (!node) return undefined;
    try {
      await this.view.reveal(node, { select: true, focus: false, expand: false });
      return node;
    } catch {
      return undefined; // the tree changed meanwhile; the next change reveals it
    }
  }

  /** What the tests read: whether the view is visible and the IDs of the selected items. */
  get viewState(): { visible: boolean; selection: string[]; fullRefreshes: number } {
    return {
      visible: this.view?.visible ?? false,
      selection: (this.view?.selection ?? []).flatMap((n) => (n.type === 'item' ? [n.id] : [])),
      fullRefreshes: this.fullRefreshes,
    };
  }

  /** The node shown for `id`, if it is shown (under the filter). */
  nodeOf(id: string): ItemNode | undefined {
    for (const n of this.itemNodes.values()) if (n.id === id) return n;
    return undefined;
  }

  private onServiceChange(e: ServiceChange | undefined): void {
    if (e?.files && this.kinds.length > 0 && this.updateFiles(e.files)) return;
    this.rebuild();
  }

  /**
   * Applies a change of some files' items: their nodes' states, and the kinds whose shown
   * lists changed. False when a whole rebuild is needed (a kind appeared or went).
   */
  private updateFiles(files: ReadonlySet<string>): boolean {
    const summary = this.service.summary;
    if (!summary?.ready || summary.configInvalid) return false;
    const oldKeys = new Set<string>();
    for (const [key, node] of this.itemNodes) if (files.has(node.item.file)) oldKeys.add(key);
    const fresh = new Map<string, ItemState>();
    for (const file of files)
      for (const item of this.service.itemsOfFile(file))
        if (matchesFilter(item, this.currentFilter)) fresh.set(keyOf(item), item);
    const touchedKinds = new Set<string>();
    const refresh: DesignNode[] = [];
    for (const key of oldKeys) {
      const node = this.itemNodes.get(key)!;
      const item = fresh.get(key);
      if (!item || item.kind !== node.item.kind) touchedKinds.add(node.item.kind);
      if (item && item.kind !== node.item.kind) touchedKinds.add(item.kind);
      if (item) {
        node.item = item;
        refresh.push(node);
      }
    }
    for (const [key, item] of fresh) if (!oldKeys.has(key)) touchedKinds.add(item.kind);
    // kind counts (the description) follow the summary
    for (const k of summary.kinds) {
      const node = this.kindNodes.get(k.kind);
      if (node && node.kind.count !== k.count) touchedKinds.add(k.kind);
      if (!node && touchedKinds.has(k.kind)) return false; // a kind appears
    }
    if (touchedKinds.size > 0) {
      for (const kind of touchedKinds) {
        const node = this.kindNodes.get(kind);
        if (!node) return false;
        const items = this.service.items.filter((i) => i.kind === kind && matchesFilter(i, this.currentFilter));
        const now = summary.kinds.find((k) => k.kind === kind);
        // a kind that goes from the tree: the root changes
        if (items.length === 0 && (this.currentFilter !== 'all' || (now?.count ?? 0) === 0)) return false;
        node.kind = now ?? node.kind;
        this.setKindItems(node, items);
        refresh.push(node);
      }
      this.shownCount = [...this.kindNodes.values()].reduce((n, k) => n + k.items.length, 0);
      this.updateMessage();
    }
    // Nodes under a refreshed kind are refreshed with it.
    const out = refresh.filter((n) => n.type !== 'item' || !touchedKinds.has(n.item.kind));
    if (out.length > 0) this.changed.fire(out);
    return true;
  }

  /** Everything again: context key, message, nodes; one whole-tree refresh. */
  private rebuild(): void {
    void vscode.commands.executeCommand('setContext', ContextKeys.filter, this.currentFilter);
    this.fullRefreshes++;
    const summary = this.service.summary;
    const old = this.itemNodes;
    this.itemNodes = new Map();
    this.groupOf = new Map();
    this.kinds = [];
    this.shownCount = 0;
    if (summary?.ready && !summary.configInvalid) {
      const byKind = new Map<string, ItemState[]>();
      for (const item of this.service.items) {
        if (!matchesFilter(item, this.currentFilter)) continue;
        const list = byKind.get(item.kind);
        if (list) list.push(item);
        else byKind.set(item.kind, [item]);
      }
      const kinds = [...summary.kinds];
      // kinds the summary does not list (should not happen) still show, after the configured ones
      for (const [kind, list] of byKind)
        if (!kinds.some((k) => k.kind === kind)) kinds.push({ kind, label: list[0]!.kindLabel, count: list.length });
      for (const kind of kinds) {
        const items = byKind.get(kind.kind) ?? [];
        if (items.length === 0 && (this.currentFilter !== 'all' || kind.count === 0)) continue;
        let node = this.kindNodes.get(kind.kind);
        if (node) node.kind = kind;
        else this.kindNodes.set(kind.kind, (node = { type: 'kind', kind, items: [] }));
        this.setKindItems(node, items, old);
        this.kinds.push(node);
        this.shownCount += items.length;
      }
    }
    for (const k of [...this.kindNodes.keys()])
      if (!this.kinds.some((n) => n.kind.kind === k)) this.kindNodes.delete(k);
    this.updateMessage();
    this.changed.fire(undefined);
    void this.revealActive();
  }

  /** Sets a kind's items, keeping the nodes of items shown before; groups them when many. */
  private setKindItems(node: KindNode, items: readonly ItemState[], old = this.itemNodes): void {
    for (const [key, n] of this.itemNodes) if (n.item.kind === node.kind.kind) this.itemNodes.delete(key);
    for (const [key, g] of this.groupOf) if (g.kindName === node.kind.kind) this.groupOf.delete(key);
    node.items = items;
    for (const item of items) {
      const key = keyOf(item);
      let n = old.get(key);
      if (n) n.item = item;
      else n = { type: 'item', id: item.id, item };
      this.itemNodes.set(key, n);
    }
    if (items.length <= GROUP_THRESHOLD) return;
    for (let i = 0; i * GROUP_SIZE < items.length; i++) {
      const gk = `${node.kind.kind}:${i}`;
      let g = this.groupNodes.get(gk);
      const slice = items.slice(i * GROUP_SIZE, (i + 1) * GROUP_SIZE);
      if (g) g.items = slice;
      else this.groupNodes.set(gk, (g = { type: 'group', kindName: node.kind.kind, index: i, items: slice }));
      for (const item of slice) this.groupOf.set(keyOf(item), g);
    }
  }

  private updateMessage(): void {
    if (!this.view) return;
    this.view.message = this.message();
    // beside the view's title: which filter is on
    this.view.description = this.currentFilter === 'all' ? undefined : FILTER_SHORT[this.currentFilter];
  }

  private message(): string | undefined {
    const summary = this.service.summary;
    if (this.service.state === 'failed')
      return `The Tracespine language server is not running: ${this.service.failureMessage ?? 'it failed to start'}.`;
    if (summary?.configInvalid)
      return 'tracespine.yaml is invalid: nothing else is checked until it is fixed (see Problems).';
    if (this.currentFilter === 'all' || !summary?.ready) return undefined;
    return this.shownCount === 0
      ? `No ${FILTER_LABEL[this.currentFilter]}.`
      : `Showing ${FILTER_LABEL[this.currentFilter]}: ${this.shownCount} of ${this.service.items.length}.`;
  }

  getChildren(node?: DesignNode): DesignNode[] {
    if (!node) return this.kinds;
    if (node.type === 'item') return [];
    if (node.type === 'group') return node.items.map((i) => this.itemNodes.get(keyOf(i))!).filter(Boolean);
    if (node.items.length > GROUP_THRESHOLD) {
      const out: GroupNode[] = [];
      for (let i = 0; i * GROUP_SIZE < node.items.length; i++) out.push(this.groupNodes.get(`${node.kind.kind}:${i}`)!);
      return out;
    }
    return node.items.map((i) => this.itemNodes.get(keyOf(i))!).filter(Boolean);
  }

  getParent(node: DesignNode): DesignNode | undefined {
    if (node.type === 'kind') return undefined;
    if (node.type === 'group') return this.kindNodes.get(node.kindName);
    return this.groupOf.get(keyOf(node.item)) ?? this.kindNodes.get(node.item.kind);
  }

  getTreeItem(node: DesignNode): vscode.TreeItem {
    if (node.type === 'kind') {
      const { kind, items } = node;
      const t = new vscode.TreeItem(pluralLabel(kind.label), vscode.TreeItemCollapsibleState.Expanded);
      t.id = `kind:${kind.kind}`;
      t.description = this.currentFilter === 'all' ? String(kind.count) : `${items.length} of ${kind.count}`;
      // the tooltip's counts are computed when it is shown (resolveTreeItem), not on every change
      t.iconPath = new vscode.ThemeIcon(KIND_ICONS[kind.kind] ?? 'symbol-misc');
      t.contextValue = 'tracespine.kind';
      return t;
    }
    if (node.type === 'group') {
      const first = node.items[0]!;
      const last = node.items[node.items.length - 1]!;
      const t = new vscode.TreeItem(`${first.id} – ${last.id}`, vscode.TreeItemCollapsibleState.Collapsed);
      t.id = `group:${node.kindName}:${node.index}`;
      t.description = String(node.items.length);
      t.contextValue = 'tracespine.group';
      return t;
    }
    const item = node.item;
    const s = stateOf(item);
    const t = new vscode.TreeItem(
      item.title ? `${item.id} ${item.title}` : item.id,
      vscode.TreeItemCollapsibleState.None,
    );
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
      item.evidence === 'failed' ? 'failing' : '',
      item.anomalies?.length ? 'anomalies' : '',
    ]
      .filter(Boolean)
      .join(';');
    t.command = { command: Commands.openItem, title: 'Open', arguments: [item.file, item.line, item.id] };
    t.accessibilityInformation = {
      label: `${item.id} ${item.title}, ${s.words.length > 0 ? s.words.join(', ') : `${item.status}, no findings`}`,
    };
    return t;
  }

  resolveTreeItem(t: vscode.TreeItem, node: DesignNode): vscode.TreeItem {
    if (node.type === 'kind') t.tooltip = this.kindTooltip(node);
    return t;
  }

  /** `3 requirements · 1 uncovered · 1 with suspect links · 1 with errors · 1 failing`. */
  kindTooltip(node: KindNode): string {
    const all = this.service.items.filter((i) => i.kind === node.kind.kind);
    const parts = [plural(node.kind.count, node.kind.label.toLowerCase())];
    const count = (pred: (i: ItemState) => boolean): number => all.filter(pred).length;
    const uncovered = count((i) => i.uncovered.length > 0);
    const suspect = count((i) => i.suspect);
    const errors = count((i) => i.errors > 0);
    const failing = count((i) => i.evidence === 'failed');
    const stale = count((i) => i.evidence === 'stale');
    const anomalies = count((i) => (i.anomalies?.length ?? 0) > 0);
    if (uncovered) parts.push(`${uncovered} uncovered`);
    if (suspect) parts.push(`${suspect} with suspect links`);
    if (errors) parts.push(`${errors} with errors`);
    if (failing) parts.push(`${failing} failing`);
    if (stale) parts.push(`${stale} with stale results`);
    if (anomalies) parts.push(`${anomalies} with open anomalies`);
    return parts.join(' · ');
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
