import type { TraceIndex } from '../index/traceIndex';
import type { Finding } from '../model/finding';

/** item.duplicate-id: every definition of an ID defined in two or more files, the others related. */
export function duplicateIdRule(index: TraceIndex): Finding[] {
  const out: Finding[] = [];
  for (const [id, defs] of index.duplicateIds()) {
    for (const item of defs) {
      const others = defs.filter((d) => d !== item);
      out.push({
        code: 'item.duplicate-id',
        severity: 'error',
        message: `${id} is also defined in ${others.map((o) => o.file).join(', ')}`,
        file: item.file,
        range: item.idRange,
        itemId: id,
        related: others.map((o) => ({ file: o.file, range: o.idRange, message: `${id} is also defined here` })),
      });
    }
  }
  return out;
}
