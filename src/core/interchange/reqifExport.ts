import type { KindConfig, TraceConfig } from '../config/types';
import type { Item } from '../model/item';
import { compareIds } from '../traceIndex';

/*
 * ReqIF 1.2 export (SPEC section 11; OMG formal/16-07-01, namespace .../20110401/reqif.xsd,
 * REQ-IF-VERSION 1.0). Kinds become SPEC-OBJECT-TYPEs, an item's ID, title, status, body and
 * fields become attribute values, links become SPEC-RELATIONs (one SPEC-RELATION-TYPE per
 * link type, the pin as an attribute). Identifiers are XML IDs derived from the IDs alone, and
 * every time is the one given, so the same design gives byte-identical files.
 */

export interface ReqifExportInput {
  readonly config: TraceConfig;
  readonly items: readonly Item[];
  /** An item's body (the text after the frontmatter), as the fingerprint reads it. */
  readonly bodyOf: (item: Item) => string;
  /** The time written into CREATION-TIME and LAST-CHANGE (deterministic: the caller's choice). */
  readonly time: string;
  readonly title: string;
  readonly toolVersion: string;
}

export interface ReqifExport {
  readonly xml: string;
  /** Links whose target no item defines: ReqIF cannot hold them (a relation needs both ends). */
  readonly skipped: readonly { readonly from: string; readonly type: string; readonly target: string }[];
}

/** The attribute names every SPEC-OBJECT-TYPE has, in the ReqIF convention of DOORS and ReqIF Studio. */
export const STANDARD_ATTRIBUTES = {
  id: 'ReqIF.ForeignID',
  title: 'ReqIF.Name',
  text: 'ReqIF.Text',
  status: 'Status',
} as const;
export const PIN_ATTRIBUTE = 'Pin';
/**
 * DESC of a kind field's attribute definition: `Tracespine field: {JSON}` with its allowed
 * values, whether it is required and part of the fingerprint (read back on import).
 */
export const FIELD_DESC = 'Tracespine field: ';

function fieldDesc(k: KindConfig, f: string): string | undefined {
  const values = k.fields.get(f);
  if (!values) return undefined;
  return `${FIELD_DESC}${JSON.stringify({ values, required: k.required.includes(f), fingerprint: k.fingerprint.includes(f) })}`;
}

/** An XML ID (NCName) from any text: letters, digits, `_`, `-`, `.`; others as `_xHHHH_`, deterministic. */
export function xmlId(prefix: string, text: string): string {
  let out = prefix;
  for (const ch of text)
    out += /[A-Za-z0-9_.-]/.test(ch) ? ch : `_x${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}_`;
  return out;
}

function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

