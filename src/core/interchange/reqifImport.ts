import { SaxesParser, type SaxesTag } from 'saxes';
import { LineIndex } from '../model/range';
import { compareIds } from '../model/compareIds';
import { FIELD_DESC, PIN_ATTRIBUTE, STANDARD_ATTRIBUTES } from './reqifExport';
import type { ImportProblem, NativeDesign, NativeItem, NativeKindField } from './native';

/*
 * Tolerant ReqIF import (SPEC section 11). Files from DOORS, Polarion, ReqIF Studio and
 * Enterprise Architect are often not schema-valid: whatever is well-formed is read, by local
 * element names (any namespace prefix), and every reference that does not resolve, value that
 * cannot be read or construct that is not mapped is a problem at its line and column. XML
 * that is not well-formed stops the reading at the parser's position; what came before stays.
 * docs/formats.md gives the mapping.
 */

interface At {
  readonly line: number;
  readonly column: number;
}

interface AttrDef {
  readonly id: string;
  readonly name: string;
  readonly desc?: string;
  readonly kind: string; // STRING, XHTML, ENUMERATION, INTEGER, REAL, BOOLEAN, DATE
  typeRef?: string;
  readonly at: At;
}

interface SpecType {
  readonly id: string;
  readonly name: string;
  readonly desc?: string;
  readonly attrs: AttrDef[];
  readonly at: At;
}

interface RawValue {
  readonly kind: string;
  defRef?: string;
  value?: string;
  enumRefs: string[];
  readonly at: At;
}

interface RawObject {
  readonly id: string;
  readonly longName?: string;
  typeRef?: string;
  readonly values: RawValue[];
  readonly at: At;
}

interface RawRelation {
  readonly id: string;
  source?: string;
  target?: string;
  typeRef?: string;
  readonly values: RawValue[];
  readonly at: At;
}

const TITLE_NAMES = [STANDARD_ATTRIBUTES.title, 'ReqIF.ChapterName', 'Object Heading', 'Title', 'Name'];
const TEXT_NAMES = [STANDARD_ATTRIBUTES.text, 'Object Text', 'Description', 'Text'];
const ID_NAMES = [STANDARD_ATTRIBUTES.id, 'ID', 'Identifier'];
const STATUS_NAMES = [STANDARD_ATTRIBUTES.status, 'ReqIF.Status', 'status'];

function local(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** A YAML-friendly key from an attribute's name (`Object Type` -> `Object_Type`). */
export function fieldKey(name: string): string {
  const k = name.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Za-z]/.test(k) ? k : `f_${k}`;
}

/** A kind name (`^[A-Za-z][A-Za-z0-9_-]*$`) from a type's name. */
function kindName(name: string): string {
  const k = name.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Za-z]/.test(k) ? k : `kind_${k || 'x'}`;
}

/** Upper-case letters for IDs of a type whose objects have none: initials of several words, else the first three. */
function prefixFor(typeName: string): string {
  const words = typeName.match(/[A-Za-z]+/g) ?? [];
  const p = words.length > 1 ? words.map((w) => w[0]!).join('') : (words[0] ?? 'ITEM').slice(0, 3).padEnd(3, 'X');
  return p.toUpperCase();
}

const ID_FORM = /^[A-Za-z][A-Za-z0-9_]*(?:[-_.][A-Za-z0-9_]+)*$/;

