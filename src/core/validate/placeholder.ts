/**
 * Placeholders (docs/editor.md, "Honest coverage"): the text the New Item templates and the
 * quick fixes write for the author to replace. An item that still carries it is a draft
 * of an item, not one: it gets `item.placeholder`, and it gives no coverage to the items
 * it links to, so that no click makes a coverage finding disappear without real content.
 */

/** The title a created item starts with. */
export const PLACEHOLDER_TITLE = 'TODO title';

/** The body line a created item of a kind labelled `kindLabel` starts with. */
export function placeholderBody(kindLabel: string): string {
  return `TODO: describe this ${kindLabel.toLowerCase()}.`;
}

/** Where an item's text is still the template's: the title and each body line that is the placeholder, as offsets. */
export function placeholderSpans(
  text: string,
  bodyStart: number,
  title: string | undefined,
  titleStart: number,
  titleEnd: number,
  kindLabel: string,
): [number, number][] {
  const out: [number, number][] = [];
  if (title === PLACEHOLDER_TITLE && titleStart >= 0) out.push([titleStart, titleEnd]);
  const line = placeholderBody(kindLabel);
  for (let at = text.indexOf(line, bodyStart); at >= 0; at = text.indexOf(line, at + line.length)) {
    const lineStart = at === 0 ? 0 : Math.max(text.lastIndexOf('\n', at - 1) + 1, 0);
    let end = at + line.length;
    // The whole line, alone (trailing blanks allowed): a sentence that quotes it is not a placeholder.
    if (text.slice(lineStart, at).trim() !== '') continue;
    while (text[end] === ' ' || text[end] === '\t') end++;
    if (end < text.length && text[end] !== '\n' && text[end] !== '\r') continue;
    out.push([at, at + line.length]);
  }
  return out;
}
