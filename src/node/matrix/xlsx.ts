import { zipSync, type Zippable } from 'fflate';
import type { MatrixTable } from '../../core/matrix/matrix';

/**
 * A workbook of one sheet per table, as SpreadsheetML written by hand and zipped with fflate.
 * Deterministic: the parts in a fixed order, every entry with the same fixed time (1980-01-01
 * 00:00, DOS time's first day, built from local fields because the zip's time is local),
 * inline strings only (no shared-string table whose order could vary), no document properties.
 */
export function matrixXlsx(tables: readonly MatrixTable[]): Uint8Array {
  const sheets = tables.map((t, i) => ({ name: sheetName(t.title, i), file: `sheet${i + 1}.xml`, xml: sheetXml(t) }));
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  const mtime = new Date(1980, 0, 1, 0, 0, 0);
  const files: Zippable = {};
  const add = (path: string, xml: string): void => {
    files[path] = [enc(xml), { mtime, level: 6 }];
  };
  add('[Content_Types].xml', contentTypes(sheets.map((s) => s.file)));
  add(
    '_rels/.rels',
    `${XML}<Relationships xmlns="${REL_NS}"><Relationship Id="rId1" Type="${OFFICE_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  add(
    'xl/workbook.xml',
    `${XML}<workbook xmlns="${MAIN_NS}" xmlns:r="${OFFICE_REL}"><sheets>` +
      sheets.map((s, i) => `<sheet name="${attr(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      '</sheets></workbook>',
  );
  add(
    'xl/_rels/workbook.xml.rels',
    `${XML}<Relationships xmlns="${REL_NS}">` +
      sheets
        .map((s, i) => `<Relationship Id="rId${i + 1}" Type="${OFFICE_REL}/worksheet" Target="worksheets/${s.file}"/>`)
        .join('') +
      `<Relationship Id="rId${sheets.length + 1}" Type="${OFFICE_REL}/styles" Target="styles.xml"/></Relationships>`,
  );
  add('xl/styles.xml', STYLES);
  for (const s of sheets) add(`xl/worksheets/${s.file}`, s.xml);
  return zipSync(files);
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const OFFICE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

/** Two cell formats: 0 plain, 1 bold (the header row). */
const STYLES =
  `${XML}<styleSheet xmlns="${MAIN_NS}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>` +
  '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill>' +
  '<fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs></styleSheet>';

function contentTypes(sheetFiles: readonly string[]): string {
  return (
    `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>` +
    `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>` +
    sheetFiles.map((f) => `<Override PartName="/xl/worksheets/${f}" ContentType="${CT}.worksheet+xml"/>`).join('') +
    '</Types>'
  );
}

function sheetXml(t: MatrixTable): string {
  const rows = [t.columns, ...t.rows];
  const body = rows
    .map((row, r) => {
      const cells = row.map((v, c) =>
        v === ''
          ? ''
          : `<c r="${colName(c)}${r + 1}" t="inlineStr"${r === 0 ? ' s="1"' : ''}><is><t xml:space="preserve">${xmlText(v)}</t></is></c>`,
      );
      return `<row r="${r + 1}">${cells.join('')}</row>`;
    })
    .join('');
  const freeze =
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>';
  const filter = rows.length > 1 ? `<autoFilter ref="A1:${colName(t.columns.length - 1)}${rows.length}"/>` : '';
  return `${XML}<worksheet xmlns="${MAIN_NS}">${freeze}<sheetData>${body}</sheetData>${filter}</worksheet>`;
}

export function colName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Text as XML allows it: markup escaped, characters XML 1.0 forbids (most C0 controls) dropped. */
function xmlText(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'))
  );
}

function attr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;');
}

/** Excel's sheet-name rules: at most 31 characters, none of []:*?/\ ; unique. */
function sheetName(title: string, i: number): string {
  const clean = title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
  return clean === '' ? `Sheet${i + 1}` : clean;
}
