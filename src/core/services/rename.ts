import { kindOfId } from '../config/load';
import type { TraceIndex } from '../traceIndex';
import type { Position, Range } from '../model/range';
import { mentionsOf } from './document';
import { basename, dirname, joinPath } from './paths';
import { idAt } from './idAt';
import type { Refusal, RenameFile, TextEdit, WorkspaceEdit } from './types';

export interface PrepareRename {
  readonly id: string;
  /** The ID token to edit in place. */
  readonly range: Range;
}

/** The ID token at `position` to rename, or a refusal (not a trace ID; an ID nothing defines or names). */
export function prepareRename(
  index: TraceIndex,
  file: string,
  text: string,
  position: Position,
): PrepareRename | Refusal {
  const at = idAt(index, file, text, position);
  if (!at) return { error: 'No trace ID here to rename' };
  if (at.role === 'token' && index.definitions(at.id).length === 0 && mentionsOf(index, at.id).length === 0) {
    return { error: `No item defines ${at.id}, and nothing links to it` };
  }
  return { id: at.id, range: at.range };
}

/**
 * Renames `oldId` to `newId` everywhere: each definition's `id` value, every link entry's
 * target (pins stay: a fingerprint covers title, body and fingerprint fields, not the id),
 * every body reference and every code tag. A definition file named `<oldId>.md` is renamed
 * to `<newId>.md` (in `renames`, unless that path is taken). Refused, with the reason, when
 * `newId` is already defined, matches no configured kind, or is of another kind than `oldId`.
 */
export function rename(index: TraceIndex, oldId: string, newId: string): WorkspaceEdit | Refusal {
  const config = index.config;
  newId = newId.trim();
  if (newId === oldId) return { error: `The new ID is the same as the old one (${oldId})` };
  const taken = index.definitions(newId);
  if (taken.length > 0) return { error: `${newId} is already defined in ${taken.map((t) => t.file).join(', ')}` };
  const newKind = kindOfId(config, newId);
  if (!newKind) {
    const shapes = config.kinds
      .map((k) => (k.prefix !== undefined ? `${k.prefix}-<number>` : k.pattern.source))
      .join(', ');
    return { error: `'${newId}' matches no configured kind (${shapes})` };
  }
  const oldKind = kindOfId(config, oldId);
  if (!oldKind) return { error: `'${oldId}' matches no configured kind` };
  if (oldKind.name !== newKind.name) {
    return {
      error: `${oldId} is a ${oldKind.name} (${oldKind.label}) but ${newId} would be a ${newKind.name} (${newKind.label}): renaming cannot change an item's kind`,
    };
  }

  const changes: Record<string, TextEdit[]> = {};
  const push = (file: string, edit: TextEdit): void => {
    (changes[file] ??= []).push(edit);
  };
  const renames: RenameFile[] = [];
  for (const def of index.definitions(oldId)) {
    // An ID taken from the file name (SPEC section 7, id_from) has an empty range: only the file is renamed.
    const inText = !(
      def.idRange.start.line === def.idRange.end.line && def.idRange.start.character === def.idRange.end.character
    );
    if (inText) push(def.file, { range: innerRange(def.idRange, oldId.length), newText: newId });
    const base = basename(def.file);
    // `REQ-1.md`, and where the ID is in the file name, `SWR-1_login.md` or `SWR-1.yml`.
    if (base === `${oldId}.md` || (!inText && base.startsWith(oldId) && !isIdChar(base.charAt(oldId.length)))) {
      const newFile = joinPath(dirname(def.file), newId + base.slice(oldId.length));
      if (!index.get(newFile)) renames.push({ oldFile: def.file, newFile });
    }
  }
  for (const m of mentionsOf(index, oldId)) {
    const link = m.link;
    if (link && !isExact(link.targetRange, oldId.length)) {
      // The entry is a quoted scalar with escapes: its sub-ranges are not known, rewrite it whole.
      push(m.file, {
        range: link.range,
        newText: JSON.stringify(link.pin !== undefined ? `${newId}@${link.pin}` : newId),
      });
      continue;
    }
    push(m.file, { range: m.range, newText: newId });
  }
  for (const list of Object.values(changes))
    list.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { changes, ...(renames.length > 0 ? { renames } : {}) };
}

function isIdChar(c: string): boolean {
  return /[A-Za-z0-9]/.test(c);
}

/** A one-line range exactly `length` long. */
function isExact(r: Range, length: number): boolean {
  return r.start.line === r.end.line && r.end.character - r.start.character === length;
}

/** An `id` value's range without its quotes, when it is quoted. */
function innerRange(r: Range, length: number): Range {
  if (r.start.line === r.end.line && r.end.character - r.start.character === length + 2) {
    return {
      start: { line: r.start.line, character: r.start.character + 1 },
      end: { line: r.end.line, character: r.end.character - 1 },
    };
  }
  return r;
}

export function isRefusal(x: object): x is Refusal {
  return 'error' in x && typeof (x as Refusal).error === 'string';
}
