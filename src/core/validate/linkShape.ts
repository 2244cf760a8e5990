import type { TraceConfig } from '../config/types';
import type { Finding } from '../model/finding';
import type { Item } from '../model/item';

/** link.wrong-kind (the type may not go from this kind), link.self, link.duplicate. */
export function linkShapeRules(item: Item, config: TraceConfig): Finding[] {
  const out: Finding[] = [];
  const base = { file: item.file, itemId: item.id };
  const reportedTypes = new Set<string>();
  const seen = new Map<string, Item['links'][number]>();
  for (const link of item.links) {
    const type = config.links.get(link.type)!;
    if (!type.from.has(item.kind) && !reportedTypes.has(link.type)) {
      reportedTypes.add(link.type);
      out.push({
        ...base,
        code: 'link.wrong-kind',
        severity: 'error',
        message: `A ${item.kind} may not carry '${link.type}' (allowed from: ${[...type.from].join(', ')})`,
        range: link.keyRange,
      });
    }
    if (link.target === item.id) {
      out.push({ ...base, code: 'link.self', severity: 'error', message: `${item.id} ${link.type} itself`, range: link.range, target: link.target });
    }
    const key = `${link.type}\u0000${link.target}`;
    const first = seen.get(key);
    if (first) {
      out.push({
        ...base,
        code: 'link.duplicate',
        severity: 'warning',
        message: `${link.target} is listed twice in '${link.type}'`,
        range: link.range,
        target: link.target,
        related: [{ file: item.file, range: first.range, message: 'first listed here' }],
      });
    } else seen.set(key, link);
  }
  return out;
}