/** A field's value as attribute text: strings as they are, anything else as JSON (read back by the importer). */
export function fieldText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function exportReqif(input: ReqifExportInput): ReqifExport {
  const { config, time } = input;
  const items = [...input.items].sort((a, b) => compareIds(a.id, b.id));
  const defined = new Set(items.map((i) => i.id));
  const linkKeys = new Set(config.links.keys());
  const reserved = config.reader.reserved;
  // The kind fields each kind's items set (every top-level key that is neither reserved nor a link), sorted.
  const fieldsOf = new Map<string, Set<string>>();
  for (const k of config.kinds) fieldsOf.set(k.name, new Set());
  for (const item of items) {
    const set = fieldsOf.get(item.kind)!;
    for (const key of item.fields.keys()) if (!reserved.has(key) && !linkKeys.has(key)) set.add(key);
  }
  const lines: string[] = [];
  const w = (s: string): void => {
    lines.push(s);
  };
  const lc = `LAST-CHANGE="${esc(time)}"`;
  w('<?xml version="1.0" encoding="UTF-8"?>');
  w('<REQ-IF xmlns="http://www.omg.org/spec/ReqIF/20110401/reqif.xsd" xmlns:xhtml="http://www.w3.org/1999/xhtml">');
  w('  <THE-HEADER>');
  w('    <REQ-IF-HEADER IDENTIFIER="tracespine-header">');
  w(`      <CREATION-TIME>${esc(time)}</CREATION-TIME>`);
  w('      <REQ-IF-TOOL-ID>Tracespine</REQ-IF-TOOL-ID>');
  w('      <REQ-IF-VERSION>1.0</REQ-IF-VERSION>');
  w(`      <SOURCE-TOOL-ID>Tracespine ${esc(input.toolVersion)}</SOURCE-TOOL-ID>`);
  w(`      <TITLE>${esc(input.title)}</TITLE>`);
  w('    </REQ-IF-HEADER>');
  w('  </THE-HEADER>');
  w('  <CORE-CONTENT>');
  w('    <REQ-IF-CONTENT>');
  w('      <DATATYPES>');
  w(`        <DATATYPE-DEFINITION-STRING IDENTIFIER="DT-text" LONG-NAME="Text" ${lc} MAX-LENGTH="2147483647"/>`);
  w('      </DATATYPES>');
  w('      <SPEC-TYPES>');
  const attrDef = (id: string, name: string, desc?: string): void => {
    const d = desc !== undefined ? ` DESC="${esc(desc)}"` : '';
    w(`            <ATTRIBUTE-DEFINITION-STRING IDENTIFIER="${id}" LONG-NAME="${esc(name)}"${d} ${lc}>`);
    w('              <TYPE><DATATYPE-DEFINITION-STRING-REF>DT-text</DATATYPE-DEFINITION-STRING-REF></TYPE>');
    w('            </ATTRIBUTE-DEFINITION-STRING>');
  };
  const attrId = (kind: string, name: string): string => xmlId(`A-${kind}.`, name);
  for (const k of config.kinds) {
    w(
      `        <SPEC-OBJECT-TYPE IDENTIFIER="${xmlId('T-', k.name)}" LONG-NAME="${esc(k.name)}" DESC="${esc(k.label)}" ${lc}>`,
    );
    w('          <SPEC-ATTRIBUTES>');
    for (const a of Object.values(STANDARD_ATTRIBUTES)) attrDef(attrId(k.name, a), a);
    for (const f of [...fieldsOf.get(k.name)!].sort()) attrDef(attrId(k.name, `field.${f}`), f, fieldDesc(k, f));
    w('          </SPEC-ATTRIBUTES>');
    w('        </SPEC-OBJECT-TYPE>');
  }
  for (const lt of config.links.values()) {
    w(`        <SPEC-RELATION-TYPE IDENTIFIER="${xmlId('RT-', lt.name)}" LONG-NAME="${esc(lt.name)}" ${lc}>`);
    w('          <SPEC-ATTRIBUTES>');
    attrDef(attrId(`link.${lt.name}`, PIN_ATTRIBUTE), PIN_ATTRIBUTE);
    w('          </SPEC-ATTRIBUTES>');
    w('        </SPEC-RELATION-TYPE>');
  }
  w(`        <SPECIFICATION-TYPE IDENTIFIER="T-specification" LONG-NAME="Tracespine design" ${lc}/>`);
  w('      </SPEC-TYPES>');
  const value = (defId: string, text: string): void => {
    w(`            <ATTRIBUTE-VALUE-STRING THE-VALUE="${esc(text)}">`);
    w(
      `              <DEFINITION><ATTRIBUTE-DEFINITION-STRING-REF>${defId}</ATTRIBUTE-DEFINITION-STRING-REF></DEFINITION>`,
    );
    w('            </ATTRIBUTE-VALUE-STRING>');
  };
  w('      <SPEC-OBJECTS>');
  for (const item of items) {
    w(`        <SPEC-OBJECT IDENTIFIER="${xmlId('SO-', item.id)}" LONG-NAME="${esc(item.id)}" ${lc}>`);
    w('          <VALUES>');
    value(attrId(item.kind, STANDARD_ATTRIBUTES.id), item.id);
    value(attrId(item.kind, STANDARD_ATTRIBUTES.title), item.title);
    value(attrId(item.kind, STANDARD_ATTRIBUTES.text), input.bodyOf(item));
    value(attrId(item.kind, STANDARD_ATTRIBUTES.status), item.status);
    const fields = fieldsOf.get(item.kind)!;
    for (const f of [...fields].sort()) {
      const field = item.fields.get(f);
      if (field && field.value !== null && field.value !== undefined)
        value(attrId(item.kind, `field.${f}`), fieldText(field.value));
    }
    w('          </VALUES>');
    w(`          <TYPE><SPEC-OBJECT-TYPE-REF>${xmlId('T-', item.kind)}</SPEC-OBJECT-TYPE-REF></TYPE>`);
    w('        </SPEC-OBJECT>');
  }
  w('      </SPEC-OBJECTS>');
  const skipped: { from: string; type: string; target: string }[] = [];
  w('      <SPEC-RELATIONS>');
  for (const item of items) {
    const seen = new Map<string, number>();
    for (const link of item.links) {
      if (!defined.has(link.target)) {
        skipped.push({ from: item.id, type: link.type, target: link.target });
        continue;
      }
      const key = `${link.type}.${link.target}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      const id = xmlId('SR-', `${item.id}.${link.type}.${link.target}${n > 1 ? `.${n}` : ''}`);
      w(`        <SPEC-RELATION IDENTIFIER="${id}" ${lc}>`);
      if (link.pin !== undefined) {
        w('          <VALUES>');
        value(attrId(`link.${link.type}`, PIN_ATTRIBUTE), link.pin);
        w('          </VALUES>');
      }
      w(`          <SOURCE><SPEC-OBJECT-REF>${xmlId('SO-', item.id)}</SPEC-OBJECT-REF></SOURCE>`);
      w(`          <TARGET><SPEC-OBJECT-REF>${xmlId('SO-', link.target)}</SPEC-OBJECT-REF></TARGET>`);
      w(`          <TYPE><SPEC-RELATION-TYPE-REF>${xmlId('RT-', link.type)}</SPEC-RELATION-TYPE-REF></TYPE>`);
      w('        </SPEC-RELATION>');
    }
  }
  w('      </SPEC-RELATIONS>');
  w('      <SPECIFICATIONS>');
  w(`        <SPECIFICATION IDENTIFIER="S-design" LONG-NAME="${esc(input.title)}" ${lc}>`);
  if (items.length > 0) {
    w('          <CHILDREN>');
    for (const item of items) {
      w(`            <SPEC-HIERARCHY IDENTIFIER="${xmlId('H-', item.id)}" ${lc}>`);
      w(`              <OBJECT><SPEC-OBJECT-REF>${xmlId('SO-', item.id)}</SPEC-OBJECT-REF></OBJECT>`);
      w('            </SPEC-HIERARCHY>');
    }
    w('          </CHILDREN>');
  }
  w('          <TYPE><SPECIFICATION-TYPE-REF>T-specification</SPECIFICATION-TYPE-REF></TYPE>');
  w('        </SPECIFICATION>');
  w('      </SPECIFICATIONS>');
  w('    </REQ-IF-CONTENT>');
  w('  </CORE-CONTENT>');
  w('</REQ-IF>');
  return { xml: `${lines.join('\n')}\n`, skipped };
}
