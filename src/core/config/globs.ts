import picomatch from 'picomatch/posix';
import type { TraceConfig } from './types';

export type FileRole = 'items' | 'code';

export interface FileMatcher {
  /** Which role a workspace-relative path plays, or undefined when it is not read. */
  roleOf(path: string): FileRole | undefined;
  /** Whether a directory can be skipped whole (it is excluded). */
  skipDir(dir: string): boolean;
}

export function createFileMatcher(config: TraceConfig): FileMatcher {
  const opts = { dot: true };
  const items = picomatch(config.items as string[], opts);
  const code = picomatch(config.code as string[], opts);
  const excluded = picomatch(config.exclude as string[], opts);
  return {
    roleOf(path) {
      if (excluded(path)) return undefined;
      if (items(path)) return 'items';
      if (code(path)) return 'code';
      return undefined;
    },
    // `**/node_modules/**` excludes everything below node_modules: test a child path.
    skipDir: (dir) => excluded(dir) || excluded(`${dir}/\u0000`),
  };
}
