import type { TraceIndex } from '../traceIndex';
import { documentFor, fileMentions } from './document';
import type { DocumentLink } from './types';

/**
 * Links from the document to the defining files: every link entry's target, body
 * reference and code tag whose ID an item defines. Unknown IDs get no link.
 */
export function documentLinks(index: TraceIndex, file: string, text: string): DocumentLink[] {
  const out: DocumentLink[] = [];
  for (const m of fileMentions(documentFor(index, file, text))) {
    const target = index.resolve(m.id);
    if (!target) continue;
    out.push({
      range: m.range,
      target: target.file,
      targetRange: target.idRange,
      tooltip: target.title ? `${target.id}: ${target.title}` : target.id,
    });
  }
  return out;
}
