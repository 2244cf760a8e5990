/** The graph's toolbar: search, depth, pin, base ref, fit, SVG export, Mermaid copy. */
import type { Depth, Direction, GraphMessage, ImpactMessage, ItemImpactMessage } from '../src/shared/protocol';
import { h, type ValueElement } from './dom';

const DEPTH_LABELS: [Depth, string][] = [
  [1, '1'],
  [2, '2'],
  [3, '3'],
  ['all', 'All'],
];

const DIRECTION_LABELS: [Direction, string][] = [
  ['both', 'Up and down'],
  ['up', 'Upstream'],
  ['down', 'Downstream'],
];

export interface ToolbarActions {
  search(): void;
  /** Enter (step 1) or Shift+Enter (step -1) in the search field. */
  nextMatch(step: number): void;
  depth(value: string): void;
  direction(value: string): void;
  togglePin(): void;
  base(value: string): void;
  fit(): void;
  exportSvg(): void;
  copyMermaid(): void;
}

export class Toolbar {
  readonly element: HTMLElement;
  readonly search: ValueElement;
  readonly depth: ValueElement;
  readonly direction: ValueElement;
  readonly base: ValueElement;
  private readonly directionWrap: HTMLElement;
  private readonly depthWrap: HTMLElement;
  private readonly pin: HTMLElement;
  private readonly baseWrap: HTMLElement;

  constructor(actions: ToolbarActions) {
    const search = h('vscode-textfield', {
      id: 'search',
      placeholder: 'Search id, title, status',
      'aria-label': 'Search items',
    }) as ValueElement;
    const depth = h('vscode-single-select', { id: 'depth', 'aria-label': 'Depth' }) as ValueElement;
    for (const [v, label] of DEPTH_LABELS) depth.append(h('vscode-option', { value: String(v) }, label));
    const depthWrap = h('label', { class: 'field', id: 'depth-field' }, h('span', {}, 'Depth'), depth);
    const direction = h('vscode-single-select', {
      id: 'direction',
      'aria-label': 'Follow links',
      title: 'Upstream: what the item links to (its requirement, need). Downstream: what links to it (its tests).',
    }) as ValueElement;
    for (const [v, label] of DIRECTION_LABELS) direction.append(h('vscode-option', { value: v }, label));
    const directionWrap = h('label', { class: 'field', id: 'direction-field' }, h('span', {}, 'Follow'), direction);
    const pin = h(
      'vscode-button',
      {
        id: 'pin',
        secondary: '',
        'aria-pressed': 'false',
        title: 'Keep this graph instead of following the active editor',
      },
      'Pin',
    );
    const base = h('vscode-single-select', { id: 'base', 'aria-label': 'Base ref' }) as ValueElement;
    const baseWrap = h('label', { class: 'field', id: 'base-field', hidden: '' }, h('span', {}, 'Base'), base);
    const fit = h('vscode-button', { id: 'fit', secondary: '', title: 'Fit the graph to the view (0)' }, 'Fit');
    const exportSvg = h(
      'vscode-button',
      { id: 'export-svg', secondary: '', title: 'Save the graph as an SVG file' },
      'Export SVG',
    );
    const mermaid = h(
      'vscode-button',
      { id: 'copy-mermaid', secondary: '', title: 'Copy the graph as a Mermaid flowchart' },
      'Copy Mermaid',
    );
    this.element = h(
      'header',
      { class: 'toolbar', role: 'toolbar', 'aria-label': 'Graph tools' },
      search,
      depthWrap,
      directionWrap,
      pin,
      baseWrap,
      h('span', { class: 'spacer' }),
      fit,
      exportSvg,
      mermaid,
    );
    this.search = search;
    this.depth = depth;
    this.direction = direction;
    this.directionWrap = directionWrap;
    this.base = base;
    this.depthWrap = depthWrap;
    this.pin = pin;
    this.baseWrap = baseWrap;

    search.addEventListener('input', () => actions.search());
    search.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') {
        ev.preventDefault();
        actions.nextMatch(ev.shiftKey ? -1 : 1);
      } else if (ev.key === 'Escape') {
        search.value = '';
        actions.search();
      }
    });
    depth.addEventListener('change', () => actions.depth(depth.value));
    direction.addEventListener('change', () => actions.direction(direction.value));
    pin.addEventListener('click', () => actions.togglePin());
    base.addEventListener('change', () => actions.base(base.value));
    fit.addEventListener('click', () => actions.fit());
    exportSvg.addEventListener('click', () => actions.exportSvg());
    mermaid.addEventListener('click', () => actions.copyMermaid());
  }

  /** Item mode shows depth, direction and pin; impact mode the base refs; an item's impact neither. */
  sync(msg: GraphMessage | ImpactMessage | ItemImpactMessage): void {
    const item = msg.type === 'graph';
    this.depthWrap.hidden = !item;
    this.directionWrap.hidden = !item;
    this.pin.hidden = !item;
    this.baseWrap.hidden = msg.type !== 'impact';
    if (msg.type === 'graph') {
      this.depth.value = String(msg.depth);
      this.direction.value = msg.direction ?? 'both';
      this.setPinned(msg.pinned);
    } else if (msg.type === 'impact') {
      const bases = msg.bases.includes(msg.base) ? msg.bases : [msg.base, ...msg.bases];
      // `selected` on the option, not only `value`: the select re-reads its options after they are
      // slotted, and without a selected one it falls back to the first (the default base).
      this.base.replaceChildren(
        ...bases.map((b) => h('vscode-option', { value: b, ...(b === msg.base ? { selected: '' } : {}) }, b)),
      );
      this.base.value = msg.base;
    }
  }

  setPinned(pinned: boolean): void {
    const b = this.pin;
    b.setAttribute('aria-pressed', String(pinned));
    b.toggleAttribute('secondary', !pinned);
    b.textContent = pinned ? 'Pinned' : 'Pin';
  }
}
