import { createHash } from 'node:crypto';
import type { MatrixTable } from '../../core/matrix/matrix';

/**
 * Self-contained HTML pages (the matrix, the release record): one file, no external
 * request, a strict CSP in a meta tag that allows only this page's own style and script
 * by their SHA-256 (no nonce: the file must be byte-identical when rebuilt), printable.
 */

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export const PAGE_STYLE = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bad: #b42318; --warn: #9a6700; --ok: #1a7f37; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--fg); background: #fff; margin: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { border: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; word-break: break-word; }
th { background: #f6f8fa; position: sticky; top: 0; }
tr.gap td { background: #fff1f0; } tr.suspect td { background: #fff8e1; } tr.failed td { background: #ffe4e4; }
.verdict { display: inline-block; font-weight: 700; padding: 2px 10px; border-radius: 4px; color: #fff; }
.verdict.pass { background: var(--ok); } .verdict.fail { background: var(--bad); }
.controls { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; margin: 12px 0; }
.controls input[type=search] { padding: 4px 8px; min-width: 280px; }
dl.ident { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; } dl.ident dt { font-weight: 600; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 12px; }
@media print { .controls { display: none; } body { margin: 0; font-size: 10px; } th { position: static; }
  tr { break-inside: avoid; } h2 { break-after: avoid; } }
`;

/** Filter by text, and show only gap / suspect / failed rows (any checked): the matrix table's controls. */
export const FILTER_SCRIPT = `
(function () {
  var q = document.getElementById('filter');
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[data-flag]'));
  var rows = Array.prototype.slice.call(document.querySelectorAll('table.matrix tbody tr'));
  var count = document.getElementById('count');
  function apply() {
    var text = q.value.toLowerCase();
    var flags = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.getAttribute('data-flag'); });
    var shown = 0;
    rows.forEach(function (r) {
      var ok = (text === '' || r.textContent.toLowerCase().indexOf(text) >= 0) &&
        (flags.length === 0 || flags.some(function (f) { return r.classList.contains(f); }));
      r.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + ' of ' + rows.length + ' rows';
  }
  q.addEventListener('input', apply);
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  apply();
})();
`;

export function htmlPage(title: string, body: string, script?: string): string {
  const csp = [
    "default-src 'none'",
    `style-src ${sha256Source(PAGE_STYLE)}`,
    `script-src ${script ? sha256Source(script) : "'none'"}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">\n` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${escapeHtml(title)}</title>\n<style>${PAGE_STYLE}</style>\n</head>\n<body>\n${body}\n` +
    (script ? `<script>${script}</script>\n` : '') +
    '</body>\n</html>\n'
  );
}

/** The flags a row carries for the toggles: gap, suspect, failed. */
export function rowFlags(table: MatrixTable, row: readonly string[]): string[] {
  const flags: string[] = [];
  const col = (name: string): string => row[table.columns.indexOf(name)] ?? '';
  const joined = row.join('\u0000');
  if (col('state') === 'gap' || col('gaps') !== '') flags.push('gap');
  if (col('state') === 'suspect' || joined.includes('(suspect)')) flags.push('suspect');
  if (/\bfailed\b/.test(col('evidence'))) flags.push('failed');
  return flags;
}

/** A table of rows with their flags as classes. */
export function tableHtml(table: MatrixTable, className = 'matrix'): string {
  const head = `<thead><tr>${table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>`;
  const body = table.rows
    .map((r) => {
      const flags = rowFlags(table, r);
      return `<tr${flags.length ? ` class="${flags.join(' ')}"` : ''}>${r.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<table class="${className}">${head}<tbody>\n${body}\n</tbody></table>`;
}

export function filterControls(): string {
  return (
    '<div class="controls"><input type="search" id="filter" placeholder="Filter rows" aria-label="Filter rows">' +
    '<label><input type="checkbox" data-flag="gap"> gaps</label>' +
    '<label><input type="checkbox" data-flag="suspect"> suspect</label>' +
    '<label><input type="checkbox" data-flag="failed"> failed</label>' +
    '<span id="count" class="muted"></span></div>'
  );
}

/** The matrix as one page: a filter, the toggles, the table; printable. */
export function matrixHtml(table: MatrixTable, subtitle: string): string {
  const body =
    `<h1>Traceability matrix: ${escapeHtml(table.title.toLowerCase())}</h1>\n<p class="muted">${escapeHtml(subtitle)}</p>\n` +
    `${filterControls()}\n${tableHtml(table)}`;
  return htmlPage(`Traceability matrix: ${table.title.toLowerCase()}`, body, FILTER_SCRIPT);
}
