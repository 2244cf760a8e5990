import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import type { ReadResult } from '../core/host';

/*
 * Reading one file as text, shared by the file-system host and its reading thread
 * (readWorker.ts), which must not pull in more than this.
 */

/** Files larger than this are not read: no design item or tagged source file is that big. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
const BINARY_SNIFF_BYTES = 8000;

/**
 * Reads a file as UTF-8 text, or says why not; never throws. The common case is one call
 * into Node's UTF-8 fast path (as fast as the floor of just reading the file); the rare
 * cases (NUL bytes, replacement characters, huge files, errors) are examined after it.
 */
export function readTextFile(abs: string, knownRegularFile = false): ReadResult {
  let text: string;
  try {
    // A path the walker did not see could be a FIFO, which would block a plain read.
    if (!knownRegularFile && !statSync(abs).isFile()) return { notice: 'not a regular file; skipped' };
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { notice: 'no such file', missing: true };
    if (code === 'EISDIR') return { notice: 'not a regular file; skipped' };
    if (code === 'ERR_FS_FILE_TOO_LARGE' || (e instanceof RangeError && /string longer/i.test(e.message))) return { notice: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB; skipped` };
    return { notice: `cannot read: ${errorText(e)}` };
  }
  if (text.length > MAX_FILE_BYTES) return { notice: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB (${(Buffer.byteLength(text) / 1024 / 1024).toFixed(1)} MiB); skipped` };
  const nul = text.indexOf('\0');
  if (nul >= 0 && nul < BINARY_SNIFF_BYTES) return { notice: 'binary file (contains NUL bytes); skipped' };
  // U+FFFD is either in the file or stands for bytes that are not UTF-8: only then look closer.
  if (text.indexOf('\uFFFD') >= 0) {
    try {
      if (!isUtf8(readFileSync(abs))) return { text, notice: 'not valid UTF-8: invalid bytes were read as U+FFFD' };
    } catch {
      // The file changed or vanished between the two reads: keep the text already read.
    }
  }
  return { text };
}

export function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}${err.message ? ` (${err.message.replace(/^\w+: /, '')})` : ''}` : String(e);
}
