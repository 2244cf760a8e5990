import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CancellationToken, ReadResult } from '../core/host';
import { BATCH_FILES, decodeBatch, type ReadBatch, type ReadRequest } from './readProtocol';

/**
 * Reads many files on a second thread (readWorker.ts) while the caller parses what has
 * arrived: on a machine with two cores, reading and parsing a large workspace overlap
 * instead of adding up. Whatever the thread fails to deliver is read here instead, so
 * a file is never lost; a cancelled read stops the thread.
 */
export class ReadAhead {
  private idle: Worker | undefined;

  constructor(private readonly script: string) {}

  /** Boots the thread now (it takes some tens of milliseconds), so that it is ready when the files are known. */
  start(): void {
    if (this.idle) return;
    try {
      this.idle = new Worker(this.script);
      this.idle.unref(); // an idle thread never keeps the process alive
      this.idle.on('error', () => undefined); // a thread that cannot start is noticed by read()
    } catch {
      this.idle = undefined;
    }
  }

  /** Stops a thread that was started but not used. */
  dispose(): void {
    void this.idle?.terminate();
    this.idle = undefined;
  }

  /** The results for `files` (paths below `root`), in order, in batches. `readHere` reads one file on this thread. */
  async *read(
    root: string,
    files: readonly string[],
    readHere: (i: number) => ReadResult,
    token?: CancellationToken,
  ): AsyncGenerator<readonly ReadResult[]> {
    this.start();
    const worker = this.idle;
    this.idle = undefined;
    let next = 0;
    if (worker) {
      const queue: ReadResult[][] = [];
      let stopped = false; // the thread ended (its batches so far are good) or sent something that is not a batch
      let wake: (() => void) | undefined;
      const onMessage = (m: ReadBatch): void => {
        if (stopped) return;
        try {
          queue.push(decodeBatch(m));
        } catch {
          stopped = true; // trust nothing more from this thread
          void worker.terminate();
        }
        wake?.();
      };
      const onStop = (): void => {
        stopped = true;
        wake?.();
      };
      worker.on('message', onMessage);
      worker.on('error', onStop);
      worker.on('exit', onStop);
      worker.ref(); // while we wait for it, the thread is what keeps the process going
      try {
        worker.postMessage({ root, files } satisfies ReadRequest);
        while (next < files.length && !token?.isCancellationRequested) {
          const batch = queue.shift();
          if (batch) {
            next += batch.length;
            yield batch;
          } else if (stopped) break;
          else await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
        }
      } finally {
        worker.off('message', onMessage);
        worker.off('error', onStop);
        worker.off('exit', onStop);
        worker.unref(); // the process need not wait for the thread's teardown
        void worker.terminate();
      }
    }
    // Without a thread, or after it failed: the rest, read here.
    yield* readInBatches(next, files.length, readHere, token);
  }
}

/** Files `from` up to `count`, read on this thread, in batches (so that a caller awaits between them). */
// eslint-disable-next-line @typescript-eslint/require-await -- an async generator, so that callers await between batches
export async function* readInBatches(
  from: number,
  count: number,
  readHere: (i: number) => ReadResult,
  token?: CancellationToken,
): AsyncGenerator<readonly ReadResult[]> {
  for (let i = from; i < count && !token?.isCancellationRequested;) {
    const batch: ReadResult[] = [];
    for (const end = Math.min(count, i + BATCH_FILES); i < end; i++) batch.push(readHere(i));
    yield batch;
  }
}

/** The reading thread's script next to the running bundle (dist/readWorker.js), if it was built. */
export function bundledReadWorker(): string | undefined {
  const script = join(__dirname, 'readWorker.js');
  return existsSync(script) ? script : undefined;
}
