/**
 * The live SVG: mounts a {@link Scene}, pans (drag), zooms (wheel, +/-), fits (0), and turns
 * pointer and keyboard input on nodes into "open" and "recentre" requests.
 *
 * Nodes are focusable (`tabindex=0`, in reading order, so Tab walks them top to bottom); the
 * arrow keys move to the nearest node in that direction; Enter opens the item's file;
 * Shift+Enter (or a double click) recentres the graph on it.
 */
import {
  clampZoom,
  fitTransform,
  neighbourInDirection,
  panIntoView,
  zoomAt,
  type Direction,
  type Layout,
  type Transform,
} from './model';
import { serializeScene, type Scene, type SceneEl } from './scene';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Below this zoom, labels, titles and badges are hidden (unreadable and costly to paint). */
export const FAR_ZOOM = 0.4;
const DOUBLE_CLICK_MS = 250;
/**
 * From this many nodes only what is near the view is in the DOM (re-rendered as the view
 * moves): style, layout and paint of ~20 SVG elements per node would otherwise cost more than
 * the layout itself. Tab then walks the nodes in the DOM; the arrow keys reach every node.
 */
export const VIRTUALIZE_AT = 500;
/**
 * A large graph with more than this many nodes in view is drawn on a canvas (boxes, links, and
 * IDs when they are big enough to read) instead of SVG: style, layout and paint of thousands
 * of SVG elements took seconds per zoom or pan step at 5,000 nodes; a canvas frame takes a few
 * milliseconds. Zoom in and the SVG (labels, badges, keyboard focus) comes back.
 */
export const CANVAS_AT = 300;
/** A node box's width in layout px (layering.NODE_WIDTH), for the canvas's level of detail. */
const NODE_WIDTH_PX = 220;

export interface GraphViewHandlers {
  open(id: string): void;
  recentre(id: string): void;
  transformChanged(t: Transform): void;
  /** Tooltip lines for a node (the first is shown bold). */
  describe(id: string): string[];
}

const TOOLTIP_DELAY_MS = 350;

export class GraphView {
  readonly svg: SVGSVGElement;
  private readonly viewport: SVGGElement;
  private nodeEls = new Map<string, SVGGElement>();
  private edgesOf = new Map<string, SVGGElement[]>();
  private sceneNodes: SceneEl[] = [];
  private sceneEdges: SceneEl[] = [];
  private sceneLabels: SceneEl[] = [];
  private labelLayer?: SVGGElement;
  private readonly canvas: HTMLCanvasElement;
  /** Whether the last frame was drawn on the canvas. */
  canvasMode = false;
  private kindColour = new Map<string, string>();
  private nodeKind = new Map<string, string>();
  private edgeBoxes: (readonly [number, number, number, number])[] = [];
  private nodeLayer?: SVGGElement;
  private edgeLayer?: SVGGElement;
  private virtual = false;
  private mountedKey?: string;
  private visibleFrame: number | undefined;
  private matches?: ReadonlySet<string>;
  private selected?: string;
  private layout?: Layout;
  private bounds = { x: 0, y: 0, width: 0, height: 0 };
  private highlighted?: string;
  private clickTimer: ReturnType<typeof setTimeout> | undefined;
  private drag?: { id: number; x: number; y: number; t: Transform; moved: boolean };
  private dragMoved = false;
  private readonly tooltip: HTMLElement;
  private tooltipTimer: ReturnType<typeof setTimeout> | undefined;
  transform: Transform = { x: 0, y: 0, k: 1 };

