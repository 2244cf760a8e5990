import type { TraceIndex } from '../index/traceIndex';
import type { Finding } from '../model/finding';
import type { Item } from '../model/item';

/** item.duplicate-id: each definition of an ID defined in two or more files, the others as related locations. */
export function duplicateIdFindings(index: TraceIndex, item: Item): Finding[] {
  const defs = index.definitions(item.id);
  if (defs.length < 2) return [];
  const others = defs.filter((d) => d !== item);
  return [
    {
      code: 'item.duplicate-id',
      severity: 'error',
      message: `${item.id} is also defined in ${others.map((o) => o.file).join(', ')}`,
      file: item.file,
      range: item.idRange,
      itemId: item.id,
      related: others.map((o) => ({ file: o.file, range: o.idRange, message: `${item.id} is also defined here` })),
    },
  ];
}
