/**
 * The fast path of the JUnit reader (docs/performance.md, "JUnit reading"): a scanner for
 * the XML that test runners write — an optional XML declaration, comments, elements with
 * quoted attributes, text with the predefined and numeric entities, CDATA — that feeds the
 * same {@link ReportBuilder} as saxes does, with the same positions. It takes a text only in
 * full: at anything else (a DOCTYPE, a processing instruction, a namespace prefix, a name or
 * character outside its plain subset, any error of any kind) it returns false and the caller
 * reads the text with saxes, which also gives the error's message and position. So the fast
 * path never has to produce an error itself, and a differential test
 * (test/unit/evidence/junitScan.test.ts) checks it against saxes.
 */
import type { ReportBuilder } from './junit';

const XML_DECL =
  /<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"1\.0"|'1\.0')(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\r\n]*\?>/y;
const WHITESPACE = /^[ \t\r\n]*$/;
/** Characters XML forbids, and surrogates (left to saxes, whose positions count them its own way). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const BAD_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));/g;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The attributes of a tag: no prototype to inherit from (as saxes's), in V8's fast mode (unlike Object.create(null)). */
class Attributes {}
Object.setPrototypeOf(Attributes.prototype, null);

/** Element and attribute names that runners write, so that each tag's keys are the same strings. */
const KNOWN = [
  'testsuites',
  'testsuite',
  'testcase',
  'properties',
  'property',
  'failure',
  'error',
  'skipped',
  'system-out',
  'system-err',
  'name',
  'classname',
  'class',
  'file',
  'line',
  'time',
  'timestamp',
  'status',
  'result',
  'message',
  'type',
  'value',
  'tests',
  'failures',
  'errors',
  'disabled',
  'assertions',
  'hostname',
  'id',
  'package',
  'skip',
  'when',
  'timeout',
];
const KNOWN_BY_LENGTH: string[][] = [];
for (const k of KNOWN) (KNOWN_BY_LENGTH[k.length] ??= []).push(k);

function interned(text: string, start: number, end: number): string {
  for (const k of KNOWN_BY_LENGTH[end - start] ?? []) if (text.startsWith(k, start)) return k;
  return text.slice(start, end);
}

/** [A-Za-z0-9._-] (and a name's first character: [A-Za-z_]). */
function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46;
}

/** The end of the plain name at `i`, or -1 when none starts there. */
function nameEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95)) return -1;
  let j = i + 1;
  while (isNameChar(text.charCodeAt(j))) j++;
  return j;
}

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** A character a character reference may name: XML's Char, without surrogates. */
function validCode(n: number): boolean {
  return n === 9 || n === 10 || n === 13 || (n >= 0x20 && n <= 0xd7ff) || (n >= 0xe000 && n <= 0xfffd);
}

/** `s` with its entities replaced, or undefined when one is not of the plain kinds (saxes then decides). */
function decode(s: string): string | undefined {
  return leftoverAmp(s) ? undefined : decodeChecked(s);
}

/** Whether `s` has an `&` that does not start one of the plain entities. */
function leftoverAmp(s: string): boolean {
  return s.replace(ENTITY, '').includes('&');
}

/** Text content as saxes gives it (line ends normalised, entities replaced), or undefined to hand over. */
function textValue(seg: string): string | undefined {
  if (seg.includes(']]>')) return undefined;
  const nl = seg.includes('\r') ? seg.replace(/\r\n?/g, '\n') : seg;
  return nl.includes('&') ? decode(nl) : nl;
}

function decodeChecked(s: string): string | undefined {
  let ok = true;
  const out = s.replace(ENTITY, (_m, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (name !== undefined) return PREDEFINED[name]!;
    const n = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    if (!validCode(n)) ok = false;
    return ok ? String.fromCharCode(n) : '';
  });
  return ok ? out : undefined;
}

