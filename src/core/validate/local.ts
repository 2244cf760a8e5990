import type { TraceConfig } from '../config/types';
import type { Finding } from '../model/finding';
import type { Item } from '../model/item';
import { anomalyRules } from './anomalies';
import { fieldRules } from './itemFields';
import { linkShapeRules } from './linkShape';
import { requiredLinkRules } from './requiredLinks';
import { riskRules } from '../matrix/risk';

/** Rules that look at one item alone: run when its file is parsed, cached with it. Each rule adds to `out`. */
export function itemFindings(item: Item, config: TraceConfig, out: Finding[] = []): Finding[] {
  fieldRules(item, config, out);
  linkShapeRules(item, config, out);
  requiredLinkRules(item, config, out);
  if (config.risk) riskRules(item, config, out);
  anomalyRules(item, out);
  return out;
}
