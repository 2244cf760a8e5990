import type { Notice } from './model/finding';

/**
 * What the engine needs from its surroundings, injected by each face (Node for the CLI
 * and the server, tests in memory). Paths are workspace-relative with `/` separators.
 */
export interface WorkspaceHost {
  /**
   * Lists files below the root. `skipDir` prunes directories (excluded ones); only
   * paths for which `wanted` is true are returned. Must not follow directory cycles.
   */
  listFiles(
    wanted: (path: string) => boolean,
    skipDir: (dir: string) => boolean,
    token?: CancellationToken,
  ): Promise<FileList>;
  /** The file's text, or a notice saying why it cannot be read as text. */
  readFile(path: string): Promise<ReadResult>;
  /**
   * Optional: reads many files for a full index, in order, as batches of results (one per
   * path, in the order of `paths`). A host may read ahead on another thread meanwhile, so
   * that reading and parsing overlap; without it, files are read one by one.
   */
  readFiles?(paths: readonly string[], token?: CancellationToken): AsyncIterable<readonly ReadResult[]>;
}

export interface FileList {
  readonly files: string[];
  /** Directories that could not be listed, links that loop, and the like. */
  readonly notices: readonly Notice[];
}

export type ReadResult =
  | { readonly text: string; readonly notice?: string }
  | {
      readonly text?: undefined;
      readonly notice: string;
      /** The file does not exist. */
      readonly missing?: boolean;
      /** Where in the file the reason lies (a NUL byte, say), 0-based; else its start. */
      readonly at?: { readonly line: number; readonly character: number };
    };

export interface CancellationToken {
  readonly isCancellationRequested: boolean;
}

/**
 * What the language server needs besides a full read: synchronous answers about single
 * paths, so that a batch of edits and file events is applied at once. Implemented on the
 * disk by src/node and in memory by the tests.
 */
export interface LiveWorkspaceHost extends WorkspaceHost {
  /** What is at `path` now: a file, a directory, or nothing (undefined). */
  kindOf(path: string): 'file' | 'directory' | undefined;
  /** The text of `path` now (readFile without the promise). */
  readNow(path: string): ReadResult;
  /** The files below directory `dir` that `wanted` accepts, pruning directories `skipDir` rejects; sorted. */
  filesBelow(dir: string, wanted: (path: string) => boolean, skipDir: (dir: string) => boolean): string[];
  /** A host for one full index (a large one may read on a thread of its own that is used once). */
  forFullIndex(): WorkspaceHost;
}
