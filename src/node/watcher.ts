/**
 * The workspace watched by the server itself, for clients that do not register file
 * watching (Neovim ≥ 0.10 on Linux, Helix): chokidar 4 (fs.watch per directory, no native
 * module), excluded directories never entered, links not followed, bounded in directories.
 */
import { watch, type FSWatcher } from 'chokidar';
import { relative, sep } from 'node:path';

export type WatchEvent = 'created' | 'changed' | 'deleted';

export interface WatchOptions {
  /** Workspace-relative directory excluded by the configuration. */
  readonly skipDir: (dir: string) => boolean;
  readonly onEvent: (file: string, event: WatchEvent) => void;
  readonly log: (message: string) => void;
  /** At most this many directories are watched; past it the watcher stops (and says so). */
  readonly maxDirectories?: number;
}

export const MAX_WATCHED_DIRECTORIES = 20_000;

const EVENTS: Record<string, WatchEvent | undefined> = {
  add: 'created',
  addDir: 'created',
  change: 'changed',
  unlink: 'deleted',
  unlinkDir: 'deleted',
};

export interface WorkspaceWatcher {
  /** Resolves once the initial scan is done and events flow. */
  readonly ready: Promise<void>;
  dispose(): Promise<void>;
}

export function watchWorkspace(root: string, options: WatchOptions): WorkspaceWatcher {
  const max = options.maxDirectories ?? MAX_WATCHED_DIRECTORIES;
  const rel = (abs: string): string => {
    const r = relative(root, abs);
    return sep === '/' ? r : r.split(sep).join('/');
  };
  const dirs = new Set<string>();
  let stopped = false;
  const watcher: FSWatcher = watch(root, {
    ignoreInitial: true,
    followSymlinks: false,
    persistent: true,
    ignored: (abs, stats) => {
      const r = rel(abs);
      if (r === '' || r.startsWith('..')) return false;
      if (stats?.isDirectory() !== true) return false;
      if (options.skipDir(r)) return true;
      if (!dirs.has(r) && dirs.size >= max) {
        if (!stopped) {
          stopped = true;
          options.log(
            `tracespine: more than ${max} directories to watch; files changed outside the editor are not seen`,
          );
        }
        return true;
      }
      dirs.add(r);
      return false;
    },
  });
  watcher.on('all', (name, abs) => {
    const event = EVENTS[name];
    const r = rel(abs);
    if (event && r !== '' && !r.startsWith('..')) options.onEvent(r, event);
  });
  watcher.on('error', (e) => options.log(`tracespine: file watching: ${e instanceof Error ? e.message : String(e)}`));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return { ready, dispose: () => watcher.close() };
}
