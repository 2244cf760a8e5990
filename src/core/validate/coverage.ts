import type { CoverageResult } from '../graph/coverage';
import type { TraceIndex } from '../index/traceIndex';
import type { Finding } from '../model/finding';

const PHRASES: Record<string, string> = {
  verifies: 'no test verifies it',
  mitigates: 'no requirement mitigates it',
  derives_from: 'no requirement derives from it',
  validates: 'no validation validates it',
};

/** coverage.<name>: each uncovered live item, reported on its id with the rule's severity. */
export function coverageRule(index: TraceIndex, coverage: readonly CoverageResult[]): Finding[] {
  const out: Finding[] = [];
  for (const result of coverage) {
    const rule = index.config.coverage.find((r) => r.name === result.name)!;
    if (rule.severity === 'off') continue;
    const kind = index.config.kindByName.get(rule.kind)!;
    const why = rule.by.map((t) => PHRASES[t] ?? `nothing links to it by '${t}'`).join(', and ');
    for (const item of result.uncovered) {
      out.push({
        code: `coverage.${rule.name}`,
        severity: rule.severity,
        message: `${kind.label} ${item.id} is ${rule.name}: ${why}`,
        file: item.file,
        range: item.idRange,
        itemId: item.id,
      });
    }
  }
  return out;
}
