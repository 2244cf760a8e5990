import type { TraceIndex } from '../../core/traceIndex';
import {
  matrixTable,
  matrixWorkbook,
  type MatrixOptions,
  type MatrixTable,
  type MatrixView,
} from '../../core/matrix/matrix';
import { matrixHtml } from './html';
import { matrixCsv, matrixJson, matrixMarkdown } from './text';
import { matrixXlsx } from './xlsx';

export const MATRIX_FORMATS = ['csv', 'markdown', 'html', 'json', 'xlsx'] as const;
export type MatrixFormat = (typeof MATRIX_FORMATS)[number];

/** One view in one format (xlsx: the whole workbook, binary); used by the CLI and the language server. */
export function renderMatrix(
  index: TraceIndex,
  view: MatrixView,
  format: MatrixFormat,
  options: MatrixOptions = {},
): string | Uint8Array {
  if (format === 'xlsx') return matrixXlsx(matrixWorkbook(index, options));
  const table: MatrixTable = matrixTable(index, view, options);
  switch (format) {
    case 'csv':
      return matrixCsv(table);
    case 'markdown':
      return matrixMarkdown(table);
    case 'json':
      return matrixJson(table);
    case 'html':
      return matrixHtml(table, `${index.items().length} items, ${table.rows.length} rows`);
  }
}
