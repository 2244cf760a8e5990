import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { CancellationToken, FileList, ReadResult, WorkspaceHost } from '../core/host';
import type { Notice } from '../core/model/finding';

/** Files larger than this are not read: no design item or tagged source file is that big. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
const BINARY_SNIFF_BYTES = 8000;

/**
 * The engine's window on a directory tree. Reads synchronously, one file at a time:
 * the fastest way through tens of thousands of small files, and it can never run out
 * of file descriptors (EMFILE). Directory symlinks are followed once (cycles are cut).
 */
export class NodeFsHost implements WorkspaceHost {
  constructor(readonly root: string) {}

  listFiles(wanted: (path: string) => boolean, skipDir: (dir: string) => boolean, token?: CancellationToken): Promise<FileList> {
    const files: string[] = [];
    const notices: Notice[] = [];
    const seen = new Set<string>();
    const walk = (abs: string, rel: string): void => {
      if (token?.isCancellationRequested) return;
      let real: string;
      try {
        real = realpathSync(abs);
      } catch (e) {
        notices.push({ file: rel || '.', message: `cannot resolve directory: ${errorText(e)}` });
        return;
      }
      if (seen.has(real)) {
        if (rel !== '') notices.push({ file: rel, message: 'directory link loops back to a directory already read; not followed' });
        return;
      }
      seen.add(real);
      let entries: Dirent[];
      try {
        entries = readdirSync(abs, { withFileTypes: true });
      } catch (e) {
        notices.push({ file: rel || '.', message: `cannot list directory: ${errorText(e)}` });
        return;
      }
      for (const entry of entries) {
        const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
        const childAbs = join(abs, entry.name);
        let isDir = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
          try {
            const st = statSync(childAbs);
            isDir = st.isDirectory();
            isFile = st.isFile();
          } catch {
            continue; // a dangling link: nothing to read
          }
        }
        if (isDir) {
          if (!skipDir(childRel)) walk(childAbs, childRel);
        } else if (isFile && wanted(childRel)) files.push(childRel);
      }
    };
    walk(this.root, '');
    return Promise.resolve({ files, notices });
  }

  readFile(path: string): Promise<ReadResult> {
    return Promise.resolve(readTextFile(join(this.root, path)));
  }
}

/** Reads a file as UTF-8 text, or says why not; never throws. */
export function readTextFile(abs: string): ReadResult {
  let buf: Buffer;
  let fd: number | undefined;
  try {
    // One open, one fstat, one read: what readFileSync does, plus the size and type checks.
    // Non-blocking, so that a FIFO given as a path cannot hang the check; fstat then rejects it.
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile()) return { notice: 'not a regular file; skipped' };
    if (st.size > MAX_FILE_BYTES) return { notice: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB (${(st.size / 1024 / 1024).toFixed(1)} MiB); skipped` };
    buf = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, null);
      if (n === 0) break;
      off += n;
    }
    if (off < st.size) buf = buf.subarray(0, off);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { notice: 'no such file', missing: true };
    return { notice: `cannot read: ${errorText(e)}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const sniff = buf.subarray(0, BINARY_SNIFF_BYTES);
  if (sniff.includes(0)) return { notice: 'binary file (contains NUL bytes); skipped' };
  if (!isUtf8(buf)) return { text: new TextDecoder('utf-8').decode(buf), notice: 'not valid UTF-8: invalid bytes were read as U+FFFD' };
  return { text: buf.toString('utf8') };
}

function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}${err.message ? ` (${err.message.replace(/^\w+: /, '')})` : ''}` : String(e);
}
