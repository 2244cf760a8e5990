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
  const items = anyOf(config.items);
  const code = anyOf(config.code);
  const excluded = anyOf(config.exclude);
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

/**
 * Whether a path matches any of the globs, exactly as picomatch's matcher decides (a
 * non-empty path equal to a glob, or matching its regular expression), without the
 * result object the matcher builds on every call: every listed file is tested.
 */
function anyOf(globs: readonly string[]): (path: string) => boolean {
  const literal = new Set(globs);
  const res = globs.map((g) => picomatch.makeRe(g, { dot: true }));
  return (path) => {
    if (path === '') return false;
    if (literal.has(path)) return true;
    for (const re of res) if (re.test(path)) return true;
    return false;
  };
}
