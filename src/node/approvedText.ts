/**
 * The text an approval covered (SPEC section 9): the item's file at the commit where its
 * fingerprint was the approved one, found through git without checking anything out.
 */
import type { TraceConfig } from '../core/config/types';
import { TraceIndex } from '../core/traceIndex';
import { gitOrUndefined } from './git';

/** How many commits of the file's history are looked at, at most. */
export const APPROVED_TEXT_WALK = 200;

/**
 * The file `file` of the item `id` at the newest commit (the record's `commit` first, then the
 * file's history, newest first, at most APPROVED_TEXT_WALK commits) where the item's
 * fingerprint is `fingerprint`; undefined outside git or when none has it.
 */
export async function findApprovedText(
  root: string,
  config: TraceConfig,
  file: string,
  id: string,
  fingerprint: string,
  commit?: string | null,
): Promise<{ text: string; commit: string } | undefined> {
  const fingerprintAt = async (c: string): Promise<string | undefined> => {
    const text = await gitOrUndefined(root, ['cat-file', 'blob', `${c}:./${file}`]);
    if (text === undefined) return undefined;
    const index = new TraceIndex(config);
    const item = index.update(file, text, 'items')?.item;
    return item?.id === id && item.fingerprint === fingerprint ? text : undefined;
  };
  const tried = new Set<string>();
  if (commit && /^[0-9a-f]{7,64}$/.test(commit)) {
    tried.add(commit);
    const text = await fingerprintAt(commit);
    if (text !== undefined) return { text, commit };
  }
  const log = await gitOrUndefined(root, ['log', `-n${APPROVED_TEXT_WALK}`, '--format=%H', 'HEAD', '--', file]);
  for (const c of (log ?? '').split('\n').filter((l) => l !== '')) {
    if (tried.has(c)) continue;
    const text = await fingerprintAt(c);
    if (text !== undefined) return { text, commit: c };
  }
  return undefined;
}
