import { givesCoverage, isCovered } from '../graph/coverage';
import type { TraceIndex } from '../traceIndex';
import type { Finding } from '../model/finding';
import type { Item } from '../model/item';
import type { CoverageRule } from '../config/types';
import { emptyList } from '../model/lists';
import { exemptBy } from './exempt';

const PHRASES: Record<string, string> = {
  verifies: 'no test verifies it',
  mitigates: 'no requirement mitigates it',
  derives_from: 'no requirement derives from it',
  validates: 'no validation validates it',
};

const NO_RULES: readonly CoverageRule[] = emptyList();

/** The coverage rules an item is subject to and does not meet (its kind's rules; none for obsolete items or duplicate definitions). */
export function unmetCoverageRules(
  index: TraceIndex,
  item: Item,
  covered: (rule: CoverageRule, item: Item) => boolean = (r, i) => isCovered(index, i, r),
): readonly CoverageRule[] {
  if (!item.live || index.resolve(item.id) !== item) return NO_RULES;
  let out: CoverageRule[] | undefined;
  for (const rule of index.config.coverage)
    if (rule.kind === item.kind && !exemptBy(item, rule.unless) && !covered(rule, item)) (out ??= []).push(rule);
  return out ?? NO_RULES;
}

/** coverage.<name>: each unmet rule, reported on the item's id with the rule's severity. */
export function coverageFindings(
  index: TraceIndex,
  item: Item,
  unmet: readonly CoverageRule[],
  out: Finding[] = [],
): Finding[] {
  for (const rule of unmet) {
    if (rule.severity === 'off') continue;
    const kind = index.config.kindByName.get(rule.kind)!;
    const why =
      rule.evidence === 'passed'
        ? 'no passing, fresh test result verifies it'
        : rule.from !== undefined
          ? `no ${rule.from.join(' or ')} item links to it by ${rule.by.map((t) => `'${t}'`).join(' or ')}`
          : rule.by.map((t) => PHRASES[t] ?? `nothing links to it by '${t}'`).join(', and ');
    out.push({
      code: `coverage.${rule.name}`,
      severity: rule.severity,
      message: `${kind.label} ${item.id} is ${rule.name}: ${why}${notCounted(index, item, rule)}`,
      file: item.file,
      range: item.idRange,
      itemId: item.id,
    });
  }
  return out;
}

/**
 * Links of the rule's types that do not count (docs/editor.md, "Honest coverage"): " (TST-17
 * does not count: it still carries placeholder text)", so that the author sees why a link
 * they made covers nothing. Empty when there are none.
 */
function notCounted(index: TraceIndex, item: Item, rule: CoverageRule): string {
  if (!mayExclude(index)) return '';
  const why: string[] = [];
  for (const file of [...index.referrers(item.id)].sort()) {
    const from = index.get(file)?.item;
    if (!from || !from.live || givesCoverage(index.config, from)) continue;
    if (!from.links.some((l) => l.target === item.id && rule.by.includes(l.type))) continue;
    why.push(
      from.placeholder === true
        ? `${from.id} does not count: it still carries placeholder text`
        : `${from.id} does not count: its status ${from.status} is not in coverage_statuses`,
    );
  }
  return why.length === 0 ? '' : ` (${why.join('; ')})`;
}

const excluding = new WeakMap<TraceIndex, { revision: number; value: boolean }>();

/**
 * Whether any live link can fail to count: a `coverage_statuses` policy, or an item with
 * placeholder text. Without either, notCounted has nothing to say, and the referrer map (a
 * pass over every file) is not built for it. Cached per index revision.
 */
function mayExclude(index: TraceIndex): boolean {
  if (index.config.coverageStatuses !== undefined) return true;
  const cached = excluding.get(index);
  if (cached?.revision === index.revision) return cached.value;
  let value = false;
  for (const i of index.items())
    if (i.placeholder === true) {
      value = true;
      break;
    }
  excluding.set(index, { revision: index.revision, value });
  return value;
}
