import type * as crypto from 'node:crypto';
import { useSha256 } from '../core/graph/fingerprint';

let createHash: typeof crypto.createHash | undefined;

/**
 * Gives the engine Node's native SHA-256 for fingerprints (same digest, several times
 * faster). node:crypto is loaded on the first fingerprint: a check that needs none (text
 * output, no pins) does not pay the milliseconds it takes to load.
 */
export function installNativeHash(): void {
  useSha256((text) =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, which a static import cannot be
    (createHash ??= (require('node:crypto') as typeof crypto).createHash)('sha256').update(text, 'utf8').digest('hex'),
  );
}
