import { fixedCode } from '../config/codes';
import type { TraceConfig } from '../config/types';
import type { Finding } from '../model/finding';
import type { Item } from '../model/item';
import { exemptBy } from './exempt';

/** link.missing: a live item of a `required` rule's kind has no outgoing link of the listed types. */
export function requiredLinkRules(item: Item, config: TraceConfig, out: Finding[] = []): Finding[] {
  if (!item.live) return out;
  for (const rule of config.required) {
    if (rule.kind !== item.kind || hasLinkOf(item, rule.links) || exemptBy(item, rule.unless)) continue;
    const kind = config.kindByName.get(item.kind)!;
    out.push({
      ...fixedCode('link.missing'),
      message: `${kind.label} ${item.id} needs at least one ${rule.links.map((l) => `'${l}'`).join(' or ')} link`,
      file: item.file,
      range: item.idRange,
      itemId: item.id,
    });
  }
  return out;
}

function hasLinkOf(item: Item, types: readonly string[]): boolean {
  for (const l of item.links) if (types.includes(l.type)) return true;
  return false;
}
