import type { TraceIndex } from '../traceIndex';
import type { Position } from '../model/range';
import { idAt } from './idAt';
import type { Location } from './types';

/** Where the ID at `position` is defined: every definition when it is defined more than once; [] when none. */
export function definition(index: TraceIndex, file: string, text: string, position: Position): Location[] {
  const at = idAt(index, file, text, position);
  return at ? definitionsOf(index, at.id) : [];
}

export function definitionsOf(index: TraceIndex, id: string): Location[] {
  return index.definitions(id).map((i) => ({ file: i.file, range: i.idRange }));
}
