import type { CancellationToken, FileList, ReadResult, WorkspaceHost } from '../core/host';
import { MAX_FILE_BYTES } from './fsHost';
import { catFileBatch, lsTree, type TreeEntry } from './git';
import { decodeBlob } from './impact';

/**
 * The engine's window on one commit's tree, read through git (`ls-tree`, `cat-file --batch`):
 * never checks out, never touches the working tree or the index. Paths are relative to
 * `root` (a directory inside the working tree), as for the working-tree host.
 */
export class GitTreeHost implements WorkspaceHost {
  private readonly texts = new Map<string, ReadResult>();

  private constructor(
    readonly root: string,
    readonly commit: string,
    private readonly entries: ReadonlyMap<string, TreeEntry>,
  ) {}

  static async open(root: string, commit: string): Promise<GitTreeHost> {
    const entries = new Map<string, TreeEntry>();
    for (const e of await lsTree(root, commit)) if (e.type === 'blob' && e.mode !== '120000') entries.set(e.path, e);
    return new GitTreeHost(root, commit, entries);
  }

  /** The tree's file paths below root, sorted (code unit order). */
  paths(): string[] {
    return [...this.entries.keys()].sort();
  }

  listFiles(wanted: (path: string) => boolean, skipDir: (dir: string) => boolean): Promise<FileList> {
    const skipped = new Map<string, boolean>();
    const dirSkipped = (dir: string): boolean => {
      let s = skipped.get(dir);
      if (s === undefined) {
        const slash = dir.lastIndexOf('/');
        s = (slash > 0 && dirSkipped(dir.slice(0, slash))) || skipDir(dir);
        skipped.set(dir, s);
      }
      return s;
    };
    const files: string[] = [];
    for (const path of this.entries.keys()) {
      const slash = path.lastIndexOf('/');
      if (slash > 0 && dirSkipped(path.slice(0, slash))) continue;
      if (wanted(path)) files.push(path);
    }
    return Promise.resolve({ files, notices: [] });
  }

  async readFile(path: string): Promise<ReadResult> {
    const known = this.texts.get(path);
    if (known) return known;
    if (!this.entries.has(path)) return { notice: `not in commit ${this.commit.slice(0, 12)}`, missing: true };
    await this.load([path]);
    return this.texts.get(path)!;
  }

  async *readFiles(paths: readonly string[], token?: CancellationToken): AsyncIterable<readonly ReadResult[]> {
    for (let i = 0; i < paths.length && !token?.isCancellationRequested; i += 5000) {
      const batch = paths.slice(i, i + 5000);
      await this.load(batch.filter((p) => !this.texts.has(p) && this.entries.has(p)));
      yield batch.map(
        (p) => this.texts.get(p) ?? { notice: `not in commit ${this.commit.slice(0, 12)}`, missing: true },
      );
    }
  }

  private async load(paths: readonly string[]): Promise<void> {
    const byOid = new Map<string, string[]>();
    for (const p of paths) {
      const oid = this.entries.get(p)!.oid;
      const list = byOid.get(oid);
      if (list) list.push(p);
      else byOid.set(oid, [p]);
    }
    await catFileBatch(this.root, [...byOid.keys()], MAX_FILE_BYTES, (oid, blob) => {
      const r = decodeBlob(blob);
      for (const p of byOid.get(oid) ?? []) this.texts.set(p, r);
    });
  }
}
