import { isUtf8 } from 'node:buffer';
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { sep } from 'node:path';
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
  /** Regular files seen by the last listing: safe to read without a stat first. */
  private readonly listed = new Set<string>();

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
      // Plain concatenation: path.join's normalising is measurable over tens of thousands of entries.
      const absPrefix = abs.endsWith(sep) ? abs : abs + sep;
      const relPrefix = rel === '' ? '' : `${rel}/`;
      for (const entry of entries) {
        const childRel = relPrefix + entry.name;
        const childAbs = absPrefix + entry.name;
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
        } else if (isFile && wanted(childRel)) {
          files.push(childRel);
          this.listed.add(childRel);
        }
      }
    };
    walk(this.root, '');
    return Promise.resolve({ files, notices });
  }

  readFile(path: string): Promise<ReadResult> {
    return Promise.resolve(readTextFile(`${this.root}/${path}`, this.listed.has(path)));
  }
}

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

function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}${err.message ? ` (${err.message.replace(/^\w+: /, '')})` : ''}` : String(e);
}