  constructor(
    host: HTMLElement,
    private readonly handlers: GraphViewHandlers,
  ) {
    this.svg = document.createElementNS(SVG_NS, 'svg');
    this.svg.setAttribute('class', 'ts-graph');
    this.svg.setAttribute('role', 'group');
    this.svg.setAttribute(
      'aria-label',
      'Trace graph. Tab or arrow keys move between items, Enter opens, Shift+Enter recentres, plus and minus zoom, 0 fits.',
    );
    this.svg.setAttribute('tabindex', '-1');
    this.viewport = document.createElementNS(SVG_NS, 'g');
    this.viewport.setAttribute('class', 'viewport');
    this.svg.appendChild(this.viewport);
    host.prepend(this.svg); // first in the canvas: Tab reaches the nodes before the overlays
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'ts-canvas';
    this.canvas.hidden = true;
    this.canvas.setAttribute('aria-hidden', 'true');
    host.prepend(this.canvas);
    this.tooltip = document.createElement('div');
    this.tooltip.className = 'tooltip';
    this.tooltip.id = 'tooltip';
    this.tooltip.setAttribute('role', 'tooltip');
    this.tooltip.hidden = true;
    host.append(this.tooltip);
    this.bind();
  }

  /** The view's size in px. */
  viewSize(): { w: number; h: number } {
    return this.size();
  }

  /** Extent of the mounted drawing in layout coordinates. */
  get drawingBounds(): { x: number; y: number; width: number; height: number } {
    return this.bounds;
  }

  /** Nodes currently in the DOM (all of them, or those near the view in a large graph). */
  get mountedCount(): number {
    return this.nodeEls.size;
  }

  hasNode(id: string): boolean {
    return !!this.layout?.nodes.has(id);
  }

  mount(scene: Scene, layout: Layout): void {
    this.size(); // measure before the new content makes layout expensive
    this.layout = layout;
    this.bounds = scene.bounds;
    this.hideTooltip();
    this.highlighted = undefined;
    const [bands, edges, nodes, labels] = scene.content.children ?? [];
    this.sceneNodes = nodes?.children ?? [];
    this.sceneEdges = edges?.children ?? [];
    this.sceneLabels = labels?.children ?? [];
    this.nodeKind = new Map(
      this.sceneNodes.map((n) => [String(n.attrs['data-id']), String(n.attrs.class).split(' ')[1] ?? '']),
    );
    this.edgeBoxes = layout.edges.map((e) => {
      let x0 = Infinity;
      let y0 = Infinity;
      let x1 = -Infinity;
      let y1 = -Infinity;
      for (const p of e.points) {
        x0 = Math.min(x0, p.x);
        y0 = Math.min(y0, p.y);
        x1 = Math.max(x1, p.x);
        y1 = Math.max(y1, p.y);
      }
      return [x0, y0, x1, y1] as const;
    });
    this.virtual = this.sceneNodes.length >= VIRTUALIZE_AT;
    const empty = (cls: string): string => `<g class="${cls}"></g>`;
    // One parse of escaped markup is several times faster than creating ~10 elements per node.
    this.viewport.innerHTML =
      serializeScene(scene.defs).join('') +
      '<g class="content">' +
      (bands ? serializeScene(bands).join('') : '') +
      empty('edges') +
      empty('nodes') +
      empty('labels') +
      '</g>';
    this.edgeLayer = this.viewport.querySelector<SVGGElement>('g.edges')!;
    this.nodeLayer = this.viewport.querySelector<SVGGElement>('g.nodes')!;
    this.labelLayer = this.viewport.querySelector<SVGGElement>('g.labels')!;
    this.kindColour.clear();
    this.paths = undefined;
    this.setCanvasMode(false);
    this.mountedKey = undefined;
    this.nodeEls.clear();
    this.edgesOf.clear();
    // A large graph waits for its transform (set right after mounting) to know what is in view.
    if (this.virtual) this.scheduleVisible();
    else this.renderVisible();
  }

  clear(): void {
    this.viewport.replaceChildren();
    this.setCanvasMode(false);
    this.sceneLabels = [];
    this.nodeEls.clear();
    this.edgesOf.clear();
    this.sceneNodes = [];
    this.sceneEdges = [];
    this.layout = undefined;
  }

