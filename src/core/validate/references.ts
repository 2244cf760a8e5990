import { fixedCode } from '../config/codes';
import type { IndexedFile, TraceIndex } from '../traceIndex';
import type { Finding } from '../model/finding';

/**
 * ref.unknown-id: a body reference in a design item to an ID no item defines. References in
 * other Markdown (READMEs, docs) are navigable but not checked: prose about IDs, such as
 * "REQ-999 was removed", is not a design control.
 */
export function referenceFindings(index: TraceIndex, f: IndexedFile, out: Finding[] = []): Finding[] {
  if (!f.item) return out;
  const bodyLine = f.item.frontmatterRange.end.line;
  for (const ref of f.references) {
    // A reference in the frontmatter is a link entry with a malformed pin: link.malformed says it.
    if (ref.range.start.line < bodyLine || index.resolve(ref.id)) continue;
    out.push({
      ...fixedCode('ref.unknown-id'),
      message: `${ref.id} is mentioned, but no item defines it`,
      file: f.file,
      range: ref.range,
      itemId: f.item.id,
      target: ref.id,
    });
  }
  return out;
}
