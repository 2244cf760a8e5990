import { ANOMALY_KIND, STATES_NEEDING_EVALUATION, textField } from '../anomaly/anomalies';
import type { Finding } from '../model/finding';
import type { Item } from '../model/item';

/**
 * anomaly.unevaluated: a live problem report whose state is `open` or `deferred` has no
 * `safety_evaluation` (IEC 62304 5.8.2, 5.8.3, 9). Reported on a blank evaluation's value,
 * else on the state's value: the state is what asks for the evaluation.
 */
export function anomalyRules(item: Item, out: Finding[]): void {
  if (item.kind !== ANOMALY_KIND || !item.live) return;
  const state = item.fields.get('state');
  if (!state || typeof state.value !== 'string' || !STATES_NEEDING_EVALUATION.has(state.value)) return;
  if (textField(item, 'safety_evaluation') !== undefined) return;
  const blank = item.fields.get('safety_evaluation');
  out.push({
    code: 'anomaly.unevaluated',
    severity: 'error',
    message: `Problem report ${item.id} is ${state.value} without a safety evaluation: add 'safety_evaluation:' (IEC 62304 5.8.2, 5.8.3)`,
    file: item.file,
    itemId: item.id,
    range: blank ? blank.valueRange : state.valueRange,
  });
}
