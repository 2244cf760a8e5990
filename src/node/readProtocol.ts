import type { ReadResult } from '../core/host';

/* The messages between NodeFsHost's ReadAhead and its reading thread (readWorker.ts). */

/** From the host: what to read. */
export interface ReadRequest {
  readonly root: string;
  readonly files: readonly string[];
}

/**
 * To the host: the results of the next `ends.length` files. Their texts travel as one
 * string, cut into slices on arrival: one large string is copied once and never moved
 * by the young-generation collector, where thousands of small ones would be, twice.
 */
export interface ReadBatch {
  /** The files' texts, one after the other. */
  readonly joined: string;
  /** Where each file's text ends in `joined` (it starts where the one before ends); -1 for a file without text. */
  readonly ends: Int32Array;
  /** The notices of the few files that have one, by position in the batch: [i, notice, missing, line, character] (-1: no position). */
  readonly notices: readonly (readonly [number, string, boolean, number, number])[];
}

/**
 * A batch is sent when its texts reach this many characters (above V8's limit for objects
 * on regular pages, so the string goes straight to the large-object space) or files.
 */
export const BATCH_CHARS = 160 * 1024;
export const BATCH_FILES = 1024;

export function encodeBatch(results: readonly ReadResult[]): ReadBatch {
  const ends = new Int32Array(results.length);
  const notices: [number, string, boolean, number, number][] = [];
  let joined = '';
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    if (r.text !== undefined) joined += r.text;
    ends[i] = r.text === undefined ? -1 : joined.length;
    if (r.notice === undefined) continue;
    const at = r.text === undefined ? r.at : undefined;
    notices.push([i, r.notice, r.text === undefined && r.missing === true, at?.line ?? -1, at?.character ?? -1]);
  }
  return { joined, ends, notices };
}

export function decodeBatch(batch: ReadBatch): ReadResult[] {
  const out: ReadResult[] = new Array<ReadResult>(batch.ends.length);
  let start = 0;
  for (let i = 0; i < batch.ends.length; i++) {
    const end = batch.ends[i]!;
    if (end < 0)
      out[i] = { notice: '' }; // every result without text has a notice: set below
    else {
      out[i] = { text: batch.joined.slice(start, end) };
      start = end;
    }
  }
  for (const [i, notice, missing, line, character] of batch.notices) {
    const text = out[i]!.text;
    out[i] =
      text !== undefined
        ? { text, notice }
        : missing
          ? { notice, missing }
          : line >= 0
            ? { notice, at: { line, character } }
            : { notice };
  }
  return out;
}
