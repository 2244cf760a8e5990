import type { Item } from '../model/item';

/**
 * Whether a rule's `unless: {FIELD: VALUE}` exempts `item` (any one of the field values
 * suffices): Doorstop's `derived: true` needs no parent link, `normative: false` no child.
 */
export function exemptBy(item: Item, unless: readonly (readonly [string, unknown])[] | undefined): boolean {
  if (unless === undefined || unless.length === 0) return false;
  const fields = item.fields;
  for (const [key, value] of unless) if (fields.get(key)?.value === value) return true;
  return false;
}
