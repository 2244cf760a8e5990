import type { TraceConfig } from '../config/types';
import { computeCoverage, type CoverageResult } from '../graph/coverage';
import type { TraceIndex } from '../index/traceIndex';
import { compareFindings, type Finding } from '../model/finding';
import { coverageRule } from './coverage';
import { cycleRule } from './cycles';
import { duplicateIdRule } from './duplicateIds';
import { linkTargetRules } from './linkTargets';
import { referenceRule } from './references';

export interface Validation {
  /** Every finding, severities applied, `off` ones dropped, sorted by file and position. */
  readonly findings: Finding[];
  readonly coverage: readonly CoverageResult[];
}

/** Runs every rule over the index. Pure: reads the index, writes nothing. */
export function validateIndex(index: TraceIndex): Validation {
  const coverage = computeCoverage(index);
  const raw: Finding[] = [];
  for (const f of index.allFiles()) for (const x of f.localFindings) raw.push(x);
  raw.push(...duplicateIdRule(index), ...linkTargetRules(index), ...cycleRule(index), ...referenceRule(index), ...coverageRule(index, coverage));
  return { findings: applySeverities(raw, index.config).sort(compareFindings), coverage };
}

/** The `rules:` overrides of tracespine.yaml: a new severity per code, or `off`. */
export function applySeverities(findings: readonly Finding[], config: TraceConfig): Finding[] {
  if (config.rules.size === 0) return [...findings];
  const out: Finding[] = [];
  for (const f of findings) {
    const level = config.rules.get(f.code);
    if (level === undefined) out.push(f);
    else if (level !== 'off') out.push(level === f.severity ? f : { ...f, severity: level });
  }
  return out;
}
