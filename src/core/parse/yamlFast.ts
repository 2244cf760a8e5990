import type { YamlMapEntry, YamlNode, YamlParseResult, YamlScalar, YamlScalarValue } from './yamlTree';

/*
 * The frontmatter fast path: a single pass over the text for the small subset of YAML
 * that frontmatter nearly always is, giving exactly the tree (values and offsets) that
 * `parseYamlSlow` gives, and `undefined` (hand over to `yaml`) for anything else.
 *
 * Accepted:
 * - a block mapping at column 0 of `key: value` lines, keys `[A-Za-z_][A-Za-z0-9_-]*`
 *   (not the null/boolean words, no duplicates);
 * - values: single-line plain scalars (starting with a letter, digit, one of `_./(+~$`,
 *   a non-ASCII character or `-` before an alphanumeric or `.`; resolved by the YAML 1.2
 *   core schema exactly as `yaml` does), single-line quoted scalars without escapes (no
 *   `\` in double quotes, no `''` in single quotes), flow sequences of such scalars on
 *   one line, block sequences (`- item` lines at one indentation, 0 included, after a
 *   `key:` line) of such scalars, and empty values (null);
 * - blank lines, comments after a value or key and whole-line comments at column 0;
 *   LF and CRLF line endings.
 * Everything else (indentation other than block sequence items, indented comment
 * lines, tabs, control characters, multi-line scalars, block scalars, anchors, aliases,
 * tags, flow maps, escapes, explicit keys, document markers, directives, ...) is handed
 * over.
 *
 * Offsets follow `yaml`'s node ranges: a scalar or flow sequence spans its source text
 * (quotes and brackets included, trailing spaces and comments excluded); a block
 * sequence runs from its first `-` to the end of its last item's line (line break
 * included); the map runs from its first key to the end of its last value's line (line
 * break included). After a last empty value the map ends where the null sits (after
 * the `:` and any spaces), or, when a comment follows the colon, at the end of the text
 * (`yaml` counts the trailing comment and blank lines into the empty node).
 */

const LF = 10;
const CR = 13;
const SP = 32;
const DQUOTE = 34;
const HASH = 35;
const SQUOTE = 39;
const COMMA = 44;
const DASH = 45;
const COLON = 58;
const LBRACKET = 91;
const RBRACKET = 93;
const UNDERSCORE = 95;

/** Results of the scanners below (module-level to avoid allocating tuples). */
let scanNext = 0;
let lineEnd = 0;

