/**
 * The trace-graph page: toolbar, kind filters, graph, review list; talks to the extension host
 * through the typed protocol (src/shared/protocol.ts) and persists its view with `setState`.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import {
  isDepth,
  isToWebviewMessage,
  sanitizeWebviewState,
  type FromWebviewMessage,
  type GraphData,
  type GraphMessage,
  type ImpactMessage,
  type ItemImpactMessage,
  isDirection,
  type ToWebviewMessage,
  type WebviewState,
} from '../src/shared/protocol';
import { cssVar, graphCss, type Resolve } from './graphStyle';
import { LayoutEngine } from './layout';
import {
  buildElkGraph,
  filterGraph,
  kindColorSlot,
  readElkLayout,
  searchMatches,
  sortedKinds,
  toMermaid,
  WORKER_THRESHOLD,
  readableFit,
  readableZoom,
  wrapWidth,
  type Layout,
  type Transform,
} from './model';
import { GraphView } from './render';
import { buildScene, nodeTooltip, sceneToSvg } from './scene';
import { h, type CheckElement } from './dom';
import { ReviewList } from './reviewList';
import { Toolbar } from './toolbar';

function nextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

export interface PaintMetrics {
  /** Message receipt → first paint of the laid-out graph. */
  totalMs: number;
  layoutMs: number;
  renderMs: number;
  thread: 'worker' | 'page' | 'cached';
  nodes: number;
  edges: number;
}

export class App {
  private state: WebviewState;
  private msg?: GraphMessage | ImpactMessage | ItemImpactMessage;
  private visible?: GraphData;
  private layout?: Layout;
  private layoutKey?: string;
  private renderSeq = 0;
  private paints = 0;
  private firstRender = true;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private matches?: Set<string>;
  private matchCursor = -1;
  private kindsKey = '';

  private readonly engine: LayoutEngine;
  private readonly view: GraphView;
  private readonly toolbar: Toolbar;
  private readonly review: ReviewList;
  private readonly el: {
    filters: HTMLElement;
    banner: HTMLElement;
    bannerText: HTMLElement;
    empty: HTMLElement;
    status: HTMLElement;
    notice: HTMLElement;
    body: HTMLElement;
    /** Review Changes cannot work here: the plain message that replaces the graph and its controls. */
    unavailable: HTMLElement;
  };

