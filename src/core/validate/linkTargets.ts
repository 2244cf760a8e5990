import { fixedCode } from '../config/codes';
import type { IndexedFile, TraceIndex } from '../traceIndex';
import type { Finding, RelatedLocation } from '../model/finding';
import type { Item } from '../model/item';

function definedAt(target: Item): RelatedLocation[] {
  return [{ file: target.file, range: target.idRange, message: `${target.id} is defined here` }];
}

/**
 * What a file's links say of their targets, for frontmatter links and code tags alike:
 * link.unknown-target, link.wrong-kind (target side), link.obsolete-target, link.suspect.
 */
export function linkTargetFindings(index: TraceIndex, f: IndexedFile, out: Finding[] = []): Finding[] {
  const config = index.config;
  const item = f.item;
  if (item) {
    for (const link of item.links) {
      if (link.target === item.id) continue; // link.self says it already
      const target = index.resolve(link.target);
      const type = config.links.get(link.type)!;
      // The common case, with nothing to say: checked before any finding is put together.
      if (target && link.pin === undefined && type.to.has(target.kind) && (target.live || !item.live)) continue;
      const base = { file: item.file, itemId: item.id, target: link.target };
      if (!target) {
        out.push({
          ...base,
          ...fixedCode('link.unknown-target'),
          message: `${item.id} ${link.type} ${link.target}, which no item defines`,
          range: link.targetRange,
        });
        continue;
      }
      if (!type.to.has(target.kind)) {
        out.push({
          ...base,
          ...fixedCode('link.wrong-kind'),
          message: `'${link.type}' may not target ${target.id}, a ${target.kind} (allowed: ${[...type.to].join(', ')})`,
          range: link.targetRange,
          related: definedAt(target),
        });
      }
      if (item.live && !target.live) {
        out.push({
          ...base,
          ...fixedCode('link.obsolete-target'),
          message: `${item.id} ${link.type} ${target.id}, which is obsolete`,
          range: link.targetRange,
          related: definedAt(target),
        });
      }
      if (link.pin !== undefined && link.pin !== target.fingerprint) {
        out.push({
          ...base,
          ...fixedCode('link.suspect'),
          message: `${target.id} changed since this link was reviewed (pinned ${link.pin}, now ${target.fingerprint}): re-check the link, then update the pin`,
          range: link.range,
          related: definedAt(target),
        });
      }
    }
  }
  for (const tag of f.tags) {
    const target = index.resolve(tag.id);
    const tagConfig = config.codeTags.get(tag.tag)!;
    if (target && target.live && tagConfig.to.has(target.kind)) continue;
    const base = { file: f.file, target: tag.id };
    if (!target) {
      out.push({
        ...base,
        ...fixedCode('link.unknown-target'),
        message: `@${tag.tag} ${tag.id}: no item defines ${tag.id}`,
        range: tag.range,
      });
      continue;
    }
    if (!tagConfig.to.has(target.kind)) {
      out.push({
        ...base,
        ...fixedCode('link.wrong-kind'),
        message: `@${tag.tag} may not target ${target.id}, a ${target.kind} (allowed: ${[...tagConfig.to].join(', ')})`,
        range: tag.range,
        related: definedAt(target),
      });
    }
    if (!target.live) {
      out.push({
        ...base,
        ...fixedCode('link.obsolete-target'),
        message: `@${tag.tag} ${target.id}, which is obsolete`,
        range: tag.range,
        related: definedAt(target),
      });
    }
  }
  return out;
}