export function parseYamlFast(text: string, start: number, end: number): YamlParseResult | undefined {
  if (start < 0 || end > text.length || start > end) return undefined;
  const entries: YamlMapEntry[] = [];
  let mapStart = -1;
  let mapEnd = start;
  /** After an empty value without a comment on its line: where its next line starts. */
  let nullFollowedFrom = -1;
  let pos = start;
  while (pos < end) {
    const c = text.charCodeAt(pos);
    // Blank lines and whole-line comments at column 0.
    if (c === LF) {
      pos++;
      continue;
    }
    if (c === CR || c === SP || c === HASH) {
      const next = skipBlankOrComment(text, pos, end);
      if (next < 0) return undefined;
      pos = next;
      continue;
    }
    // A key.
    if (!isKeyStart(c)) return undefined;
    const keyStart = pos;
    nullFollowedFrom = -1;
    pos++;
    while (pos < end && isKeyChar(text.charCodeAt(pos))) pos++;
    if (pos >= end || text.charCodeAt(pos) !== COLON) return undefined;
    const keyEnd = pos;
    if (keyEnd - keyStart > 1000) return undefined;
    const key = text.slice(keyStart, keyEnd);
    if (isNullOrBoolWord(key)) return undefined;
    for (let i = 0; i < entries.length; i++) if (entries[i]!.key === key) return undefined;
    pos++;
    // After the colon: spaces, then the value, a comment, or the line end.
    let p = pos;
    while (p < end && text.charCodeAt(p) === SP) p++;
    const v = p < end ? text.charCodeAt(p) : -1;
    if (p === pos && v !== -1 && v !== LF && v !== CR) return undefined;
    let value: YamlNode;
    let valueEnd: number;
    if (v === -1 || v === LF || v === CR || v === HASH) {
      // Empty value: a block sequence on the following lines, or null.
      if (v === HASH && p === pos) return undefined;
      const nl = v === HASH ? commentEnd(text, p, end) : lineBreakEnd(text, p, end);
      if (nl < 0) return undefined;
      const seq = parseBlockSeq(text, nl, end);
      if (seq === undefined) return undefined;
      if (seq !== null) {
        value = seq;
        valueEnd = seq.end;
        pos = seq.end;
      } else {
        value = { type: 'scalar', value: null, plain: true, start: p, end: p };
        // With a comment after the colon or on the lines that follow, the null's node
        // end runs over those lines. That only shows when this is the last entry, and
        // then only blank and comment lines follow, up to the end (checked below).
        valueEnd = v === HASH ? end : p;
        if (v !== HASH) nullFollowedFrom = nl;
        pos = nl;
      }
    } else {
      const node = v === LBRACKET ? parseFlowSeq(text, p, end) : parseScalar(text, p, end, false);
      if (node === undefined) return undefined;
      if (!finishLine(text, scanNext, end)) return undefined;
      value = node;
      valueEnd = lineEnd;
      pos = lineEnd;
    }
    if (mapStart < 0) mapStart = keyStart;
    entries.push({ key, keyStart, keyEnd, value });
    mapEnd = valueEnd;
  }
  if (mapStart < 0) return { errors: [] };
  if (nullFollowedFrom >= 0) {
    for (let i = nullFollowedFrom; i < end; i++) {
      if (text.charCodeAt(i) === HASH) {
        mapEnd = end;
        break;
      }
    }
  }
  return { root: { type: 'map', entries, start: mapStart, end: mapEnd }, errors: [] };
}

/**
 * At the start of a line beginning with a space, CR or `#`: skips a blank line or a
 * column-0 comment line. Returns the start of the next line, or -1 to hand over
 * (indented content or comment, lone CR).
 */
function skipBlankOrComment(text: string, pos: number, end: number): number {
  if (text.charCodeAt(pos) === HASH) return commentEnd(text, pos, end);
  while (pos < end && text.charCodeAt(pos) === SP) pos++;
  return lineBreakEnd(text, pos, end);
}

/** At a line break or the end: the position after it; -1 otherwise. */
function lineBreakEnd(text: string, pos: number, end: number): number {
  if (pos >= end) return end;
  const c = text.charCodeAt(pos);
  if (c === LF) return pos + 1;
  if (c === CR && pos + 1 < end && text.charCodeAt(pos + 1) === LF) return pos + 2;
  return -1;
}

/** At a `#`: the position after the comment's line break, or -1 for a lone CR in it. */
function commentEnd(text: string, pos: number, end: number): number {
  let nl = text.indexOf('\n', pos);
  if (nl < 0 || nl >= end) nl = end;
  for (let i = pos + 1; i < nl; i++) {
    const c = text.charCodeAt(i);
    if (c === CR && i + 1 !== nl) return -1;
  }
  return nl < end ? nl + 1 : end;
}

/**
 * After a value (at `pos`): optional spaces, an optional comment (after at least one
 * space), then the line end. Sets `lineEnd` to the start of the next line.
 */
function finishLine(text: string, pos: number, end: number): boolean {
  let p = pos;
  while (p < end && text.charCodeAt(p) === SP) p++;
  if (p < end && text.charCodeAt(p) === HASH) {
    if (p === pos) return false;
    lineEnd = commentEnd(text, p, end);
  } else {
    lineEnd = lineBreakEnd(text, p, end);
  }
  return lineEnd >= 0;
}

