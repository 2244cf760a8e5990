import type { Root, RootContent } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { IdScanner, IdToken } from './ids';

const processor = unified().use(remarkParse);

interface Parsed {
  readonly tree: Root;
  readonly offset: number;
}

function parse(text: string, bodyStart: number): Parsed {
  return { tree: processor.parse(text.slice(bodyStart)), offset: bodyStart };
}

/**
 * Characters after which Markdown structure can hide a token from prose: code spans,
 * fences, indented code, HTML and link destinations. Without any of them every token
 * in the body is prose, and the Markdown parser is not needed.
 */
const STRUCTURE = /[`<\]~]|(?:^|\n|\r)(?: {4}|\t)/;

/**
 * Body references (SPEC section 1): ID tokens in the body outside code spans, fenced
 * and indented code, HTML and link destinations, i.e. tokens inside Markdown text.
 */
export function findBodyReferences(text: string, bodyStart: number, scanner: IdScanner): IdToken[] {
  const candidates = scanner.scan(text, bodyStart, text.length);
  if (candidates.length === 0) return candidates;
  if (!STRUCTURE.test(text.slice(bodyStart))) return candidates;
  const spans = textSpans(parse(text, bodyStart));
  return candidates.filter((t) => spans.some(([s, e]) => t.start >= s && t.end <= e));
}

function textSpans({ tree, offset }: Parsed): [number, number][] {
  const spans: [number, number][] = [];
  const visit = (node: Root | RootContent): void => {
    if (node.type === 'text') {
      const p = node.position;
      if (p?.start.offset !== undefined && p.end.offset !== undefined)
        spans.push([offset + p.start.offset, offset + p.end.offset]);
      return;
    }
    if ('children' in node) for (const c of node.children) visit(c);
  };
  visit(tree);
  return spans;
}

/** The first level-1 heading's text and span, used as the title when frontmatter has none. */
export function firstH1(text: string, bodyStart: number): { title: string; start: number; end: number } | undefined {
  if (!/(^|\n|\r)\s{0,3}#(?!#)|(^|\n|\r)[^\r\n]+\r?\n\s{0,3}=+\s*(\r?\n|$)/.test(text.slice(bodyStart)))
    return undefined;
  const { tree, offset } = parse(text, bodyStart);
  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth === 1) {
      const p = node.position;
      // A heading over several lines (setext) keeps its line breaks: as LF, whatever the file uses.
      const title = plainText(node).replace(/\r\n?/g, '\n').trim();
      if (p?.start.offset === undefined || p.end.offset === undefined) continue;
      return { title, start: offset + p.start.offset, end: offset + p.end.offset };
    }
  }
  return undefined;
}

function plainText(node: RootContent): string {
  if ('value' in node && typeof node.value === 'string') return node.value;
  if ('children' in node) return (node.children as RootContent[]).map(plainText).join('');
  return '';
}
