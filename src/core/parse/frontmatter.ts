/** Where the frontmatter of a Markdown file is (SPEC section 1): a `---` line first, YAML, a `---` line. */
export type FrontmatterSplit =
  | { readonly kind: 'none' }
  | { readonly kind: 'unterminated'; readonly openStart: number; readonly openEnd: number }
  | {
      readonly kind: 'ok';
      /** Offset of the first YAML character (after the opening line's break). */
      readonly yamlStart: number;
      /** Offset where the closing `---` line starts. */
      readonly yamlEnd: number;
      /** Offset of the body: just after the closing line's break. */
      readonly bodyStart: number;
    };

/** A delimiter line is `---`, optionally followed by spaces or tabs. */
function delimiterEnd(text: string, at: number): number {
  if (text.charCodeAt(at) !== 45 || text.charCodeAt(at + 1) !== 45 || text.charCodeAt(at + 2) !== 45) return -1;
  let i = at + 3;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  if (i === text.length || text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13) return i;
  return -1;
}

function afterBreak(text: string, i: number): number {
  if (text.charCodeAt(i) === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  if (text.charCodeAt(i) === 10) return i + 1;
  return i;
}

/** `text` has its BOM removed already. */
export function splitFrontmatter(text: string): FrontmatterSplit {
  const openEnd = delimiterEnd(text, 0);
  if (openEnd < 0) return { kind: 'none' };
  const yamlStart = afterBreak(text, openEnd);
  let lineStart = yamlStart;
  while (lineStart < text.length) {
    const end = delimiterEnd(text, lineStart);
    if (end >= 0) return { kind: 'ok', yamlStart, yamlEnd: lineStart, bodyStart: afterBreak(text, end) };
    let nl = lineStart;
    while (nl < text.length && text.charCodeAt(nl) !== 10 && text.charCodeAt(nl) !== 13) nl++;
    if (nl >= text.length) break;
    lineStart = afterBreak(text, nl);
  }
  return { kind: 'unterminated', openStart: 0, openEnd };
}