/** Reads a ReqIF file into native items; never throws. */
export function readReqif(text: string): NativeDesign {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = new LineIndex(text);
  const problems: ImportProblem[] = [];
  const atOf = (offset: number): At => {
    const p = lines.positionAt(Math.max(0, Math.min(offset, text.length)));
    return { line: p.line + 1, column: p.character + 1 };
  };
  const problem = (at: At, message: string): void => {
    problems.push({ ...at, message });
  };

  const enumValues = new Map<string, string>(); // ENUM-VALUE identifier -> its name
  const datatypes = new Map<string, string>(); // datatype identifier -> kind of datatype
  const objectTypes = new Map<string, SpecType>();
  const relationTypes = new Map<string, SpecType>();
  const objects: RawObject[] = [];
  const relations: RawRelation[] = [];
  const hierarchyRefs: { ref: string; at: At }[] = [];
  let sourceTool = '';

  const stack: string[] = [];
  let currentType: SpecType | undefined;
  let currentAttr: AttrDef | undefined;
  let currentObject: RawObject | undefined;
  let currentRelation: RawRelation | undefined;
  let currentValue: RawValue | undefined;
  let refText: string | undefined;
  let refAt = 0;
  let firstHierarchy: At | undefined;
  let xhtml: { out: string; lists: number } | undefined;
  let xhtmlDepth = -1;
  let toolText: string | undefined;
  let failed = false;

  const parser = new SaxesParser({ position: true, xmlns: false });
  const tagStart = (): number => Math.max(0, text.lastIndexOf('<', parser.position - 1));
  parser.on('error', (e) => {
    if (failed) return;
    failed = true;
    problem(
      atOf(Math.max(0, parser.position - 1)),
      `not well-formed XML, reading stopped here: ${e.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '')}`,
    );
  });
  parser.on('opentag', (tag: SaxesTag) => {
    if (failed) return;
    const name = local(tag.name);
    const a = tag.attributes as Record<string, string>;
    const parent = stack[stack.length - 1];
    stack.push(name);
    if (xhtml) {
      xhtmlOpen(xhtml, name);
      return;
    }
    const at = (): At => atOf(tagStart());
    if (name.startsWith('DATATYPE-DEFINITION-') && !name.endsWith('-REF') && a.IDENTIFIER) {
      datatypes.set(a.IDENTIFIER, name.slice('DATATYPE-DEFINITION-'.length));
      return;
    }
    if (name === 'ENUM-VALUE' && a.IDENTIFIER) {
      enumValues.set(a.IDENTIFIER, a['LONG-NAME'] ?? a.IDENTIFIER);
      return;
    }
    if (name === 'SPEC-OBJECT-TYPE' || name === 'SPEC-RELATION-TYPE') {
      if (!a.IDENTIFIER) {
        problem(at(), `<${tag.name}> has no IDENTIFIER: not read`);
        return;
      }
      currentType = {
        id: a.IDENTIFIER,
        name: a['LONG-NAME'] ?? a.IDENTIFIER,
        ...(a.DESC !== undefined ? { desc: a.DESC } : {}),
        attrs: [],
        at: at(),
      };
      (name === 'SPEC-OBJECT-TYPE' ? objectTypes : relationTypes).set(a.IDENTIFIER, currentType);
      return;
    }
    if (name.startsWith('ATTRIBUTE-DEFINITION-') && !name.endsWith('-REF')) {
      if (currentType && a.IDENTIFIER) {
        currentAttr = {
          id: a.IDENTIFIER,
          name: a['LONG-NAME'] ?? a.IDENTIFIER,
          ...(a.DESC !== undefined ? { desc: a.DESC } : {}),
          kind: name.slice('ATTRIBUTE-DEFINITION-'.length),
          at: at(),
        };
        currentType.attrs.push(currentAttr);
      }
      return;
    }
    if (name === 'SPEC-OBJECT') {
      if (!a.IDENTIFIER) {
        problem(at(), '<SPEC-OBJECT> has no IDENTIFIER: not read');
        return;
      }
      currentObject = {
        id: a.IDENTIFIER,
        ...(a['LONG-NAME'] !== undefined ? { longName: a['LONG-NAME'] } : {}),
        values: [],
        at: at(),
      };
      objects.push(currentObject);
      return;
    }
    if (name === 'SPEC-RELATION') {
      if (!a.IDENTIFIER) {
        problem(at(), '<SPEC-RELATION> has no IDENTIFIER: not read');
        return;
      }
      currentRelation = { id: a.IDENTIFIER, values: [], at: at() };
      relations.push(currentRelation);
      return;
    }
    if (name.startsWith('ATTRIBUTE-VALUE-')) {
      const owner = currentObject ?? currentRelation;
      if (!owner) return;
      currentValue = {
        kind: name.slice('ATTRIBUTE-VALUE-'.length),
        ...(a['THE-VALUE'] !== undefined ? { value: a['THE-VALUE'] } : {}),
        enumRefs: [],
        at: at(),
      };
      owner.values.push(currentValue);
      return;
    }
    if (name === 'THE-VALUE' && currentValue?.kind === 'XHTML') {
      xhtml = { out: '', lists: 0 };
      xhtmlDepth = stack.length;
      return;
    }
    if (name === 'SPEC-HIERARCHY' && firstHierarchy === undefined) firstHierarchy = at();
    if (name.endsWith('-REF') || name === 'REQ-IF-TOOL-ID' || name === 'SOURCE-TOOL-ID') {
      refText = '';
      refAt = tagStart();
      if (name === 'SOURCE-TOOL-ID') toolText = '';
      void parent;
    }
  });
  parser.on('text', (t: string) => {
    if (failed) return;
    if (xhtml) xhtml.out += t.replace(/\s+/g, ' ');
    else if (refText !== undefined) refText += t;
    if (toolText !== undefined) toolText += t;
  });
  parser.on('closetag', (tag: SaxesTag) => {
    if (failed) return;
    const name = local(tag.name);
    const depth = stack.length;
    stack.pop();
    if (xhtml) {
      if (depth === xhtmlDepth && name === 'THE-VALUE') {
        if (currentValue) currentValue.value = tidyText(xhtml.out);
        xhtml = undefined;
        xhtmlDepth = -1;
      } else xhtmlClose(xhtml, name);
      return;
    }
    const parent = stack[stack.length - 1];
    const grand = stack[stack.length - 2];
    if (refText !== undefined && name.endsWith('-REF')) {
      const ref = refText.trim();
      refText = undefined;
      if (name.startsWith('DATATYPE-DEFINITION-') && currentAttr) currentAttr.typeRef = ref;
      else if (name.startsWith('ATTRIBUTE-DEFINITION-') && currentValue) currentValue.defRef = ref;
      else if (name === 'ENUM-VALUE-REF' && currentValue) currentValue.enumRefs.push(ref);
      else if (name === 'SPEC-OBJECT-TYPE-REF' && currentObject) currentObject.typeRef = ref;
      else if (name === 'SPEC-RELATION-TYPE-REF' && currentRelation) currentRelation.typeRef = ref;
      else if (name === 'SPEC-OBJECT-REF' && currentRelation && parent === 'SOURCE') currentRelation.source = ref;
      else if (name === 'SPEC-OBJECT-REF' && currentRelation && parent === 'TARGET') currentRelation.target = ref;
      else if (name === 'SPEC-OBJECT-REF' && parent === 'OBJECT' && grand === 'SPEC-HIERARCHY')
        hierarchyRefs.push({ ref, at: atOf(refAt) });
      return;
    }
    if (name === 'SOURCE-TOOL-ID') {
      sourceTool = (toolText ?? '').trim();
      toolText = undefined;
      refText = undefined;
      return;
    }
    if (name === 'REQ-IF-TOOL-ID') refText = undefined;
    if (name === 'SPEC-OBJECT-TYPE' || name === 'SPEC-RELATION-TYPE') currentType = undefined;
    else if (name.startsWith('ATTRIBUTE-DEFINITION-') && !name.endsWith('-REF')) currentAttr = undefined;
    else if (name === 'SPEC-OBJECT') currentObject = undefined;
    else if (name === 'SPEC-RELATION') currentRelation = undefined;
    else if (name.startsWith('ATTRIBUTE-VALUE-')) currentValue = undefined;
  });
  try {
    parser.write(text).close();
  } catch {
    // reported by the error handler
  }

  // ---- resolve ---------------------------------------------------------------------------
  const fromTracespine = sourceTool.startsWith('Tracespine');
  const defs = new Map<string, { def: AttrDef; type: SpecType }>();
  for (const t of [...objectTypes.values(), ...relationTypes.values()])
    for (const d of t.attrs) defs.set(d.id, { def: d, type: t });
  for (const { def } of defs.values())
    if (def.typeRef !== undefined && !datatypes.has(def.typeRef))
      problem(def.at, `attribute '${def.name}' names datatype '${def.typeRef}', which the file does not define`);

  const readValue = (v: RawValue, def: AttrDef): unknown => {
    if (v.kind === 'ENUMERATION') {
      const names: string[] = [];
      for (const r of v.enumRefs) {
        const n = enumValues.get(r);
        if (n === undefined) problem(v.at, `enumeration value '${r}' is not defined: left out`);
        else names.push(n);
      }
      return names.length === 0 ? undefined : names.length === 1 ? names[0] : names;
    }
    const raw = v.value;
    if (raw === undefined) {
      problem(v.at, `the value of '${def.name}' has no THE-VALUE: left out`);
      return undefined;
    }
    if (v.kind === 'INTEGER' || v.kind === 'REAL') {
      const n = Number(raw);
      if (Number.isFinite(n)) return n;
      problem(v.at, `'${raw}' is not a number ('${def.name}'): kept as text`);
      return raw;
    }
    if (v.kind === 'BOOLEAN') return raw === 'true' || raw === '1';
    if (fromTracespine && v.kind === 'STRING' && /^(?:[[{]|true$|false$|null$|-?\d)/.test(raw)) {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return raw;
      }
    }
    return raw;
  };

  const items: NativeItem[] = [];
  const byObject = new Map<string, NativeItem>();
  const ordinal = new Map<string, number>();
  const usedIds = new Set<string>();
  const enumFields = new Map<string, Map<string, Set<string>>>(); // kind -> field -> values
  for (const o of objects) {
    const type = o.typeRef !== undefined ? objectTypes.get(o.typeRef) : undefined;
    if (!type) {
      problem(
        o.at,
        o.typeRef === undefined
          ? `SPEC-OBJECT '${o.id}' has no TYPE: not imported`
          : `SPEC-OBJECT '${o.id}' names type '${o.typeRef}', which the file does not define: not imported`,
      );
      continue;
    }
    const kind = kindName(type.name);
    let id: string | undefined;
    let idAt: At | undefined;
    let title: string | undefined;
    let body = '';
    let status: string | undefined;
    const fields: [string, unknown][] = [];
    for (const v of o.values) {
      const d = v.defRef !== undefined ? defs.get(v.defRef) : undefined;
      if (!d) {
        problem(
          v.at,
          `attribute value names definition '${v.defRef ?? '(none)'}', which the file does not define: left out`,
        );
        continue;
      }
      const value = readValue(v, d.def);
      if (value === undefined) continue;
      const n = d.def.name;
      const asText = typeof value === 'string' ? value : JSON.stringify(value);
      if (ID_NAMES.includes(n) && id === undefined) {
        id = asText.trim();
        idAt = v.at;
      } else if (TITLE_NAMES.includes(n) && title === undefined) title = asText.trim();
      else if (TEXT_NAMES.includes(n) && body === '') body = asText;
      else if (STATUS_NAMES.includes(n) && status === undefined) status = asText;
      else {
        const key = fieldKey(n);
        fields.push([key, value]);
        if (v.kind === 'ENUMERATION') {
          let byField = enumFields.get(kind);
          if (!byField) enumFields.set(kind, (byField = new Map<string, Set<string>>()));
          let set = byField.get(key);
          if (!set) byField.set(key, (set = new Set<string>()));
          for (const x of Array.isArray(value) ? (value as string[]) : [asText]) set.add(x);
        }
      }
    }
    if (id !== undefined && !ID_FORM.test(id)) {
      if (/^\d+$/.test(id)) {
        const made = `${prefixFor(type.name)}-${id}`;
        problem(idAt ?? o.at, `'${id}' (${type.name}) is a number, not an ID: imported as ${made}`);
        id = made;
      } else {
        problem(idAt ?? o.at, `'${id}' is not an ID (letters, digits, '-', '_'): SPEC-OBJECT '${o.id}' not imported`);
        continue;
      }
    }
    if (id === undefined || id === '') {
      const n = (ordinal.get(type.name) ?? 0) + 1;
      ordinal.set(type.name, n);
      id = `${prefixFor(type.name)}-${n}`;
      problem(o.at, `SPEC-OBJECT '${o.id}' has no ${STANDARD_ATTRIBUTES.id}: imported as ${id}`);
    }
    if (usedIds.has(id)) {
      problem(o.at, `SPEC-OBJECT '${o.id}' has the ID ${id} of another object: not imported`);
      continue;
    }
    usedIds.add(id);
    const item: NativeItem = {
      id,
      kind,
      kindLabel: type.desc ?? type.name,
      ...(title !== undefined ? { title } : {}),
      ...(status !== undefined ? { status } : {}),
      fields,
      links: [],
      body,
    };
    items.push(item);
    byObject.set(o.id, item);
  }
  for (const h of hierarchyRefs)
    if (!objects.some((o) => o.id === h.ref))
      problem(h.at, `SPEC-HIERARCHY names object '${h.ref}', which the file does not define`);
  for (const r of relations) {
    const type = r.typeRef !== undefined ? relationTypes.get(r.typeRef) : undefined;
    const from = r.source !== undefined ? byObject.get(r.source) : undefined;
    const to = r.target !== undefined ? byObject.get(r.target) : undefined;
    if (!type || !from || !to) {
      const why = !type
        ? `type '${r.typeRef ?? '(none)'}' is not defined`
        : !from
          ? `source '${r.source ?? '(none)'}' is not an imported object`
          : `target '${r.target ?? '(none)'}' is not an imported object`;
      problem(r.at, `SPEC-RELATION '${r.id}': ${why}: not imported`);
      continue;
    }
    let pin: string | undefined;
    for (const v of r.values) {
      const d = v.defRef !== undefined ? defs.get(v.defRef) : undefined;
      if (d?.def.name === PIN_ATTRIBUTE && v.value !== undefined) pin = v.value;
      else problem(v.at, `relation attribute '${d?.def.name ?? v.defRef ?? '(none)'}' is not mapped: left out`);
    }
    from.links.push({ type: fieldKey(type.name), target: to.id, ...(pin !== undefined ? { pin } : {}) });
  }
  if (firstHierarchy)
    problems.push({
      ...firstHierarchy,
      message: 'the document structure (SPEC-HIERARCHY) is not mapped: one file per item, in a folder per kind',
    });
  items.sort((a, b) => compareIds(a.id, b.id));
  // A Tracespine export describes its kind fields in DESC: allowed values, required, fingerprint.
  const kindFields = new Map<string, NativeKindField[]>();
  for (const t of objectTypes.values()) {
    const list: NativeKindField[] = [];
    for (const d of t.attrs) {
      if (d.desc === undefined || !d.desc.startsWith(FIELD_DESC)) continue;
      try {
        const j = JSON.parse(d.desc.slice(FIELD_DESC.length)) as {
          values?: unknown;
          required?: unknown;
          fingerprint?: unknown;
        };
        if (Array.isArray(j.values) && j.values.length > 0)
          list.push({
            name: fieldKey(d.name),
            values: j.values as (string | number | boolean)[],
            required: j.required === true,
            fingerprint: j.fingerprint === true,
          });
      } catch {
        problem(d.at, `the DESC of '${d.name}' is not a Tracespine field description: left out`);
      }
    }
    if (list.length > 0) kindFields.set(kindName(t.name), list);
  }
  const enums = new Map<string, Map<string, string[]>>();
  for (const [k, m] of enumFields)
    enums.set(k, new Map([...m].map(([f, s]) => [f, [...s].sort()] as [string, string[]])));
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { items, enumFields: enums, kindFields, problems };
}

function xhtmlOpen(x: { out: string; lists: number }, name: string): void {
  switch (name) {
    case 'p':
    case 'div':
    case 'ul':
    case 'ol':
    case 'table':
    case 'tr':
      x.out += '\n\n';
      return;
    case 'li':
      x.out += '\n- ';
      return;
    case 'br':
      x.out += '\n';
      return;
    case 'b':
    case 'strong':
      x.out += '**';
      return;
    case 'i':
    case 'em':
      x.out += '*';
      return;
    case 'td':
    case 'th':
      x.out += ' | ';
      return;
    default:
      return;
  }
}

function xhtmlClose(x: { out: string; lists: number }, name: string): void {
  if (name === 'b' || name === 'strong') x.out += '**';
  else if (name === 'i' || name === 'em') x.out += '*';
  else if (name === 'p' || name === 'div') x.out += '\n\n';
}

/** XHTML text as Markdown paragraphs: lines trimmed, at most one blank line between paragraphs. */
function tidyText(s: string): string {
  return `${s
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
