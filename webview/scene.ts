/**
 * The drawing as data: a tree of SVG elements built from the graph and its layout. Pure (no
 * DOM), so the page mounts it (render.ts), the SVG export serialises it, and tests inspect it.
 */
import type { GraphData, GraphNode } from '../src/shared/protocol';
import {
  cssToken,
  edgeLabel,
  kindColorSlot,
  nodeAriaLabel,
  nodeBadges,
  readingOrder,
  sortedKinds,
  truncate,
  type Layout,
  type Point,
} from './model';

export interface SceneEl {
  tag: string;
  attrs: Record<string, string | number>;
  children?: SceneEl[];
  text?: string;
}

export interface SceneOptions {
  mode: 'item' | 'impact';
  focus?: string;
  /**
   * The live page (`tabindex` on nodes; tooltips come from the page) or a standalone export
   * (no `tabindex`; SVG `<title>` tooltips).
   */
  interactive: boolean;
}

export interface Scene {
  defs: SceneEl;
  content: SceneEl;
  /** Extent of the drawing in layout coordinates, captions included. */
  bounds: { x: number; y: number; width: number; height: number };
}

export const CAPTION_WIDTH = 170;

const el = (tag: string, attrs: SceneEl['attrs'], children?: SceneEl[], text?: string): SceneEl => {
  const e: SceneEl = { tag, attrs };
  if (children) e.children = children;
  if (text !== undefined) e.text = text;
  return e;
};

const r1 = (n: number): number => Math.round(n * 10) / 10;

