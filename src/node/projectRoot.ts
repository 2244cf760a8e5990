import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, parse, resolve } from 'node:path';

export type RootSearch = { readonly root: string; readonly marker: string } | { readonly refused: string };

/**
 * The project root of a file outside any workspace folder: the nearest directory above it
 * holding tracespine.yaml, else the nearest holding .git. The file-system root and the home
 * directory are refused (a client without a root must not make the server read all of it).
 */
export function findProjectRoot(file: string, home: string = homedir()): RootSearch {
  const start = dirname(resolve(file));
  for (const marker of ['tracespine.yaml', '.git']) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(`${dir}/${marker}`)) {
        if (dir === parse(dir).root || resolve(dir) === resolve(home)) {
          return {
            refused: `${file}: the nearest ${marker} is in ${dir}, which is too wide to check; open a project folder`,
          };
        }
        return { root: dir, marker };
      }
      if (dirname(dir) === dir) break;
    }
  }
  return { refused: `${file}: no tracespine.yaml or .git above it; open a project folder to check it` };
}