/** Feeds the events of `text` to `b`; false (at the first thing it does not take) to leave the text to saxes. */
export function scanJUnit(text: string, b: ReportBuilder): boolean {
  // Characters XML forbids, and surrogates: saxes's (one test of the whole text, not of each piece).
  if (BAD_CHAR.test(text)) return false;
  const n = text.length;
  let i = 0;
  if (text.startsWith('<?xml', 0)) {
    XML_DECL.lastIndex = 0;
    if (!XML_DECL.test(text)) return false;
    i = XML_DECL.lastIndex;
  }
  const stack: string[] = [];
  let seenRoot = false;
  while (i < n) {
    const lt = text.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      const seg = text.slice(i, end);
      if (stack.length === 0) {
        if (!WHITESPACE.test(seg)) return false;
      } else {
        const t = textValue(seg);
        if (t === undefined) return false;
        b.text(t);
      }
    }
    if (lt < 0) break;
    const c = text.charCodeAt(lt + 1);
    if (c === 47 /* / */) {
      const top = stack.pop();
      if (top === undefined || !text.startsWith(top, lt + 2)) return false;
      let j = lt + 2 + top.length;
      while (j < n && isWs(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) !== 62 /* > */ || isNameChar(text.charCodeAt(lt + 2 + top.length))) return false;
      b.close(top);
      if (b.failed) return true;
      i = j + 1;
      continue;
    }
    if (c === 33 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const j = text.indexOf('-->', lt + 4);
        if (j < 0) return false;
        const body = text.slice(lt + 4, j);
        if (body.includes('--') || body.endsWith('-')) return false;
        i = j + 3;
        continue;
      }
      if (stack.length > 0 && text.startsWith('<![CDATA[', lt)) {
        const j = text.indexOf(']]>', lt + 9);
        if (j < 0) return false;
        const body = text.slice(lt + 9, j);
        b.text(body.includes('\r') ? body.replace(/\r\n?/g, '\n') : body);
        i = j + 3;
        continue;
      }
      return false;
    }
    // A start tag (a processing instruction, a second root, or anything else: saxes's).
    if (stack.length === 0 && seenRoot) return false;
    let j = nameEnd(text, lt + 1);
    if (j < 0) return false;
    const name = interned(text, lt + 1, j);
    const attrs = new Attributes() as Record<string, string>;
    let selfClosing = false;
    for (;;) {
      const ws = j;
      while (j < n && isWs(text.charCodeAt(j))) j++;
      const ch = text.charCodeAt(j);
      if (ch === 62 /* > */) {
        j++;
        break;
      }
      if (ch === 47 /* / */ && text.charCodeAt(j + 1) === 62) {
        selfClosing = true;
        j += 2;
        break;
      }
      if (j === ws) return false;
      const ae = nameEnd(text, j);
      if (ae < 0) return false;
      const an = interned(text, j, ae);
      j = ae;
      while (j < n && isWs(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) !== 61 /* = */) return false;
      j++;
      while (j < n && isWs(text.charCodeAt(j))) j++;
      const q = text.charCodeAt(j);
      if (q !== 34 && q !== 39) return false;
      const k = text.indexOf(q === 34 ? '"' : "'", j + 1);
      if (k < 0) return false;
      const raw = text.slice(j + 1, k);
      j = k + 1;
      if (raw.includes('<')) return false;
      // Attribute-value normalisation: a line end (CR LF, CR, LF) or tab is a space; character references are kept.
      let value: string | undefined =
        raw.includes('\n') || raw.includes('\t') || raw.includes('\r') ? raw.replace(/\r\n|[\r\n\t]/g, ' ') : raw;
      if (value.includes('&')) {
        value = decode(value);
        if (value === undefined) return false;
      }
      if (attrs[an] !== undefined) return false;
      attrs[an] = value;
    }
    b.open(name, attrs, lt, j);
    seenRoot = true;
    if (b.failed) return true;
    if (selfClosing) {
      b.close(name);
      if (b.failed) return true;
    } else stack.push(name);
    i = j;
  }
  return seenRoot && stack.length === 0;
}
