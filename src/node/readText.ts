import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import type { ReadResult } from '../core/host';

/*
 * Reading one file as text, shared by the file-system host and its reading thread
 * (readWorker.ts), which must not pull in more than this.
 */

/** Files larger than this are not read: no design item or tagged source file is that big. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
const BINARY_SNIFF_BYTES = 8000;
const MIB = 1024 * 1024;

/**
 * Reads a file as UTF-8 text, or says why not; never throws. The file is opened without
 * blocking and examined before a byte is read: a FIFO (or a device) put where a file was
 * listed is skipped instead of blocking the read forever, and a file larger than the limit
 * (a 3 GB sparse file, say) is skipped by its size instead of being read whole. The common
 * case is then one call into Node's UTF-8 fast path; the rare cases (NUL bytes, replacement
 * characters, errors) are examined after it.
 */
export function readTextFile(abs: string | Buffer): ReadResult {
  let text: string;
  let fd: number | undefined;
  try {
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile()) return { notice: 'not a regular file; skipped' };
    if (st.size > MAX_FILE_BYTES)
      return { notice: `larger than ${MAX_FILE_BYTES / MIB} MiB (${(st.size / MIB).toFixed(1)} MiB); skipped` };
    text = readFileSync(fd, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { notice: 'no such file', missing: true };
    if (code === 'EISDIR') return { notice: 'not a regular file; skipped' };
    if (code === 'ERR_FS_FILE_TOO_LARGE' || (e instanceof RangeError && /string longer/i.test(e.message)))
      return { notice: `larger than ${MAX_FILE_BYTES / MIB} MiB; skipped` };
    return { notice: `cannot read: ${errorText(e)}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  // It grew after it was examined.
  if (text.length > MAX_FILE_BYTES)
    return {
      notice: `larger than ${MAX_FILE_BYTES / MIB} MiB (${(Buffer.byteLength(text) / MIB).toFixed(1)} MiB); skipped`,
    };
  const nul = text.indexOf('\0');
  if (nul >= 0 && nul < BINARY_SNIFF_BYTES)
    return { notice: 'binary file (contains NUL bytes); skipped', at: positionOf(text, nul) };
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

/** Line and character (0-based, UTF-16) of an offset. */
function positionOf(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

export function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}${err.message ? ` (${err.message.replace(/^\w+: /, '')})` : ''}` : String(e);
}