export function pathData(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${r1(p.x)},${r1(p.y)}`).join(' ');
}

/** Rough text width in px for the badge pills (10px font, bold). */
function pillWidth(text: string): number {
  return Math.round(text.length * 6.1 + 12);
}

function kindSlots(data: GraphData): Map<string, string> {
  const m = new Map<string, string>();
  sortedKinds(data.kinds).forEach((k, i) => m.set(k.kind, kindColorSlot(k.kind, i)));
  return m;
}

/** Lines of a node's tooltip: id and title, kind and status, file, then what the badges mean. */
export function nodeTooltip(n: GraphNode): string[] {
  return [
    `${n.id} — ${n.title}`,
    `${n.kindLabel}${n.status ? ` · ${n.status}` : ''}`,
    `${n.file}:${n.line + 1}`,
    ...nodeBadges(n).map((b) => b.title),
  ];
}

export function nodeClasses(n: GraphNode, slot: string, opts: SceneOptions): string {
  const cls = ['node', `slot-${slot}`, `kind-${cssToken(n.kind)}`];
  if (n.id === opts.focus) cls.push('focus');
  if (n.change) cls.push(`change-${n.change}`);
  if (n.impacted && !n.change) cls.push('impacted');
  if (opts.mode === 'impact' && !n.change && !n.impacted) cls.push('dim');
  if (n.trace) cls.push(`trace-${n.trace}`);
  if (n.failingDownstream) cls.push('failing-downstream');
  return cls.join(' ');
}

function nodeScene(
  n: GraphNode,
  box: { x: number; y: number; width: number; height: number },
  slot: string,
  opts: SceneOptions,
): SceneEl {
  const w = box.width;
  const h = box.height;
  const children: SceneEl[] = [];
  if (!opts.interactive) children.push(el('title', {}, undefined, nodeTooltip(n).join('\n')));
  children.push(
    el('rect', { class: 'node-box', width: w, height: h, rx: 5 }),
    el('rect', { class: 'node-bar', x: 1, y: 1, width: 5, height: h - 2, rx: 2 }),
  );
  // Status pill, top right.
  let idRoom = w - 24;
  if (n.status) {
    const text = truncate(n.status, 14);
    const pw = pillWidth(text);
    idRoom -= pw + 6;
    children.push(
      el('g', { class: `badge status status-${cssToken(n.status)}`, transform: `translate(${w - pw - 8},7)` }, [
        el('rect', { width: pw, height: 15, rx: 7.5 }),
        el('text', { x: pw / 2, y: 11, 'text-anchor': 'middle' }, undefined, text),
      ]),
    );
  }
  children.push(
    el('text', { class: 'node-id', x: 14, y: 19 }, undefined, truncate(n.id, Math.max(4, Math.floor(idRoom / 7.4)))),
  );
  children.push(
    el(
      'text',
      { class: 'node-title', x: 14, y: 37 },
      undefined,
      truncate(n.title || '(untitled)', Math.floor((w - 24) / 6.4)),
    ),
  );
  // Badges, bottom row.
  let x = 14;
  for (const b of nodeBadges(n)) {
    const pw = pillWidth(b.text);
    if (x + pw > w - 6) break;
    children.push(
      el('g', { class: `badge ${b.cls}`, transform: `translate(${x},${h - 21})` }, [
        el('rect', { width: pw, height: 15, rx: 7.5 }),
        el('text', { x: pw / 2, y: 11, 'text-anchor': 'middle' }, undefined, b.text),
      ]),
    );
    x += pw + 5;
  }
  const attrs: SceneEl['attrs'] = {
    class: nodeClasses(n, slot, opts),
    'data-id': n.id,
    transform: `translate(${r1(box.x)},${r1(box.y)})`,
    role: 'button',
    'aria-label': nodeAriaLabel(n),
  };
  if (opts.interactive) attrs.tabindex = 0;
  return el('g', attrs, children);
}

export function buildScene(data: GraphData, layout: Layout, opts: SceneOptions): Scene {
  const slots = kindSlots(data);
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const minX = Math.min(0, ...[...layout.nodes.values()].map((b) => b.x));
  const left = minX - CAPTION_WIDTH;
  const right = Math.max(layout.width, ...[...layout.nodes.values()].map((b) => b.x + b.width)) + 16;

  const labelOf = new Map(data.kinds.map((k) => [k.kind, k.label]));
  const bands: SceneEl[] = layout.bands.map((b, i) =>
    el('g', { class: 'band', 'data-rank': b.rank }, [
      el('rect', {
        class: 'band-bg',
        x: left,
        y: r1(b.top - 14),
        width: r1(right - left),
        height: r1(b.bottom - b.top + 28),
        rx: 6,
        opacity: i % 2 === 0 ? 1 : 0.5,
      }),
      ...b.kinds.map((kind, j) =>
        el(
          'text',
          { class: 'band-caption', x: left + 14, y: r1(b.top + 8 + j * 18) },
          undefined,
          truncate(labelOf.get(kind) ?? kind, 20),
        ),
      ),
    ]),
  );

  const edgeTrace = new Map(data.edges.map((e, i) => [i, e.trace]));
  const traced = data.nodes.some((n) => n.trace !== undefined);
  const labels: SceneEl[] = [];
  const edges: SceneEl[] = layout.edges.map((e) => {
    const cls = ['edge'];
    if (e.suspect) cls.push('suspect');
    if (e.lateral) cls.push('lateral');
    // Item mode: a link among shown items that is on no path to or from the focus.
    if (traced && edgeTrace.get(e.index) !== true) cls.push('context');
    if (opts.mode === 'impact') {
      const a = byId.get(e.from);
      const b = byId.get(e.to);
      if (!(a?.change || a?.impacted) || !(b?.change || b?.impacted)) cls.push('dim');
    }
    // Labels are drawn above the nodes (their own layer), so a node never hides one.
    labels.push(
      el(
        'text',
        {
          class: `edge-label${e.suspect ? ' suspect' : ''}${cls.includes('dim') ? ' dim' : ''}`,
          x: r1(e.label.x),
          y: r1(e.label.y),
          'data-from': e.from,
          'data-to': e.to,
        },
        undefined,
        edgeLabel(e),
      ),
    );
    return el('g', { class: cls.join(' '), 'data-from': e.from, 'data-to': e.to, 'data-type': e.type }, [
      el('path', {
        class: 'edge-line',
        d: pathData(e.points),
        'marker-end': e.suspect ? 'url(#ts-arrow-suspect)' : 'url(#ts-arrow)',
      }),
    ]);
  });

  const nodes: SceneEl[] = [];
  for (const id of readingOrder(layout.nodes)) {
    const n = byId.get(id);
    const box = layout.nodes.get(id);
    if (n && box) nodes.push(nodeScene(n, box, slots.get(n.kind) ?? 'p0', opts));
  }

  const marker = (id: string, cls: string): SceneEl =>
    el(
      'marker',
      {
        id,
        viewBox: '0 0 10 10',
        refX: 9,
        refY: 5,
        markerWidth: 9,
        markerHeight: 9,
        markerUnits: 'userSpaceOnUse',
        orient: 'auto-start-reverse',
      },
      [el('path', { class: cls, d: 'M0,0 L10,5 L0,10 z' })],
    );
  const top = Math.min(0, ...layout.bands.map((b) => b.top - 14));
  const bottom = Math.max(layout.height, ...layout.bands.map((b) => b.bottom + 14));
  return {
    defs: el('defs', {}, [marker('ts-arrow', 'arrow'), marker('ts-arrow-suspect', 'arrow suspect')]),
    content: el('g', { class: 'content' }, [
      el('g', { class: 'bands' }, bands),
      el('g', { class: 'edges' }, edges),
      el('g', { class: 'nodes' }, nodes),
      el('g', { class: 'labels' }, labels),
    ]),
    bounds: { x: left, y: top, width: right - left, height: bottom - top },
  };
}

/**
 * Text for XML content or an attribute value. Characters XML 1.0 does not allow at all (C0
 * controls but tab, LF and CR; U+FFFE, U+FFFF; lone surrogates) cannot even be escaped, so
 * they become U+FFFD: an exported SVG stays well-formed whatever a title holds.
 */
export function escapeXml(s: string): string {
  return s.replace(NOT_XML, '\uFFFD').replace(/[&<>"'\r\n\t]/g, (c) => XML_ENTITIES[c]!);
}

const NOT_XML =
  // eslint-disable-next-line no-control-regex -- the characters XML forbids are control characters
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// CR, LF and tab as references: an attribute value keeps them instead of normalising them to spaces.
const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
  '\n': '&#10;',
  '\t': '&#9;',
};

export function serializeScene(e: SceneEl, out: string[] = []): string[] {
  out.push('<', e.tag);
  for (const [k, v] of Object.entries(e.attrs)) out.push(' ', k, '="', escapeXml(String(v)), '"');
  if (!e.children?.length && e.text === undefined) {
    out.push('/>');
    return out;
  }
  out.push('>');
  if (e.text !== undefined) out.push(escapeXml(e.text));
  for (const c of e.children ?? []) serializeScene(c, out);
  out.push('</', e.tag, '>');
  return out;
}

/** A standalone SVG document of the scene, styled with `css` (theme variables resolved). */
export function sceneToSvg(scene: Scene, css: string, title: string): string {
  const { x, y, width, height } = scene.bounds;
  const pad = 16;
  const vb = `${r1(x - pad)} ${r1(y - pad)} ${r1(width + 2 * pad)} ${r1(height + 2 * pad)}`;
  const body = serializeScene(scene.content).join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="ts-graph" viewBox="${vb}" width="${Math.ceil(width + 2 * pad)}" height="${Math.ceil(height + 2 * pad)}">` +
    `<title>${escapeXml(title)}</title>` +
    `<style>${css.replace(/<\/?style/gi, '')}</style>` +
    `<rect class="export-bg" x="${r1(x - pad)}" y="${r1(y - pad)}" width="${r1(width + 2 * pad)}" height="${r1(height + 2 * pad)}"/>` +
    serializeScene(scene.defs).join('') +
    body +
    '</svg>\n'
  );
}
