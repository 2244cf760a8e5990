import { isUtf8 } from 'node:buffer';
import { readdirSync, readlinkSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
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
 * parses.
 *
 * Symbolic links are not followed, to files or directories, inside the root or out of it:
 * git keeps a link, not what it points to, so a link is not content (`ln -s / design/rootfs`
 * would otherwise walk the whole file system, and impact would see a committed link as an
 * added item). Each link the globs would have read gets a notice. File names that are not
 * valid UTF-8 are listed with U+FFFD in place of the bad bytes (and a notice) and read
 * through their raw bytes.
 */
export class NodeFsHost implements WorkspaceHost {
  /** Listed files whose names are not valid UTF-8: their paths as bytes. */
  private readonly rawPaths = new Map<string, Buffer>();
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

  listFiles(
    wanted: (path: string) => boolean,
    skipDir: (dir: string) => boolean,
    token?: CancellationToken,
  ): Promise<FileList> {
    const files: string[] = [];
    const notices: Notice[] = [];
    const seen = new Set<string>();
    this.rawPaths.clear();
    const walk = (abs: string | Buffer, rel: string): void => {
      if (token?.isCancellationRequested) return;
      let real: string;
      try {
        real = realpathSync(abs);
      } catch (e) {
        notices.push({ file: rel || '.', message: `cannot resolve directory: ${errorText(e)}` });
        return;
      }
      // No link is followed, but a bind mount can still lead back.
      if (seen.has(real)) {
        if (rel !== '')
          notices.push({ file: rel, message: 'directory loops back to a directory already read; not followed' });
        return;
      }
      seen.add(real);
      let entries: Dirent[];
      let rawNames: Map<string, Buffer> | undefined;
      try {
        entries = readdirSync(abs, { withFileTypes: true });
        if (typeof abs !== 'string' || entries.some((e) => e.name.includes('\uFFFD'))) rawNames = rawEntryNames(abs);
      } catch (e) {
        notices.push({ file: rel || '.', message: `cannot list directory: ${errorText(e)}` });
        return;
      }
      // Plain concatenation: path.join's normalising is measurable over tens of thousands of entries.
      const absPrefix =
        typeof abs === 'string' ? (abs.endsWith(sep) ? abs : abs + sep) : Buffer.concat([abs, Buffer.from(sep)]);
      const relPrefix = rel === '' ? '' : `${rel}/`;
      for (const entry of entries) {
        const childRel = relPrefix + entry.name;
        const raw = rawNames?.get(entry.name);
        const rawChild = raw !== undefined && (typeof absPrefix !== 'string' || !isUtf8(raw));
        const childAbs = rawChild ? Buffer.concat([Buffer.from(absPrefix), raw]) : (absPrefix as string) + entry.name;
        if (entry.isSymbolicLink()) {
          this.noticeLink(childAbs, childRel, wanted, skipDir, notices);
        } else if (entry.isDirectory()) {
          if (!skipDir(childRel)) walk(childAbs, childRel);
        } else if (entry.isFile() && wanted(childRel)) {
          files.push(childRel);
          if (typeof childAbs !== 'string') {
            this.rawPaths.set(childRel, childAbs);
            if (rawChild)
              notices.push({
                file: childRel,
                message: 'file name is not valid UTF-8: shown with U+FFFD for the invalid bytes',
              });
          }
        }
      }
    };
    walk(this.root, '');
    return Promise.resolve({ files, notices });
  }

  /** A notice for a link that the globs would have read (a file they match, a directory they do not exclude). */
  private noticeLink(
    abs: string | Buffer,
    rel: string,
    wanted: (path: string) => boolean,
    skipDir: (dir: string) => boolean,
    notices: Notice[],
  ): void {
    let isDir: boolean;
    try {
      const st = statSync(abs);
      if (!st.isDirectory() && !st.isFile()) return;
      isDir = st.isDirectory();
    } catch {
      return; // a dangling link: nothing it could have read
    }
    if (isDir ? skipDir(rel) : !wanted(rel)) return;
    let target = '';
    try {
      target = readlinkSync(abs, 'utf8');
    } catch {
      // Gone meanwhile: the notice says what it was.
    }
    const outside = isOutside(this.root, abs, target);
    notices.push({
      file: rel,
      message: `symbolic link${target ? ` to ${target}` : ''}${outside ? ', outside the workspace' : ''}; not followed: git keeps a link, not its target's content`,
    });
  }

  readFile(path: string): Promise<ReadResult> {
    return Promise.resolve(this.readNow(path));
  }

  readFiles(paths: readonly string[], token?: CancellationToken): AsyncIterable<readonly ReadResult[]> {
    const readHere = (i: number): ReadResult => this.readNow(paths[i]!);
    if (this.readAhead && paths.length >= READ_AHEAD_MIN_FILES) {
      const read = this.readAhead.read(this.root, paths, readHere, token);
      // The thread reads paths as text: files whose names are bytes are read again here.
      return this.rawPaths.size === 0 ? read : this.rereadRaw(read, paths);
    }
    this.readAhead?.dispose();
    return readInBatches(0, paths.length, readHere, token);
  }

  private async *rereadRaw(
    batches: AsyncIterable<readonly ReadResult[]>,
    paths: readonly string[],
  ): AsyncGenerator<readonly ReadResult[]> {
    let at = 0;
    for await (const batch of batches) {
      yield batch.map((r, i) => (this.rawPaths.has(paths[at + i]!) ? this.readNow(paths[at + i]!) : r));
      at += batch.length;
    }
  }

  private readNow(path: string): ReadResult {
    return readTextFile(this.rawPaths.get(path) ?? `${this.root}/${path}`);
  }
}

/** The raw names of a directory's entries, by their names as decoded (U+FFFD for invalid bytes). */
function rawEntryNames(abs: string | Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const name of readdirSync(abs, { encoding: 'buffer' })) {
    const decoded = name.toString('utf8');
    if (!out.has(decoded)) out.set(decoded, name);
  }
  return out;
}

/** Whether a link's target lies outside the root (by its text, as git would store it). */
function isOutside(root: string, link: string | Buffer, target: string): boolean {
  if (typeof link !== 'string' || target === '') return false;
  const to = resolve(link, '..', target);
  const rel = relative(root, to);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}
