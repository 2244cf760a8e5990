import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { sep } from 'node:path';
import type { CancellationToken, FileList, ReadResult, WorkspaceHost } from '../core/host';
import type { Notice } from '../core/model/finding';
import { ReadAhead, readInBatches } from './readAhead';
import { errorText, readTextFile } from './readText';

export { MAX_FILE_BYTES, readTextFile } from './readText';

/** Below this many files a second reading thread costs more to start than it saves. */
const READ_AHEAD_MIN_FILES = 2000;

export interface NodeFsHostOptions {
  /** The reading thread's script (dist/readWorker.js); without it every file is read on this thread. */
  readonly readWorker?: string;
}

/**
 * The engine's window on a directory tree. Reads synchronously, one file at a time:
 * the fastest way through tens of thousands of small files, and it can never run out
 * of file descriptors (EMFILE). A full read of a large workspace (readFiles) happens the
 * same way on a second thread, when a reading thread's script is given, while the caller
 * parses. Directory symlinks are followed once (cycles are cut).
 */
export class NodeFsHost implements WorkspaceHost {
  /** Regular files seen by the last listing: safe to read without a stat first. */
  private readonly listed = new Set<string>();
  private readonly readAhead: ReadAhead | undefined;

  constructor(
    readonly root: string,
    options: NodeFsHostOptions = {},
  ) {
    this.readAhead = options.readWorker ? new ReadAhead(options.readWorker) : undefined;
  }

  /** Boots the reading thread now, so that it is ready by the time the listing is done (a full check). */
  prepareToReadAll(): void {
    this.readAhead?.start();
  }

  /** Stops a reading thread that was prepared but not used. */
  dispose(): void {
    this.readAhead?.dispose();
  }

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
    return Promise.resolve(this.readNow(path));
  }

  readFiles(paths: readonly string[], token?: CancellationToken): AsyncIterable<readonly ReadResult[]> {
    const readHere = (i: number): ReadResult => this.readNow(paths[i]!);
    if (this.readAhead && paths.length >= READ_AHEAD_MIN_FILES) {
      // The thread has no listing of its own: it is told which paths are known regular files.
      const known = new Uint8Array(paths.length);
      for (let i = 0; i < paths.length; i++) if (this.listed.has(paths[i]!)) known[i] = 1;
      return this.readAhead.read(this.root, paths, known, readHere, token);
    }
    this.readAhead?.dispose();
    return readInBatches(0, paths.length, readHere, token);
  }

  private readNow(path: string): ReadResult {
    return readTextFile(`${this.root}/${path}`, this.listed.has(path));
  }
}
