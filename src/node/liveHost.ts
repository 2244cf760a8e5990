import { statSync } from 'node:fs';
import type { FileList, LiveWorkspaceHost, ReadResult, WorkspaceHost } from '../core/host';
import { NodeFsHost } from './fsHost';
import { bundledReadWorker } from './readAhead';
import { readTextFile } from './readText';
import { walkFiles } from './walk';

/** The language server's window on a workspace directory: single paths at once, full reads through NodeFsHost. */
export class NodeLiveHost implements LiveWorkspaceHost {
  constructor(readonly root: string) {}

  private abs(path: string): string {
    return `${this.root}/${path}`;
  }

  kindOf(path: string): 'file' | 'directory' | undefined {
    try {
      const st = statSync(this.abs(path));
      return st.isDirectory() ? 'directory' : 'file';
    } catch {
      return undefined;
    }
  }

  readNow(path: string): ReadResult {
    return readTextFile(this.abs(path));
  }

  filesBelow(dir: string, wanted: (path: string) => boolean, skipDir: (dir: string) => boolean): string[] {
    return walkFiles(this.root, dir, wanted, skipDir);
  }

  forFullIndex(): WorkspaceHost {
    return new NodeFsHost(this.root, { readWorker: bundledReadWorker() });
  }

  listFiles(wanted: (path: string) => boolean, skipDir: (dir: string) => boolean): Promise<FileList> {
    return new NodeFsHost(this.root).listFiles(wanted, skipDir);
  }

  readFile(path: string): Promise<ReadResult> {
    return Promise.resolve(this.readNow(path));
  }
}
