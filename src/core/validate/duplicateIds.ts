import { fixedCode } from '../config/codes';
import type { TraceIndex } from '../traceIndex';
import type { Finding } from '../model/finding';
import type { Item } from '../model/item';

/** item.duplicate-id: each definition of an ID defined in two or more files, the others as related locations. */
export function duplicateIdFindings(index: TraceIndex, item: Item, out: Finding[] = []): Finding[] {
  if (!index.isDuplicate(item.id)) return out;
  const others = index.definitions(item.id).filter((d) => d !== item);
  out.push({
    ...fixedCode('item.duplicate-id'),
    message: `${item.id} is also defined in ${others.map((o) => o.file).join(', ')}`,
    file: item.file,
    range: item.idRange,
    itemId: item.id,
    related: others.map((o) => ({ file: o.file, range: o.idRange, message: `${item.id} is also defined here` })),
  });
  return out;
}