  constructor(
    private readonly root: HTMLElement,
    private readonly vscode: VsCodeApi,
  ) {
    this.state = sanitizeWebviewState(vscode.getState());
    this.engine = new LayoutEngine(root.dataset.workerUri);
    adoptGraphStyles();

    const toolbar = new Toolbar({
      search: () => this.onSearch(),
      nextMatch: (step) => this.nextMatch(step),
      depth: (value) => this.onDepth(value),
      direction: (value) => this.onDirection(value),
      togglePin: () => this.setPinned(!this.state.pinned),
      base: (value) => {
        if (value && value !== this.state.base) {
          this.state.base = value;
          this.saveSoon();
          this.post({ type: 'selectBase', base: value });
        }
      },
      fit: () => this.fitReadable(true),
      exportSvg: () => this.exportSvg(),
      copyMermaid: () => this.copyMermaid(),
    });
    this.toolbar = toolbar;
    const show = (id: string | undefined): void => {
      if (id !== undefined && this.view.hasNode(id)) {
        this.view.centreOn(id);
        this.view.select(id);
      }
    };
    const review = new ReviewList({
      open: (entry) => {
        this.post({ type: 'open', file: entry.file, line: entry.line });
        show(entry.id);
      },
      diff: (entry) => {
        this.post({ type: 'diff', file: entry.file, baseFile: entry.baseFile });
        show(entry.id);
      },
      sincePin: (link) => this.post({ type: 'sincePin', target: link.target, pin: link.pin }),
      reaffirm: (link) => this.post({ type: 'reaffirm', file: link.file, line: link.line, character: link.character }),
    });
    this.review = review;
    const filters = h('div', { class: 'filters', id: 'filters', role: 'group', 'aria-label': 'Kinds shown' });
    const bannerText = h('span', { class: 'banner-text' });
    const bannerClose = h('vscode-button', { secondary: '', id: 'banner-close', 'aria-label': 'Dismiss' }, 'Dismiss');
    const banner = h('div', { class: 'banner', id: 'banner', role: 'alert', hidden: '' }, bannerText, bannerClose);
    const empty = h('div', { class: 'empty', id: 'empty', hidden: '' });
    const status = h('div', { class: 'status', id: 'status', 'aria-live': 'polite' });
    const notice = h('div', { class: 'notice', id: 'notice', role: 'status', hidden: '' });
    const canvas = h('div', { class: 'canvas', id: 'canvas' });
    const body = h('div', { class: 'body' }, canvas, review.element);
    const unavailable = h('section', { class: 'unavailable', id: 'unavailable', role: 'status', hidden: '' });

    root.classList.add('ts-app');
    root.append(toolbar.element, filters, banner, body, unavailable);
    canvas.append(empty, notice, status, legend());
    this.el = { filters, banner, bannerText, empty, status, notice, body, unavailable };

    this.view = new GraphView(canvas, {
      open: (id) => this.openItem(id),
      recentre: (id) => this.post({ type: 'focus', id }),
      transformChanged: (t) => this.saveView(t),
      describe: (id) => {
        const n = this.msg?.data.nodes.find((x) => x.id === id);
        return n ? nodeTooltip(n) : [];
      },
    });

    this.view.onFitKey = () => this.fitReadable(true);
    // For the benchmark and the page tests: the last canvas frame's drawing time.
    Object.defineProperty(root, 'tsCanvasMs', { get: () => this.view.canvasMs });
    toolbar.search.value = this.state.search ?? '';
    bannerClose.addEventListener('click', () => (banner.hidden = true));
    window.addEventListener('message', (ev: MessageEvent) => this.handle(ev.data));
    if (this.state.depth !== undefined) toolbar.depth.value = String(this.state.depth);
    if (this.state.direction !== undefined) toolbar.direction.value = this.state.direction;
    toolbar.setPinned(!!this.state.pinned);

    const initial = root.dataset.initialState;
    if (initial) {
      try {
        this.handle(JSON.parse(initial) as unknown);
      } catch {
        this.showError('The initial state of the graph is not valid JSON.');
      }
    }
    this.post({ type: 'ready' });
    // Start the layout worker while the host computes the first graph (it is kept for later ones).
    if (root.dataset.workerUri) requestIdleCallback(() => this.engine.prewarm(), { timeout: 200 });
  }

  /** Validates and applies one message from the host. */
  handle(raw: unknown): void {
    const t0 = performance.now();
    if (!isToWebviewMessage(raw)) {
      console.warn('Tracespine: ignored a malformed message', raw);
      return;
    }
    const msg: ToWebviewMessage = raw;
    this.setUnavailable(msg.type === 'unavailable' ? msg : undefined);
    switch (msg.type) {
      case 'unavailable':
        this.msg = undefined;
        this.showEmpty('');
        return;
      case 'error':
        this.showError(msg.message);
        return;
      case 'empty':
        this.msg = undefined;
        this.showEmpty(msg.message);
        return;
      case 'graph':
        this.msg = msg;
        this.state.mode = 'item';
        this.state.focus = msg.focus;
        this.state.depth = msg.depth;
        this.state.direction = msg.direction ?? 'both';
        this.state.pinned = msg.pinned;
        break;
      case 'itemImpact':
        this.msg = msg;
        this.state.mode = 'itemImpact';
        this.state.focus = msg.focus;
        break;
      case 'impact':
        this.msg = msg;
        this.state.mode = 'impact';
        this.state.base = msg.base;
        break;
    }
    this.el.banner.hidden = true;
    this.saveSoon();
    this.syncToolbar();
    void this.refresh(t0);
  }