  setTransform(t: Transform, notify = true): void {
    this.transform = { x: t.x, y: t.y, k: clampZoom(t.k) };
    const { x, y, k } = this.transform;
    this.viewport.setAttribute('transform', `translate(${x.toFixed(2)},${y.toFixed(2)}) scale(${k.toFixed(4)})`);
    this.svg.classList.toggle('far', k < FAR_ZOOM);
    if (this.virtual) this.scheduleVisible();
    if (notify) this.handlers.transformChanged(this.transform);
  }

  private cachedSize?: { w: number; h: number };

  /** The view's size; cached (a ResizeObserver clears it) so that no read forces a layout of a fresh graph. */
  private size(): { w: number; h: number } {
    this.cachedSize ??= { w: this.svg.clientWidth || 800, h: this.svg.clientHeight || 600 };
    return this.cachedSize;
  }

  private scheduleVisible(): void {
    if (this.visibleFrame !== undefined) return;
    this.visibleFrame = requestAnimationFrame(() => {
      this.visibleFrame = undefined;
      this.renderVisible();
    });
  }

  /**
   * Puts into the DOM the nodes and edges that are near the view (a large graph) or all of them,
   * then reapplies the view's marks (search matches, selection, keyboard focus).
   */
  private renderVisible(): void {
    const layout = this.layout;
    if (!layout || !this.nodeLayer || !this.edgeLayer) return;
    let nodes = this.sceneNodes;
    let edges = this.sceneEdges;
    let labels = this.sceneLabels;
    if (this.virtual) {
      const { w, h } = this.size();
      const { x, y, k } = this.transform;
      const mx = (w / k) * 0.35;
      const my = (h / k) * 0.35;
      const x0 = -x / k - mx;
      const y0 = -y / k - my;
      const x1 = (w - x) / k + mx;
      const y1 = (h - y) / k + my;
      const keep = new Set([this.selected, this.focusedId()].filter((v): v is string => v !== undefined));
      nodes = nodes.filter((n) => {
        const id = String(n.attrs['data-id']);
        const b = layout.nodes.get(id);
        return keep.has(id) || (!!b && b.x < x1 && b.x + b.width > x0 && b.y < y1 && b.y + b.height > y0);
      });
      const keepEdge = (_: unknown, i: number): boolean => {
        const b = this.edgeBoxes[i];
        return !!b && b[0] < x1 && b[2] > x0 && b[1] < y1 && b[3] > y0;
      };
      if (nodes.length > CANVAS_AT) {
        // Too many in view for SVG: one canvas frame of everything near the view.
        this.setCanvasMode(true);
        this.drawCanvas(x0, y0, x1, y1);
        return;
      }
      this.setCanvasMode(false);
      edges = edges.filter(keepEdge);
      labels = labels.filter(keepEdge);
      const key = `${edges.length}:${nodes.map((n) => n.attrs['data-id']).join('\u0000')}`;
      if (key === this.mountedKey) return;
      this.mountedKey = key;
    } else if (this.mountedKey === 'all') return;
    else this.mountedKey = 'all';

    const focused = this.focusedId();
    this.edgeLayer.innerHTML = edges.map((e) => serializeScene(e).join('')).join('');
    this.nodeLayer.innerHTML = nodes.map((n) => serializeScene(n).join('')).join('');
    if (this.labelLayer) this.labelLayer.innerHTML = labels.map((l) => serializeScene(l).join('')).join('');
    this.nodeEls.clear();
    this.edgesOf.clear();
    for (const g of this.nodeLayer.querySelectorAll<SVGGElement>('g.node')) this.nodeEls.set(g.dataset.id ?? '', g);
    for (const g of [
      ...this.edgeLayer.querySelectorAll<SVGGElement>('g.edge'),
      ...(this.labelLayer?.querySelectorAll<SVGGElement>('text.edge-label') ?? []),
    ]) {
      for (const id of [g.dataset.from, g.dataset.to]) {
        if (id === undefined) continue;
        const l = this.edgesOf.get(id);
        if (l) l.push(g);
        else this.edgesOf.set(id, [g]);
      }
    }
    this.applyMarks();
    const h = this.highlighted;
    this.highlighted = undefined;
    this.highlight(h);
    if (focused !== undefined) this.nodeEls.get(focused)?.focus({ preventScroll: true });
  }

