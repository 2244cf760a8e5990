import { fixedCode } from '../config/codes';
import type { TraceConfig } from '../config/types';
import type { Finding } from '../model/finding';
import type { Item } from '../model/item';

function show(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : (JSON.stringify(v) ?? String(v));
}

/** item.kind-mismatch, item.missing-title, item.missing-field, item.invalid-field (status and kind fields). */
export function fieldRules(item: Item, config: TraceConfig, out: Finding[] = []): Finding[] {
  const kind = config.kindByName.get(item.kind)!;
  const base = { file: item.file, itemId: item.id };
  const fields = item.fields;

  // The keys that held the reserved fields (SPEC section 7, `fields`); an item made elsewhere uses the defaults.
  const keys = item.keys;
  const typeKey = keys ? keys.type : 'type';
  const type = typeKey === undefined ? undefined : fields.get(typeKey);
  if (type && typeof type.value === 'string' && type.value !== item.kind) {
    const named = config.kindByName.get(type.value);
    out.push({
      ...base,
      ...fixedCode('item.kind-mismatch'),
      message: named
        ? `'${type.key}: ${type.value}' contradicts the ID: ${item.id} is a ${kind.name} (${kind.label})`
        : `'${type.key}: ${type.value}' is not a configured kind; ${item.id} is a ${kind.name}`,
      range: type.valueRange,
    });
  }

  const titleKey = keys ? keys.title : 'title';
  const title = titleKey === undefined ? undefined : fields.get(titleKey);
  const titleInvalid = title !== undefined && title.value !== null && typeof title.value !== 'string';
  if (item.title === '' && !titleInvalid) {
    out.push({
      ...base,
      ...fixedCode('item.missing-title'),
      message: `${item.id} has no title: add 'title:' to the frontmatter or an H1 heading`,
      range: item.idRange,
    });
  }

  const statusKey = keys ? keys.status : 'status';
  const status = statusKey === undefined ? undefined : fields.get(statusKey);
  if (status && typeof status.value === 'string' && !config.statuses.includes(status.value)) {
    out.push({
      ...base,
      ...fixedCode('item.invalid-field'),
      message: `Status ${show(status.value)} is not one of ${config.statuses.join(', ')}`,
      range: status.valueRange,
    });
  }

  for (const [name, allowed] of kind.fields) {
    const field = fields.get(name);
    if (!field || field.value === null) {
      if (kind.required.includes(name)) {
        out.push({
          ...base,
          ...fixedCode('item.missing-field'),
          message: `${kind.label} ${item.id} needs '${name}' (one of ${allowed.join(', ')})`,
          range: item.idRange,
        });
      }
      continue;
    }
    if (!allowed.some((a) => a === field.value)) {
      const what =
        typeof field.value === 'object' ? `a ${Array.isArray(field.value) ? 'list' : 'mapping'}` : show(field.value);
      out.push({
        ...base,
        ...fixedCode('item.invalid-field'),
        message: `'${name}' is ${what}; allowed: ${allowed.join(', ')}`,
        range: field.valueRange,
      });
    }
  }
  return out;
}
