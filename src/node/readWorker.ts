/*
 * The reading thread of NodeFsHost.readFiles (bundled to dist/readWorker.js): reads the
 * files it is given, in order, and posts their texts in batches while the main thread
 * parses the batches before. Imports nothing but the one-file reader, so it starts fast.
 */
import { parentPort } from 'node:worker_threads';
import type { ReadResult } from '../core/host';
import { BATCH_CHARS, BATCH_FILES, encodeBatch, type ReadRequest } from './readProtocol';
import { readTextFile } from './readText';

const port = parentPort;
port?.once('message', (request: ReadRequest) => {
  let results: ReadResult[] = [];
  let chars = 0;
  for (let i = 0; i < request.files.length; i++) {
    const r = readTextFile(`${request.root}/${request.files[i]!}`);
    results.push(r);
    chars += r.text?.length ?? 0;
    if (chars >= BATCH_CHARS || results.length === BATCH_FILES) {
      port.postMessage(encodeBatch(results));
      results = [];
      chars = 0;
    }
  }
  port.postMessage(encodeBatch(results));
});
