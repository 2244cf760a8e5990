import { kindOfId } from '../config/load';
import type { TraceIndex } from '../traceIndex';
import type { Item, LinkEntry } from '../model/item';
import { comparePositions, LineIndex, type Range } from '../model/range';
import { documentFor, span } from './document';
import { newItem, newItemWithId, yamlScalar } from './newItem';
import { idAt } from './idAt';
import { closeIds } from './didYouMean';
import { removeLink, retargetLink } from './linkEdits';
import type { CodeAction, FindingRef, TextEdit } from './types';

/**
 * Quick fixes for one finding in `file` (current content `text`):
 * - `link.unknown-target`: change to a close existing ID of an allowed kind ("did you mean"),
 *   remove the link, create the missing item (a new file from a template), in this order;
 * - `ref.unknown-id`: create the missing item;
 * - `link.obsolete-target`: remove the link;
 * - `coverage.<rule>`: create a stub of the kind that would cover the item, linking to it
 *   (e.g. a test `verifies: [REQ-x]`), one per link type of the rule's `by`;
 * - `link.suspect`: re-affirm the link (pin the target's current fingerprint), and pin
 *   every link of the item;
 * - `item.invalid-field` on `status` or a kind field: one action per allowed value;
 *   `item.kind-mismatch` (or a `type` of the wrong YAML type): set `type` to the ID's kind;
 * - `link.duplicate`: remove the duplicate entry.
 */
export function codeActions(index: TraceIndex, file: string, text: string, finding: FindingRef): CodeAction[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const code = finding.code;
  if (code === 'link.unknown-target' || code === 'ref.unknown-id') {
    const id = finding.target ?? idAt(index, file, text, finding.range.start)?.id;
    const action = id === undefined ? undefined : createMissingItem(index, id);
    const fixes = code === 'link.unknown-target' && id !== undefined ? linkFixes(index, file, text, finding, id) : [];
    // The preferred fix is the closest existing ID when there is one: creating an item is the last resort.
    if (action && fixes.length > 0) return [...fixes, { ...action, isPreferred: false }];
    return action ? [...fixes, action] : fixes;
  }
  if (code === 'link.obsolete-target') {
    const item = documentFor(index, file, text).item;
    const link = item ? linkAt(item, finding.range) : undefined;
    const edit = link ? removeLink(text, new LineIndex(text), link) : undefined;
    return link && edit
      ? [
          {
            title: `Remove the link to obsolete ${link.target}`,
            kind: 'quickfix',
            edit: { changes: { [file]: [edit] } },
          },
        ]
      : [];
  }
  if (code.startsWith('coverage.')) {
    const itemId = finding.itemId ?? documentFor(index, file, text).item?.id;
    return itemId === undefined ? [] : coverageStubs(index, itemId, code.slice('coverage.'.length));
  }
  const doc = documentFor(index, file, text);
  const item = doc.item;
  if (!item) return [];
  const lines = new LineIndex(text);
  if (code === 'link.suspect') {
    const out: CodeAction[] = [];
    const link = linkAt(item, finding.range);
    const target = link ? index.resolve(link.target) : undefined;
    if (link?.pinRange && target && isExact(text, lines, link.pinRange, link.pin!)) {
      out.push({
        title: `Re-affirm the link to ${target.id}: pin its current fingerprint ${target.fingerprint}`,
        kind: 'quickfix',
        isPreferred: true,
        edit: { changes: { [file]: [{ range: link.pinRange, newText: target.fingerprint }] } },
      });
    }
    const all = pinAllLinks(index, file, text);
    if (all) out.push(all);
    return out;
  }
  if (code === 'item.invalid-field' || code === 'item.kind-mismatch')
    return fieldValueFixes(index, file, item, finding.range);
  if (code === 'link.duplicate') {
    const link = linkAt(item, finding.range);
    if (!link) return [];
    const edit = removeEntry(text, lines, link);
    return edit
      ? [
          {
            title: `Remove the duplicate ${link.target} from '${link.type}'`,
            kind: 'quickfix',
            isPreferred: true,
            edit: { changes: { [file]: [edit] } },
          },
        ]
      : [];
  }
  return [];
}

/**
 * On a link to an undefined ID: "Change to REQ-011 (did you mean …)" for each close existing
 * ID of a kind the link may target (didYouMean.ts), then "Remove this link". In code tags
 * only the change (a tag line is the author's to remove).
 */
function linkFixes(index: TraceIndex, file: string, text: string, finding: FindingRef, id: string): CodeAction[] {
  const lines = new LineIndex(text);
  const doc = documentFor(index, file, text);
  const out: CodeAction[] = [];
  const suggest = (
    kinds: ReadonlySet<string> | undefined,
    self: string | undefined,
    edit: (to: string) => TextEdit | undefined,
  ): void => {
    for (const near of closeIds(index, id, kinds, self)) {
      const e = edit(near.id);
      if (!e) continue;
      out.push({
        title: `Change to ${near.id} (did you mean ${near.id}${near.title !== '' ? ` “${near.title}”` : ''}?)`,
        kind: 'quickfix',
        ...(out.length === 0 ? { isPreferred: true } : {}),
        edit: { changes: { [file]: [e] } },
      });
    }
  };
  const link = doc.item ? linkAt(doc.item, finding.range) : undefined;
  if (link && link.target === id) {
    suggest(index.config.links.get(link.type)?.to, doc.item!.id, retargetLink(text, lines, link));
    const remove = removeLink(text, lines, link);
    if (remove)
      out.push({ title: `Remove this link to ${id}`, kind: 'quickfix', edit: { changes: { [file]: [remove] } } });
    return out;
  }
  const tag = doc.tags.find((t) => t.id === id && comparePositions(t.range.start, finding.range.start) === 0);
  if (tag && isExact(text, lines, tag.range, id))
    suggest(index.config.codeTags.get(tag.tag)?.to, undefined, (to) => ({ range: tag.range, newText: to }));
  return out;
}

