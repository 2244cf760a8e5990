/**
 * Line charts as plain inline SVG strings: no script, no network, no library. Colours come
 * from CSS classes (`ts-s0` … `ts-s7`, `ts-axis`, `ts-grid`, `ts-label`) so that a page or a
 * themed webview styles them; each point carries a <title> for a tooltip. Deterministic.
 */

export interface ChartSeries {
  readonly name: string;
  /** One value per label; null where the series has no value (a gap in the line). */
  readonly values: readonly (number | null)[];
}

export interface ChartSpec {
  readonly title: string;
  /** The x-axis labels (one per point, oldest first). */
  readonly labels: readonly string[];
  readonly series: readonly ChartSeries[];
  /** Fixed upper bound of the y axis (100 for percentages); else the data's maximum. */
  readonly max?: number;
  /** Appended to values in tooltips and the axis (e.g. `%`). */
  readonly unit?: string;
}

const W = 640;
const H = 220;
const LEFT = 44;
const RIGHT = 12;
const TOP = 12;
const BOTTOM = 28;

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** A "nice" ceiling for the y axis: 1, 2 or 5 times a power of ten. */
function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** One line chart: a figure with a heading, the SVG and a legend. */
export function lineChart(spec: ChartSpec): string {
  const n = spec.labels.length;
  const unit = spec.unit ?? '';
  let dataMax = 0;
  for (const s of spec.series) for (const v of s.values) if (v !== null && v > dataMax) dataMax = v;
  const max = spec.max ?? niceMax(dataMax);
  const plotW = W - LEFT - RIGHT;
  const plotH = H - TOP - BOTTOM;
  const x = (i: number): number => LEFT + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number): number => TOP + plotH - (max === 0 ? 0 : (v / max) * plotH);
  const r = (v: number): string => v.toFixed(1);
  const parts: string[] = [];
  parts.push(
    `<svg class="ts-chart" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${escapeXml(spec.title)}" xmlns="http://www.w3.org/2000/svg">`,
  );
  for (const t of [0, 0.5, 1]) {
    const yy = r(y(max * t));
    parts.push(`<line class="ts-grid" x1="${LEFT}" y1="${yy}" x2="${W - RIGHT}" y2="${yy}"/>`);
    parts.push(
      `<text class="ts-label" x="${LEFT - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle">${fmt(max * t)}${escapeXml(unit)}</text>`,
    );
  }
  parts.push(`<line class="ts-axis" x1="${LEFT}" y1="${TOP + plotH}" x2="${W - RIGHT}" y2="${TOP + plotH}"/>`);
  if (n > 0) {
    const ticks = n === 1 ? [0] : [0, n - 1];
    for (const i of ticks) {
      const anchor = n === 1 ? 'middle' : i === 0 ? 'start' : 'end';
      parts.push(
        `<text class="ts-label" x="${r(x(i))}" y="${H - 8}" text-anchor="${anchor}">${escapeXml(spec.labels[i]!)}</text>`,
      );
    }
  }
  spec.series.forEach((s, si) => {
    const cls = `ts-s${si % 8}`;
    let run: string[] = [];
    const flush = (): void => {
      if (run.length > 1) parts.push(`<polyline class="ts-line ${cls}" points="${run.join(' ')}"/>`);
      run = [];
    };
    s.values.forEach((v, i) => {
      if (v === null) return flush();
      run.push(`${r(x(i))},${r(y(v))}`);
    });
    flush();
    s.values.forEach((v, i) => {
      if (v === null) return;
      const tip = `${s.name}: ${fmt(v)}${unit} (${spec.labels[i] ?? ''})`;
      parts.push(
        `<circle class="ts-dot ${cls}" cx="${r(x(i))}" cy="${r(y(v))}" r="3"><title>${escapeXml(tip)}</title></circle>`,
      );
    });
  });
  parts.push('</svg>');
  const legend = spec.series
    .map((s, si) => `<li><span class="ts-key ts-s${si % 8}"></span>${escapeXml(s.name)}</li>`)
    .join('');
  return `<figure class="ts-figure"><figcaption>${escapeXml(spec.title)}</figcaption>${parts.join('')}<ul class="ts-legend">${legend}</ul></figure>`;
}

/** A chart's place when its figures are not provided by any engine. */
export function notConfigured(title: string, what: string): string {
  return `<figure class="ts-figure ts-none"><figcaption>${escapeXml(title)}</figcaption><p>Not configured: ${escapeXml(what)}.</p></figure>`;
}

/** Styles for the chart classes; `vars` chooses colours from CSS variables (a VS Code webview) or fixed ones. */
export function chartCss(vars: boolean): string {
  const fixed = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
  const themed = [
    'var(--vscode-charts-blue, #1f77b4)',
    'var(--vscode-charts-red, #d62728)',
    'var(--vscode-charts-green, #2ca02c)',
    'var(--vscode-charts-orange, #ff7f0e)',
    'var(--vscode-charts-purple, #9467bd)',
    'var(--vscode-charts-yellow, #bcbd22)',
    'var(--vscode-charts-foreground, #7f7f7f)',
    'var(--vscode-charts-lines, #8c564b)',
  ];
  const colours = vars ? themed : fixed;
  const fg = vars ? 'var(--vscode-foreground)' : '#333';
  const grid = vars ? 'var(--vscode-charts-lines, #8884)' : '#ddd';
  const lines = colours.map((c, i) => `.ts-s${i}{stroke:${c};fill:${c}}\n.ts-key.ts-s${i}{background:${c}}`).join('\n');
  return [
    `.ts-figure{margin:0 0 1.5em 0;max-width:${W}px}`,
    '.ts-figure figcaption{font-weight:600;margin-bottom:.3em}',
    `.ts-chart{display:block;font-size:11px}`,
    `.ts-grid{stroke:${grid};stroke-width:1}`,
    `.ts-axis{stroke:${fg};stroke-width:1}`,
    `.ts-label{fill:${fg};font-size:11px}`,
    '.ts-line{fill:none !important;stroke-width:2}',
    '.ts-dot{stroke-width:0}',
    '.ts-legend{list-style:none;padding:0;margin:.3em 0 0 0;display:flex;flex-wrap:wrap;gap:1em}',
    '.ts-key{display:inline-block;width:.8em;height:.8em;margin-right:.35em;border-radius:2px}',
    '.ts-none p{opacity:.8;font-style:italic}',
    lines,
  ].join('\n');
}
