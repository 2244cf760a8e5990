import { fixedCode } from '../config/codes';
import type { TraceConfig } from '../config/types';
import type { Finding } from '../model/finding';
import type { Item, LinkEntry } from '../model/item';

/** link.wrong-kind (the type may not go from this kind), link.self, link.duplicate. */
export function linkShapeRules(item: Item, config: TraceConfig, out: Finding[] = []): Finding[] {
  const base = { file: item.file, itemId: item.id };
  const links = item.links;
  for (let i = 0; i < links.length; i++) {
    const link = links[i]!;
    const type = config.links.get(link.type)!;
    // An item has a handful of links: earlier entries are searched instead of building sets.
    if (!type.from.has(item.kind) && !links.slice(0, i).some((l) => l.type === link.type)) {
      out.push({
        ...base,
        ...fixedCode('link.wrong-kind'),
        message: `A ${item.kind} may not carry '${link.type}' (allowed from: ${[...type.from].join(', ')})`,
        range: link.keyRange,
      });
    }
    if (link.target === item.id) {
      out.push({ ...base, ...fixedCode('link.self'), message: `${item.id} ${link.type} itself`, range: link.range, target: link.target });
    }
    const first = firstOf(links, i, link.type, link.target);
    if (first) {
      out.push({
        ...base,
        ...fixedCode('link.duplicate'),
        message: `${link.target} is listed twice in '${link.type}'`,
        range: link.range,
        target: link.target,
        related: [{ file: item.file, range: first.range, message: 'first listed here' }],
      });
    }
  }
  return out;
}

/** The first of `links[0..end)` with this type and target. */
function firstOf(links: readonly LinkEntry[], end: number, type: string, target: string): LinkEntry | undefined {
  for (let j = 0; j < end; j++) if (links[j]!.target === target && links[j]!.type === type) return links[j];
  return undefined;
}