  /** Shows `msg` in place of the toolbar, filters, graph and list; undefined brings them back. */
  private setUnavailable(msg: { title: string; message: string } | undefined): void {
    const off = msg !== undefined;
    this.el.unavailable.hidden = !off;
    this.toolbar.element.hidden = off;
    this.el.filters.hidden = off;
    this.el.body.hidden = off;
    if (off) {
      this.el.banner.hidden = true;
      this.el.unavailable.replaceChildren(h('h2', {}, msg.title), h('p', {}, msg.message));
    }
  }

  private post(m: FromWebviewMessage): void {
    this.vscode.postMessage(m);
  }

  private openItem(id: string): void {
    const n = this.msg?.data.nodes.find((x) => x.id === id);
    if (n) this.post({ type: 'open', file: n.file, line: n.line });
  }

  private syncToolbar(): void {
    const msg = this.msg;
    if (!msg) return;
    this.toolbar.sync(msg);
    this.review.hidden = msg.type !== 'impact';
    if (msg.type === 'impact') this.review.render(msg);
    this.renderFilters(msg.data);
  }

  private renderFilters(data: GraphData): void {
    const counts = new Map<string, number>();
    for (const n of data.nodes) counts.set(n.kind, (counts.get(n.kind) ?? 0) + 1);
    const kinds = sortedKinds(data.kinds);
    const key = kinds.map((k) => `${k.kind}\u0000${k.label}\u0000${counts.get(k.kind) ?? 0}`).join('\u0001');
    if (key === this.kindsKey) return;
    this.kindsKey = key;
    const hidden = new Set(this.state.hiddenKinds ?? []);
    this.el.filters.replaceChildren(
      h('span', { class: 'filters-label' }, 'Show'),
      ...kinds.map((k, i) => {
        const cb = h(
          'vscode-checkbox',
          { 'data-kind': k.kind, class: 'kind-filter' },
          h('span', { class: `swatch slot-${kindColorSlot(k.kind, i)}`, 'aria-hidden': 'true' }),
          `${k.label} (${counts.get(k.kind) ?? 0})`,
        ) as CheckElement;
        cb.checked = !hidden.has(k.kind);
        cb.addEventListener('change', () => this.onKindToggle(k.kind, cb.checked));
        return cb;
      }),
    );
  }

