import type { FileRole } from '../config/globs';
import type { Finding } from '../model/finding';
import type { ParsedFile } from '../model/item';
import { emptyList } from '../model/lists';
import { range } from '../model/range';

const NONE: readonly never[] = emptyList();

/**
 * A file the globs select that could not be read as text (binary, too large, not a regular
 * file, a read error): it defines, links and mentions nothing the engine can see, so it gets
 * a `file.unreadable` finding instead of silence. An unread item could hold an unmitigated
 * hazard; the gate must not pass on what it never read.
 */
export function unreadableFile(
  file: string,
  role: FileRole,
  reason: string,
  at?: { readonly line: number; readonly character: number },
): ParsedFile {
  const line = at?.line ?? 0;
  const character = at?.character ?? 0;
  const what = role === 'items' ? 'its design items and links are not checked' : 'its code tags are not checked';
  const finding: Finding = {
    code: 'file.unreadable',
    severity: 'error',
    message: `File not read (${reason}): ${what}`,
    file,
    range: range(line, character, line, at ? character + 1 : 0),
  };
  return {
    file,
    kind: role === 'items' ? 'markdown' : 'code',
    item: undefined,
    references: NONE,
    tags: NONE,
    findings: [finding],
  };
}