  private setCanvasMode(on: boolean): void {
    if (on === this.canvasMode) return;
    this.canvasMode = on;
    this.canvas.hidden = !on;
    this.svg.classList.toggle('canvas-mode', on);
    if (on) {
      // The SVG keeps the bands; nodes, links and labels are on the canvas.
      this.edgeLayer?.replaceChildren();
      this.nodeLayer?.replaceChildren();
      this.labelLayer?.replaceChildren();
      this.nodeEls.clear();
      this.edgesOf.clear();
      this.mountedKey = 'canvas';
    } else {
      this.canvas.getContext('2d')?.clearRect(0, 0, this.canvas.width, this.canvas.height);
      this.mountedKey = undefined;
    }
  }

  private slotColour(slotClass: string): string {
    let c = this.kindColour.get(slotClass);
    if (c === undefined) {
      // Read the stroke the stylesheet gives a node box of this slot.
      const probe = document.createElementNS(SVG_NS, 'g');
      probe.setAttribute('class', `node ${slotClass}`);
      const rect = document.createElementNS(SVG_NS, 'rect');
      rect.setAttribute('class', 'node-box');
      probe.appendChild(rect);
      this.nodeLayer?.appendChild(probe);
      c = getComputedStyle(rect).stroke || '#888888';
      probe.remove();
      this.kindColour.set(slotClass, c);
    }
    return c;
  }

  /** Paths of the whole drawing, built once per mount: a frame only strokes and fills them. */
  private paths?: {
    edges: Path2D;
    boxes: Path2D;
    bySlot: { colour: string; outline: Path2D; bar: Path2D }[];
    colours: { edge: string; bg: string; focus: string; fg: string; font: string };
  };

  private buildPaths(): NonNullable<GraphView['paths']> {
    const layout = this.layout!;
    const edges = new Path2D();
    for (const e of layout.edges)
      e.points.forEach((p, j) => (j === 0 ? edges.moveTo(p.x, p.y) : edges.lineTo(p.x, p.y)));
    const boxes = new Path2D();
    const slots = new Map<string, { outline: Path2D; bar: Path2D }>();
    for (const [id, b] of layout.nodes) {
      boxes.rect(b.x, b.y, b.width, b.height);
      const slot = this.nodeKind.get(id) ?? '';
      let p = slots.get(slot);
      if (!p) slots.set(slot, (p = { outline: new Path2D(), bar: new Path2D() }));
      p.outline.rect(b.x, b.y, b.width, b.height);
      p.bar.rect(b.x + 1, b.y + 1, 5, b.height - 2);
    }
    const root = getComputedStyle(document.documentElement);
    const v = (name: string, fallback: string): string => root.getPropertyValue(name).trim() || fallback;
    return {
      edges,
      boxes,
      bySlot: [...slots].map(([slot, p]) => ({ colour: this.slotColour(slot), ...p })),
      colours: {
        edge: v('--vscode-editorLineNumber-foreground', '#858585'),
        bg: v('--vscode-editorWidget-background', '#252526'),
        focus: v('--vscode-focusBorder', '#007fd4'),
        fg: v('--vscode-editor-foreground', '#cccccc'),
        font: v('--vscode-editor-font-family', 'monospace'),
      },
    };
  }

