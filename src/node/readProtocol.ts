import type { ReadResult } from '../core/host';

/* The messages between NodeFsHost's ReadAhead and its reading thread (readWorker.ts). */

/** From the host: what to read. `known[i]` is 1 when the listing saw `files[i]` as a regular file. */
export interface ReadRequest {
  readonly root: string;
  readonly files: readonly string[];
  readonly known: Uint8Array;
}

/** To the host: the results of the next `results.length` files. */
export interface ReadBatch {
  readonly results: readonly ReadResult[];
}

/** Files per message: large enough that messages cost little, small enough that parsing starts early. */
export const BATCH = 256;
