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
 * result object the matcher builds on every call: every listed file is tested. The
 * shapes of the default globs are tested as plain string operations, which decide the
 * same for any path without a `.` or `..` segment (the differential test holds them to it).
 */
function anyOf(globs: readonly string[]): (path: string) => boolean {
  const literal = new Set(globs);
  const simple = globs.map(simpleTest);
  const fast = simple.every((t) => t !== undefined) ? (simple as ((path: string) => boolean)[]) : undefined;
  let res: RegExp[] | undefined; // compiled when first needed
  return (path) => {
    if (path === '') return false;
    if (literal.has(path)) return true;
    if (fast && !hasDotSegment(path)) {
      for (const t of fast) if (t(path)) return true;
      return false;
    }
    res ??= globs.map((g) => picomatch.makeRe(g, { dot: true }));
    for (const re of res) if (re.test(path)) return true;
    return false;
  };
}

// Names without glob syntax. A brace needs a comma to be a list (`{ts}` is literal), and a
// directory may start with a dot (`.git`) but is not `.` or `..`.
const NAME = '[A-Za-z0-9_-][A-Za-z0-9_.-]*';
const EXTENSIONS = new RegExp(`^\\*\\*/\\*\\.(?:(${NAME})|\\{(${NAME}(?:,${NAME})+)\\})$`);
const DIRECTORY = new RegExp(`^\\*\\*/(\\.?${NAME})/\\*\\*$`);

// `**/*.ext` and `**/*.{a,b}` (the name ends so) and `**/dir/**` (a segment is dir) as string tests.
function simpleTest(glob: string): ((path: string) => boolean) | undefined {
  const ext = EXTENSIONS.exec(glob);
  if (ext) {
    const endings = (ext[1] ?? ext[2]!).split(',').map((e) => `.${e}`);
    return (path) => {
      const base = path.slice(path.lastIndexOf('/') + 1);
      for (const e of endings) if (base.endsWith(e)) return true;
      return false;
    };
  }
  const dir = DIRECTORY.exec(glob);
  if (dir) {
    const name = dir[1]!;
    const head = `${name}/`;
    const inner = `/${name}/`;
    const tail = `/${name}`;
    return (path) => path === name || path.startsWith(head) || path.endsWith(tail) || path.includes(inner);
  }
  return undefined;
}

/** Whether a path has a `.` or `..` segment, which globstars never match. */
function hasDotSegment(path: string): boolean {
  for (let i = path.indexOf('.'); i >= 0; i = path.indexOf('.', i + 1)) {
    if (i > 0 && path.charCodeAt(i - 1) !== 47) continue;
    const after = path.charCodeAt(i + 1) === 46 ? i + 2 : i + 1;
    if (after === path.length || path.charCodeAt(after) === 47) return true;
  }
  return false;
}
