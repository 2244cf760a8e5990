import { fixedCode } from '../config/codes';
import type { TraceConfig } from '../config/types';
import type { Finding } from '../model/finding';
import type { Item, LinkEntry } from '../model/item';

/** link.wrong-kind (the type may not go from this kind), link.self, link.duplicate. */
export function linkShapeRules(item: Item, config: TraceConfig, out: Finding[] = []): Finding[] {
  const base = { file: item.file, itemId: item.id };
  const links = item.links;
  // Most items have a handful of links: earlier entries are searched. A long list (100,000
  // IDs) is keyed instead, so that it is not compared entry by entry with all before it.
  const seen = links.length > LONG_LIST ? new Map<string, LinkEntry>() : undefined;
  let reported: Set<string> | undefined;
  for (let i = 0; i < links.length; i++) {
    const link = links[i]!;
    const type = config.links.get(link.type)!;
    if (!type.from.has(item.kind) && !reported?.has(link.type)) {
      (reported ??= new Set()).add(link.type);
      out.push({
        ...base,
        ...fixedCode('link.wrong-kind'),
        message: `A ${item.kind} may not carry '${link.type}' (allowed from: ${[...type.from].join(', ')})`,
        range: link.keyRange,
      });
    }
    if (link.target === item.id) {
      out.push({
        ...base,
        ...fixedCode('link.self'),
        message: `${item.id} ${link.type} itself`,
        range: link.range,
        target: link.target,
      });
    }
    let first: LinkEntry | undefined;
    if (seen) {
      const key = `${link.type}\u0000${link.target}`;
      first = seen.get(key);
      if (first === undefined) seen.set(key, link);
    } else first = firstOf(links, i, link.type, link.target);
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

const LONG_LIST = 32;

/** The first of `links[0..end)` with this type and target. */
function firstOf(links: readonly LinkEntry[], end: number, type: string, target: string): LinkEntry | undefined {
  for (let j = 0; j < end; j++) if (links[j]!.target === target && links[j]!.type === type) return links[j];
  return undefined;
}
