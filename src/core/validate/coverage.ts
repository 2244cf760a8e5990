import { isCovered } from '../graph/coverage';
import type { TraceIndex } from '../index/traceIndex';
import type { Finding } from '../model/finding';
import type { Item } from '../model/item';

const PHRASES: Record<string, string> = {
  verifies: 'no test verifies it',
  mitigates: 'no requirement mitigates it',
  derives_from: 'no requirement derives from it',
  validates: 'no validation validates it',
};

/** coverage.<name>: a live item no live link of the rule's types covers, reported on its id with the rule's severity. */
export function coverageFindings(index: TraceIndex, item: Item): Finding[] {
  if (!item.live || index.resolve(item.id) !== item) return [];
  const out: Finding[] = [];
  for (const rule of index.config.coverage) {
    if (rule.kind !== item.kind || rule.severity === 'off' || isCovered(index, item, rule)) continue;
    const kind = index.config.kindByName.get(rule.kind)!;
    const why = rule.by.map((t) => PHRASES[t] ?? `nothing links to it by '${t}'`).join(', and ');
    out.push({
      code: `coverage.${rule.name}`,
      severity: rule.severity,
      message: `${kind.label} ${item.id} is ${rule.name}: ${why}`,
      file: item.file,
      range: item.idRange,
      itemId: item.id,
    });
  }
  return out;
}
