/*
 * The reading thread of NodeFsHost.readFiles (bundled to dist/readWorker.js): reads the
 * files it is given, in order, and posts their texts in batches while the main thread
 * parses the batches before. Imports nothing but the one-file reader, so it starts fast.
 */
import { parentPort } from 'node:worker_threads';
import type { ReadResult } from '../core/host';
import { BATCH, type ReadBatch, type ReadRequest } from './readProtocol';
import { readTextFile } from './readText';

const port = parentPort;
port?.once('message', (request: ReadRequest) => {
  let results: ReadResult[] = [];
  for (let i = 0; i < request.files.length; i++) {
    results.push(readTextFile(`${request.root}/${request.files[i]!}`, request.known[i] === 1));
    if (results.length === BATCH) {
      port.postMessage({ results } satisfies ReadBatch);
      results = [];
    }
  }
  port.postMessage({ results } satisfies ReadBatch);
});