/**
 * At the start of the line after `key:` (with nothing but a comment after the colon):
 * a block sequence, `null` when the next content line is not a sequence item (the value
 * is then null), or `undefined` to hand over.
 */
function parseBlockSeq(text: string, pos: number, end: number): YamlNode | null | undefined {
  let indent = -1;
  let seqStart = -1;
  let seqEnd = pos;
  const items: YamlNode[] = [];
  for (;;) {
    // Find the next content line: skip blank lines and column-0 comments.
    let lineStart = pos;
    let p = pos;
    for (;;) {
      if (p >= end) break;
      const c = text.charCodeAt(p);
      if (c === HASH && p === lineStart) {
        p = commentEnd(text, p, end);
        if (p < 0) return undefined;
        lineStart = p;
      } else if (c === SP) {
        p++;
      } else if (c === LF || c === CR) {
        p = lineBreakEnd(text, p, end);
        if (p < 0) return undefined;
        lineStart = p;
      } else {
        break;
      }
    }
    if (p >= end || text.charCodeAt(p) !== DASH) break;
    const col = p - lineStart;
    if (indent < 0) indent = col;
    else if (col !== indent) break; // the caller hands over on indented content
    if (p + 1 >= end || text.charCodeAt(p + 1) !== SP) {
      // `-` ending the line is an empty item; `-x`, `---` are something else.
      return undefined;
    }
    if (seqStart < 0) seqStart = p;
    let q = p + 1;
    while (q < end && text.charCodeAt(q) === SP) q++;
    const node = parseScalar(text, q, end, false);
    if (node === undefined) return undefined;
    if (!finishLine(text, scanNext, end)) return undefined;
    items.push(node);
    seqEnd = lineEnd;
    pos = lineEnd;
  }
  if (seqStart < 0) return null;
  return { type: 'seq', items, start: seqStart, end: seqEnd };
}

/** At `[`: a one-line flow sequence of scalars. Sets `scanNext` after the `]`. */
function parseFlowSeq(text: string, pos: number, end: number): YamlNode | undefined {
  const items: YamlNode[] = [];
  let p = pos + 1;
  while (p < end && text.charCodeAt(p) === SP) p++;
  if (p < end && text.charCodeAt(p) === RBRACKET) {
    scanNext = p + 1;
    return { type: 'seq', items, start: pos, end: p + 1 };
  }
  for (;;) {
    const node = parseScalar(text, p, end, true);
    if (node === undefined) return undefined;
    items.push(node);
    p = scanNext;
    while (p < end && text.charCodeAt(p) === SP) p++;
    if (p >= end) return undefined;
    const c = text.charCodeAt(p);
    if (c === RBRACKET) {
      scanNext = p + 1;
      return { type: 'seq', items, start: pos, end: p + 1 };
    }
    if (c !== COMMA) return undefined;
    p++;
    while (p < end && text.charCodeAt(p) === SP) p++;
  }
}

/**
 * A single-line scalar starting at `pos` (quoted or plain; in a flow sequence when
 * `inFlow`). Sets `scanNext` to the position after its source text.
 */
