/**
 * The Design Controls Dashboard's HTML (SPEC 12): a pure string function shared by the
 * extension and the browser test, so both run the page under the same CSP:
 *   default-src 'none'; style-src 'nonce-N'; script-src 'nonce-N'
 * One nonce'd <style> (theme colours from VS Code's CSS variables), one nonce'd script from the
 * extension's own media (it only posts "open" for a clicked entry), no remote content, and
 * every text escaped. Sections whose policy is not configured (null) say "Not configured".
 */
import { chartCss } from '../core/metrics/charts';
import type { DashboardEntry, DashboardResult } from './lspProtocol';
import { escapeHtmlAttr as esc } from './webviewHtml';

export interface DashboardHtmlOptions {
  readonly nonce: string;
  /** `webview.asWebviewUri(media/dashboard.js)`. */
  readonly scriptUri: string;
  /** The history charts (inline SVG from the server), or undefined while they are computed. */
  readonly chartsHtml?: string;
  /** Why there are no charts (not a git repository, ...). */
  readonly chartsMessage?: string;
}

const CSS = `body{font-family:var(--vscode-font-family);font-size:var(--vscode-font-size);color:var(--vscode-foreground);
background:var(--vscode-editor-background);padding:0 1.2em 2em}
h1{font-size:1.4em;font-weight:600}h2{font-size:1.1em;font-weight:600;margin-top:1.6em;border-bottom:1px solid var(--vscode-panel-border,#8884)}
table{border-collapse:collapse}td,th{padding:.15em .8em .15em 0;text-align:left}
.bar{display:inline-block;width:120px;height:.7em;background:var(--vscode-editorWidget-background,#8882);vertical-align:middle}
.bar>span{display:block;height:100%;background:var(--vscode-charts-green,#2ca02c)}
ul.entries{list-style:none;padding:0;margin:.3em 0}ul.entries li{margin:.15em 0}
a.entry{color:var(--vscode-textLink-foreground);cursor:pointer;text-decoration:none}a.entry:hover{text-decoration:underline}
.detail{color:var(--vscode-descriptionForeground);margin-left:.5em}
.warn{color:var(--vscode-errorForeground)}
.none{color:var(--vscode-descriptionForeground);font-style:italic}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(380px,1fr));gap:1.2em}`;

function entry(e: DashboardEntry, extra = ''): string {
  const title = e.title ? ` ${esc(e.title)}` : '';
  return (
    `<li><a class="entry" tabindex="0" data-id="${esc(e.id)}" data-file="${esc(e.file)}" data-line="${e.line}">${esc(e.id)}</a>${title}` +
    `${e.detail ? `<span class="detail">${esc(e.detail)}</span>` : ''}${extra}</li>`
  );
}

function list(entries: readonly DashboardEntry[], empty: string): string {
  return entries.length === 0
    ? `<p class="none">${esc(empty)}</p>`
    : `<ul class="entries">${entries.map((e) => entry(e)).join('')}</ul>`;
}

function notConfigured(what: string): string {
  return `<p class="none">Not configured: ${esc(what)}.</p>`;
}

export function renderDashboardHtml(data: DashboardResult, opts: DashboardHtmlOptions): string {
  const n = esc(opts.nonce);
  const csp = `default-src 'none'; style-src 'nonce-${n}'; script-src 'nonce-${n}'`;
  const body: string[] = ['<h1>Design Controls Dashboard</h1>'];
  if (data.configInvalid)
    body.push('<p class="warn">tracespine.yaml is invalid: fix it first; nothing else was checked.</p>');

  body.push('<h2>Coverage</h2>');
  if (data.coverage.length === 0) body.push('<p class="none">No coverage rules.</p>');
  else {
    const rows = data.coverage.map((c) => {
      const p = c.total === 0 ? 100 : Math.floor((100 * c.covered) / c.total);
      return `<tr><td>${esc(c.rule)}</td><td>${esc(c.kind)}</td><td>${c.covered}/${c.total}</td><td><span class="bar"><span style-width="${p}"></span></span> ${p}%</td></tr>`;
    });
    body.push(`<table class="coverage"><tbody>${rows.join('')}</tbody></table>`);
  }

  body.push('<h2>Gaps</h2>');
  if (data.gaps.length === 0) body.push('<p class="none">No gaps: every coverage rule is met.</p>');
  for (const g of data.gaps) {
    const more = g.total > g.entries.length ? ` (first ${g.entries.length})` : '';
    body.push(`<h3>coverage.${esc(g.rule)}: ${g.total}${more}</h3>`, list(g.entries, ''));
  }

  body.push('<h2>Open anomalies</h2>');
  if (data.anomalies.length === 0) body.push('<p class="none">No open problem reports.</p>');
  else {
    const items = data.anomalies.map((a) => {
      const extra = `${a.evaluated ? '' : '<span class="warn detail">no safety evaluation</span>'}${a.affects.length > 0 ? `<span class="detail">affects ${esc(a.affects.join(', '))}</span>` : ''}`;
      return entry(a, extra);
    });
    body.push(`<ul class="entries anomalies">${items.join('')}</ul>`);
  }

  body.push('<h2>Verification evidence</h2>');
  if (data.evidence === null) body.push(notConfigured('no evidence: in tracespine.yaml'));
  else
    body.push(
      '<h3>Failing</h3>',
      list(data.evidence.failing, 'None.'),
      '<h3>Stale</h3>',
      list(data.evidence.stale, 'None.'),
    );
  body.push('<h2>Approvals waiting for your role</h2>');
  if (data.approvals === null) body.push(notConfigured('no approvals.require in tracespine.yaml'));
  else {
    const a = data.approvals;
    const who =
      a.email === undefined
        ? 'git user.email is not set: only approvals that name no role are yours.'
        : `${a.email}${a.roles && a.roles.length > 0 ? `, roles: ${a.roles.join(', ')}` : ', in no role of approvals.roles'}`;
    body.push(`<p class="detail who">${esc(who)}</p>`, list(a.waiting, 'None.'));
  }
  body.push('<h2>Deviations expired or expiring within 30 days</h2>');
  body.push(data.deviations === null ? notConfigured('no deviation kind') : list(data.deviations.expiring, 'None.'));

  body.push('<h2>History</h2>');
  if (opts.chartsHtml !== undefined && opts.chartsHtml !== '')
    body.push(`<div class="charts">${opts.chartsHtml}</div>`);
  else body.push(`<p class="none">${esc(opts.chartsMessage ?? 'Reading the git history…')}</p>`);

  // Bar widths: no inline style attributes (the CSP allows none), one nonce'd rule per width used.
  const widths = new Set<number>();
  for (const c of data.coverage) widths.add(c.total === 0 ? 100 : Math.floor((100 * c.covered) / c.total));
  const widthCss = [...widths]
    .sort((a, b) => a - b)
    .map((w) => `[style-width="${w}"]{width:${w}%}`)
    .join('\n');

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Design Controls Dashboard</title>',
    `<style nonce="${n}">${CSS}\n${chartCss(true)}\n${widthCss}</style>`,
    '</head>',
    '<body>',
    ...body,
    `<script nonce="${n}" src="${esc(opts.scriptUri)}"></script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
