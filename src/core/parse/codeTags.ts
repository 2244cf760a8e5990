import type { TraceConfig } from '../config/types';
import type { CodeTag, ParsedFile } from '../model/item';
import { LineIndex } from '../model/range';
import { ID_SHAPE, tokenEnd, type IdScanner } from './ids';
import { looksLikeMisspeltId } from '../config/reader';
import { TagSpan } from './spans';
import { emptyList } from '../model/lists';

/** Space, tab and comma separate IDs; quotes too where a template needs them (`requirements("A-1", "A-2")`). */
function isSeparator(c: number, quotes: boolean): boolean {
  return c === 32 || c === 9 || c === 44 || (quotes && (c === 34 || c === 39));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface TagPattern {
  readonly re: RegExp;
  /** For each capture group after the first: the tag its template belongs to (SPEC section 7, `syntax`). */
  readonly groups: readonly string[];
  /** Separators between IDs: commas and spaces, and quotes where a template is not the default. */
  readonly quotes: boolean;
}

const tagPatterns = new WeakMap<TraceConfig, TagPattern>();
const NONE: readonly never[] = emptyList();
const DEFAULT_TEMPLATE = '@{tag} {ids}';

function tagPattern(config: TraceConfig): TagPattern | undefined {
  if (config.codeTags.size === 0) return undefined;
  let p = tagPatterns.get(config);
  if (!p) {
    const plain = [...config.codeTags.values()].filter((t) => t.syntax.includes(DEFAULT_TEMPLATE)).map((t) => t.name);
    const names = plain.sort((a, b) => b.length - a.length).map(escapeRegExp);
    // `@tag` not preceded by a word character (an e-mail address is not a tag) and followed by a separator.
    const alternatives = names.length > 0 ? [`(?<![\\w.])@(${names.join('|')})(?=[\\s:,]|$)`] : ['(?!)()'];
    const groups: string[] = [];
    const custom: [string, string][] = [];
    for (const t of config.codeTags.values()) {
      for (const template of t.syntax)
        if (template !== DEFAULT_TEMPLATE)
          custom.push([t.name, template.slice(0, template.indexOf('{ids}')).replaceAll('{tag}', t.name)]);
    }
    // Longer literal texts first, so that `@tests:` wins over `@tests`.
    custom.sort((a, b) => b[1].length - a[1].length);
    for (const [name, before] of custom) {
      const guard = /^[@\w]/.test(before) ? '(?<![\\w.])' : '';
      alternatives.push(`${guard}(${escapeRegExp(before)})`);
      groups.push(name);
    }
    p = { re: new RegExp(alternatives.join('|'), 'g'), groups, quotes: custom.length > 0 };
    tagPatterns.set(config, p);
  }
  return p;
}

/**
 * Code tags (SPEC section 2): `@implements ID` and `@verifies ID`, several IDs separated by
 * commas and/or spaces on the same line. The list ends at the first word that is neither a
 * configured kind's ID nor shaped like one (`LETTERS-DIGITS`), so prose after the IDs is
 * not taken for targets, while a misspelt ID still is and gets reported.
 */
export function parseCodeFile(file: string, text: string, config: TraceConfig, scanner: IdScanner): ParsedFile {
  const pattern = tagPattern(config);
  const tags: CodeTag[] = [];
  if (pattern && (pattern.quotes || text.indexOf('@') >= 0)) {
    const { re, groups, quotes } = pattern;
    const prefixes = config.reader.prefixes;
    let lines: LineIndex | undefined;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      lines ??= new LineIndex(text);
      let tag: string;
      if (m[1] !== undefined) {
        tag = config.codeTags.get(m[1])?.name ?? m[1]; // one string per tag name, not per tag
      } else {
        let g = 2;
        while (m[g] === undefined) g++;
        tag = groups[g - 2]!;
      }
      const tagStart = m.index;
      const tagEnd = m.index + m[0].length;
      let i = m.index + m[0].length;
      if (m[1] !== undefined && text.charCodeAt(i) === 58) i++; // `@verifies: REQ-1`
      for (;;) {
        while (i < text.length && isSeparator(text.charCodeAt(i), quotes)) i++;
        const end = tokenEnd(text, i, text.length);
        if (end === i) break;
        const id = text.slice(i, end);
        if (!scanner.isId(id) && !ID_SHAPE.test(id) && !looksLikeMisspeltId(id, prefixes)) break;
        tags.push(new TagSpan(tag, id, lines, i, end, tagStart, tagEnd));
        i = end;
      }
      re.lastIndex = Math.max(re.lastIndex, i);
    }
  }
  const list = tags.length === 0 ? NONE : tags;
  return { file, kind: 'code', item: undefined, references: list, tags: list, findings: NONE };
}
