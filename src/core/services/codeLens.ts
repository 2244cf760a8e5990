import { openAnomaliesAffecting } from '../anomaly/anomalies';
import { Commands } from '../commands';
import type { TraceIndex } from '../traceIndex';
import { documentFor } from './document';
import { coverageText, downstream, itemCoverage } from './trace';
import type { CodeLens } from './types';

/**
 * Commands the lenses carry (the client implements them):
 * - `tracespine.showLinks` [id, linkTypes[]]: list what covers the item (e.g. a references peek);
 * - `tracespine.addCoverage` [id, ruleName]: create what the rule misses (see codeActions `coverageStub`);
 * - `tracespine.showImpact` [id]: the downstream items and code files.
 */
export const LENS_COMMANDS = {
  showLinks: Commands.showLinks,
  addCoverage: Commands.addCoverage,
  showImpact: Commands.showImpact,
} as const;

/**
 * Code lenses on an item's `id`: one per coverage rule of its kind ("verified by TST-3,
 * TST-7" / "not verified — add a test"), then "N items downstream" (transitive dependents
 * along any link type; code files with tags on any of them counted separately).
 */
export function codeLenses(index: TraceIndex, file: string, text: string): CodeLens[] {
  const item = documentFor(index, file, text).item;
  if (!item) return [];
  const config = index.config;
  const range = item.idRange;
  const out: CodeLens[] = [];
  for (const c of itemCoverage(index, item)) {
    if (c.exempt) continue;
    if (c.covered) {
      out.push({
        range,
        title: coverageText(c, 5),
        command: { name: LENS_COMMANDS.showLinks, args: [item.id, [...c.rule.by]] },
      });
      continue;
    }
    const sourceKind = c.rule.by
      .map((t) => config.links.get(t)?.from.values().next().value)
      .find((k) => k !== undefined);
    out.push({
      range,
      title: `${coverageText(c)}${sourceKind ? ` — add a ${sourceKind}` : ''}`,
      ...(sourceKind ? { command: { name: LENS_COMMANDS.addCoverage, args: [item.id, c.rule.name] } } : {}),
    });
  }
  const anomalies = openAnomaliesAffecting(index, item.id);
  if (anomalies.length > 0) {
    const ids =
      anomalies
        .slice(0, 5)
        .map((a) => a.id)
        .join(', ') + (anomalies.length > 5 ? ', …' : '');
    const title = `⚠ ${anomalies.length} open anomal${anomalies.length === 1 ? 'y' : 'ies'}: ${ids}`;
    out.push({ range, title, command: { name: LENS_COMMANDS.showLinks, args: [item.id, ['affects']] } });
  }
  const down = downstream(index, item.id);
  const n = down.items.length;
  const files = down.codeFiles.length;
  const title = `${n === 0 ? 'no' : n} item${n === 1 ? '' : 's'} downstream${files > 0 ? `, ${files} code file${files === 1 ? '' : 's'}` : ''}`;
  out.push({ range, title, command: { name: LENS_COMMANDS.showImpact, args: [item.id] } });
  return out;
}