  /** One frame of the canvas: links, boxes (kind colour), IDs when readable; the focus and the selection thicker. */
  private drawCanvas(x0: number, y0: number, x1: number, y1: number): void {
    const layout = this.layout;
    if (!layout) return;
    this.paths ??= this.buildPaths();
    const { edges, boxes, bySlot, colours } = this.paths;
    const { w, h } = this.size();
    const dpr = window.devicePixelRatio || 1;
    const cw = Math.round(w * dpr);
    const ch = Math.round(h * dpr);
    if (this.canvas.width !== cw || this.canvas.height !== ch) {
      this.canvas.width = cw;
      this.canvas.height = ch;
    }
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const t0 = performance.now();
    const { x, y, k } = this.transform;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, cw, ch);
    ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * x, dpr * y);
    // Line widths in screen px (1 px at any zoom).
    const px = 1 / k;
    if (NODE_WIDTH_PX * k < 14) {
      // Level of detail: boxes a few px wide are coloured blocks; links would be a grey haze.
      for (const s of bySlot) {
        ctx.fillStyle = s.colour;
        ctx.fill(s.outline);
      }
      this.canvasMs = performance.now() - t0;
      return;
    }
    ctx.lineWidth = px;
    ctx.strokeStyle = colours.edge;
    ctx.stroke(edges);
    ctx.fillStyle = colours.bg;
    ctx.fill(boxes);
    ctx.lineWidth = 1.5 * px;
    for (const s of bySlot) {
      ctx.strokeStyle = s.colour;
      ctx.fillStyle = s.colour;
      ctx.stroke(s.outline);
      ctx.fill(s.bar);
    }
    for (const id of [this.focus, this.selected]) {
      const b = id !== undefined ? layout.nodes.get(id) : undefined;
      if (!b) continue;
      ctx.lineWidth = 3 * px;
      ctx.strokeStyle = colours.focus;
      ctx.strokeRect(b.x, b.y, b.width, b.height);
    }
    // IDs only when they are at least 7 px tall on screen, and only those in view.
    const size = k < FAR_ZOOM ? 20 : 12;
    if (size * k >= 7) {
      ctx.fillStyle = colours.fg;
      ctx.font = `700 ${size}px ${colours.font}`;
      ctx.textBaseline = 'middle';
      let n = 0;
      for (const [id, b] of layout.nodes) {
        if (b.x > x1 || b.x + b.width < x0 || b.y > y1 || b.y + b.height < y0) continue;
        ctx.fillText(id, b.x + 14, b.y + (k < FAR_ZOOM ? b.height / 2 : 19), b.width - 20);
        if (++n > 2000) break;
      }
    }
    this.canvasMs = performance.now() - t0;
  }

  /** Time of the last canvas frame's drawing calls (ms), for the benchmark. */
  canvasMs = 0;

  /** The focus of an item graph (drawn thicker on the canvas). */
  focus: string | undefined;

  /** The node under the screen point (canvas mode: there are no node elements to hit). */
  nodeAtPoint(clientX: number, clientY: number): string | undefined {
    const layout = this.layout;
    if (!layout) return undefined;
    const r = this.svg.getBoundingClientRect();
    const { x, y, k } = this.transform;
    const px = (clientX - r.left - x) / k;
    const py = (clientY - r.top - y) / k;
    for (const [id, b] of layout.nodes)
      if (px >= b.x && px <= b.x + b.width && py >= b.y && py <= b.y + b.height) return id;
    return undefined;
  }

  private focusedId(): string | undefined {
    const a = document.activeElement;
    return a instanceof SVGGElement && a.classList.contains('node') ? a.dataset.id : undefined;
  }

  private applyMarks(): void {
    const m = this.matches;
    for (const [id, g] of this.nodeEls) {
      g.classList.toggle('match', !!m?.has(id));
      g.classList.toggle('nomatch', !!m && !m.has(id));
      g.classList.toggle('selected', id === this.selected);
    }
  }

  /** Fits the whole drawing, whatever the text size (tests; the page fits to readable text). */
  fit(notify = true): void {
    const { w, h } = this.size();
    this.setTransform(fitTransform(this.bounds, w, h, 24, 1), notify);
  }

  /** What '0' does (the page: fit to readable text). */
  onFitKey: (() => void) | undefined;

  zoomBy(factor: number): void {
    const { w, h } = this.size();
    this.setTransform(zoomAt(this.transform, factor, w / 2, h / 2));
  }

  /** Pans (keeping the zoom, at least 0.6) so that node `id` is in the middle. */
  centreOn(id: string, notify = true): void {
    const b = this.layout?.nodes.get(id);
    if (!b) return;
    const { w, h } = this.size();
    const k = Math.max(this.transform.k, 0.6);
    this.setTransform({ k, x: w / 2 - (b.x + b.width / 2) * k, y: h / 2 - (b.y + b.height / 2) * k }, notify);
  }

  /** Marks search matches (and dims the rest); `undefined` clears. */
  setMatches(matches: ReadonlySet<string> | undefined): void {
    this.matches = matches;
    this.applyMarks();
  }

  /** Marks one node as selected (e.g. from the review list); `undefined` clears. */
  select(id: string | undefined): void {
    this.selected = id;
    this.applyMarks();
  }

  /** Moves keyboard focus to node `id`, bringing it into the view (and the DOM) first if need be. */
  focusNode(id: string): void {
    if (!this.layout?.nodes.has(id)) return;
    if (!this.nodeEls.has(id)) {
      this.centreOn(id);
      this.renderVisible();
    }
    this.nodeEls.get(id)?.focus({ preventScroll: true });
  }

  private highlight(id: string | undefined): void {
    if (id === this.highlighted) return;
    if (this.highlighted !== undefined)
      for (const e of this.edgesOf.get(this.highlighted) ?? []) e.classList.remove('hl');
    this.highlighted = id;
    if (id !== undefined) for (const e of this.edgesOf.get(id) ?? []) e.classList.add('hl');
  }

  private showTooltip(id: string, x: number, y: number): void {
    const lines = this.handlers.describe(id);
    if (lines.length === 0) return;
    const [first, ...rest] = lines;
    const head = document.createElement('strong');
    head.textContent = first ?? '';
    this.tooltip.replaceChildren(
      head,
      ...rest.map((l) => Object.assign(document.createElement('div'), { textContent: l })),
    );
    this.tooltip.hidden = false;
    const host = this.tooltip.parentElement!.getBoundingClientRect();
    const w = this.tooltip.offsetWidth;
    const h = this.tooltip.offsetHeight;
    const left = Math.min(Math.max(4, x - host.left + 14), host.width - w - 4);
    const top = y - host.top + 18 + h > host.height ? y - host.top - h - 10 : y - host.top + 18;
    // CSSOM property writes, not a style attribute: allowed by the CSP.
    this.tooltip.style.left = `${Math.round(left)}px`;
    this.tooltip.style.top = `${Math.round(Math.max(4, top))}px`;
  }

  private hideTooltip(): void {
    clearTimeout(this.tooltipTimer);
    this.tooltip.hidden = true;
  }

  private nodeOf(target: EventTarget | null, ev?: MouseEvent): string | undefined {
    const g = target instanceof Element ? target.closest<SVGGElement>('g.node') : null;
    if (g) return g.dataset.id;
    return this.canvasMode && ev ? this.nodeAtPoint(ev.clientX, ev.clientY) : undefined;
  }

  private bind(): void {
    const svg = this.svg;
    svg.addEventListener('pointerdown', (ev) => {
      this.hideTooltip();
      if (ev.button !== 0 || this.nodeOf(ev.target) !== undefined) return;
      this.drag = { id: ev.pointerId, x: ev.clientX, y: ev.clientY, t: this.transform, moved: false };
      try {
        svg.setPointerCapture(ev.pointerId);
      } catch {
        // a pointer the browser no longer tracks: pan without capture
      }
      svg.classList.add('panning');
    });
    svg.addEventListener('pointermove', (ev) => {
      const d = this.drag;
      if (!d || d.id !== ev.pointerId) return;
      const dx = ev.clientX - d.x;
      const dy = ev.clientY - d.y;
      if (Math.abs(dx) + Math.abs(dy) > 2) d.moved = true;
      this.setTransform({ k: d.t.k, x: d.t.x + dx, y: d.t.y + dy }, false);
    });
    const endDrag = (ev: PointerEvent): void => {
      const d = this.drag;
      if (!d || d.id !== ev.pointerId) return;
      this.drag = undefined;
      svg.classList.remove('panning');
      if (svg.hasPointerCapture(ev.pointerId)) svg.releasePointerCapture(ev.pointerId);
      this.dragMoved = d.moved;
      if (d.moved) this.handlers.transformChanged(this.transform);
      setTimeout(() => (this.dragMoved = false), 0);
    };
    svg.addEventListener('pointerup', endDrag);
    svg.addEventListener('pointercancel', endDrag);
    svg.addEventListener(
      'wheel',
      (ev) => {
        ev.preventDefault();
        const r = svg.getBoundingClientRect();
        const unit = ev.deltaMode === 1 ? 0.05 : ev.deltaMode === 2 ? 0.5 : 0.0022;
        const factor = Math.exp(-Math.max(-300, Math.min(300, ev.deltaY)) * unit * (ev.ctrlKey ? 3 : 1));
        this.setTransform(zoomAt(this.transform, factor, ev.clientX - r.left, ev.clientY - r.top));
      },
      { passive: false },
    );
    svg.addEventListener('click', (ev) => {
      if (this.dragMoved) return;
      const id = this.nodeOf(ev.target, ev);
      if (id === undefined) return;
      clearTimeout(this.clickTimer);
      if (ev.detail > 1) return;
      if (ev.shiftKey || ev.altKey) {
        this.handlers.recentre(id);
        return;
      }
      this.clickTimer = setTimeout(() => this.handlers.open(id), DOUBLE_CLICK_MS);
    });
    svg.addEventListener('dblclick', (ev) => {
      const id = this.nodeOf(ev.target, ev);
      if (id === undefined) return;
      clearTimeout(this.clickTimer);
      ev.preventDefault();
      this.handlers.recentre(id);
    });
    svg.addEventListener('mouseover', (ev) => {
      const id = this.nodeOf(ev.target);
      if (id === this.highlighted) return;
      this.highlight(id);
      this.hideTooltip();
      if (id !== undefined && !this.drag)
        this.tooltipTimer = setTimeout(() => this.showTooltip(id, ev.clientX, ev.clientY), TOOLTIP_DELAY_MS);
    });
    svg.addEventListener('mouseleave', () => {
      this.highlight(undefined);
      this.hideTooltip();
    });
    svg.addEventListener('wheel', () => this.hideTooltip(), { passive: true });
    svg.addEventListener('focusin', (ev) => {
      const id = this.nodeOf(ev.target);
      this.highlight(id);
      const b = id !== undefined ? this.layout?.nodes.get(id) : undefined;
      if (b) {
        const { w, h } = this.size();
        const t = panIntoView(this.transform, b, w, h);
        if (t.x !== this.transform.x || t.y !== this.transform.y) this.setTransform(t);
      }
    });
    svg.addEventListener('keydown', (ev) => this.onKey(ev));
    new ResizeObserver(() => (this.cachedSize = undefined)).observe(svg);
  }

  private onKey(ev: KeyboardEvent): void {
    const id = this.nodeOf(ev.target);
    const dirs: Record<string, Direction> = {
      ArrowUp: 'up',
      ArrowDown: 'down',
      ArrowLeft: 'left',
      ArrowRight: 'right',
    };
    if (id !== undefined && (ev.key === 'Enter' || ev.key === ' ')) {
      ev.preventDefault();
      if (ev.shiftKey) this.handlers.recentre(id);
      else this.handlers.open(id);
      return;
    }
    const dir = dirs[ev.key];
    if (dir && this.layout) {
      ev.preventDefault();
      const from = id ?? this.nodeEls.keys().next().value;
      if (from === undefined) return;
      const to = id === undefined ? from : neighbourInDirection(this.layout.nodes, from, dir);
      if (to !== undefined) this.focusNode(to);
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === '+' || ev.key === '=') this.zoomBy(1.25);
    else if (ev.key === '-' || ev.key === '_') this.zoomBy(0.8);
    else if (ev.key === '0') (this.onFitKey ?? (() => this.fit()))();
    else return;
    ev.preventDefault();
  }
}
