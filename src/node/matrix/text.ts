import type { MatrixTable } from '../../core/matrix/matrix';

/** RFC 4180 CSV (UTF-8, LF line ends): a header row, then one line per row. */
export function matrixCsv(table: MatrixTable): string {
  const lines = [table.columns.map(csvField).join(',')];
  for (const row of table.rows) lines.push(row.map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A Markdown table (GitHub flavour) under a heading: for a pull request or a job summary. */
export function matrixMarkdown(
  table: MatrixTable,
  heading = `Traceability matrix: ${table.title.toLowerCase()}`,
): string {
  const out = [`## ${heading}`, ''];
  if (table.rows.length === 0) {
    out.push('_No rows._', '');
    return out.join('\n');
  }
  out.push(`| ${table.columns.map(mdCell).join(' | ')} |`);
  out.push(`|${table.columns.map(() => '---').join('|')}|`);
  for (const row of table.rows) out.push(`| ${row.map(mdCell).join(' | ')} |`);
  out.push('');
  return out.join('\n');
}

export function mdCell(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'))
    .replace(/\r?\n|\r/g, '<br>');
}

/** `{version, view, columns, rows: [{column: value}]}`, rows in the table's order. */
export function matrixJson(table: MatrixTable): string {
  const rows = table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c, r[i] ?? ''])));
  return `${JSON.stringify({ version: 1, view: table.view, columns: table.columns, rows }, null, 2)}\n`;
}