function parseScalar(text: string, pos: number, end: number, inFlow: boolean): YamlScalar | undefined {
  if (pos >= end) return undefined;
  const first = text.charCodeAt(pos);
  if (first === DQUOTE || first === SQUOTE) {
    let p = pos + 1;
    for (;;) {
      if (p >= end) return undefined;
      const c = text.charCodeAt(p);
      if (c === first) break;
      if ((c === 92 /* \ */ && first === DQUOTE) || isUnsafe(c)) return undefined;
      p++;
    }
    // `''` inside single quotes is an escaped quote.
    if (first === SQUOTE && p + 1 < end && text.charCodeAt(p + 1) === SQUOTE) return undefined;
    scanNext = p + 1;
    return { type: 'scalar', value: text.slice(pos + 1, p), plain: false, start: pos, end: p + 1 };
  }
  if (!isPlainStart(first, pos + 1 < end ? text.charCodeAt(pos + 1) : -1)) return undefined;
  let p = pos + 1;
  let last = p;
  while (p < end) {
    const c = text.charCodeAt(p);
    if (c === SP) {
      if (p + 1 < end && text.charCodeAt(p + 1) === HASH) break;
      p++;
      continue;
    }
    if (c === LF || c === CR) break;
    if (inFlow) {
      if (c === COMMA || c === RBRACKET) break;
      if (c === COLON || c === HASH || c === LBRACKET || c === 123 || c === 125) return undefined;
    } else if (c === COLON) {
      const n = p + 1 < end ? text.charCodeAt(p + 1) : -1;
      if (n === -1 || n === SP || n === LF || n === CR || n === 9) return undefined;
    }
    if (isUnsafe(c)) return undefined;
    p++;
    last = p;
  }
  scanNext = last;
  return { type: 'scalar', value: resolvePlain(text.slice(pos, last)), plain: true, start: pos, end: last };
}

/** Control characters (tab included), and characters `yaml` or YAML treat specially. */
function isUnsafe(c: number): boolean {
  if (c < 0x20) return true;
  if (c < 0x7f) return false;
  return c <= 0x9f || c === 0xfeff || c >= 0xfffe || (c >= 0x2028 && c <= 0x2029);
}

/** Characters that may start a plain scalar here (a conservative subset of YAML's). */
function isPlainStart(c: number, next: number): boolean {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) return true;
  switch (c) {
    case UNDERSCORE:
    case 46: // .
    case 47: // /
    case 40: // (
    case 43: // +
    case 126: // ~
    case 36: // $
      return true;
    case DASH:
      // `- ` (and `-]`, `-,` in flow) is a sequence indicator; `-x`, `-1`, `-.5` are plain.
      return (next >= 97 && next <= 122) || (next >= 65 && next <= 90) || (next >= 48 && next <= 57) || next === 46;
    default:
      return c >= 0x80 && !isUnsafe(c);
  }
}

function isKeyStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === UNDERSCORE;
}

function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === UNDERSCORE || c === DASH;
}

function isNullOrBoolWord(s: string): boolean {
  switch (s) {
    case 'null':
    case 'Null':
    case 'NULL':
    case 'true':
    case 'True':
    case 'TRUE':
    case 'false':
    case 'False':
    case 'FALSE':
      return true;
    default:
      return false;
  }
}

// The YAML 1.2 core schema's scalar tests, as `yaml` (schema/core) has them.
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** Resolves a plain scalar by the core schema, in `yaml`'s tag order. */
function resolvePlain(s: string): YamlScalarValue {
  const c = s.charCodeAt(0);
  // Letters other than n/N/t/T/f/F start strings that no tag claims.
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
    switch (s) {
      case 'null':
      case 'Null':
      case 'NULL':
        return null;
      case 'true':
      case 'True':
      case 'TRUE':
        return true;
      case 'false':
      case 'False':
      case 'FALSE':
        return false;
      default:
        return s;
    }
  }
  if (c === 126 /* ~ */) return s.length === 1 ? null : s;
  if (!((c >= 48 && c <= 57) || c === 43 || c === DASH || c === 46)) return s;
  if (INT_OCT.test(s)) return parseInt(s.substring(2), 8);
  if (INT.test(s)) return parseInt(s, 10);
  if (INT_HEX.test(s)) return parseInt(s.substring(2), 16);
  if (FLOAT_NAN.test(s)) {
    return s.slice(-3).toLowerCase() === 'nan'
      ? NaN
      : s[0] === '-'
        ? Number.NEGATIVE_INFINITY
        : Number.POSITIVE_INFINITY;
  }
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  return s;
}
