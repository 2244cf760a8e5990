import type { TraceIndex } from '../traceIndex';
import type { Position } from '../model/range';
import { compareLocations, mentionsOf } from './document';
import { idAt } from './idAt';
import type { Location } from './types';

export interface ReferenceOptions {
  /** Include the definitions (the items' `id` values). */
  readonly includeDeclaration: boolean;
}

/** Every place naming the ID at `position`: link entry targets, body references, code tags (and the definitions). */
export function references(
  index: TraceIndex,
  file: string,
  text: string,
  position: Position,
  options: ReferenceOptions,
): Location[] {
  const at = idAt(index, file, text, position);
  return at ? referencesOf(index, at.id, options) : [];
}

/** Sorted by file and position. */
export function referencesOf(index: TraceIndex, id: string, options: ReferenceOptions): Location[] {
  const out: Location[] = mentionsOf(index, id).map((m) => ({ file: m.file, range: m.range }));
  if (options.includeDeclaration) for (const d of index.definitions(id)) out.push({ file: d.file, range: d.idRange });
  return out.sort(compareLocations);
}
