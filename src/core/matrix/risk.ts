import type { RiskPolicy, TraceConfig } from '../config/types';
import type { Finding } from '../model/finding';
import type { Item } from '../model/item';

/**
 * Residual risk of hazards under the `risk` policy of tracespine.yaml (docs/release.md,
 * "Risk"): the acceptability matrix over severity × probability, applied to a hazard's
 * residual fields (its initial ones where no residual value is recorded).
 */

/** A field value as a cell shows it: scalars as written, lists and mappings as JSON. */
export function scalarText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v) ?? '';
}

export type RiskLevel = 'acceptable' | 'alarp' | 'unacceptable';

export const RISK_COLUMNS = ['residual_severity', 'residual_probability', 'residual_risk', 'benefit_risk'] as const;

export interface HazardRisk {
  readonly severity?: string;
  readonly probability?: string;
  readonly level?: RiskLevel;
  readonly justification: string;
  /** The cells of RISK_COLUMNS. */
  readonly cells: readonly string[];
}

function text(item: Item, key: string): string | undefined {
  const v = item.fields.get(key)?.value;
  if (v === undefined || v === null) return undefined;
  const s = scalarText(v).trim();
  return s === '' ? undefined : s;
}

export function riskLevel(policy: RiskPolicy, severity: string, probability: string): RiskLevel {
  if (policy.unacceptable.get(severity)?.includes(probability)) return 'unacceptable';
  if (policy.alarp.get(severity)?.includes(probability)) return 'alarp';
  return 'acceptable';
}

const NO_RISK: HazardRisk = { justification: '', cells: ['', '', '', ''] };

/** The residual risk of a hazard; empty without a policy, for other kinds, or when severity or probability is unknown. */
export function hazardRisk(config: TraceConfig, item: Item): HazardRisk {
  const policy = config.risk;
  if (!policy || item.kind !== policy.kind) return NO_RISK;
  const f = policy.fields;
  const severity = text(item, f.residualSeverity) ?? text(item, f.severity);
  const probability = text(item, f.residualProbability) ?? text(item, f.probability);
  const justification = text(item, f.justification) ?? '';
  const level =
    severity !== undefined && probability !== undefined ? riskLevel(policy, severity, probability) : undefined;
  return {
    severity,
    probability,
    level,
    justification,
    cells: [severity ?? '', probability ?? '', level ?? '', justification],
  };
}

/** risk.unacceptable: a live hazard's residual risk is unacceptable and no benefit-risk justification is recorded. */
export function riskRules(item: Item, config: TraceConfig, out: Finding[] = []): Finding[] {
  const policy = config.risk;
  if (!policy || item.kind !== policy.kind || !item.live) return out;
  const risk = hazardRisk(config, item);
  if (risk.level !== 'unacceptable' || risk.justification !== '') return out;
  const f = policy.fields;
  const at =
    item.fields.get(f.residualProbability) ?? item.fields.get(f.residualSeverity) ?? item.fields.get(f.probability);
  out.push({
    code: 'risk.unacceptable',
    severity: 'error',
    message:
      `${item.id}'s residual risk (${risk.severity} × ${risk.probability}) is unacceptable under the risk policy, ` +
      `and no benefit-risk justification is recorded in '${f.justification}'`,
    file: item.file,
    range: at?.valueRange ?? item.idRange,
    itemId: item.id,
  });
  return out;
}
