import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { chartCss, escapeXml, lineChart, notConfigured } from './charts';
import { cleanShare, type MetricsPoint, type MetricsPointDetail, type MetricsReport } from './metrics';

/** Severity order for the anomaly chart: the hazard scale, then points without a severity. */
const SEVERITY_ORDER = ['catastrophic', 'critical', 'serious', 'minor', 'negligible', 'unset'];

function label(p: MetricsPoint): string {
  return p.tag ?? p.commit.slice(0, 7);
}

function pct(c: { covered: number; total: number } | undefined): number | null {
  if (!c) return null;
  return c.total === 0 ? 100 : Math.round((1000 * c.covered) / c.total) / 10;
}

/** The history charts of SPEC 12: coverage per rule, findings, open anomalies by severity, approvals, deviations. */
export function metricsCharts(report: MetricsReport, details: readonly MetricsPointDetail[]): string {
  const pts = report.points;
  const labels = pts.map(label);
  const rules: string[] = [];
  for (const p of pts) for (const r of Object.keys(p.coverage)) if (!rules.includes(r)) rules.push(r);
  const severities = new Set<string>();
  for (const d of details) for (const s of Object.keys(d.anomaliesBySeverity)) severities.add(s);
  const sevList = [
    ...SEVERITY_ORDER.filter((s) => severities.has(s)),
    ...[...severities].filter((s) => !SEVERITY_ORDER.includes(s)).sort(),
  ];
  const out: string[] = [];
  out.push(
    lineChart({
      title: 'Coverage per rule',
      labels,
      max: 100,
      unit: '%',
      series: rules.map((r) => ({ name: r, values: pts.map((p) => pct(p.coverage[r])) })),
    }),
  );
  out.push(
    lineChart({
      title: 'Findings',
      labels,
      series: [
        { name: 'errors', values: pts.map((p) => p.errors) },
        { name: 'warnings', values: pts.map((p) => p.warnings) },
      ],
    }),
  );
  out.push(
    lineChart({
      title: 'Open anomalies by severity',
      labels,
      series: [
        { name: 'open', values: pts.map((p) => p.anomalies.open) },
        { name: 'unevaluated', values: pts.map((p) => p.anomalies.unevaluated) },
        ...sevList.map((s) => ({ name: s, values: details.map((d) => d.anomaliesBySeverity[s] ?? 0) })),
      ],
    }),
  );
  if (pts.some((p) => p.approvals !== null)) {
    out.push(
      lineChart({
        title: 'Approvals pending',
        labels,
        series: [
          { name: 'missing', values: pts.map((p) => p.approvals?.missing ?? null) },
          { name: 'stale', values: pts.map((p) => p.approvals?.stale ?? null) },
        ],
      }),
    );
  } else out.push(notConfigured('Approvals pending', 'no approvals engine provides these figures'));
  if (pts.some((p) => p.deviations !== null)) {
    out.push(
      lineChart({
        title: 'Deviations',
        labels,
        series: [
          { name: 'in force', values: pts.map((p) => p.deviations?.active ?? null) },
          { name: 'expiring within 30 days', values: pts.map((p) => p.deviations?.expiring ?? null) },
        ],
      }),
    );
  } else out.push(notConfigured('Deviations expiring', 'no deviations engine provides these figures'));
  return out.join('\n');
}

function base64(bytes: Uint8Array): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out +=
      abc[(n >> 18) & 63]! +
      abc[(n >> 12) & 63]! +
      (b === undefined ? '=' : abc[(n >> 6) & 63]!) +
      (c === undefined ? '=' : abc[n & 63]!);
  }
  return out;
}

const PAGE_CSS = [
  'body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em;color:#222;background:#fff}',
  'table{border-collapse:collapse;margin-top:1em;font-size:13px}',
  'th,td{border:1px solid #ccc;padding:.25em .5em;text-align:right}',
  'th:first-child,td:first-child{text-align:left}',
  '.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:1.5em}',
].join('\n');

/** One self-contained HTML page: no script, no external request, a CSP that allows only its own style. */
export function formatMetricsHtml(
  report: MetricsReport,
  details: readonly MetricsPointDetail[],
  title = 'Tracespine metrics',
): string {
  const css = `${PAGE_CSS}\n${chartCss(false)}`;
  const hash = base64(sha256(utf8ToBytes(css)));
  const csp = `default-src 'none'; style-src 'sha256-${hash}'; img-src data:`;
  const pts = report.points;
  const share = cleanShare(pts);
  const summary =
    pts.length === 0
      ? '<p>No commit changed the design.</p>'
      : `<p>${pts.length} point${pts.length === 1 ? '' : 's'}, ${escapeXml(pts[0]!.date)} to ${escapeXml(pts[pts.length - 1]!.date)}; ` +
        `${Math.round(100 * share!)}% left the spine without errors.</p>`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeXml(title)}</h1>`,
    summary,
    `<div class="charts">${metricsCharts(report, details)}</div>`,
    metricsTableHtml(pts),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function metricsTableHtml(pts: readonly MetricsPoint[]): string {
  const { rules, head } = columns(pts);
  const rows = pts.map((p) =>
    cells(p, rules)
      .map((c) => `<td>${escapeXml(c)}</td>`)
      .join(''),
  );
  return `<table><thead><tr>${head.map((h) => `<th>${escapeXml(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r}</tr>`).join('')}</tbody></table>`;
}

/** The table's columns (HTML and Markdown): every coverage rule any point has, in first-seen order. */
function columns(pts: readonly MetricsPoint[]): { rules: string[]; head: string[] } {
  const rules: string[] = [];
  for (const p of pts) for (const r of Object.keys(p.coverage)) if (!rules.includes(r)) rules.push(r);
  const head = ['commit', 'date', 'items', 'errors', 'warnings', ...rules, 'open anomalies', 'unevaluated'];
  head.push('approvals missing/stale', 'deviations active/expiring');
  return { rules, head };
}

function cells(p: MetricsPoint, rules: readonly string[]): string[] {
  const items = Object.values(p.items).reduce((a, b) => a + b, 0);
  return [
    p.tag ? `${p.tag} (${p.commit.slice(0, 7)})` : p.commit.slice(0, 7),
    p.date.slice(0, 10),
    String(items),
    String(p.errors),
    String(p.warnings),
    ...rules.map((r) => (p.coverage[r] ? `${p.coverage[r].covered}/${p.coverage[r].total}` : '')),
    String(p.anomalies.open),
    String(p.anomalies.unevaluated),
    p.approvals ? `${p.approvals.missing}/${p.approvals.stale}` : 'not configured',
    p.deviations ? `${p.deviations.active}/${p.deviations.expiring}` : 'not configured',
  ];
}

/** Markdown for a CI job summary: the share of clean commits, then one row per point. */
export function formatMetricsMarkdown(report: MetricsReport): string {
  const pts = report.points;
  const out = ['## Tracespine metrics', ''];
  if (pts.length === 0) return `${out.join('\n')}No commit changed the design.\n`;
  const clean = pts.filter((p) => p.errors === 0).length;
  out.push(
    `${pts.length} point${pts.length === 1 ? '' : 's'}; ${clean} (${Math.round((100 * clean) / pts.length)}%) left the spine without errors.`,
    '',
  );
  const { rules, head } = columns(pts);
  out.push(`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`);
  for (const p of pts)
    out.push(
      `| ${cells(p, rules)
        .map((c) => c.replace(/\|/g, '\\|'))
        .join(' | ')} |`,
    );
  return `${out.join('\n')}\n`;
}