  private async refresh(t0 = performance.now()): Promise<void> {
    const msg = this.msg;
    if (!msg) return;
    const seq = ++this.renderSeq;
    const focus = msg.type === 'impact' ? undefined : msg.focus;
    const visible = filterGraph(msg.data, {
      hiddenKinds: new Set(this.state.hiddenKinds ?? []),
      ...(msg.type === 'graph' ? { depth: this.state.depth ?? msg.depth, focus: msg.focus } : {}),
    });
    if (visible.nodes.length === 0) {
      this.showEmpty(
        msg.data.nodes.length === 0 ? 'Nothing to show.' : 'Every item is filtered out: tick a kind above.',
      );
      return;
    }
    this.el.empty.hidden = true;
    const size = this.view.viewSize();
    const wrap = wrapWidth(visible.nodes.length, size.w, size.h, readableZoom(editorFontPx()));
    const key = `${wrap}\u0002${layoutKey(visible)}`;
    let layout = this.layout;
    let layoutMs = 0;
    let thread: PaintMetrics['thread'] = 'cached';
    const relaid = key !== this.layoutKey || !layout;
    if (relaid) {
      if (visible.nodes.length >= WORKER_THRESHOLD) this.setStatus(`Laying out ${visible.nodes.length} items…`);
      const build = buildElkGraph(visible, { wrap });
      const tl = performance.now();
      let result;
      try {
        result = await this.engine.layout(build.graph);
      } catch (e) {
        if (seq === this.renderSeq) this.showError(`Layout failed: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
      if (seq !== this.renderSeq) return; // a newer message won
      layoutMs = performance.now() - tl;
      thread = this.engine.lastThread;
      layout = readElkLayout(visible, build, result);
    }
    if (!layout) return;
    const tr = performance.now();
    this.visible = visible;
    this.layout = layout;
    this.layoutKey = key;
    this.view.focus = focus;
    const scene = buildScene(visible, layout, {
      mode: msg.type === 'graph' ? 'item' : 'impact',
      interactive: true,
      ...(focus !== undefined ? { focus } : {}),
    });
    this.view.mount(scene, layout);
    this.placeView(relaid, focus);
    this.applySearch(false);
    const renderMs = performance.now() - tr;
    await nextPaint();
    if (seq !== this.renderSeq) return;
    const metrics: PaintMetrics = {
      totalMs: performance.now() - t0,
      layoutMs,
      renderMs,
      thread,
      nodes: visible.nodes.length,
      edges: visible.edges.length,
    };
    this.paints++;
    this.root.dataset.paintCount = String(this.paints);
    this.root.dataset.paintMs = metrics.totalMs.toFixed(1);
    this.root.dataset.layoutMs = layoutMs.toFixed(1);
    this.root.dataset.renderMs = renderMs.toFixed(1);
    this.root.dataset.layoutThread = thread;
    this.lastMetrics = metrics;
    this.setStatus();
    this.showNotice();
    // Timings are for the output channel, not the page.
    this.post({
      type: 'rendered',
      nodes: metrics.nodes,
      edges: metrics.edges,
      layoutMs: Math.round(layoutMs * 10) / 10,
      totalMs: Math.round(metrics.totalMs * 10) / 10,
      thread,
    });
    window.dispatchEvent(new CustomEvent<PaintMetrics>('tracespine:painted', { detail: metrics }));
  }

  private lastMetrics?: PaintMetrics;

  private placeView(relaid: boolean, focus: string | undefined): void {
    const s = this.state;
    if (this.firstRender) {
      this.firstRender = false;
      if (s.zoom !== undefined && s.panX !== undefined && s.panY !== undefined) {
        this.view.setTransform({ k: s.zoom, x: s.panX, y: s.panY }, false);
        return;
      }
    } else if (!relaid) return;
    this.fitReadable(false, focus);
  }

  /**
   * Fits the graph to the view, never below readable text (the editor's font size at 100 %):
   * a graph that does not fit then shows the focus's neighbourhood (or its top left) first.
   */
  private fitReadable(notify: boolean, focus = this.msg?.type === 'impact' ? undefined : this.msg?.focus): void {
    const { w, h } = this.view.viewSize();
    const box = focus !== undefined ? this.layout?.nodes.get(focus) : undefined;
    const t = readableFit(this.view.drawingBounds, w, h, readableZoom(editorFontPx()), box);
    this.view.setTransform(t, notify);
    this.saveView(this.view.transform);
  }

  /** Says when the graph is cut at the node cap, and when it is larger than the view at readable size. */
  private showNotice(): void {
    const cut = this.msg?.data.truncated;
    const notice = this.el.notice;
    if (cut) {
      notice.textContent = `This graph is cut: it shows the ${cut.shown.toLocaleString('en-US')} items nearest to ${this.msg?.type === 'impact' ? 'the changes' : this.msg?.focus} of ${cut.total.toLocaleString('en-US')}. Lower the depth or follow one direction to see the rest.`;
      notice.hidden = false;
    } else notice.hidden = true;
  }

  private setStatus(text?: string): void {
    if (text !== undefined) {
      this.el.status.textContent = text;
      return;
    }
    const v = this.visible;
    const m = this.lastMetrics;
    if (!v) return;
    const parts = [
      `${v.nodes.length} item${v.nodes.length === 1 ? '' : 's'}`,
      `${v.edges.length} link${v.edges.length === 1 ? '' : 's'}`,
    ];
    if (this.msg?.type === 'graph') parts.push(`depth ${this.state.depth ?? this.msg.depth}`);
    if (this.msg?.type === 'impact') parts.push(`against ${this.msg.base}`);
    if (this.msg?.type === 'graph')
      parts.push(
        this.msg.direction === 'up' ? 'upstream' : this.msg.direction === 'down' ? 'downstream' : 'up and down',
      );
    if (this.msg?.type === 'itemImpact') {
      const n = v.nodes.filter((x) => x.impacted).length;
      parts.push(`a change of ${this.msg.focus} impacts ${n} item${n === 1 ? '' : 's'}`);
      if (this.msg.code.length > 0)
        parts.push(`${this.msg.code.length} code file${this.msg.code.length === 1 ? '' : 's'} to re-check`);
    }
    if (this.msg?.data.truncated) parts.push(`cut at ${this.msg.data.truncated.shown.toLocaleString('en-US')}`);
    if (this.matches) parts.push(`${this.matches.size} match${this.matches.size === 1 ? '' : 'es'}`);
    void m;
    this.el.status.textContent = parts.join(' · ');
  }

  private showError(message: string): void {
    this.el.bannerText.textContent = message;
    this.el.banner.hidden = false;
  }

  private showEmpty(message: string): void {
    this.renderSeq++;
    this.view.clear();
    this.visible = undefined;
    this.layout = undefined;
    this.layoutKey = undefined;
    this.el.empty.textContent = message;
    this.el.empty.hidden = false;
    this.el.notice.hidden = true;
    this.el.status.textContent = '';
  }

  private onSearch(): void {
    this.state.search = this.toolbar.search.value;
    this.matchCursor = -1;
    this.applySearch(true);
    this.saveSoon();
  }

  private applySearch(updateStatus: boolean): void {
    const q = (this.state.search ?? '').trim();
    this.matches = q && this.visible ? searchMatches(this.visible.nodes, q) : undefined;
    this.view.setMatches(this.matches);
    if (updateStatus) this.setStatus();
  }

  private nextMatch(step: number): void {
    if (!this.matches || this.matches.size === 0 || !this.layout) return;
    const order = [...this.layout.nodes.keys()].filter((id) => this.matches!.has(id));
    order.sort((a, b) => {
      const A = this.layout!.nodes.get(a)!;
      const B = this.layout!.nodes.get(b)!;
      return A.y - B.y || A.x - B.x;
    });
    this.matchCursor = (this.matchCursor + step + order.length) % order.length;
    const id = order[this.matchCursor]!;
    this.view.centreOn(id);
    this.view.focusNode(id);
  }

  private onDepth(value: string): void {
    const d: unknown = value === 'all' ? 'all' : Number(value);
    if (!isDepth(d) || d === this.state.depth) return;
    this.state.depth = d;
    this.saveSoon();
    this.post({ type: 'setDepth', depth: d });
    // Show what we already have at once; the host answers with the graph at the new depth.
    const have = this.msg?.type === 'graph' ? this.msg.depth : undefined;
    if (have === 'all' || (have !== undefined && d !== 'all' && d <= have)) void this.refresh();
  }

  private onDirection(value: string): void {
    if (!isDirection(value) || value === this.state.direction) return;
    this.state.direction = value;
    this.saveSoon();
    this.post({ type: 'setDirection', direction: value });
  }

  private setPinned(pinned: boolean): void {
    this.state.pinned = pinned;
    this.toolbar.setPinned(pinned);
    this.saveSoon();
    this.post({ type: 'setPinned', pinned });
  }

  private onKindToggle(kind: string, shown: boolean): void {
    const hidden = new Set(this.state.hiddenKinds ?? []);
    if (shown) hidden.delete(kind);
    else hidden.add(kind);
    this.state.hiddenKinds = [...hidden];
    this.saveSoon();
    void this.refresh();
  }

  private saveView(t: Transform): void {
    this.state.zoom = t.k;
    this.state.panX = t.x;
    this.state.panY = t.y;
    this.saveSoon();
  }

  private saveSoon(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.vscode.setState(this.state), 150);
  }

  private copyMermaid(): void {
    if (!this.visible) return;
    const text = toMermaid(this.visible, this.msg?.type === 'impact' ? undefined : this.msg?.focus);
    this.post({ type: 'copyMermaid', text });
    this.setStatus('Mermaid flowchart sent to the clipboard.');
  }

  private exportSvg(): void {
    if (!this.visible || !this.layout || !this.msg) return;
    const focus = this.msg.type === 'impact' ? undefined : this.msg.focus;
    const scene = buildScene(this.visible, this.layout, {
      mode: this.msg.type === 'graph' ? 'item' : 'impact',
      interactive: false,
      ...(focus !== undefined ? { focus } : {}),
    });
    const title =
      this.msg.type === 'graph'
        ? `Trace graph of ${this.msg.focus}`
        : this.msg.type === 'itemImpact'
          ? `Impact of changing ${this.msg.focus}`
          : `Impact against ${this.msg.base}`;
    this.post({ type: 'exportSvg', svg: sceneToSvg(scene, graphCss(resolveFromPage()), title) });
  }
}

/** The editor's font size in px (`--vscode-editor-font-size`), 14 when the theme does not say. */
function editorFontPx(): number {
  const v = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-font-size'));
  return Number.isFinite(v) && v > 0 ? v : 14;
}

function layoutKey(d: GraphData): string {
  const parts: string[] = [];
  for (const n of d.nodes) parts.push(n.id, n.kind);
  parts.push('\u0001');
  for (const e of d.edges) parts.push(e.from, e.to, e.type);
  return parts.join('\u0000');
}

/** Resolves theme variables to the values in force on this page (for the exported SVG). */
function resolveFromPage(): Resolve {
  const styles = [getComputedStyle(document.documentElement), getComputedStyle(document.body)];
  return (name, fallback) => {
    for (const s of styles) {
      const v = s.getPropertyValue(name).trim();
      if (v) return v;
    }
    return fallback;
  };
}

/** The graph's stylesheet, adopted (no `<style>` element, so no `'unsafe-inline'` is needed). */
function adoptGraphStyles(): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(graphCss(cssVar));
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

function legend(): HTMLElement {
  const pill = (cls: string, text: string, desc: string): HTMLElement =>
    h('li', {}, h('span', { class: `legend-pill ${cls}` }, text), h('span', { class: 'legend-text' }, desc));
  return h(
    'details',
    { class: 'legend', id: 'legend' },
    h('summary', {}, 'Legend'),
    h(
      'ul',
      {},
      pill('status-sample', 'approved', 'status'),
      pill('errors', '✕ 2', 'errors'),
      pill('warnings', '⚠ 1', 'warnings'),
      pill('untested', 'untested', 'no test verifies it'),
      pill('unmitigated', 'unmitigated', 'hazard without mitigation'),
      pill('suspect', 'suspect', 'a link is suspect (dashed)'),
      pill('evidence-failed', '✕ failed', 'a test result failed'),
      pill('evidence-stale', 'stale', 'results predate a change of the item'),
      pill('evidence-missing', 'no result', 'verified, but no result names it'),
      pill('evidence-passed', '✓ passed', 'its tests passed'),
      pill('failing-downstream', '✕ below', 'something downstream fails'),
      pill('anomalies', 'PR 1', 'open problem reports affect it'),
      pill('trace-context', 'context', 'linked sideways; does not trace to the focus (dashed)'),
      pill('change-added', 'added', 'changed on this branch'),
      pill('change-modified', 'modified', ''),
      pill('change-relinked', 'relinked', ''),
      pill('change-deleted', 'deleted', ''),
      pill('impacted', 'impacted', 'needs re-review'),
    ),
    h(
      'p',
      { class: 'legend-keys' },
      'Click: open · Double-click or Shift+Enter: recentre · Drag: pan · Wheel: zoom · 0: fit',
    ),
  );
}
