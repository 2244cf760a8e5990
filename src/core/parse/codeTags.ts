import type { TraceConfig } from '../config/types';
import type { CodeTag, ParsedFile } from '../model/item';
import { LineIndex } from '../model/range';
import { ID_SHAPE, tokenEnd, type IdScanner } from './ids';
import { TagSpan } from './spans';
import { emptyList } from '../model/lists';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const tagPatterns = new WeakMap<TraceConfig, RegExp>();
const NONE: readonly never[] = emptyList();

function tagPattern(config: TraceConfig): RegExp | undefined {
  if (config.codeTags.size === 0) return undefined;
  let re = tagPatterns.get(config);
  if (!re) {
    const names = [...config.codeTags.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
    // `@tag` not preceded by a word character (an e-mail address is not a tag) and followed by a separator.
    re = new RegExp(`(?<![\\w.])@(${names.join('|')})(?=[\\s:,]|$)`, 'g');
    tagPatterns.set(config, re);
  }
  return re;
}

/**
 * Code tags (SPEC section 2): `@implements ID` and `@verifies ID`, several IDs separated by
 * commas and/or spaces on the same line. The list ends at the first word that is neither a
 * configured kind's ID nor shaped like one (`LETTERS-DIGITS`), so prose after the IDs is
 * not taken for targets, while a misspelt ID still is and gets reported.
 */
export function parseCodeFile(file: string, text: string, config: TraceConfig, scanner: IdScanner): ParsedFile {
  const re = tagPattern(config);
  const tags: CodeTag[] = [];
  if (re && text.indexOf('@') >= 0) {
    let lines: LineIndex | undefined;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      lines ??= new LineIndex(text);
      const tag = config.codeTags.get(m[1]!)?.name ?? m[1]!; // one string per tag name, not per tag
      const tagStart = m.index;
      const tagEnd = m.index + m[0].length;
      let i = m.index + m[0].length;
      if (text.charCodeAt(i) === 58) i++; // `@verifies: REQ-1`
      for (;;) {
        while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === ',')) i++;
        const end = tokenEnd(text, i, text.length);
        if (end === i) break;
        const id = text.slice(i, end);
        if (!scanner.isId(id) && !ID_SHAPE.test(id)) break;
        tags.push(new TagSpan(tag, id, lines, i, end, tagStart, tagEnd));
        i = end;
      }
      re.lastIndex = Math.max(re.lastIndex, i);
    }
  }
  const list = tags.length === 0 ? NONE : tags;
  return { file, kind: 'code', item: undefined, references: list, tags: list, findings: NONE };
}
