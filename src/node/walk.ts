import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

/**
 * The files below `dir` (workspace-relative) that `wanted` accepts, pruning directories
 * `skipDir` rejects; symlinked directories followed once (cycles cut), errors skipped.
 * Synchronous, like NodeFsHost: used for a directory created or moved into the workspace.
 */
export function walkFiles(
  root: string,
  dir: string,
  wanted: (file: string) => boolean,
  skipDir: (dir: string) => boolean,
): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (rel: string): void => {
    const abs = join(root, ...rel.split('/'));
    let real: string;
    let entries: Dirent[];
    try {
      real = realpathSync(abs);
      if (seen.has(real)) return;
      seen.add(real);
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const child = `${rel}/${e.name}`;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = statSync(join(abs, e.name));
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue;
        }
      }
      if (isDir) {
        if (!skipDir(child)) walk(child);
      } else if (isFile && wanted(child)) out.push(child);
    }
  };
  walk(dir);
  return out.sort();
}