function linkAt(item: Item, r: Range): LinkEntry | undefined {
  return (
    item.links.find((l) => comparePositions(l.range.start, r.start) === 0) ??
    item.links.find((l) => comparePositions(l.range.start, r.start) <= 0 && comparePositions(r.start, l.range.end) <= 0)
  );
}

function isExact(text: string, lines: LineIndex, r: Range, expected: string): boolean {
  return text.slice(lines.offsetAt(r.start), lines.offsetAt(r.end)) === expected;
}

/**
 * "Pin all links of ITEM": every link entry whose target resolves gets the target's current
 * fingerprint (a pin is added or replaced). Undefined when every pin is current already.
 */
export function pinAllLinks(index: TraceIndex, file: string, text: string): CodeAction | undefined {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const item = documentFor(index, file, text).item;
  if (!item) return undefined;
  const lines = new LineIndex(text);
  const edits: TextEdit[] = [];
  for (const link of item.links) {
    const target = index.resolve(link.target);
    if (!target || link.pin === target.fingerprint) continue;
    if (link.pinRange) {
      if (isExact(text, lines, link.pinRange, link.pin!))
        edits.push({ range: link.pinRange, newText: target.fingerprint });
    } else if (isExact(text, lines, link.targetRange, link.target)) {
      edits.push({
        range: { start: link.targetRange.end, end: link.targetRange.end },
        newText: `@${target.fingerprint}`,
      });
    }
  }
  if (edits.length === 0) return undefined;
  return {
    title: `Pin all links of ${item.id} to their targets' current fingerprints`,
    kind: 'quickfix',
    edit: { changes: { [file]: edits } },
  };
}

function fieldValueFixes(index: TraceIndex, file: string, item: Item, r: Range): CodeAction[] {
  const config = index.config;
  const field = [...item.fields.values()].find((f) => comparePositions(f.valueRange.start, r.start) === 0);
  if (!field) return [];
  // The keys that hold status and type (SPEC section 7, `fields`); an item made elsewhere uses the defaults.
  const statusKey = item.keys ? item.keys.status : 'status';
  const typeKey = item.keys ? item.keys.type : 'type';
  const allowed =
    field.key === statusKey
      ? config.statuses
      : field.key === typeKey
        ? [item.kind]
        : config.kindByName.get(item.kind)?.fields.get(field.key);
  if (!allowed) return [];
  return allowed.map((v) => ({
    title: `Set '${field.key}' to ${String(v)}`,
    kind: 'quickfix' as const,
    edit: { changes: { [file]: [{ range: field.valueRange, newText: yamlScalar(String(v)) }] } },
  }));
}

/** Removes a link entry: its whole line in a block list, or the entry and its preceding comma in a flow list. */
function removeEntry(text: string, lines: LineIndex, link: LinkEntry): TextEdit | undefined {
  const start = lines.offsetAt(link.range.start);
  const end = lines.offsetAt(link.range.end);
  const lineStart = lines.offsetAt({ line: link.range.start.line, character: 0 });
  if (/^[ \t]*-[ \t]*$/.test(text.slice(lineStart, start))) {
    let next = end;
    while (next < text.length && text[next] !== '\n' && text[next] !== '\r') next++;
    if (next < text.length) {
      next += text[next] === '\r' && text[next + 1] === '\n' ? 2 : 1;
      return { range: span(lines, lineStart, next), newText: '' };
    }
    // The last line of the text: take the line break before it instead.
    let prev = lineStart;
    if (prev > 0 && text[prev - 1] === '\n') prev--;
    if (prev > 0 && text[prev - 1] === '\r') prev--;
    return { range: span(lines, prev, next), newText: '' };
  }
  let s = start;
  while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  if (text[s - 1] === ',') return { range: span(lines, s - 1, end), newText: '' };
  if (text[s - 1] === '[') {
    let e = end;
    while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
    if (text[e] === ',') {
      e++;
      while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
      return { range: span(lines, start, e), newText: '' };
    }
  }
  return undefined;
}

/** "Create REQ-999": a new file for an ID that links name but no item defines. */
export function createMissingItem(index: TraceIndex, id: string): CodeAction | undefined {
  if (index.definitions(id).length > 0) return undefined;
  const created = newItemWithId(index, id, {});
  if (!created) return undefined;
  const kind = kindOfId(index.config, id)!;
  return {
    title: `Create ${kind.label.toLowerCase()} ${id} in ${created.file}`,
    kind: 'quickfix',
    isPreferred: true,
    edit: created.edit,
  };
}

/**
 * Stubs that would cover `itemId` under coverage rule `ruleName`: per link type of the
 * rule's `by`, an item of the type's first source kind with the next free ID and the link
 * prefilled (`verifies: [REQ-x]`), its kind fields set to their first allowed values
 * (`method: test`).
 */
export function coverageStubs(index: TraceIndex, itemId: string, ruleName: string): CodeAction[] {
  const config = index.config;
  const rule = config.coverage.find((r) => r.name === ruleName);
  if (!rule) return [];
  const out: CodeAction[] = [];
  for (const type of rule.by) {
    const sourceKind = config.links.get(type)?.from.values().next().value;
    if (sourceKind === undefined) continue;
    const created = newItem(index, sourceKind, { links: { [type]: [itemId] }, fields: 'first' });
    if (!created) continue;
    const label = config.kindByName.get(sourceKind)!.label;
    out.push({
      title: `Create ${label.toLowerCase()} ${created.id} that ${type} ${itemId}`,
      kind: 'quickfix',
      edit: created.edit,
    });
  }
  return out;
}
